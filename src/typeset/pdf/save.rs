//! The document as bytes: every object but the streams in object streams,
//! and a compressed cross-reference stream (PDF 1.5).
//!
//! Written by hand rather than with lopdf's `save_with_options`, which
//! serialises each object of an object stream three times (twice to measure
//! offsets, once for the stream: 55 M instructions, 15 ms, for the 1,900
//! objects of a tagged 53-page document) and leaves the cross-reference
//! stream unfiltered (7 bytes an object, 11.8 KB on 46 pages). Here each
//! object is written once, and the cross-reference stream goes through
//! Flate over the PNG Up predictor, as qpdf, Acrobat and Typst write it.
//! lopdf keeps the document model; only its writer is replaced.

use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::error::{Error, Result};

/// Objects in one object stream (each stream is compressed on its own).
const PER_STREAM: usize = 500;
/// Bytes of a cross-reference entry: type, offset or stream, generation or index.
const WIDTHS: [usize; 3] = [1, 4, 2];

/// Where each object is, for the cross-reference stream.
#[derive(Clone, Copy)]
enum Entry {
    Free,
    At(usize),
    InStream { stream: u32, index: usize },
}

/// `doc` as a PDF file; its trailer gives Root, Info and ID.
pub(super) fn save(doc: &Document) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256 * 1024);
    let _ = write!(out, "%PDF-{}\n%", doc.version);
    out.extend_from_slice(&doc.binary_mark);
    out.push(b'\n');
    let next_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0) + 1;
    let (packed, direct): (Vec<_>, Vec<_>) =
        doc.objects.iter().partition(|(id, o)| id.1 == 0 && !matches!(o, Object::Stream(_)));
    let stream_count = packed.len().div_ceil(PER_STREAM) as u32;
    let mut entries = vec![Entry::Free; (next_id + stream_count + 1) as usize];
    for (&(id, generation), object) in direct {
        entries[id as usize] = Entry::At(out.len());
        let _ = writeln!(out, "{id} {generation} obj");
        write_object(&mut out, object);
        out.extend_from_slice(b"\nendobj\n");
    }
    for (n, chunk) in packed.chunks(PER_STREAM).enumerate() {
        let stream = next_id + n as u32;
        entries[stream as usize] = Entry::At(out.len());
        for (index, ((id, _), _)) in chunk.iter().enumerate() {
            entries[*id as usize] = Entry::InStream { stream, index };
        }
        object_stream(&mut out, stream, chunk)?;
    }
    let xref_id = next_id + stream_count;
    let xref_at = out.len();
    entries[xref_id as usize] = Entry::At(xref_at);
    xref_stream(&mut out, xref_id, &entries, &doc.trailer)?;
    let _ = write!(out, "startxref\n{xref_at}\n%%EOF");
    Ok(out)
}

/// One object stream: the objects of `chunk` (ids and offsets, then the
/// objects), deflated.
fn object_stream(out: &mut Vec<u8>, id: u32, chunk: &[(&ObjectId, &Object)]) -> Result<()> {
    let (mut header, mut body) = (Vec::new(), Vec::with_capacity(chunk.len() * 48));
    for ((object_id, _), object) in chunk {
        let _ = write!(header, "{object_id} {} ", body.len());
        write_object(&mut body, object);
        body.push(b'\n');
    }
    let first = header.len();
    header.extend_from_slice(&body);
    let packed = deflate(&header, 6)?;
    let _ = write!(
        out,
        "{id} 0 obj\n<</Type/ObjStm/N {}/First {first}/Filter/FlateDecode/Length {}>>stream\n",
        chunk.len(),
        packed.len()
    );
    out.extend_from_slice(&packed);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Ok(())
}

/// The cross-reference stream (object `id`), which is also the trailer.
fn xref_stream(out: &mut Vec<u8>, id: u32, entries: &[Entry], trailer: &Dictionary) -> Result<()> {
    let columns: usize = WIDTHS.iter().sum();
    let mut rows = Vec::with_capacity(entries.len() * columns);
    for (n, entry) in entries.iter().enumerate() {
        let (kind, field, field2) = match *entry {
            // Object 0 heads the free list; the rest are free and point back to it.
            Entry::Free => (0u8, 0u32, if n == 0 { 65535u16 } else { 0 }),
            Entry::At(offset) => (1, u32::try_from(offset).map_err(|_| too_big())?, 0),
            Entry::InStream { stream, index } => (2, stream, u16::try_from(index).map_err(|_| too_big())?),
        };
        rows.push(kind);
        rows.extend_from_slice(&field.to_be_bytes());
        rows.extend_from_slice(&field2.to_be_bytes());
    }
    let packed = deflate(&up_predicted(&rows, columns), 9)?;
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XRef".to_vec()));
    dict.set("Size", Object::Integer(entries.len() as i64));
    dict.set("W", Object::Array(WIDTHS.iter().map(|&w| Object::Integer(w as i64)).collect()));
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = trailer.get(key) {
            dict.set(key.to_vec(), value.clone());
        }
    }
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let parms =
        Dictionary::from_iter(vec![("Columns", Object::Integer(columns as i64)), ("Predictor", Object::Integer(12))]);
    dict.set("DecodeParms", Object::Dictionary(parms));
    dict.set("Length", Object::Integer(packed.len() as i64));
    let _ = writeln!(out, "{id} 0 obj");
    write_object(out, &Object::Dictionary(dict));
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(&packed);
    out.extend_from_slice(b"\nendstream\nendobj\n");
    Ok(())
}

fn too_big() -> Error {
    Error::other("the PDF is over 4 GB or an object stream over 65,535 objects")
}

/// Rows of `columns` bytes as the PNG Up filter writes them: filter byte 2,
/// then each byte minus the one above (consecutive entries differ in a byte
/// or two, so this deflates to a twentieth).
fn up_predicted(data: &[u8], columns: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / columns);
    let mut above: &[u8] = &vec![0; columns];
    for row in data.chunks(columns) {
        out.push(2);
        out.extend(row.iter().zip(above).map(|(b, a)| b.wrapping_sub(*a)));
        above = row;
    }
    out
}

fn deflate(data: &[u8], level: u32) -> Result<Vec<u8>> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::with_capacity(data.len() / 3), flate2::Compression::new(level));
    z.write_all(data).and_then(|_| z.finish()).map_err(|e| Error::other(format!("cannot compress: {e}")))
}

/// An object in PDF syntax (ISO 32000-1, 7.3). A delimiter needs no space
/// before it; between two tokens of regular characters there is one.
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        // Rust writes an f32 without an exponent, as PDF needs.
        Object::Real(r) => {
            let _ = write!(out, "{r}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => write_literal(out, text),
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in text {
                let _ = write!(out, "{b:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && !starts_with_delimiter(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict, None),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict, Some(stream.content.len()));
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

/// A dictionary; a stream's with its `/Length` (`length`) whatever the
/// dictionary said.
fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        if length.is_some() && key.as_slice() == b"Length" {
            continue;
        }
        write_name(out, key);
        if !starts_with_delimiter(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    if let Some(length) = length {
        let _ = write!(out, "/Length {length}");
    }
    out.extend_from_slice(b">>");
}

fn starts_with_delimiter(object: &Object) -> bool {
    matches!(
        object,
        Object::Name(_) | Object::String(..) | Object::Array(_) | Object::Dictionary(_) | Object::Stream(_)
    )
}

/// `/Name`, with `#xx` for what a name cannot hold as it is.
fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

/// `(text)` with `\` before each backslash and parenthesis, and `\r` for
/// a carriage return (a reader would take a bare one for a line end).
fn write_literal(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'(');
    for &b in text {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `n` pages of every kind of object, with a stream.
    fn document(n: usize) -> Document {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let content = doc.add_object(lopdf::Stream::new(Dictionary::new(), b"BT /F1 12 Tf (a\\)b) Tj ET".to_vec()));
        let mut kids = Vec::new();
        for i in 0..n {
            let page = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                ("Contents", Object::Reference(content)),
                ("UserUnit", Object::Real(1.0 + i as f32 / 1000.0)),
                ("Odd Name#", Object::Boolean(i % 2 == 1)),
                ("T", Object::String(b"(x\r) \\ y".to_vec(), StringFormat::Literal)),
                ("H", Object::String(vec![0xFE, 0xFF, 0x0E, 0x01], StringFormat::Hexadecimal)),
                ("N", Object::Array(vec![Object::Null, Object::Integer(-3), Object::Name(b"A".to_vec())])),
            ]));
            kids.push(Object::Reference(page));
        }
        let tree = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(n as i64)),
            ("Kids", Object::Array(kids)),
        ]);
        doc.objects.insert(pages, Object::Dictionary(tree));
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        doc
    }

    #[test]
    fn the_file_reads_back_as_the_same_objects() {
        let doc = document(1200); // three object streams
        let bytes = save(&doc).unwrap();
        let back = Document::load_mem(&bytes).unwrap();
        assert_eq!(back.get_pages().len(), 1200);
        for (id, object) in &doc.objects {
            let other = back.get_object(*id).unwrap_or_else(|e| panic!("{id:?}: {e}"));
            match (object, other) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                _ => assert_eq!(format!("{object:?}"), format!("{other:?}"), "object {id:?}"),
            }
        }
        assert_eq!(save(&doc).unwrap(), bytes, "same document, same bytes");
    }

    #[test]
    fn streams_stay_outside_object_streams_and_the_xref_is_compressed() {
        let bytes = save(&document(3)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.7\n%"));
        assert!(text.contains("obj\n<</Length 25>>stream\nBT /F1 12 Tf (a\\)b) Tj ET\nendstream"), "{text}");
        let xref = &text[text.rfind("/Type/XRef").unwrap()..];
        assert!(xref.contains("/Filter/FlateDecode/DecodeParms<</Columns 7/Predictor 12>>"), "{xref}");
        assert!(text.ends_with("%%EOF"));
    }

    #[test]
    fn names_and_strings_are_escaped() {
        let mut out = Vec::new();
        write_name(&mut out, b"A B#(c)");
        write_literal(&mut out, b"a(b)\\\r");
        assert_eq!(out, b"/A#20B#23#28c#29(a\\(b\\)\\\\\\r)");
    }
}
