//! PDF/A-2u and -3u: the example packs, built by the real binary, checked
//! against what ISO 19005-2 and -3, level U, ask of them that a program can
//! see: XMP that identifies the part and level and agrees with Info, one
//! sRGB output intent with its ICC profile, every font embedded with widths
//! that match its program and a ToUnicode value for every code the pages
//! show, printable links, no encryption or JavaScript, and a file qpdf finds
//! clean; for PDF/A-3u, its data files attached as ISO 19005-3, 6.8 asks.
//! And `--pdf-standard`: its values, its default from briefpack.toml, its
//! mistakes.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Test, tool};
use lopdf::{Dictionary, Document, Object};

#[test]
fn the_astana_pack_is_pdfa_2u_with_dates_from_source_date_epoch() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .args(&["build", "briefs/trips/astana-2026-12.toml", "-o", "pack.pdf"])
        .run()
        .success();
    let info = assert_pdfa(&run.dir.join("pack.pdf"), 2).info;
    assert_eq!(info.get("CreationDate").map(String::as_str), Some("D:20251201000000Z"));
}

#[test]
fn the_seoul_pack_is_pdfa_2u() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .args(&["build", "briefs/trips/seoul-2027-03.toml", "-o", "pack.pdf"])
        .run();
    let checked = assert_pdfa(&run.success().dir.join("pack.pdf"), 2);
    assert!(!checked.info.contains_key("CreationDate"), "no date without SOURCE_DATE_EPOCH");
    assert!(checked.links > 0, "the Seoul pack links to the city's site");
}

#[test]
fn the_monthly_report_is_pdfa_2u() {
    let run = Test::new().copy("briefs", "briefs").args(&["monthly", "--month", "2023-02", "briefs"]);
    assert_pdfa(&run.run().success().dir.join("monthly-2023-02.pdf"), 2);
}

const ASTANA: &str = "briefs/trips/astana-2026-12.toml";

#[test]
fn an_a_3u_pack_is_pdfa_3_with_its_data_attached() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .args(&["build", ASTANA, "-o", "pack.pdf", "--pdf-standard", "a-3u"])
        .run()
        .success();
    assert_pdfa(&run.dir.join("pack.pdf"), 3);
    let doc = Document::load(run.dir.join("pack.pdf")).unwrap();
    let files = check_attachments(&doc, None);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["cities/astana.toml", "trips/astana-2026-12.toml"]);
    for (name, data) in &files {
        assert!(*data == std::fs::read(run.dir.join("briefs").join(name)).unwrap(), "{name} is not the file");
    }
}

#[test]
fn a_3u_with_ua_1_attaches_the_interaction_files_dated_from_source_date_epoch() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .args(&["build", "briefs/trips/seoul-2027-03.toml", "-o", "pack.pdf", "--pdf-standard=a-3u,ua-1"])
        .run()
        .success();
    assert_pdfa(&run.dir.join("pack.pdf"), 3);
    let doc = Document::load(run.dir.join("pack.pdf")).unwrap();
    let files = check_attachments(&doc, Some("D:20251201000000Z"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["cities/seoul.toml", "cities/seoul/2019-friendship-festival.toml", "trips/seoul-2027-03.toml"]);
}

#[test]
fn the_same_a_3u_pack_is_the_same_bytes_twice() {
    let build = || {
        let run = Test::new()
            .copy("briefs", "briefs")
            .args(&["build", ASTANA, "-o", "pack.pdf", "--pdf-standard", "a-3u"])
            .run()
            .success();
        std::fs::read(run.dir.join("pack.pdf")).unwrap()
    };
    assert!(build() == build(), "two builds of one pack differ");
}

#[test]
fn none_claims_nothing_and_ua_1_alone_no_pdfa() {
    for (standard, metadata) in [("none", false), ("ua-1", true)] {
        let run = Test::new()
            .copy("briefs", "briefs")
            .args(&["build", ASTANA, "-o", "pack.pdf", "--pdf-standard", standard])
            .run()
            .success();
        let bytes = std::fs::read(run.dir.join("pack.pdf")).unwrap();
        let doc = Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        for key in ["OutputIntents", "AF", "Names"] {
            assert!(catalog.get(key.as_bytes()).is_err(), "{standard}: /{key} in the catalog");
        }
        if let Ok(id) = catalog.get(b"Metadata").and_then(Object::as_reference) {
            assert!(metadata, "{standard}: XMP metadata");
            let xmp = &doc.get_object(id).and_then(Object::as_stream).unwrap().content;
            assert!(!String::from_utf8_lossy(xmp).contains("pdfaid"), "{standard}: PDF/A identification");
        }
        assert!(!String::from_utf8_lossy(&bytes).contains("pdfaid"), "{standard}: PDF/A identification");
        // Untagged (none) is a plain PDF: no structure tree, and no marked
        // content but each line's /ActualText.
        let tagged = standard == "ua-1";
        assert_eq!(catalog.get(b"StructTreeRoot").is_ok(), tagged, "{standard}: structure tree");
        let (mut mcids, mut artifacts, mut spans) = (0, 0, 0);
        for page in doc.get_pages().into_values() {
            for op in doc.get_and_decode_page_content(page).unwrap().operations {
                match (op.operator.as_str(), op.operands.as_slice()) {
                    ("BDC", [Object::Name(tag), Object::Dictionary(props)]) => {
                        mcids += usize::from(props.has(b"MCID"));
                        artifacts += usize::from(tag == b"Artifact");
                        spans += usize::from(tag == b"Span" && props.has(b"ActualText"));
                    }
                    ("BMC", [Object::Name(tag)]) => artifacts += usize::from(tag == b"Artifact"),
                    _ => {}
                }
            }
        }
        assert!(spans > 100, "{standard}: {spans} lines with /ActualText");
        // The cross-reference stream is compressed (lopdf alone leaves it raw).
        let text = String::from_utf8_lossy(&bytes);
        let xref = &text[text.rfind("/Type/XRef").expect("a cross-reference stream")..];
        assert!(xref[..xref.find("stream").unwrap()].contains("/Filter/FlateDecode"), "{standard}: raw xref stream");
        assert_eq!((mcids > 0, artifacts > 0), (tagged, tagged), "{standard}: {mcids} MCIDs, {artifacts} artifacts");
        let qpdf = tool("qpdf", &["--check", run.dir.join("pack.pdf").to_str().unwrap()]);
        assert!(qpdf.status.success(), "{standard}: qpdf --check failed");
    }
}

#[test]
fn briefpack_toml_sets_the_default_and_the_flag_overrides_it() {
    let t = Test::new().copy("briefs", "briefs").file("briefpack.toml", "pdf_standard = [\"a-3u\"]\n");
    let dir = t.dir.path().to_path_buf();
    let build = |extra: &[&str]| {
        let mut args = vec!["build", ASTANA, "-o", "pack.pdf", "-q"];
        args.extend(extra);
        let out = common::run_in(&dir, &args, &[]);
        assert!(out.status.success(), "{extra:?}: {}", String::from_utf8_lossy(&out.stderr));
        Document::load(dir.join("pack.pdf")).unwrap()
    };
    let doc = build(&[]);
    assert_eq!(check_attachments(&doc, None).len(), 2);
    assert!(xmp_packet(&doc).contains("<pdfaid:part>3</pdfaid:part>"));
    let doc = build(&["--pdf-standard", "a-2u"]);
    assert!(doc.catalog().unwrap().get(b"AF").is_err(), "a-2u with attachments");
    assert!(xmp_packet(&doc).contains("<pdfaid:part>2</pdfaid:part>"));
}

/// A mistake in --pdf-standard, or in pdf_standard in briefpack.toml, is
/// reported before any work, the same way by every command that takes it.
#[test]
fn mistakes_in_the_standards_are_reported_before_any_work() {
    let fails = |manifest: Option<&str>, flags: &[&str]| -> String {
        let mut stderr = String::new();
        let commands: [&[&str]; 3] =
            [&["build", ASTANA], &["monthly", "--month", "2023-02", "briefs"], &["render", "briefs/x.xml"]];
        for command in commands {
            let mut t = Test::new().copy("briefs", "briefs").file("briefs/x.xml", "<doc/>");
            if let Some(m) = manifest {
                t = t.file("briefpack.toml", m);
            }
            let mut args = command.to_vec();
            args.extend(flags);
            let run = t.args(&args).run().failure().no_output();
            if stderr.is_empty() {
                stderr = run.stderr();
            }
            assert_eq!(run.stderr(), stderr, "{args:?}");
        }
        stderr
    };
    insta::assert_snapshot!("a2u_with_a3u", fails(None, &["--pdf-standard", "a-2u,a-3u"]));
    insta::assert_snapshot!("none_with_ua1", fails(None, &["--pdf-standard", "none", "--pdf-standard", "ua-1"]));
    insta::assert_snapshot!("unknown_standard", fails(None, &["--pdf-standard", "a-1b"]));
    insta::assert_snapshot!("manifest_unknown", fails(Some("pdf_standard = [\"a-2u\", \"ua1\"]\n"), &[]));
    insta::assert_snapshot!("manifest_a2u_with_a3u", fails(Some("pdf_standard = [\"a-3u\", \"a-2u\"]\n"), &[]));
    insta::assert_snapshot!("manifest_string", fails(Some("pdf_standard = \"a-3u\"\n"), &[]));
}

/// The XMP packet of a document.
fn xmp_packet(doc: &Document) -> String {
    let id = doc.catalog().unwrap().get(b"Metadata").and_then(Object::as_reference).expect("catalog /Metadata");
    String::from_utf8(doc.get_object(id).and_then(Object::as_stream).unwrap().content.clone()).unwrap()
}

/// ISO 19005-3, 6.8: every embedded file has a MIME type, its file
/// specification /F and /UF, a relationship and a description, and is
/// associated with the document through the catalog's /AF; viewers find
/// the same files in the /EmbeddedFiles name tree, keys in order. Size and
/// MD5 as /Params records them; /ModDate only when `date` (from
/// SOURCE_DATE_EPOCH). The files by name.
fn check_attachments(doc: &Document, date: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    use md5::Digest;
    let catalog = doc.catalog().unwrap();
    let af: Vec<lopdf::ObjectId> =
        catalog.get(b"AF").unwrap().as_array().unwrap().iter().map(|o| o.as_reference().unwrap()).collect();
    let names = catalog.get(b"Names").unwrap().as_dict().unwrap();
    let tree = names.get(b"EmbeddedFiles").unwrap().as_dict().unwrap().get(b"Names").unwrap().as_array().unwrap();
    let keys: Vec<&[u8]> = tree.iter().step_by(2).map(|k| k.as_str().unwrap()).collect();
    assert!(keys.is_sorted(), "name tree keys out of order");
    let in_tree: Vec<lopdf::ObjectId> = tree.iter().skip(1).step_by(2).map(|v| v.as_reference().unwrap()).collect();
    assert_eq!(in_tree, af, "the name tree and /AF list other files");
    let mut files = BTreeMap::new();
    for (spec_id, key) in af.iter().zip(keys) {
        let spec = doc.get_dictionary(*spec_id).unwrap();
        let text = |k: &[u8]| lopdf::decode_text_string(spec.get(k).unwrap()).unwrap();
        assert_eq!(spec.get(b"Type").unwrap().as_name().unwrap(), b"Filespec");
        let name = text(b"UF");
        assert_eq!(text(b"F"), name);
        assert_eq!(key, spec.get(b"UF").unwrap().as_str().unwrap(), "name tree key of {name}");
        assert!(!text(b"Desc").is_empty(), "{name}: no /Desc");
        assert_eq!(spec.get(b"AFRelationship").unwrap().as_name().unwrap(), b"Source", "{name}");
        let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
        let stream_id = ef.get(b"F").unwrap().as_reference().unwrap();
        assert_eq!(ef.get(b"UF").unwrap().as_reference().unwrap(), stream_id, "{name}");
        let stream = doc.get_object(stream_id).unwrap().as_stream().unwrap();
        assert_eq!(stream.dict.get(b"Type").unwrap().as_name().unwrap(), b"EmbeddedFile", "{name}");
        assert_eq!(stream.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"application/toml", "{name}");
        let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        let params = stream.dict.get(b"Params").unwrap().as_dict().unwrap();
        assert_eq!(params.get(b"Size").unwrap().as_i64().unwrap(), data.len() as i64, "{name}");
        assert_eq!(params.get(b"CheckSum").unwrap().as_str().unwrap(), md5::Md5::digest(&data).as_slice(), "{name}");
        let mod_date = params.get(b"ModDate").ok().map(|d| lopdf::decode_text_string(d).unwrap());
        assert_eq!(mod_date.as_deref(), date, "{name}");
        files.insert(name, data);
    }
    files
}

/// What a checked file holds.
struct Checked {
    /// The Info dictionary, decoded.
    info: BTreeMap<String, String>,
    links: usize,
}

/// `pdf` is PDF/A-`part` (2 or 3), level U, as far as a program can see.
fn assert_pdfa(pdf: &Path, part: u32) -> Checked {
    let bytes = std::fs::read(pdf).unwrap();
    // ISO 19005-2, 6.1.2: the header, then a comment of at least four bytes above 127.
    assert!(bytes.starts_with(b"%PDF-1.7\n%"), "header: {:?}", &bytes[..12]);
    assert!(bytes[10..14].iter().all(|&b| b > 127), "binary comment: {:?}", &bytes[9..15]);
    let qpdf = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&qpdf.stdout).into_owned() + &String::from_utf8_lossy(&qpdf.stderr);
    assert!(qpdf.status.success() && !said.to_lowercase().contains("warning"), "qpdf --check:\n{said}");

    let doc = Document::load_mem(&bytes).unwrap();
    assert!(doc.trailer.get(b"Encrypt").is_err(), "encrypted");
    let ids = doc.trailer.get(b"ID").and_then(Object::as_array).expect("a file identifier");
    assert_eq!(ids.len(), 2);
    let info = info(&doc);
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"Lang").is_ok(), "no /Lang");
    check_xmp(&doc, catalog, &info, part);
    check_output_intent(&doc, catalog);
    check_fonts(&doc);
    let links = check_annotations_and_actions(&doc);
    Checked { info, links }
}

fn info(doc: &Document) -> BTreeMap<String, String> {
    let id = doc.trailer.get(b"Info").and_then(Object::as_reference).expect("an Info dictionary");
    doc.get_dictionary(id)
        .unwrap()
        .iter()
        .map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), lopdf::decode_text_string(v).unwrap()))
        .collect()
}

/// 6.6.2: an unfiltered XMP packet that names the part, level U, and carries
/// each Info entry under its XMP name with the same value (6.6.2.3.1).
fn check_xmp(doc: &Document, catalog: &Dictionary, info: &BTreeMap<String, String>, part: u32) {
    let id = catalog.get(b"Metadata").and_then(Object::as_reference).expect("catalog /Metadata");
    let stream = doc.get_object(id).and_then(Object::as_stream).unwrap();
    assert_eq!(stream.dict.get(b"Type").and_then(Object::as_name).unwrap(), b"Metadata");
    assert_eq!(stream.dict.get(b"Subtype").and_then(Object::as_name).unwrap(), b"XML");
    assert!(stream.dict.get(b"Filter").is_err(), "the metadata stream is filtered");
    let packet = std::str::from_utf8(&stream.content).expect("XMP in UTF-8");
    let xml = roxmltree::Document::parse(packet).unwrap_or_else(|e| panic!("XMP does not parse: {e}\n{packet}"));
    // A property is an element or an attribute of rdf:Description; its text
    // is that of its (first) rdf:li when it is an array.
    let property = |ns: &str, name: &str| -> Option<String> {
        xml.descendants().find_map(|n| {
            if n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name {
                let li = n.descendants().find(|d| d.tag_name().name() == "li");
                return Some(li.unwrap_or(n).text().unwrap_or_default().to_string());
            }
            n.attributes().find(|a| a.namespace() == Some(ns) && a.name() == name).map(|a| a.value().to_string())
        })
    };
    let (pdfaid, dc, pdf, xmp) = (
        "http://www.aiim.org/pdfa/ns/id/",
        "http://purl.org/dc/elements/1.1/",
        "http://ns.adobe.com/pdf/1.3/",
        "http://ns.adobe.com/xap/1.0/",
    );
    assert_eq!(property(pdfaid, "part"), Some(part.to_string()), "{packet}");
    assert_eq!(property(pdfaid, "conformance").as_deref(), Some("U"), "{packet}");
    assert!(property(dc, "language").is_some_and(|l| l.starts_with("th")), "{packet}");
    let pairs = [
        ("Title", dc, "title"),
        ("Author", dc, "creator"),
        ("Subject", dc, "description"),
        ("Keywords", pdf, "Keywords"),
        ("Creator", xmp, "CreatorTool"),
        ("Producer", pdf, "Producer"),
    ];
    for (key, ns, name) in pairs {
        assert_eq!(info.get(key), property(ns, name).as_ref(), "Info /{key} against XMP {name}");
    }
    for (key, name) in [("CreationDate", "CreateDate"), ("ModDate", "ModifyDate")] {
        let xmp_date = property(xmp, name);
        match info.get(key) {
            // D:YYYYMMDDHHmmSSZ against YYYY-MM-DDTHH:mm:SSZ
            Some(d) => {
                let x = xmp_date.unwrap_or_else(|| panic!("Info /{key} without xmp:{name}"));
                let digits: String = x.chars().filter(char::is_ascii_digit).collect();
                assert_eq!(format!("D:{digits}Z"), *d, "Info /{key} against xmp:{name} {x}");
            }
            None => assert_eq!(xmp_date, None, "xmp:{name} without Info /{key}"),
        }
    }
}

/// 6.2.3: one PDF/A output intent whose profile is an embedded RGB ICC profile.
fn check_output_intent(doc: &Document, catalog: &Dictionary) {
    let intents = catalog.get(b"OutputIntents").and_then(|o| doc.dereference(o)).expect("/OutputIntents").1;
    let intents = intents.as_array().unwrap();
    assert_eq!(intents.len(), 1, "exactly one output intent");
    let intent = doc.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(intent.get(b"S").and_then(Object::as_name).unwrap(), b"GTS_PDFA1");
    assert!(intent.get(b"OutputConditionIdentifier").is_ok());
    let profile = intent.get(b"DestOutputProfile").and_then(Object::as_reference).expect("an embedded profile");
    let profile = doc.get_object(profile).and_then(Object::as_stream).unwrap();
    assert_eq!(profile.dict.get(b"N").and_then(Object::as_i64).unwrap(), 3);
    let icc = profile.decompressed_content().unwrap_or_else(|_| profile.content.clone());
    assert_eq!(&icc[36..40], b"acsp", "not an ICC profile");
    assert_eq!(&icc[16..20], b"RGB ", "not an RGB profile");
    assert!(matches!(&icc[12..16], b"mntr" | b"prtr"), "profile class {:?}", &icc[12..16]);
    assert_eq!(u32::from_be_bytes(icc[..4].try_into().unwrap()) as usize, icc.len(), "profile size");
}

/// A composite font as the pages use it: ToUnicode values, /W widths, and
/// the advances in its embedded program (thousandths of an em).
struct Font {
    name: String,
    to_unicode: BTreeMap<u16, Vec<u16>>,
    widths: BTreeMap<u16, f32>,
    advances: Option<Vec<f32>>,
}

/// 6.2.11.4: every font embedded; 6.2.11.5: widths agree with the program;
/// 6.2.11.7.2 (level U): every code shown has a Unicode value (not 0, FEFF,
/// FFFE); 6.2.11.8: no code shows .notdef.
fn check_fonts(doc: &Document) {
    let mut fonts: BTreeMap<lopdf::ObjectId, Font> = BTreeMap::new();
    let mut shown = 0;
    for (&number, &page) in &doc.get_pages() {
        let resources = doc.get_page_fonts(page).unwrap();
        let ids: BTreeMap<Vec<u8>, lopdf::ObjectId> = {
            // Direct, or referenced (and maybe inherited).
            let (dict, refs) = doc.get_page_resources(page).unwrap();
            let res = dict.or_else(|| refs.first().map(|&id| doc.get_dictionary(id).unwrap())).expect("page resources");
            let fonts = doc.dereference(res.get(b"Font").unwrap()).unwrap().1.as_dict().unwrap();
            fonts.iter().map(|(k, v)| (k.clone(), v.as_reference().expect("fonts as references"))).collect()
        };
        assert_eq!(resources.len(), ids.len());
        for id in ids.values() {
            fonts.entry(*id).or_insert_with(|| font(doc, *id));
        }
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        let mut current: Option<&Font> = None;
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap();
                    current = Some(&fonts[&ids[name]]);
                }
                "Tj" | "TJ" => {
                    let font = current.unwrap_or_else(|| panic!("page {number}: text before a font"));
                    let strings: Vec<&[u8]> = match &op.operands[0] {
                        Object::String(s, _) => vec![s],
                        Object::Array(items) => items.iter().filter_map(|i| i.as_str().ok()).collect(),
                        other => panic!("page {number}: {other:?}"),
                    };
                    for s in strings {
                        assert_eq!(s.len() % 2, 0, "page {number}: odd-length string in {}", font.name);
                        for code in s.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])) {
                            check_code(font, code, number);
                            shown += 1;
                        }
                    }
                }
                "'" | "\"" => panic!("page {number}: {} is not used by briefpack", op.operator),
                _ => {}
            }
        }
    }
    assert!(shown > 1000, "only {shown} glyphs shown");
}

fn check_code(font: &Font, code: u16, page: u32) {
    assert_ne!(code, 0, "page {page}: .notdef shown in {}", font.name);
    let unicode = font.to_unicode.get(&code);
    assert!(
        unicode.is_some_and(|u| !u.is_empty() && !u.iter().any(|&c| matches!(c, 0 | 0xFEFF | 0xFFFE))),
        "page {page}: code {code:04X} of {} has ToUnicode {unicode:?}",
        font.name
    );
    let width = *font.widths.get(&code).unwrap_or(&1000.0);
    if let Some(advance) = font.advances.as_ref().and_then(|a| a.get(code as usize)) {
        assert!(
            (width - advance).abs() <= 1.0,
            "{}: code {code} is {width} wide in /W, {advance} in the font",
            font.name
        );
    }
}

fn font(doc: &Document, id: lopdf::ObjectId) -> Font {
    let deref = |o: &Object| doc.dereference(o).unwrap().1.clone();
    let dict = doc.get_dictionary(id).unwrap();
    let name = String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
    assert_eq!(dict.get(b"Subtype").unwrap().as_name().unwrap(), b"Type0", "{name}");
    assert_eq!(dict.get(b"Encoding").unwrap().as_name().unwrap(), b"Identity-H", "{name}");
    let to_unicode = deref(dict.get(b"ToUnicode").unwrap_or_else(|_| panic!("{name} has no ToUnicode")));
    let to_unicode = to_unicode.as_stream().unwrap();
    let cmap = to_unicode.decompressed_content().unwrap_or_else(|_| to_unicode.content.clone());
    let descendant = deref(&dict.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]);
    let descendant = descendant.as_dict().unwrap();
    let descriptor = deref(descendant.get(b"FontDescriptor").unwrap());
    let descriptor = descriptor.as_dict().unwrap();
    let file = ["FontFile2", "FontFile3", "FontFile"]
        .iter()
        .find_map(|k| descriptor.get(k.as_bytes()).ok())
        .unwrap_or_else(|| panic!("{name} is not embedded"));
    let file = deref(file);
    let file = file.as_stream().unwrap();
    let program = file.decompressed_content().unwrap_or_else(|_| file.content.clone());
    let advances = descriptor.get(b"FontFile2").is_ok().then(|| advances(&program));
    let widths = descendant.get(b"W").map(|w| widths(&deref(w))).unwrap_or_default();
    Font { name, to_unicode: parse_to_unicode(&cmap), widths, advances }
}

fn advances(program: &[u8]) -> Vec<f32> {
    use read_fonts::TableProvider as _;
    let font = read_fonts::FontRef::new(program).expect("a TrueType program");
    let upem = font.head().unwrap().units_per_em() as f32;
    let hmtx = font.hmtx().unwrap();
    let count = font.maxp().unwrap().num_glyphs();
    (0..count)
        .map(|g| hmtx.advance(read_fonts::types::GlyphId::new(g.into())).unwrap_or(0) as f32 * 1000.0 / upem)
        .collect()
}

/// `/W`: `c [w1 w2 ...]` and `c1 c2 w`.
fn widths(w: &Object) -> BTreeMap<u16, f32> {
    let items = w.as_array().unwrap();
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < items.len() {
        let first = items[i].as_i64().unwrap() as u16;
        if let Ok(list) = items[i + 1].as_array() {
            for (k, v) in list.iter().enumerate() {
                out.insert(first + k as u16, v.as_float().unwrap());
            }
            i += 2;
        } else {
            let last = items[i + 1].as_i64().unwrap() as u16;
            for c in first..=last {
                out.insert(c, items[i + 2].as_float().unwrap());
            }
            i += 3;
        }
    }
    out
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_to_unicode(cmap: &[u8]) -> BTreeMap<u16, Vec<u16>> {
    let text = String::from_utf8_lossy(cmap);
    let hex = |s: &str| -> Vec<u16> {
        let digits = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..digits.len() / 4).map(|i| u16::from_str_radix(&digits[i * 4..i * 4 + 4], 16).unwrap()).collect()
    };
    let mut out = BTreeMap::new();
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") { "char" } else { "range" };
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line.split('>').filter(|p| !p.trim().is_empty()).map(|p| p.trim()).collect();
        match (section, parts.as_slice()) {
            ("char", [code, value]) => {
                out.insert(hex(code)[0], hex(value));
            }
            ("range", [first, last, start]) if start.starts_with('<') => {
                let (first, last, start) = (hex(first)[0], hex(last)[0], hex(start));
                for (k, code) in (first..=last).enumerate() {
                    let mut v = start.clone();
                    *v.last_mut().unwrap() += k as u16;
                    out.insert(code, v);
                }
            }
            ("", _) => {}
            (_, other) => panic!("ToUnicode line not understood: {line} ({other:?})"),
        }
    }
    out
}

/// 6.3.2: every annotation prints and is not hidden; 6.5/6.6.1: no JavaScript,
/// no additional actions.
fn check_annotations_and_actions(doc: &Document) -> usize {
    let mut annotations = 0;
    let mut kinds = BTreeSet::new();
    for obj in doc.objects.values() {
        let dict = match obj {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        assert!(dict.get(b"JS").is_err() && dict.get(b"AA").is_err(), "an action: {dict:?}");
        if let Ok(s) = dict.get(b"S").and_then(Object::as_name) {
            assert!(!matches!(s, b"JavaScript" | b"Launch" | b"ResetForm" | b"ImportData"), "action {s:?}");
        }
        if dict.get(b"Type").and_then(Object::as_name).is_ok_and(|t| t == b"Annot") {
            annotations += 1;
            kinds.insert(dict.get(b"Subtype").unwrap().as_name().unwrap().to_vec());
            let flags = dict.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            assert_eq!(flags & (4 | 1 | 2 | 32), 4, "annotation flags {flags}: {dict:?}");
        }
    }
    assert!(kinds.iter().all(|k| k == b"Link"), "annotations other than links: {kinds:?}");
    annotations
}
