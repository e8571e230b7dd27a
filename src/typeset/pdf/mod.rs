//! PDF output: fonts subset, glyphs placed with both GPOS offsets, an `/ActualText` span per line so text copies and
//! searches as the source, a ToUnicode entry for every glyph, clickable links
//! without a box, a nested outline, metadata with language `th`, and a
//! deterministic file (no clock unless SOURCE_DATE_EPOCH says so).
//!
//! printpdf lays out the document's objects (pages, photos, links);
//! briefpack subsets and embeds the fonts itself (`fonts`, with Typst's
//! `subsetter`) and writes the page content streams (`content`). printpdf
//! writes flat bookmarks only and no /Lang, so the finished document is
//! adjusted through its lopdf form before saving.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, ExternalStream, ExternalXObject, LinkAnnotation, Mm, Op, PdfDocument, PdfPage,
    PdfSaveOptions, Pt, Rect, XObject, XObjectId,
};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::typeset::layout::{Item, Layout};
use crate::typeset::markup::Meta;
use crate::typeset::text::fonts::FontBook;
use outline::build_outline;

pub mod attach;
mod content;
mod fonts;
mod outline;
mod pdfa;
mod save;
mod tags;

pub use attach::Attachment;

/// How a PDF is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfOptions {
    pub conformance: Conformance,
    /// PDF/UA-1: the document is tagged (a structure tree over its content).
    pub tagged: bool,
    /// Files attached to the document as its source data. PDF/A-2 admits
    /// only PDF/A files as attachments: with [`Conformance::PdfA2u`] there
    /// must be none.
    pub attachments: Vec<Attachment>,
}

/// PDF/A-2u and PDF/UA-1, nothing attached.
impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions { conformance: Conformance::default(), tagged: true, attachments: Vec::new() }
    }
}

/// The standard a PDF claims to follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Conformance {
    /// PDF/A-2u (ISO 19005-2, level U): archival, text in Unicode. The
    /// document carries XMP metadata that says so and an sRGB output intent.
    #[default]
    PdfA2u,
    /// PDF/A-3u (ISO 19005-3): as PDF/A-2u, and other files may be attached.
    PdfA3u,
    /// Plain PDF 1.7: neither of those.
    Plain,
}

/// Serialise a laid-out document to PDF bytes.
pub fn write(
    layout: Layout,
    book: &FontBook,
    meta: &Meta,
    date_epoch: Option<i64>,
    options: &PdfOptions,
) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut glyph_table = glyph_table(&layout, book);
    crate::timings::mark("pdf: glyph table");

    // printpdf lays out the document's objects: page tree, pages with their
    // link annotations, photos as XObjects, catalog. It is kept for these
    // (the crate users asked for, and what it does well); it sees no text:
    // fonts are subset and embedded by `fonts`, and the content streams are
    // written by `content`, both in parallel.
    let (w, h) = (layout.width, layout.height);
    let pages: Vec<PdfPage> =
        layout.pages.iter().map(|page| PdfPage::new(Mm::from(Pt(w)), Mm::from(Pt(h)), link_ops(page, h))).collect();
    doc.with_pages(pages);
    let Layout { pages: laid_pages, images, outline, height, structure, .. } = layout;
    // Photos are moved, not copied, into the PDF.
    for (i, img) in images.into_iter().enumerate() {
        doc.resources.xobjects.map.insert(XObjectId(format!("Im{i}")), image_xobject(img));
    }

    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // Freeing a document's worth of small allocations takes milliseconds:
    // a worker thread does it while the streams are written.
    rayon::spawn(move || drop(doc)); // its pages now live in `lo`
    crate::timings::mark("pdf: printpdf to lopdf");

    let font_resources = fonts::embed(&mut lo, book, &mut glyph_table)?;
    crate::timings::mark("pdf: fonts subset and embedded");
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    // Pages are independent: their streams are written on all cores.
    let (streams, marks): (Vec<Vec<u8>>, Vec<tags::PageMarks>) = {
        use rayon::prelude::*;
        laid_pages
            .par_iter()
            .map(|page| content::page_content(page, height, &glyph_table, &structure, options.tagged))
            .unzip()
    };
    rayon::spawn(move || drop(laid_pages));
    let fonts_id = lo.add_object(font_resources);
    for (&page, stream) in page_ids.iter().zip(streams) {
        set_page_content(&mut lo, page, stream, fonts_id)?;
    }
    crate::timings::mark("pdf: page content streams");
    finish(&mut lo, &outline, height, meta, date_epoch, options)?;
    // printpdf's own Info dictionary (with its epoch-0 dates) is now
    // unreferenced. Pruned before the structure tree is added: lopdf's
    // walk is quadratic in the objects (a Vec searched for each reference),
    // 47 M instructions, 7% of a 53-page run, with the tree's 1,700 elements.
    lo.prune_objects();
    if options.tagged {
        tag(&mut lo, &structure, &marks)?;
    }
    compress_streams(&mut lo);
    crate::timings::mark("pdf: outline, metadata, compression");
    serialise(lo, &meta.title)
}

/// The document as bytes: its identifier, a hash of the content (equal
/// input, equal bytes), then the file ([`save`]).
fn serialise(mut lo: lopdf::Document, title: &str) -> Result<Vec<u8>> {
    // The file identifier is a hash of the content, so equal input gives equal bytes.
    let mut hasher = Sha256::new();
    for (id, obj) in &lo.objects {
        hasher.update(id.0.to_be_bytes());
        if let Object::Stream(stream) = obj {
            hasher.update(&stream.content);
        }
    }
    hasher.update(title.as_bytes());
    let digest = hasher.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    // Object and cross-reference streams (PDF 1.5): the structure tree is
    // hundreds of small dictionaries, which take a fifth of the room compressed.
    save::save(&lo)
}

/// Give a page printpdf wrote its content stream and the document's fonts
/// (printpdf's page resources have no fonts: it was given none).
fn set_page_content(
    lo: &mut lopdf::Document,
    page: lopdf::ObjectId,
    stream: Vec<u8>,
    fonts: lopdf::ObjectId,
) -> Result<()> {
    let unexpected = |what: &str| Error::other(format!("printpdf wrote a page without {what}"));
    let dict = lo.get_dictionary(page).map_err(|_| unexpected("a dictionary"))?;
    let contents = dict.get(b"Contents").and_then(Object::as_reference).map_err(|_| unexpected("a content stream"))?;
    let resources = match dict.get(b"Resources") {
        Ok(Object::Reference(id)) => Some(*id),
        Ok(Object::Dictionary(_)) => None,
        _ => return Err(unexpected("resources")),
    };
    match lo.get_object_mut(contents) {
        Ok(Object::Stream(s)) => s.set_content(stream),
        _ => return Err(unexpected("a content stream")),
    }
    let resources = match resources {
        Some(id) => lo.get_object_mut(id).and_then(Object::as_dict_mut),
        None => lo
            .get_object_mut(page)
            .and_then(Object::as_dict_mut)
            .and_then(|d| d.get_mut(b"Resources"))
            .and_then(Object::as_dict_mut),
    };
    resources.map_err(|_| unexpected("resources"))?.set("Font", Object::Reference(fonts));
    Ok(())
}

/// Tagged PDF (PDF/UA): the structure tree in the catalog, the parent
/// tree, the pages' and link annotations' entries (`tags`). After `finish`,
/// which makes the annotations objects of their own.
fn tag(
    lo: &mut lopdf::Document,
    structure: &crate::typeset::layout::Structure,
    marks: &[tags::PageMarks],
) -> Result<()> {
    let root = catalog_root(lo)?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    tags::write(lo, root, structure, marks, &page_ids)
}

/// A page's links, as printpdf annotation operations.
fn link_ops(page: &crate::typeset::layout::Page, h: f32) -> Vec<Op> {
    use crate::typeset::layout::Target;
    let mut ops = Vec::new();
    for item in &page.items {
        if let Item::Link { x, y, w, h: lh, target, .. } = item {
            let rect =
                Rect { x: Pt(*x), y: Pt(h - y - lh), width: Pt(*w), height: Pt(*lh), mode: None, winding_order: None };
            let action = match target {
                Target::Uri(href) => Actions::Uri(percent_encode(href)),
                // printpdf counts pages from 1; the place is the top of the line.
                Target::Place { page, y } => {
                    let top = Some(h - y + 4.0);
                    Actions::Goto(printpdf::Destination::Xyz { page: page + 1, left: None, top, zoom: None })
                }
                Target::Heading(_) => continue,
            };
            let link = LinkAnnotation::new(rect, action, Some(BorderArray::Solid([0.0, 0.0, 0.0])), None, None);
            ops.push(Op::LinkAnnotation { link });
        }
    }
    ops
}

/// A prepared photo as a PDF image XObject (with its soft mask, if any).
fn image_xobject(img: crate::typeset::image::Prepared) -> XObject {
    use crate::typeset::image::{ColorSpace, Filter};
    use printpdf::DictItem;
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let mut dict = BTreeMap::new();
    dict.insert("Type".to_string(), name("XObject"));
    dict.insert("Subtype".to_string(), name("Image"));
    dict.insert("Width".to_string(), DictItem::Int(img.width as i64));
    dict.insert("Height".to_string(), DictItem::Int(img.height as i64));
    dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
    dict.insert(
        "ColorSpace".to_string(),
        name(match img.color {
            ColorSpace::Gray => "DeviceGray",
            ColorSpace::Rgb => "DeviceRGB",
        }),
    );
    dict.insert(
        "Filter".to_string(),
        name(match img.filter {
            Filter::Dct => "DCTDecode",
            Filter::Flate => "FlateDecode",
        }),
    );
    if let Some(alpha) = img.smask {
        let mut m = dict.clone();
        m.insert("ColorSpace".to_string(), name("DeviceGray"));
        m.insert("Filter".to_string(), name("FlateDecode"));
        let stream = ExternalStream { dict: m, content: alpha, compress: false };
        dict.insert("SMask".to_string(), DictItem::Stream { stream });
    }
    XObject::External(ExternalXObject {
        stream: ExternalStream { dict, content: img.data, compress: false },
        width: None,
        height: None,
        dpi: None,
    })
}

/// What the PDF needs of each glyph used: its ToUnicode text, its /W
/// width and its code (its glyph id in the subset font).
#[derive(Clone, Default)]
struct GlyphEntry {
    /// The text is the character the cmap maps to this glyph.
    nominal: bool,
    /// Set for every glyph the document uses.
    text: Option<String>,
    /// Advance in thousandths of an em, as /W gives it.
    width: f32,
    code: u16,
}

/// Indexed [face][glyph]: looked up for every glyph of the document.
type GlyphTable = Vec<Vec<GlyphEntry>>;

/// One ToUnicode string per (face, glyph) for the whole document: the cmap's
/// own character wins over a string derived from a cluster, so a glyph never
/// maps to two texts (ToUnicode holds one entry per code).
fn glyph_table(layout: &Layout, book: &FontBook) -> GlyphTable {
    let mut table: GlyphTable = Vec::new();
    for page in &layout.pages {
        for item in &page.items {
            let Item::Text { glyphs, .. } = item else {
                continue;
            };
            for g in glyphs {
                let mut chars = g.unicode.chars();
                let nominal = match (chars.next(), chars.next()) {
                    (Some(c), None) => book.face(g.face).nominal_glyph(c) == Some(g.gid),
                    _ => false,
                };
                if table.len() <= g.face {
                    table.resize_with(g.face + 1, Vec::new);
                }
                let face = &mut table[g.face];
                if face.len() <= g.gid as usize {
                    face.resize(g.gid as usize + 1, GlyphEntry::default());
                }
                let entry = &mut face[g.gid as usize];
                if entry.text.is_none() {
                    entry.width = book.face(g.face).pdf_width(g.gid);
                }
                if !entry.nominal && (nominal || entry.text.as_deref().is_none_or(str::is_empty)) {
                    entry.nominal = nominal;
                    entry.text = Some(g.unicode.clone());
                }
            }
        }
    }
    table
}

/// Non-ASCII characters in a URI are written percent-encoded (a PDF URI is ASCII).
fn percent_encode(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Flate at the default level: lopdf's own `compress` uses the best level,
/// which costs several times the time for a few percent of size.
fn compress_streams(lo: &mut lopdf::Document) {
    let mut streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() && s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    let compress = |z: &mut flate2::Compress, stream: &mut lopdf::Stream| {
        z.reset();
        let mut packed = Vec::with_capacity(stream.content.len() / 2 + 64);
        loop {
            let consumed = z.total_in() as usize;
            packed.reserve(stream.content.len() / 4 + 64);
            match z.compress_vec(&stream.content[consumed..], &mut packed, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                Ok(_) => continue,
                Err(_) => return,
            }
        }
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    };
    // Streams are independent: compress them on all cores, one compressor
    // per thread (setting one up costs as much as a small page).
    use rayon::prelude::*;
    streams
        .par_iter_mut()
        .for_each_init(|| flate2::Compress::new(flate2::Compression::default(), true), |z, s| compress(z, s));
}

fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut data = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            data.extend_from_slice(&u.to_be_bytes());
        }
        Object::String(data, StringFormat::Hexadecimal)
    }
}

/// The document's metadata as it goes into Info (and, for PDF/A, XMP).
struct DocInfo<'a> {
    title: &'a str,
    author: &'a str,
    subject: &'a str,
    keywords: &'a str,
    lang: &'a str,
    creator: &'a str,
    producer: &'a str,
    /// Creation and modification, from SOURCE_DATE_EPOCH only.
    date: Option<chrono::DateTime<chrono::Utc>>,
}

impl DocInfo<'_> {
    fn dictionary(&self) -> Dictionary {
        let mut info = Dictionary::new();
        info.set("Title", text_string(self.title));
        for (key, value) in [("Author", self.author), ("Subject", self.subject), ("Keywords", self.keywords)] {
            if !value.is_empty() {
                info.set(key, text_string(value));
            }
        }
        info.set("Creator", text_string(self.creator));
        info.set("Producer", text_string(self.producer));
        if let Some(t) = self.date {
            let stamp = t.format("D:%Y%m%d%H%M%SZ").to_string();
            info.set("CreationDate", Object::string_literal(stamp.clone()));
            info.set("ModDate", Object::string_literal(stamp));
        }
        info
    }
}

/// Annotations as indirect objects, as the PDF specification expects them,
/// each knowing its page and printing as the page shows it.
fn indirect_annotations(lo: &mut lopdf::Document, page_ids: &[lopdf::ObjectId]) {
    for &page in page_ids {
        let annots = match lo.get_dictionary(page).and_then(|d| d.get(b"Annots")) {
            Ok(Object::Array(a)) => a.clone(),
            _ => continue,
        };
        let refs: Vec<Object> = annots
            .into_iter()
            .map(|a| match a {
                Object::Dictionary(mut d) => {
                    d.set("P", Object::Reference(page));
                    // Print flag: a link prints as the page shows it (PDF/A asks it of every annotation).
                    d.set("F", Object::Integer(4));
                    Object::Reference(lo.add_object(d))
                }
                other => other,
            })
            .collect();
        if let Ok(d) = lo.get_object_mut(page).and_then(Object::as_dict_mut) {
            d.set("Annots", Object::Array(refs));
        }
    }
}

/// The document catalog's object.
fn catalog_root(lo: &lopdf::Document) -> Result<lopdf::ObjectId> {
    lo.trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::other(format!("PDF without catalog: {e}")))
}

/// Catalog and Info as briefpack wants them: language, nested outline,
/// metadata, dates only from SOURCE_DATE_EPOCH, links that print, and the
/// PDF/A identification unless `options` says plain.
fn finish(
    lo: &mut lopdf::Document,
    outline: &[crate::typeset::layout::OutlineEntry],
    page_height: f32,
    meta: &Meta,
    date_epoch: Option<i64>,
    options: &PdfOptions,
) -> Result<()> {
    lo.version = "1.7".into();
    let root = catalog_root(lo)?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();

    let date = match date_epoch {
        Some(epoch) => Some(
            chrono::DateTime::from_timestamp(epoch, 0)
                .ok_or_else(|| Error::other(format!("SOURCE_DATE_EPOCH={epoch} is out of range")))?,
        ),
        None => None,
    };
    let info = DocInfo {
        title: &meta.title,
        author: &meta.author,
        subject: &meta.subject,
        keywords: &meta.keywords,
        lang: if meta.lang.is_empty() { "th-TH" } else { &meta.lang },
        creator: "briefpack",
        producer: concat!("briefpack ", env!("CARGO_PKG_VERSION"), " (printpdf)"),
        date,
    };
    let info_id = lo.add_object(info.dictionary());
    lo.trailer.set("Info", Object::Reference(info_id));
    let part = match options.conformance {
        Conformance::PdfA2u if !options.attachments.is_empty() => {
            return Err(Error::other("PDF/A-2u admits no attached data files: attach them to PDF/A-3u"));
        }
        Conformance::PdfA2u => Some(2),
        Conformance::PdfA3u => Some(3),
        Conformance::Plain => None,
    };
    pdfa::identify(lo, root, &info, part, options.tagged)
        .map_err(|e| Error::other(format!("PDF/A and PDF/UA metadata: {e}")))?;
    let stamp = date.map(|t| t.format("D:%Y%m%d%H%M%SZ").to_string());
    attach::embed(lo, root, &options.attachments, stamp.as_deref())?;

    indirect_annotations(lo, &page_ids);

    let outline_root = if outline.is_empty() { None } else { Some(build_outline(lo, outline, &page_ids, page_height)) };
    let catalog =
        lo.get_object_mut(root).and_then(Object::as_dict_mut).map_err(|e| Error::other(format!("PDF catalog: {e}")))?;
    catalog.set("Lang", text_string(info.lang));
    catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
    catalog.remove(b"Outlines");
    match outline_root {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A catalog over an empty page tree, as `finish` meets printpdf's.
    pub(super) fn bare() -> lopdf::Document {
        let mut lo = lopdf::Document::with_version("1.3");
        let pages = lo.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![])),
            ("Count", Object::Integer(0)),
        ]));
        let root = lo.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        lo.trailer.set("Root", Object::Reference(root));
        lo
    }

    #[test]
    fn pdfa_identification_is_the_default_and_plain_leaves_it_out() {
        let meta = Meta { title: "t".into(), ..Meta::default() };
        let plain = PdfOptions { conformance: Conformance::Plain, tagged: false, ..PdfOptions::default() };
        let ua_only = PdfOptions { conformance: Conformance::Plain, tagged: true, ..PdfOptions::default() };
        // (options, has XMP metadata, has an output intent)
        for (options, xmp, intent) in
            [(PdfOptions::default(), true, true), (plain, false, false), (ua_only, true, false)]
        {
            let mut lo = bare();
            finish(&mut lo, &[], 842.0, &meta, None, &options).unwrap();
            let catalog = lo.catalog().unwrap();
            assert_eq!(catalog.get(b"Metadata").is_ok(), xmp, "{options:?}");
            assert_eq!(catalog.get(b"OutputIntents").is_ok(), intent, "{options:?}");
            assert_eq!(catalog.get(b"Lang").and_then(Object::as_str).unwrap(), b"th-TH");
            assert_eq!(lo.version, "1.7");
        }
    }
}
