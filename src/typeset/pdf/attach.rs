//! Files attached to a PDF, as PDF/A-3 (ISO 19005-3, 6.8) wants them: each
//! an embedded file stream with its MIME type, size and MD5 checksum, and a
//! file specification with its name (/F and /UF), a description and its
//! relationship to the document (/AFRelationship), listed both in the
//! catalog's /AF array (what PDF/A-3 reads) and in the /EmbeddedFiles name
//! tree (what viewers list). And back: [`read`] finds the files attached to
//! a PDF, for `briefpack extract`.
//!
//! lopdf reads and writes the objects; what goes into them is PDF's own
//! structure, which no crate briefpack uses writes for it (printpdf 0.12
//! has no attachments).

use std::collections::BTreeSet;
use std::path::Path;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use md5::{Digest, Md5};

use crate::error::{Error, Result};

/// A file attached to a PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Its path, relative, with `/` between folders: `trips/astana-2026-12.toml`.
    pub name: String,
    pub data: Vec<u8>,
    /// What it is, shown in a viewer's list of attachments.
    pub description: String,
    /// Its MIME type: `application/toml`.
    pub mime: String,
}

/// A name or a text in a PDF string: ASCII as it is, anything else in
/// UTF-16BE with its byte order mark (a PDF "text string").
fn text(s: &str) -> Object {
    super::text_string(s)
}

/// Attach `files` to the document whose catalog is `root`, as the source
/// data of the document (/AFRelationship /Source). `date` (from
/// SOURCE_DATE_EPOCH) is each file's /ModDate; without it there is none, so
/// that the output depends on the files' contents only.
pub(super) fn embed(lo: &mut lopdf::Document, root: ObjectId, files: &[Attachment], date: Option<&str>) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    // A name tree's keys are in byte order of their strings (PDF 1.7, 7.9.6).
    let mut sorted: Vec<(Vec<u8>, &Attachment)> = files.iter().map(|f| (key(&f.name), f)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = sorted.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(Error::other(format!("two files to attach are both named {}", w[0].1.name)));
    }
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let mut tree = Vec::with_capacity(sorted.len() * 2);
    let mut af = Vec::with_capacity(sorted.len());
    for (_, file) in sorted {
        let mut params = Dictionary::new();
        params.set("Size", Object::Integer(file.data.len() as i64));
        params.set("CheckSum", Object::String(Md5::digest(&file.data).to_vec(), StringFormat::Hexadecimal));
        if let Some(d) = date {
            params.set("ModDate", Object::string_literal(d));
        }
        let stream = Stream::new(
            Dictionary::from_iter(vec![
                ("Type", name("EmbeddedFile")),
                ("Subtype", name(&file.mime)),
                ("Params", Object::Dictionary(params)),
            ]),
            file.data.clone(),
        );
        let stream = lo.add_object(stream);
        let ef = Dictionary::from_iter(vec![("F", Object::Reference(stream)), ("UF", Object::Reference(stream))]);
        let spec = lo.add_object(Dictionary::from_iter(vec![
            ("Type", name("Filespec")),
            ("F", text(&file.name)),
            ("UF", text(&file.name)),
            ("Desc", text(&file.description)),
            ("AFRelationship", name("Source")),
            ("EF", Object::Dictionary(ef)),
        ]));
        tree.push(text(&file.name));
        tree.push(Object::Reference(spec));
        af.push(Object::Reference(spec));
    }
    let embedded = Dictionary::from_iter(vec![("Names", Object::Array(tree))]);
    let catalog =
        lo.get_object_mut(root).and_then(Object::as_dict_mut).map_err(|e| Error::other(format!("PDF catalog: {e}")))?;
    let mut names = match catalog.get(b"Names") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    names.set("EmbeddedFiles", Object::Dictionary(embedded));
    catalog.set("Names", Object::Dictionary(names));
    catalog.set("AF", Object::Array(af));
    Ok(())
}

/// The bytes of a name-tree key: those of the name as a text string.
fn key(name: &str) -> Vec<u8> {
    match text(name) {
        Object::String(bytes, _) => bytes,
        _ => name.as_bytes().to_vec(),
    }
}

/// The largest attached file [`read`] unpacks: far above any data file, far
/// below what would exhaust memory (a small stream can inflate to gigabytes).
const MAX_FILE: usize = 256 << 20;

/// How deep a name tree [`read`] follows: real trees are two or three levels.
const MAX_DEPTH: usize = 32;

/// The files attached to the PDF `bytes` (read from `file`, named in
/// messages): those of the /EmbeddedFiles name tree and of the catalog's
/// /AF array, each once, in the order of the tree. A file whose size or MD5
/// checksum is not the one recorded for it is an error: the PDF was damaged
/// or altered.
pub fn read(file: &Path, bytes: &[u8]) -> Result<Vec<Attachment>> {
    let shown = file.display();
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| {
        Error::with_help(format!("cannot read {shown} as a PDF: {e}"), "check that it is a PDF, and complete")
    })?;
    let catalog = doc.catalog().map_err(|e| Error::other(format!("{shown}: the PDF has no catalog: {e}")))?;
    let mut specs: Vec<(Option<ObjectId>, &Dictionary, Option<String>)> = Vec::new();
    if let Ok(names) = catalog.get(b"Names").and_then(|n| doc.dereference(n)).and_then(|(_, n)| n.as_dict())
        && let Ok((_, tree)) = names.get(b"EmbeddedFiles").and_then(|t| doc.dereference(t))
    {
        name_tree(&doc, tree, 0, &mut BTreeSet::new(), &mut specs);
    }
    if let Ok((_, Object::Array(af))) = catalog.get(b"AF").and_then(|a| doc.dereference(a)) {
        for spec in af {
            if let Ok((id, Object::Dictionary(d))) = doc.dereference(spec) {
                specs.push((id, d, None));
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (id, spec, key) in specs {
        if id.is_some_and(|id| !seen.insert(id)) {
            continue;
        }
        if let Some(a) = attachment(&doc, spec, key).map_err(|why| Error::other(format!("{shown}: {why}")))? {
            out.push(a);
        }
    }
    Ok(out)
}

/// The file specifications of a name tree node and its kids, with their keys.
fn name_tree<'a>(
    doc: &'a lopdf::Document,
    node: &'a Object,
    depth: usize,
    visited: &mut BTreeSet<ObjectId>,
    out: &mut Vec<(Option<ObjectId>, &'a Dictionary, Option<String>)>,
) {
    let Ok(node) = node.as_dict() else { return };
    if depth > MAX_DEPTH {
        return;
    }
    if let Ok(Object::Array(pairs)) = node.get(b"Names").and_then(|n| doc.dereference(n)).map(|(_, n)| n) {
        for pair in pairs.chunks(2) {
            if let [k, v] = pair
                && let Ok((id, Object::Dictionary(spec))) = doc.dereference(v)
            {
                out.push((id, spec, lopdf::decode_text_string(k).ok()));
            }
        }
    }
    if let Ok(Object::Array(kids)) = node.get(b"Kids").and_then(|k| doc.dereference(k)).map(|(_, k)| k) {
        for kid in kids {
            // A kid met twice is a loop (or a damaged file): followed once.
            if let Ok((id, kid)) = doc.dereference(kid)
                && id.is_none_or(|id| visited.insert(id))
            {
                name_tree(doc, kid, depth + 1, visited, out);
            }
        }
    }
}

/// The file a file specification embeds (none when it only names an
/// outside file): its name is /UF, else /F, else its key in the name tree.
fn attachment(
    doc: &lopdf::Document,
    spec: &Dictionary,
    key: Option<String>,
) -> std::result::Result<Option<Attachment>, String> {
    let string = |k: &[u8]| {
        spec.get(k).ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| lopdf::decode_text_string(o).ok())
    };
    let Some(name) = string(b"UF").or_else(|| string(b"F")).or(key) else {
        return Err("an attached file has no name".into());
    };
    let Ok((_, Object::Dictionary(ef))) = spec.get(b"EF").and_then(|e| doc.dereference(e)) else {
        return Ok(None);
    };
    let stream = match ef.get(b"UF").or_else(|_| ef.get(b"F")).and_then(|s| doc.dereference(s)) {
        Ok((_, Object::Stream(s))) => s,
        _ => return Err(format!("the attached file {name} has no contents")),
    };
    let data = stream
        .decompressed_content_with_limit(MAX_FILE)
        .map_err(|e| format!("the attached file {name} cannot be unpacked: {e}"))?;
    let params = stream.dict.get(b"Params").and_then(|p| doc.dereference(p)).and_then(|(_, p)| p.as_dict()).ok();
    if let Some(size) = params.and_then(|p| p.get(b"Size").and_then(Object::as_i64).ok())
        && size != data.len() as i64
    {
        return Err(format!("the attached file {name} is damaged: {} bytes, where the PDF says {size}", data.len()));
    }
    if let Some(sum) = params.and_then(|p| p.get(b"CheckSum").and_then(Object::as_str).ok())
        && sum != Md5::digest(&data).as_slice()
    {
        return Err(format!("the attached file {name} is damaged: its MD5 checksum is not the one the PDF records"));
    }
    let mime = stream.dict.get(b"Subtype").and_then(Object::as_name).map(|m| String::from_utf8_lossy(m).into_owned());
    Ok(Some(Attachment {
        name,
        data,
        description: string(b"Desc").unwrap_or_default(),
        mime: mime.unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, data: &str) -> Attachment {
        Attachment { name: name.into(), data: data.into(), description: "d".into(), mime: "application/toml".into() }
    }

    /// A one-page document with `files` attached, saved and compressed as `write` does.
    fn pdf(files: &[Attachment], date: Option<&str>) -> Vec<u8> {
        let mut lo = super::super::tests::bare();
        lo.version = "1.7".into();
        let root = lo.trailer.get(b"Root").and_then(Object::as_reference).unwrap();
        embed(&mut lo, root, files, date).unwrap();
        super::super::compress_streams(&mut lo);
        let mut out = Vec::new();
        lo.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn attached_files_come_back_as_they_went_in_in_the_order_of_their_keys() {
        let files = [
            file("trips/b.toml", "id = \"b\"\n"),
            file("cities/ไทย.toml", &"x = 1\n".repeat(500)),
            file("cities/a.toml", ""),
        ];
        let bytes = pdf(&files, None);
        let back = read(Path::new("t.pdf"), &bytes).unwrap();
        // A key's bytes: ASCII as it is, other names in UTF-16 after FE FF.
        let names: Vec<&str> = back.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["cities/a.toml", "trips/b.toml", "cities/ไทย.toml"]);
        assert!(back == [files[2].clone(), files[0].clone(), files[1].clone()], "contents differ");
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        assert_eq!(catalog.get(b"AF").unwrap().as_array().unwrap().len(), 3);
        let stream = doc.objects.values().find_map(|o| o.as_stream().ok().filter(|s| s.dict.has(b"Params"))).unwrap();
        let params = stream.dict.get(b"Params").unwrap().as_dict().unwrap();
        assert!(params.get(b"ModDate").is_err(), "no date without SOURCE_DATE_EPOCH");
        assert_eq!(params.get(b"CheckSum").unwrap().as_str().unwrap().len(), 16);
        assert!(String::from_utf8_lossy(&bytes).contains("/Subtype/application#2Ftoml"));
        let dated = pdf(&files, Some("D:20251201000000Z"));
        assert!(String::from_utf8_lossy(&dated).contains("/ModDate(D:20251201000000Z)"));
    }

    #[test]
    fn a_pdf_without_attachments_has_none_and_a_changed_one_is_damaged() {
        assert_eq!(read(Path::new("t.pdf"), &pdf(&[], None)).unwrap(), []);
        // Same length, other bytes: the size agrees, the checksum does not.
        let bytes = pdf(&[file("a.toml", "abc")], None);
        let at = bytes.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
        let mut changed = bytes.clone();
        assert_eq!(&changed[at..at + 3], b"abc");
        changed[at..at + 3].copy_from_slice(b"abd");
        let e = read(Path::new("t.pdf"), &changed).unwrap_err().to_string();
        assert!(e.contains("t.pdf: the attached file a.toml is damaged: its MD5 checksum"), "{e}");
        let e = read(Path::new("t.pdf"), b"not a PDF").unwrap_err().to_string();
        assert!(e.contains("cannot read t.pdf as a PDF"), "{e}");
    }

    #[test]
    fn two_files_of_one_name_are_refused() {
        let mut lo = lopdf::Document::with_version("1.7");
        let root = lo.add_object(Dictionary::new());
        let e = embed(&mut lo, root, &[file("a.toml", "1"), file("a.toml", "2")], None).unwrap_err();
        assert!(e.to_string().contains("two files to attach are both named a.toml"), "{e}");
    }
}
