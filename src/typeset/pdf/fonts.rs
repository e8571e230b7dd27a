//! The document's fonts: each face subset to the glyphs used (Typst's
//! `subsetter`) and embedded as a composite font (Type0 with Identity-H),
//! whose codes are the subset's glyph ids.
//!
//! The PDF objects are written here rather than by printpdf: printpdf's
//! subsetting needs every glyph drawn through its own operations, and its
//! codes then have to be read back from its output. What a composite font
//! needs (PDF 32000-1, 9.7) is a handful of dictionaries around the subset:
//! widths (/W), a descriptor with the face's metrics, and a ToUnicode CMap.

use lopdf::{Dictionary, Object, ObjectId, Stream};
use read_fonts::TableProvider as _;
use read_fonts::types::{NameId, Tag};
use sha2::{Digest, Sha256};

use super::GlyphTable;
use crate::error::{Error, Result};
use crate::typeset::text::fonts::{FaceId, FontBook};

/// What ToUnicode gives a glyph that stands for no character of its own
/// (a glyph a cluster's other glyphs took all the text from): PDF/A wants a
/// value for every code, and a zero-width space reads as nothing in Thai.
const NO_TEXT: &str = "\u{200B}";

/// Subset and embed every face the glyph table uses, set each glyph's code
/// in the table, and return the `/Font` resources (`/F<face>` for each).
pub(super) fn embed(lo: &mut lopdf::Document, book: &FontBook, table: &mut GlyphTable) -> Result<Dictionary> {
    let used: Vec<(FaceId, Vec<u16>)> = table
        .iter()
        .enumerate()
        .map(|(face, entries)| {
            (face, (0..entries.len()).filter(|&g| entries[g].text.is_some()).map(|g| g as u16).collect::<Vec<_>>())
        })
        .filter(|(_, gids)| !gids.is_empty())
        .collect();
    // Faces are independent: subset them on all cores (a `Face` caches
    // lookups in a `RefCell`, so the threads get what they read of it).
    let sources: Vec<Source> = used
        .iter()
        .map(|(face, gids)| {
            let f = book.face(*face);
            Source { name: &f.name, bytes: &f.bytes, ascender: f.ascender, descender: f.descender, gids }
        })
        .collect();
    let subsets: Vec<Result<Subset>> = {
        use rayon::prelude::*;
        sources.par_iter().map(Subset::new).collect()
    };
    let mut resources = Dictionary::new();
    for ((face, gids), subset) in used.iter().zip(subsets) {
        let subset = subset?;
        let entries = &mut table[*face];
        for (&gid, &code) in gids.iter().zip(&subset.codes) {
            entries[gid as usize].code = code;
        }
        let glyphs: Vec<Glyph> = gids
            .iter()
            .map(|&gid| {
                let e = &entries[gid as usize];
                let text = e.text.as_deref().filter(|t| !t.is_empty()).unwrap_or(NO_TEXT);
                Glyph { code: e.code, width: e.width, text }
            })
            .collect();
        let id = subset.write(lo, &glyphs);
        resources.set(format!("F{face}"), Object::Reference(id));
    }
    Ok(resources)
}

/// What subsetting reads of a face.
struct Source<'a> {
    name: &'a str,
    bytes: &'a [u8],
    /// In font units, as layout used them.
    ascender: f32,
    descender: f32,
    /// The glyphs used, ascending.
    gids: &'a [u16],
}

/// A used glyph as the PDF sees it.
struct Glyph<'a> {
    code: u16,
    /// Thousandths of an em, as the content streams advance the pen.
    width: f32,
    text: &'a str,
}

/// One face, subset.
struct Subset {
    /// The new glyph id (= the PDF code) of each glyph asked for, in order.
    codes: Vec<u16>,
    /// The font program: a TrueType file, or a bare CFF table.
    program: Vec<u8>,
    cff: bool,
    descriptor: Descriptor,
}

/// The face's own metrics for the font descriptor (in thousandths of an em).
struct Descriptor {
    /// `TAG+PostScriptName`.
    name: String,
    flags: i64,
    bbox: [f32; 4],
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
}

impl Subset {
    fn new(face: &Source) -> Result<Subset> {
        let gids = face.gids;
        let fail = |what: String| Error::other(format!("cannot embed the font {}: {what}", face.name));
        let mut remapper = subsetter::GlyphRemapper::new();
        let codes: Vec<u16> = gids.iter().map(|&g| remapper.remap(g)).collect();
        let sfnt = subsetter::subset(face.bytes, 0, &remapper).map_err(|e| fail(e.to_string()))?;
        let font = read_fonts::FontRef::from_index(face.bytes, 0).map_err(|e| fail(e.to_string()))?;
        let cff = font.table_data(Tag::new(b"CFF ")).is_some();
        let program = if cff {
            // A CFF font goes into the PDF as its CFF table alone (FontFile3 /CIDFontType0C).
            let subset = read_fonts::FontRef::new(&sfnt).map_err(|e| fail(e.to_string()))?;
            subset.table_data(Tag::new(b"CFF ")).ok_or_else(|| fail("no CFF table".into()))?.as_bytes().to_vec()
        } else {
            sfnt
        };
        let descriptor = Descriptor::new(face, &font, gids).map_err(|e| fail(e.to_string()))?;
        Ok(Subset { codes, program, cff, descriptor })
    }

    /// The Type0 font, its CIDFont, descriptor, program and ToUnicode.
    fn write(self, lo: &mut lopdf::Document, glyphs: &[Glyph]) -> ObjectId {
        let name = |n: &str| Object::Name(n.as_bytes().to_vec());
        let Subset { program, cff, descriptor: d, .. } = self;
        let mut file = Dictionary::new();
        if cff {
            file.set("Subtype", name("CIDFontType0C"));
        } else {
            file.set("Length1", Object::Integer(program.len() as i64));
        }
        let file = lo.add_object(Stream::new(file, program));
        let thousandths = |v: f32| Object::Integer(v.round() as i64);
        let descriptor = lo.add_object(Dictionary::from_iter(vec![
            ("Type", name("FontDescriptor")),
            ("FontName", name(&d.name)),
            ("Flags", Object::Integer(d.flags)),
            ("FontBBox", Object::Array(d.bbox.iter().map(|&v| thousandths(v)).collect())),
            ("ItalicAngle", Object::Real(d.italic_angle)),
            ("Ascent", thousandths(d.ascent)),
            ("Descent", thousandths(d.descent)),
            ("CapHeight", thousandths(d.cap_height)),
            ("StemV", thousandths(d.stem_v)),
            (if cff { "FontFile3" } else { "FontFile2" }, Object::Reference(file)),
        ]));
        let system_info = Dictionary::from_iter(vec![
            ("Registry", Object::string_literal("Adobe")),
            ("Ordering", Object::string_literal("Identity")),
            ("Supplement", Object::Integer(0)),
        ]);
        let mut cid_font = Dictionary::from_iter(vec![
            ("Type", name("Font")),
            ("Subtype", name(if cff { "CIDFontType0" } else { "CIDFontType2" })),
            ("BaseFont", name(&d.name)),
            ("CIDSystemInfo", Object::Dictionary(system_info)),
            ("FontDescriptor", Object::Reference(descriptor)),
            ("W", widths(glyphs)),
        ]);
        if !cff {
            // The codes are the subset's glyph ids.
            cid_font.set("CIDToGIDMap", name("Identity"));
        }
        let cid_font = lo.add_object(cid_font);
        let to_unicode = lo.add_object(Stream::new(Dictionary::new(), to_unicode(glyphs)));
        lo.add_object(Dictionary::from_iter(vec![
            ("Type", name("Font")),
            ("Subtype", name("Type0")),
            ("BaseFont", name(&d.name)),
            ("Encoding", name("Identity-H")),
            ("DescendantFonts", Object::Array(vec![Object::Reference(cid_font)])),
            ("ToUnicode", Object::Reference(to_unicode)),
        ]))
    }
}

impl Descriptor {
    fn new(
        face: &Source,
        font: &read_fonts::FontRef,
        gids: &[u16],
    ) -> std::result::Result<Descriptor, read_fonts::ReadError> {
        let head = font.head()?;
        let scale = 1000.0 / head.units_per_em() as f32;
        let os2 = font.os2().ok();
        let post = font.post().ok();
        let italic_angle = post.as_ref().map_or(0.0, |p| p.italic_angle().to_f64() as f32);
        // PDF 32000-1, 9.8.2: FixedPitch 1, Serif 2, Symbolic 4 (a CID font's
        // glyphs are outside the standard Latin set), Script 8, Italic 64.
        let mut flags = 4;
        if post.as_ref().is_some_and(|p| p.is_fixed_pitch() != 0) {
            flags |= 1;
        }
        let class = os2.as_ref().map_or(0, |o| o.s_family_class() >> 8);
        if matches!(class, 1..=5 | 7) {
            flags |= 2;
        }
        if class == 10 {
            flags |= 8;
        }
        if italic_angle != 0.0 || head.mac_style().contains(read_fonts::tables::head::MacStyle::ITALIC) {
            flags |= 64;
        }
        let weight = os2.as_ref().map_or(400.0, |o| o.us_weight_class() as f32);
        let ascent = face.ascender * scale;
        let ps_name = postscript_name(face, font);
        Ok(Descriptor {
            name: format!("{}+{ps_name}", subset_tag(&ps_name, gids)),
            flags,
            bbox: [head.x_min(), head.y_min(), head.x_max(), head.y_max()].map(|v| v as f32 * scale),
            italic_angle,
            ascent,
            descent: face.descender * scale,
            cap_height: os2.and_then(|o| o.s_cap_height()).map_or(ascent, |c| c as f32 * scale),
            // No table holds the stem width: estimated from the weight class
            // as Typst and LibreOffice do (only some renderers read it, for hinting).
            stem_v: 10.0 + 0.244 * (weight - 50.0),
        })
    }
}

/// The face's PostScript name (name ID 6), reduced to characters a PDF name
/// and a font name keep; the file name's stem when the table has none.
fn postscript_name(face: &Source, font: &read_fonts::FontRef) -> String {
    let from_table = font.name().ok().and_then(|name| {
        let data = name.string_data();
        name.name_record()
            .iter()
            .filter(|r| r.name_id() == NameId::POSTSCRIPT_NAME)
            .find_map(|r| r.string(data).ok().map(|s| s.chars().collect::<String>()))
    });
    let stem = || {
        let n = face.name.strip_prefix("builtin:").unwrap_or(face.name);
        std::path::Path::new(n).file_stem().map_or_else(|| n.to_string(), |s| s.to_string_lossy().into_owned())
    };
    let raw = from_table.filter(|s| !s.trim().is_empty()).unwrap_or_else(stem);
    let clean: String = raw.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    if clean.is_empty() { "Font".to_string() } else { clean }
}

/// Six capital letters from a hash of the font and its glyph set (PDF
/// 32000-1, 9.6.4): the same subset always gets the same tag.
fn subset_tag(postscript_name: &str, gids: &[u16]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(postscript_name.as_bytes());
    for g in gids {
        hasher.update(g.to_be_bytes());
    }
    hasher.finalize()[..6].iter().map(|b| char::from(b'A' + b % 26)).collect()
}

/// `/W`: runs of consecutive codes, `first [w1 w2 ...]`. The widths are the
/// ones the content streams advance the pen by, so positions stay exact.
fn widths(glyphs: &[Glyph]) -> Object {
    let mut sorted: Vec<(u16, f32)> = glyphs.iter().map(|g| (g.code, g.width)).collect();
    sorted.sort_by_key(|&(code, _)| code);
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut next = None;
    for (code, width) in sorted {
        if next != Some(code) && !run.is_empty() {
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            out.push(Object::Integer(code.into()));
        }
        run.push(if width.fract() == 0.0 { Object::Integer(width as i64) } else { Object::Real(width) });
        next = code.checked_add(1);
    }
    if !run.is_empty() {
        out.push(Object::Array(run));
    }
    Object::Array(out)
}

/// A ToUnicode CMap (PDF 32000-1, 9.10.3) with one entry per glyph. Written
/// by hand: the format is a fixed PostScript preamble around `bfchar` blocks
/// of at most 100 entries, and no crate here writes it on its own.
fn to_unicode(glyphs: &[Glyph]) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut sorted: Vec<&Glyph> = glyphs.iter().collect();
    sorted.sort_by_key(|g| g.code);
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in sorted.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for g in block {
            let _ = write!(s, "<{:04X}> <", g.code);
            for u in g.text.encode_utf16() {
                let _ = write!(s, "{u:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::style::Theme;

    fn book() -> FontBook {
        FontBook::from_theme(&Theme::load(None).unwrap()).unwrap()
    }

    // Thai in \u escapes: tests/layering.rs reads this file as ASCII words.
    #[test]
    fn a_subset_keeps_each_glyph_under_its_code_with_its_advance() {
        let book = book();
        let face = book.face(book.styled(false, false));
        let mut gids: Vec<u16> =
            "\u{0E01}\u{0E23}\u{0E38}\u{0E07}\u{0E40}\u{0E17}\u{0E1E}\u{0E2F} \u{0E19}\u{0E49}\u{0E33} Bangkok"
                .chars()
                .filter_map(|c| face.nominal_glyph(c))
                .collect();
        gids.sort();
        gids.dedup();
        let source = Source { name: &face.name, bytes: &face.bytes, ascender: 0.0, descender: 0.0, gids: &gids };
        let subset = Subset::new(&source).unwrap();
        assert!(!subset.cff);
        assert!(subset.program.len() * 4 < face.bytes.len(), "{} of {} bytes", subset.program.len(), face.bytes.len());
        let ours = read_fonts::FontRef::new(&subset.program).unwrap();
        let theirs = read_fonts::FontRef::new(&face.bytes).unwrap();
        let (new, old) = (ours.hmtx().unwrap(), theirs.hmtx().unwrap());
        let mut codes = subset.codes.clone();
        for (&gid, &code) in gids.iter().zip(&subset.codes) {
            let advance =
                |h: &read_fonts::tables::hmtx::Hmtx, g: u16| h.advance(read_fonts::types::GlyphId::new(g.into()));
            assert_eq!(advance(&new, code), advance(&old, gid), "glyph {gid} as {code}");
        }
        codes.dedup();
        assert_eq!(codes.len(), gids.len(), "every glyph has a code of its own");
        assert!(subset.descriptor.name.ends_with("+Sarabun-Regular"), "{}", subset.descriptor.name);
    }

    #[test]
    fn the_subset_tag_is_six_capitals_that_follow_the_glyph_set() {
        let tag = subset_tag("Sarabun-Regular", &[3, 4, 5]);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()), "{tag}");
        assert_eq!(tag, subset_tag("Sarabun-Regular", &[3, 4, 5]));
        assert_ne!(tag, subset_tag("Sarabun-Regular", &[3, 4, 6]));
        assert_ne!(tag, subset_tag("Sarabun-Bold", &[3, 4, 5]));
    }

    #[test]
    fn widths_come_in_runs_of_consecutive_codes() {
        let g = |code, width| Glyph { code, width, text: "a" };
        let w = widths(&[g(5, 300.0), g(1, 596.0), g(2, 589.5), g(3, 0.0)]);
        let expected = Object::Array(vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(596), Object::Real(589.5), Object::Integer(0)]),
            Object::Integer(5),
            Object::Array(vec![Object::Integer(300)]),
        ]);
        assert_eq!(format!("{w:?}"), format!("{expected:?}"));
    }

    #[test]
    fn to_unicode_maps_every_code_in_blocks_of_at_most_a_hundred() {
        let texts: Vec<String> = (0..150).map(|i| char::from_u32(0x0E01 + i % 40).unwrap().to_string()).collect();
        let mut glyphs: Vec<Glyph> =
            texts.iter().enumerate().map(|(i, t)| Glyph { code: i as u16 + 1, width: 0.0, text: t }).collect();
        glyphs[6].text = "\u{0E4D}\u{0E32}";
        let cmap = String::from_utf8(to_unicode(&glyphs)).unwrap();
        assert!(cmap.contains("100 beginbfchar\n<0001> <0E01>\n"), "{cmap}");
        assert!(cmap.contains("50 beginbfchar\n<0065> <"), "{cmap}");
        assert!(cmap.contains("<0007> <0E4D0E32>\n"), "{cmap}");
        let entries = cmap.lines().filter(|l| l.starts_with('<') && !l.starts_with("<0000> <FFFF>")).count();
        assert_eq!(entries, 150);
    }

    #[test]
    fn embedding_sets_codes_and_gives_a_glyph_without_text_an_entry() {
        let book = book();
        let face = book.styled(false, false);
        let (ko, ngo) =
            (book.face(face).nominal_glyph('\u{0E01}').unwrap(), book.face(face).nominal_glyph('\u{0E07}').unwrap());
        let mut table: GlyphTable = vec![Vec::new(); face + 1];
        table[face].resize(ko.max(ngo) as usize + 1, super::super::GlyphEntry::default());
        table[face][ko as usize].text = Some("\u{0E01}".into());
        table[face][ngo as usize].text = Some(String::new());
        let mut lo = lopdf::Document::with_version("1.7");
        let resources = embed(&mut lo, &book, &mut table).unwrap();
        let (low, high) = if ko < ngo { (ko, ngo) } else { (ngo, ko) };
        assert_eq!((table[face][low as usize].code, table[face][high as usize].code), (1, 2));
        let font =
            lo.get_dictionary(resources.get(format!("F{face}").as_bytes()).unwrap().as_reference().unwrap()).unwrap();
        let cmap = lo.get_object(font.get(b"ToUnicode").unwrap().as_reference().unwrap()).unwrap().as_stream().unwrap();
        let cmap = String::from_utf8(cmap.content.clone()).unwrap();
        let code = |g: u16| format!("<{:04X}>", table[face][g as usize].code);
        assert!(cmap.contains(&format!("{} <0E01>", code(ko))), "{cmap}");
        assert!(cmap.contains(&format!("{} <200B>", code(ngo))), "{cmap}");
    }
}
