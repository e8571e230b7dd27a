//! The cross-reference stream, compressed.
//!
//! lopdf writes the cross-reference stream (one 7-byte entry per object)
//! without a filter, and has no option for one. In a tagged document the
//! structure elements are most of the objects, so that stream was a twentieth
//! of a 46-page PDF (11.8 of 258 KB). Flate over the PNG Up predictor (what
//! qpdf, Acrobat and Typst write) takes it to about 0.7 KB: consecutive
//! entries differ in a byte or two. The stream is the file's last object, so
//! it is re-encoded in place and nothing before it moves.

use std::io::Write as _;

use lopdf::{Dictionary, Object};

use crate::error::{Error, Result};

/// Re-encode the cross-reference stream at the end of `bytes`, a PDF lopdf
/// has just saved, whose stream dictionary lopdf left in `trailer`.
pub(super) fn compress(bytes: &mut Vec<u8>, trailer: &Dictionary) -> Result<()> {
    let unexpected = |what: &str| Error::other(format!("lopdf wrote a cross-reference stream {what}"));
    let raw_len = trailer.get(b"Length").and_then(Object::as_i64).map_err(|_| unexpected("without a length"))?;
    let columns: i64 = match trailer.get(b"W") {
        Ok(Object::Array(widths)) => widths.iter().filter_map(|w| w.as_i64().ok()).sum(),
        _ => return Err(unexpected("without field widths")),
    };
    if trailer.has(b"Filter") || columns <= 0 {
        return Err(unexpected("already filtered"));
    }
    let (raw_len, columns) = (raw_len as usize, columns as usize);
    let marker = b"\nstartxref\n";
    let tail = find_last(bytes, marker).ok_or_else(|| unexpected("without startxref"))?;
    let start: usize = std::str::from_utf8(&bytes[tail + marker.len()..])
        .ok()
        .and_then(|s| s.lines().next())
        .and_then(|s| s.trim().parse().ok())
        .ok_or_else(|| unexpected("without its offset"))?;
    let data_at = start
        + find_first(bytes.get(start..tail).unwrap_or_default(), b"stream\n")
            .ok_or_else(|| unexpected("unfinished"))?
        + b"stream\n".len();
    let data_end = data_at + raw_len;
    if !bytes.get(data_end..).is_some_and(|rest| rest.starts_with(b"\nendstream")) || raw_len % columns != 0 {
        return Err(unexpected("of another length than it says"));
    }
    let length_key = format!("/Length {raw_len}").into_bytes();
    let key_at = start
        + find_first(&bytes[start..data_at], &length_key).ok_or_else(|| unexpected("without its /Length written"))?;
    let encoded = encode(&bytes[data_at..data_end], columns)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..key_at]);
    let _ = write!(out, "/Length {}/Filter/FlateDecode/DecodeParms<</Columns {columns}/Predictor 12>>", encoded.len());
    out.extend_from_slice(&bytes[key_at + length_key.len()..data_at]);
    out.extend_from_slice(&encoded);
    out.extend_from_slice(&bytes[data_end..]);
    *bytes = out;
    Ok(())
}

/// Rows of `columns` bytes, each as the PNG Up filter writes it (filter
/// byte 2, then each byte minus the one above), deflated.
fn encode(data: &[u8], columns: usize) -> Result<Vec<u8>> {
    let mut predicted = Vec::with_capacity(data.len() + data.len() / columns);
    let mut above: &[u8] = &vec![0; columns];
    for row in data.chunks(columns) {
        predicted.push(2);
        predicted.extend(row.iter().zip(above).map(|(b, a)| b.wrapping_sub(*a)));
        above = row;
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&predicted).and_then(|_| z.finish()).map_err(|e| Error::other(format!("cannot compress: {e}")))
}

fn find_first(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `n` small objects, saved as `write` saves it.
    fn saved(n: usize) -> (Vec<u8>, lopdf::Document) {
        let mut doc = lopdf::Document::with_version("1.7");
        let pages = doc.new_object_id();
        let mut kids = Vec::new();
        for i in 0..n {
            let page = doc.add_object(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                ("Rotate", Object::Integer(0)),
                ("UserUnit", Object::Real(1.0 + i as f32 / 1000.0)),
            ]));
            kids.push(Object::Reference(page));
        }
        doc.objects.insert(
            pages,
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Count", Object::Integer(n as i64)),
                ("Kids", Object::Array(kids)),
            ])),
        );
        let catalog = doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut bytes = Vec::new();
        let options = lopdf::SaveOptions {
            use_object_streams: true,
            use_xref_streams: true,
            object_stream_config: lopdf::ObjectStreamConfig { max_objects_per_stream: 50, compression_level: 6 },
            ..Default::default()
        };
        doc.save_with_options(&mut bytes, options).unwrap();
        (bytes, doc)
    }

    #[test]
    fn the_compressed_stream_reads_back_as_the_same_objects() {
        let (raw, doc) = saved(300);
        let mut bytes = raw.clone();
        compress(&mut bytes, &doc.trailer).unwrap();
        assert!(bytes.len() < raw.len() - 1500, "{} -> {} bytes", raw.len(), bytes.len());
        let (a, b) = (lopdf::Document::load_mem(&raw).unwrap(), lopdf::Document::load_mem(&bytes).unwrap());
        assert_eq!(a.get_pages().len(), 300);
        assert_eq!(b.get_pages().len(), 300);
        assert_eq!(a.objects.len(), b.objects.len());
        for (id, object) in &a.objects {
            let other = b.get_object(*id).unwrap();
            if object.type_name().is_ok_and(|t| t == b"XRef") {
                // The one object that changed: its entries, decoded, are the same.
                let (x, y) = (object.as_stream().unwrap(), other.as_stream().unwrap());
                assert_eq!(y.decompressed_content().unwrap(), x.content);
                assert_eq!(y.dict.get(b"Index").unwrap(), x.dict.get(b"Index").unwrap());
                continue;
            }
            assert_eq!(format!("{object:?}"), format!("{other:?}"), "object {id:?}");
        }
    }

    #[test]
    fn a_stream_of_another_shape_is_an_error_not_a_guess() {
        let (raw, doc) = saved(3);
        let mut trailer = doc.trailer.clone();
        trailer.set("Length", Object::Integer(5));
        let mut bytes = raw.clone();
        assert!(compress(&mut bytes, &trailer).is_err());
        assert_eq!(bytes, raw);
        let mut filtered = doc.trailer.clone();
        filtered.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        assert!(compress(&mut bytes, &filtered).is_err());
    }
}
