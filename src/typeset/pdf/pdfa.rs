//! PDF/A-2u and PDF/A-3u identification (ISO 19005-2 and -3, conformance
//! level U: archival, with Unicode for all text; part 3 may carry other
//! files, `attach`): an XMP metadata stream that says so and
//! repeats the Info dictionary, and an sRGB output intent that gives the
//! device colours (DeviceRGB, DeviceGray) their meaning.
//!
//! The rest of what the level asks is true of every briefpack PDF: fonts
//! embedded with a ToUnicode entry for every glyph (`fonts`), a file
//! identifier, no encryption, no JavaScript, links marked printable
//! (`super::finish`).

use lopdf::{Dictionary, Object, ObjectId, Stream};
use xmp_writer::{DateTime, LangId, Timezone, XmpWriter};

use super::DocInfo;

/// sRGB IEC 61966-2.1 as an ICC v2 display profile, from Debian's
/// `icc-profiles-free` (zlib licence; see icc/README.md).
const SRGB_ICC: &[u8] = include_bytes!("../../../icc/sRGB.icc");

/// Add the XMP metadata to the catalog `root`: PDF/A-`part` (2 or 3),
/// level U, with its output intent, and PDF/UA-1 when `ua` (the document
/// is tagged). Neither: nothing.
pub(super) fn identify(
    lo: &mut lopdf::Document,
    root: ObjectId,
    info: &DocInfo,
    part: Option<i32>,
    ua: bool,
) -> lopdf::Result<()> {
    if part.is_none() && !ua {
        return Ok(());
    }
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let mut metadata = Stream::new(
        Dictionary::from_iter(vec![("Type", name("Metadata")), ("Subtype", name("XML"))]),
        xmp(info, part, ua).into_bytes(),
    );
    // Left as plain text, as PDF/A-1 required and tools that scan a file
    // for an XMP packet expect.
    metadata.allows_compression = false;
    let metadata = lo.add_object(metadata);
    lo.get_object_mut(root)?.as_dict_mut()?.set("Metadata", Object::Reference(metadata));
    if part.is_none() {
        return Ok(());
    }
    let profile = lo.add_object(Stream::new(Dictionary::from_iter(vec![("N", Object::Integer(3))]), SRGB_ICC.to_vec()));
    let condition = Object::string_literal("sRGB IEC61966-2.1");
    let intent = Dictionary::from_iter(vec![
        ("Type", name("OutputIntent")),
        ("S", name("GTS_PDFA1")),
        ("OutputConditionIdentifier", condition.clone()),
        ("Info", condition),
        ("RegistryName", Object::string_literal("http://www.color.org")),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    let catalog = lo.get_object_mut(root)?.as_dict_mut()?;
    catalog.set("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]));
    Ok(())
}

/// The XMP packet: PDF/A identification, and each Info entry under its XMP
/// name (ISO 19005-2, 6.6.2.3: the two must agree).
fn xmp(info: &DocInfo, part: Option<i32>, ua: bool) -> String {
    let mut w = XmpWriter::new();
    if let Some(part) = part {
        w.pdfa_part(part).pdfa_conformance("U");
    }
    if ua {
        w.pdfua_part(1);
    }
    w.format("application/pdf");
    w.title([(None, info.title)]);
    if !info.author.is_empty() {
        w.creator([info.author]);
    }
    if !info.subject.is_empty() {
        w.description([(None, info.subject)]);
    }
    if !info.keywords.is_empty() {
        w.pdf_keywords(info.keywords);
    }
    w.language([LangId(&xmp_language(info.lang))]);
    w.creator_tool(info.creator);
    w.producer(info.producer);
    if let Some(t) = info.date {
        use chrono::{Datelike, Timelike};
        let date = DateTime::new(
            t.year() as u16,
            t.month() as u8,
            t.day() as u8,
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
            Timezone::Utc,
        );
        w.create_date(date);
        w.modify_date(date);
    }
    w.finish(None)
}

/// The document's language for `dc:language`: the packs are documents of
/// Bangkok's administration, so a bare `th` is Thai as written in Thailand.
fn xmp_language(lang: &str) -> String {
    if lang == "th" { "th-TH".to_string() } else { lang.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(date: Option<i64>) -> DocInfo<'static> {
        DocInfo {
            title: "Astana & <Seoul>",
            author: "BMA",
            subject: "",
            keywords: "Astana, Kazakhstan",
            lang: "th",
            creator: "briefpack",
            producer: "briefpack 0.1.0 (printpdf)",
            date: date.and_then(|e| chrono::DateTime::from_timestamp(e, 0)),
        }
    }

    #[test]
    fn the_xmp_packet_parses_and_identifies_pdfa_2u() {
        let packet = xmp(&info(None), Some(2), true);
        let doc = roxmltree::Document::parse(&packet).unwrap();
        let text = |ns: &str, name: &str| {
            doc.descendants().find(|n| n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name).map(|n| {
                n.descendants().filter(|d| d.is_text()).map(|d| d.text().unwrap_or_default()).collect::<String>()
            })
        };
        let pdfaid = "http://www.aiim.org/pdfa/ns/id/";
        assert_eq!(text(pdfaid, "part").as_deref(), Some("2"));
        assert_eq!(text(pdfaid, "conformance").as_deref(), Some("U"));
        assert_eq!(text("http://www.aiim.org/pdfua/ns/id/", "part").as_deref(), Some("1"), "tagged: PDF/UA-1");
        let dc = "http://purl.org/dc/elements/1.1/";
        assert_eq!(text(dc, "title").as_deref(), Some("Astana & <Seoul>"));
        assert_eq!(text(dc, "language").as_deref(), Some("th-TH"));
        assert_eq!(text(dc, "description"), None, "no subject, no description");
        assert_eq!(text("http://ns.adobe.com/pdf/1.3/", "Producer").as_deref(), Some("briefpack 0.1.0 (printpdf)"));
        assert_eq!(text("http://ns.adobe.com/xap/1.0/", "CreateDate"), None, "no date without SOURCE_DATE_EPOCH");
    }

    #[test]
    fn dates_come_from_the_epoch_in_utc() {
        let packet = xmp(&info(Some(1_764_547_200)), Some(3), false);
        assert!(packet.contains("<pdfaid:part>3</pdfaid:part>"), "{packet}");
        assert!(packet.contains("<xmp:CreateDate>2025-12-01T00:00:00Z</xmp:CreateDate>"), "{packet}");
        assert!(packet.contains("<xmp:ModifyDate>2025-12-01T00:00:00Z</xmp:ModifyDate>"), "{packet}");
    }

    #[test]
    fn the_profile_is_an_rgb_icc_profile() {
        assert_eq!(&SRGB_ICC[36..40], b"acsp");
        assert_eq!(&SRGB_ICC[16..20], b"RGB ");
        assert_eq!(u32::from_be_bytes(SRGB_ICC[..4].try_into().unwrap()) as usize, SRGB_ICC.len());
    }
}
