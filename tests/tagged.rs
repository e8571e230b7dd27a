//! Tagged PDF (PDF/UA-1): on both example packs, the monthly report and
//! the Thai sample, the structure tree is there and complete. Its text, as
//! poppler reads it element by element (`pdfinfo -struct-text`), is the
//! document's text without its artifacts; every drawing is marked content
//! or an artifact; the parent tree leads back from every MCID and link to
//! its element; figures have alternative text; headings skip no level;
//! qpdf finds nothing wrong; and the file is the same run after run.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Test, pdftotext, squash, tool};
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// A structure element as the checks see it.
struct Element {
    kind: String,
    alt: Option<String>,
    /// Depth below the document element.
    depth: usize,
}

/// What the structure tree says, read from the PDF.
#[derive(Default)]
struct Tree {
    /// In reading order.
    elements: Vec<Element>,
    /// (page, MCID) -> index into `elements`.
    mcids: BTreeMap<(ObjectId, i64), usize>,
    /// Annotation -> index into `elements`.
    annotations: BTreeMap<ObjectId, usize>,
    /// Element object -> index into `elements`.
    ids: BTreeMap<ObjectId, usize>,
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("expected a dictionary, got {other:?}"),
    }
}

fn name(d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key).ok().and_then(|o| o.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned())
}

fn text(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    let o = d.get(key).ok()?;
    let o = match o {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let bytes = o.as_str().ok()?;
    Some(match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            String::from_utf16(&utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap()
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    })
}

/// Walk the structure tree from the catalog, in reading order.
fn read_tree(doc: &Document) -> Tree {
    let catalog = doc.catalog().unwrap();
    assert_eq!(text(doc, catalog, b"Lang").as_deref(), Some("th-TH"), "catalog /Lang");
    let mark_info = dict(doc, catalog.get(b"MarkInfo").expect("/MarkInfo in the catalog"));
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap(), "/MarkInfo /Marked true");
    let root = dict(doc, catalog.get(b"StructTreeRoot").expect("a structure tree"));
    assert_eq!(name(root, b"Type").as_deref(), Some("StructTreeRoot"));
    let mut tree = Tree::default();
    let kids = root.get(b"K").expect("the tree has a root element");
    let top: Vec<Object> = match kids {
        Object::Array(a) => a.clone(),
        o => vec![o.clone()],
    };
    assert_eq!(top.len(), 1, "one Document element");
    let mut stack: Vec<(Object, usize, Option<ObjectId>)> = vec![(top[0].clone(), 0, None)];
    while let Some((kid, depth, page)) = stack.pop() {
        let Object::Reference(id) = kid else { panic!("a structure element that is not an object: {kid:?}") };
        let d = doc.get_dictionary(id).unwrap();
        let kind = name(d, b"S").expect("/S");
        let index = tree.elements.len();
        tree.ids.insert(id, index);
        tree.elements.push(Element { kind, alt: text(doc, d, b"Alt"), depth });
        let page = d.get(b"Pg").ok().map(|p| p.as_reference().unwrap()).or(page);
        let kids: Vec<Object> = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        let mut children = Vec::new();
        for k in kids {
            match &k {
                Object::Integer(mcid) => {
                    let pg = d.get(b"Pg").expect("an element with MCIDs names its page").as_reference().unwrap();
                    assert!(tree.mcids.insert((pg, *mcid), index).is_none(), "MCID {mcid} in two elements");
                }
                Object::Dictionary(r) if name(r, b"Type").as_deref() == Some("MCR") => {
                    let pg = r.get(b"Pg").unwrap().as_reference().unwrap();
                    let mcid = r.get(b"MCID").unwrap().as_i64().unwrap();
                    assert!(tree.mcids.insert((pg, mcid), index).is_none(), "MCID {mcid} in two elements");
                }
                Object::Dictionary(r) if name(r, b"Type").as_deref() == Some("OBJR") => {
                    tree.annotations.insert(r.get(b"Obj").unwrap().as_reference().unwrap(), index);
                }
                Object::Reference(child) => {
                    let parent = doc.get_dictionary(*child).unwrap().get(b"P").unwrap().as_reference().unwrap();
                    assert_eq!(parent, id, "an element's /P is the element that holds it");
                    children.push(k.clone());
                }
                other => panic!("unexpected kid {other:?}"),
            }
        }
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1, page)));
    }
    assert_eq!(tree.elements[0].kind, "Document");
    tree
}

/// Is `op` inside marked content with an MCID, or inside an artifact?
#[derive(Clone, Copy, PartialEq, Debug)]
enum Mark {
    Mcid(i64),
    Artifact,
    Other,
}

/// Every operator of every page, but BT and ET, is inside marked content
/// with an MCID or inside an artifact; each page's MCIDs are 0, 1, 2, ...;
/// the parent tree maps each to the element whose /K holds it.
fn check_marked_content(doc: &Document, tree: &Tree) {
    let catalog = doc.catalog().unwrap();
    let root = dict(doc, catalog.get(b"StructTreeRoot").unwrap());
    let parent_tree = dict(doc, root.get(b"ParentTree").unwrap());
    let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
    let mut entries: BTreeMap<i64, Object> = BTreeMap::new();
    for pair in nums.chunks(2) {
        entries.insert(pair[0].as_i64().unwrap(), pair[1].clone());
    }
    let element_of = |o: &Object| tree.ids.get(&o.as_reference().unwrap()).copied();
    let (mut seen, mut links_within) = (0, 0);
    for (number, page) in doc.get_pages() {
        let page_dict = doc.get_dictionary(page).unwrap();
        assert_eq!(name(page_dict, b"Tabs").as_deref(), Some("S"), "page {number}: /Tabs /S");
        let ops = doc.get_and_decode_page_content(page).unwrap().operations;
        let mut stack: Vec<Mark> = Vec::new();
        let mut mcids: Vec<i64> = Vec::new();
        for op in &ops {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    let props = op.operands.get(1).and_then(|p| p.as_dict().ok());
                    let mark = match (tag, props.and_then(|p| p.get(b"MCID").ok())) {
                        (b"Artifact", _) => Mark::Artifact,
                        (_, Some(m)) => Mark::Mcid(m.as_i64().unwrap()),
                        _ => Mark::Other,
                    };
                    if let Mark::Mcid(m) = mark {
                        assert!(!stack.iter().any(|s| matches!(s, Mark::Mcid(_))), "page {number}: MCID {m} nested");
                        mcids.push(m);
                    }
                    stack.push(mark);
                }
                "EMC" => {
                    stack.pop().expect("EMC without BDC");
                }
                "BT" | "ET" => {}
                other => assert!(
                    stack.iter().any(|s| *s != Mark::Other),
                    "page {number}: `{other}` is neither tagged content nor an artifact"
                ),
            }
        }
        assert!(stack.is_empty(), "page {number}: marked content left open");
        assert_eq!(mcids, (0..mcids.len() as i64).collect::<Vec<_>>(), "page {number}: MCIDs in order");
        if mcids.is_empty() {
            continue;
        }
        let key = page_dict.get(b"StructParents").expect("a page with MCIDs has /StructParents").as_i64().unwrap();
        let parents = entries.get(&key).expect("the parent tree has the page").as_array().unwrap();
        assert_eq!(parents.len(), mcids.len(), "page {number}: one parent per MCID");
        for (mcid, parent) in parents.iter().enumerate() {
            let want = tree.mcids.get(&(page, mcid as i64)).copied();
            assert!(want.is_some(), "page {number}: MCID {mcid} in no element");
            assert_eq!(element_of(parent), want, "page {number}: MCID {mcid}'s parent");
            seen += 1;
        }
        // Links: each annotation is in a Link element, with a description.
        let annots = match page_dict.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        for a in annots {
            let id = a.as_reference().unwrap();
            let annot = doc.get_dictionary(id).unwrap();
            let key = annot.get(b"StructParent").expect("a link has /StructParent").as_i64().unwrap();
            let element = tree.annotations.get(&id).copied().expect("a link in an element");
            assert_eq!(tree.elements[element].kind, "Link");
            assert_eq!(element_of(entries.get(&key).unwrap()), Some(element), "link's parent");
            assert!(text(doc, annot, b"Contents").is_some_and(|c| !c.trim().is_empty()), "link without /Contents");
            // A link within the document (a contents line) leads to a page with a heading.
            let action = dict(doc, annot.get(b"A").unwrap());
            if name(action, b"S").as_deref() == Some("GoTo") {
                let to = action.get(b"D").unwrap().as_array().unwrap()[0].as_reference().unwrap();
                let heading =
                    tree.mcids.range((to, 0)..=(to, i64::MAX)).any(|(_, &e)| tree.elements[e].kind.starts_with('H'));
                assert!(heading, "page {number}: a contents link to a page without a heading");
                links_within += 1;
            }
        }
    }
    assert_eq!(seen, tree.mcids.len(), "every MCID of the tree is on its page");
    let contents_lines = tree.elements.iter().filter(|e| e.kind == "TOCI").count();
    assert!(links_within >= contents_lines, "{contents_lines} contents lines, {links_within} links to headings");
}

/// A copy of the PDF without the text of its artifacts (their state
/// operators stay: the text after them may rely on a font they set).
fn without_artifacts(doc: &Document, out: &Path) {
    let mut doc = doc.clone();
    for (_, page) in doc.get_pages() {
        let ops = doc.get_and_decode_page_content(page).unwrap().operations;
        let mut depth = 0usize; // inside an artifact: how many sequences are open
        let mut kept = Vec::with_capacity(ops.len());
        for op in ops {
            match op.operator.as_str() {
                "BDC" | "BMC" if depth > 0 || op.operands[0].as_name().unwrap() == b"Artifact" => depth += 1,
                "EMC" if depth > 0 => depth -= 1,
                "Tj" | "TJ" | "'" | "\"" | "Do" if depth > 0 => continue,
                _ => {}
            }
            kept.push(op);
        }
        let bytes = Content { operations: kept }.encode().unwrap();
        doc.change_page_content(page, bytes).unwrap();
    }
    doc.save(out).unwrap();
}

/// The text poppler reads from the structure tree, element by element.
fn structure_text(pdf: &Path) -> String {
    let out = tool("pdfinfo", &["-struct-text", pdf.to_str().unwrap()]);
    assert!(out.status.success(), "pdfinfo -struct-text failed: {}", String::from_utf8_lossy(&out.stderr));
    let listing = String::from_utf8(out.stdout).unwrap();
    assert!(listing.starts_with("Document"), "pdfinfo -struct-text prints no structure:\n{listing}");
    listing.lines().map(str::trim).filter_map(|l| l.strip_prefix('"').and_then(|l| l.strip_suffix('"'))).collect()
}

/// poppler's structure reader takes each glyph's ToUnicode text, where sara
/// am is the nikhahit and sara aa a font draws it with (ActualText, which
/// pdftotext reads, has the source's ำ): compare them decomposed.
fn comparable(s: &str) -> String {
    squash(s).replace('\u{0E33}', "\u{0E4D}\u{0E32}")
}

/// The first place two texts differ, with some text around it.
fn first_difference(a: &str, b: &str) -> Option<String> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    if a.len() == b.len() && at == a.len() {
        return None;
    }
    let around = |s: &[char]| s[at.saturating_sub(30)..(at + 30).min(s.len())].iter().collect::<String>();
    Some(format!("at character {at}:\n  structure: {}\n  pdftotext: {}", around(&a), around(&b)))
}

/// Every check of the file header at `pdf`.
fn check_tagged(pdf: &Path) {
    let doc = Document::load(pdf).unwrap();
    let tree = read_tree(&doc);
    check_marked_content(&doc, &tree);
    for e in &tree.elements {
        if e.kind == "Figure" {
            assert!(e.alt.as_deref().is_some_and(|a| !a.trim().is_empty()), "a Figure without /Alt");
        }
    }
    // Headings: the first is an H1, and none is more than one level below the one before.
    let levels: Vec<u32> =
        tree.elements.iter().filter_map(|e| e.kind.strip_prefix('H').and_then(|l| l.parse().ok())).collect();
    assert!(!levels.is_empty(), "no headings");
    assert_eq!(levels[0], 1, "the first heading is an H1");
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "a heading skips a level: H{} after H{}", pair[1], pair[0]);
    }
    assert!(tree.elements.iter().all(|e| e.depth > 0 || e.kind == "Document"));
    // The structure's text is the document's, artifacts aside.
    let bare = pdf.with_extension("bare.pdf");
    without_artifacts(&doc, &bare);
    let want = comparable(&pdftotext(&bare, &["-raw"]));
    let got = comparable(&structure_text(pdf));
    assert!(want.chars().count() > 500, "too little text to compare");
    if let Some(d) = first_difference(&got, &want) {
        panic!("the structure's text is not the document's {d}");
    }
    let check = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && report.contains("No syntax or stream encoding errors"),
        "qpdf --check:\n{report}"
    );
}

/// Builds a product twice; checks the file is the same both times and tagged.
fn product(args: &[&str], copy: (&str, &str)) {
    let run = Test::new().copy(copy.0, copy.1).args(args).run().success();
    let out = run.dir.join(args[args.iter().position(|a| *a == "-o").unwrap() + 1]);
    let first = std::fs::read(&out).unwrap();
    let again = common::run_in(&run.dir, args, &[]);
    assert!(again.status.success());
    assert!(std::fs::read(&out).unwrap() == first, "the PDF differs from one run to the next");
    check_tagged(&out);
}

#[test]
fn astana_pack_is_tagged() {
    product(&["build", "briefs/trips/astana-2026-12.toml", "-o", "pack.pdf"], ("briefs", "briefs"));
}

#[test]
fn seoul_pack_is_tagged() {
    product(&["build", "briefs/trips/seoul-2027-03.toml", "-o", "pack.pdf"], ("briefs", "briefs"));
}

#[test]
fn monthly_report_is_tagged() {
    product(&["monthly", "--month", "2023-02", "-o", "monthly.pdf", "briefs"], ("briefs", "briefs"));
}

#[test]
fn thai_sample_is_tagged() {
    product(&["render", "doc.xml", "-o", "doc.pdf"], ("tests/fixtures/thai-sample.xml", "doc.xml"));
}
