//! PDF output through printpdf's low-level ops: fonts subset, glyphs placed
//! with both GPOS offsets, an `/ActualText` span per line so text copies and
//! searches as the source, a ToUnicode entry for every glyph, clickable links
//! without a box, a nested outline, metadata with language `th`, and a
//! deterministic file (no clock unless SOURCE_DATE_EPOCH says so).
//!
//! printpdf writes flat bookmarks only and no /Lang, so the finished
//! document is adjusted through its lopdf form before saving.

use std::collections::{BTreeMap, HashMap};

use lopdf::{Dictionary, Object, StringFormat};
use printpdf::{
    Actions, BorderArray, Codepoint, Color as PColor, CurTransMat, ExternalStream, ExternalXObject, FontId,
    Line as PLine, LineDashPattern, LinePoint, LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix,
    WindingOrder, XObject, XObjectId, XObjectTransform,
};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::fonts::{FaceId, FontBook};
use crate::layout::{Item, Layout, OutlineEntry};
use crate::markup::Meta;
use crate::theme::Color;

/// Serialise a laid-out document to PDF bytes.
pub fn write(layout: Layout, book: &FontBook, meta: &Meta, date_epoch: Option<i64>) -> Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);
    // Fonts get fixed resource names (printpdf's own ids come from a
    // process-wide counter, which would make output depend on call order).
    let mut used: Vec<FaceId> = Vec::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Text { glyphs, .. } = item {
                for g in glyphs {
                    if !used.contains(&g.face) {
                        used.push(g.face);
                    }
                }
            }
        }
    }
    used.sort_unstable();
    let mut font_ids: HashMap<FaceId, FontId> = HashMap::new();
    for &face in &used {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&book.face(face).bytes, 0, &mut warnings)
            .ok_or_else(|| Error::other(format!("printpdf cannot embed the font {}", book.face(face).name)))?;
        let id = FontId(format!("F{face}"));
        doc.resources.fonts.map.insert(id.clone(), PdfFont::new(parsed));
        font_ids.insert(face, id);
    }
    let glyph_table = glyph_table(&layout, book);

    // Pages are independent: their operations are built on all cores.
    let pages: Vec<PdfPage> = {
        use rayon::prelude::*;
        let (w, h) = (layout.width, layout.height);
        layout
            .pages
            .par_iter()
            .map(|page| PdfPage::new(Mm::from(Pt(w)), Mm::from(Pt(h)), page_ops(page, h, &font_ids, &glyph_table)))
            .collect()
    };
    doc.with_pages(pages);
    // The pages are in printpdf's operations now: free the layout's copy
    // before printpdf serialises (peak memory), and move the photos over.
    // Freeing a document's worth of small allocations takes milliseconds:
    // a worker thread does it while printpdf serialises.
    let Layout { pages: laid_pages, images, outline, height, .. } = layout;
    rayon::spawn(move || drop(laid_pages));
    for (i, img) in images.into_iter().enumerate() {
        doc.resources.xobjects.map.insert(XObjectId(format!("Im{i}")), image_xobject(img));
    }

    let opts = PdfSaveOptions { optimize: false, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    rayon::spawn(move || drop(doc)); // its pages and fonts now live in `lo`
    finish(&mut lo, &outline, height, meta, date_epoch)?;
    // printpdf's own Info dictionary (with its epoch-0 dates) is now unreferenced.
    lo.prune_objects();
    compress_streams(&mut lo);
    // The file identifier is a hash of the content, so equal input gives equal bytes.
    let mut hasher = Sha256::new();
    for (id, obj) in &lo.objects {
        hasher.update(id.0.to_be_bytes());
        if let Object::Stream(stream) = obj {
            hasher.update(&stream.content);
        }
    }
    hasher.update(meta.title.as_bytes());
    let digest = hasher.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| Error::other(format!("cannot serialise the PDF: {e}")))?;
    Ok(bytes)
}

/// The drawing operations of one page (`h`: page height, PDF's y goes up).
fn page_ops(
    page: &crate::layout::Page,
    h: f32,
    font_ids: &HashMap<FaceId, FontId>,
    glyph_table: &GlyphTable,
) -> Vec<Op> {
    let mut ops = Vec::new();
    // Font and fill colour are graphics state: they carry over from one
    // text object to the next, so each is set only when it changes.
    let mut state = TextState::default();
    for item in &page.items {
        match item {
            Item::Text { x, baseline, text, glyphs, angle } => {
                if !glyphs.is_empty() {
                    text_ops(&mut ops, &mut state, *x, h - baseline, text, glyphs, *angle, font_ids, glyph_table);
                }
            }
            Item::Rect { x, y, w, h: rh, fill, stroke } => {
                let rect = |mode| Rect {
                    x: Pt(*x),
                    y: Pt(h - y - rh),
                    width: Pt(*w),
                    height: Pt(*rh),
                    mode: Some(mode),
                    winding_order: None,
                };
                if let Some(f) = fill {
                    state.color = Some(*f);
                    ops.push(Op::SetFillColor { col: rgb(*f) });
                    ops.push(Op::DrawRectangle { rectangle: rect(PaintMode::Fill) });
                }
                if let Some((c, width)) = stroke {
                    ops.push(Op::SetOutlineColor { col: rgb(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    ops.push(Op::DrawRectangle { rectangle: rect(PaintMode::Stroke) });
                }
            }
            Item::Rule { x1, y1, x2, y2, color, width } => {
                ops.push(Op::SetOutlineColor { col: rgb(*color) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                let p = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(h - y) }, bezier: false };
                ops.push(Op::DrawLine { line: PLine { points: vec![p(*x1, *y1), p(*x2, *y2)], is_closed: false } });
            }
            Item::Image { x, y, w, h: ih, image } => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix { matrix: CurTransMat::Raw([*w, 0.0, 0.0, *ih, *x, h - y - ih]) });
                ops.push(Op::UseXobject {
                    id: XObjectId(format!("Im{image}")),
                    transform: XObjectTransform { no_auto_scale: true, ..Default::default() },
                });
                ops.push(Op::RestoreGraphicsState);
            }
            Item::Path { points, closed, fill, stroke, dash } => {
                let pts: Vec<LinePoint> = points
                    .iter()
                    .map(|(px, py)| LinePoint { p: Point { x: Pt(*px), y: Pt(h - py) }, bezier: false })
                    .collect();
                if let Some((c, width)) = stroke {
                    ops.push(Op::SetOutlineColor { col: rgb(*c) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                }
                if let Some(d) = dash {
                    ops.push(Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[*d, *d * 0.8]) });
                }
                if *closed {
                    if let Some(f) = fill {
                        state.color = Some(*f);
                        ops.push(Op::SetFillColor { col: rgb(*f) });
                    }
                    let mode = match (fill.is_some(), stroke.is_some()) {
                        (true, true) => PaintMode::FillStroke,
                        (true, false) => PaintMode::Fill,
                        _ => PaintMode::Stroke,
                    };
                    ops.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: vec![PolygonRing { points: pts }],
                            mode,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                } else {
                    ops.push(Op::DrawLine { line: PLine { points: pts, is_closed: false } });
                }
                if dash.is_some() {
                    ops.push(Op::SetLineDashPattern { dash: LineDashPattern::solid() });
                }
            }
            Item::Link { x, y, w, h: lh, href } => {
                let rect = Rect {
                    x: Pt(*x),
                    y: Pt(h - y - lh),
                    width: Pt(*w),
                    height: Pt(*lh),
                    mode: None,
                    winding_order: None,
                };
                let link = LinkAnnotation::new(
                    rect,
                    Actions::Uri(percent_encode(href)),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                );
                ops.push(Op::LinkAnnotation { link });
            }
        }
    }
    ops
}

/// A prepared photo as a PDF image XObject (with its soft mask, if any).
fn image_xobject(img: crate::image::Prepared) -> XObject {
    use crate::image::{ColorSpace, Filter};
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

/// Text state in effect at a point of a page's content stream.
#[derive(Default)]
struct TextState {
    font: Option<(FaceId, f32)>,
    color: Option<Color>,
}

fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// One line of text: an `/ActualText` span holding TJ runs. A run starts with
/// a text matrix and continues as long as glyphs share font, colour and
/// baseline; the gap between where the viewer's pen lands (advancing by the
/// font's `/W` widths, which printpdf truncates to 1/1000 em) and where
/// shaping and justification put the next glyph becomes a TJ number. A GPOS
/// y offset starts a run on its own baseline.
#[allow(clippy::too_many_arguments)]
fn text_ops(
    ops: &mut Vec<Op>,
    state: &mut TextState,
    x: f32,
    y: f32,
    text: &str,
    glyphs: &[crate::layout::PlacedGlyph],
    angle: f32,
    font_ids: &HashMap<FaceId, FontId>,
    glyph_table: &GlyphTable,
) {
    ops.push(Op::StartTextSection);
    ops.push(Op::BeginMarkedContentWithProperties { tag: "Span".into(), properties: actual_text(text) });
    let (sin, cos) = angle.sin_cos();
    let TextState { font, color } = state;
    let mut run: Vec<Codepoint> = Vec::new();
    let (mut pen, mut run_y) = (0.0f32, f32::NAN);
    let flush = |ops: &mut Vec<Op>, run: &mut Vec<Codepoint>| {
        if !run.is_empty() {
            ops.push(Op::ShowText { items: vec![TextItem::GlyphIds(std::mem::take(run))] });
        }
    };
    for g in glyphs {
        if *color != Some(g.color) || *font != Some((g.face, g.size)) {
            flush(ops, &mut run);
            run_y = f32::NAN;
            if *color != Some(g.color) {
                ops.push(Op::SetFillColor { col: rgb(g.color) });
                *color = Some(g.color);
            }
            if *font != Some((g.face, g.size)) {
                ops.push(Op::SetFont { font: PdfFontHandle::External(font_ids[&g.face].clone()), size: Pt(g.size) });
                *font = Some((g.face, g.size));
            }
        }
        if g.y_offset != run_y || run.is_empty() {
            flush(ops, &mut run);
            // Text space: x along the baseline, y up from it.
            let (tx, ty) = (g.x, g.y_offset);
            let (px, py) = (x + tx * cos - ty * sin, y + tx * sin + ty * cos);
            let matrix = if angle == 0.0 {
                TextMatrix::Translate(Pt(round(px)), Pt(round(py)))
            } else {
                TextMatrix::Raw([cos, sin, -sin, cos, round(px), round(py)])
            };
            ops.push(Op::SetTextMatrix { matrix });
            pen = g.x;
            run_y = g.y_offset;
        } else if let Some(last) = run.last_mut() {
            // TJ numbers are thousandths of an em; positive moves left.
            let kern = ((pen - g.x) * 1000.0 / g.size * 100.0).round() / 100.0;
            if kern != 0.0 {
                last.offset = kern;
                pen -= kern * g.size / 1000.0;
            }
        }
        let entry = glyph_table.get(g.face).and_then(|f| f.get(g.gid as usize));
        run.push(Codepoint { gid: g.gid, offset: 0.0, cid: entry.and_then(|e| e.text.clone()) });
        pen += entry.map_or(0.0, |e| e.width) * g.size / 1000.0;
    }
    flush(ops, &mut run);
    ops.push(Op::EndMarkedContentWithProperties);
    ops.push(Op::EndTextSection);
}

fn rgb(c: Color) -> PColor {
    PColor::Rgb(Rgb { r: c.0[0], g: c.0[1], b: c.0[2], icc_profile: None })
}

/// `/ActualText` as a UTF-16BE string with BOM.
fn actual_text(text: &str) -> printpdf::DictItem {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend_from_slice(&u.to_be_bytes());
    }
    let mut map = BTreeMap::new();
    // A literal string is half the size of hex; lopdf escapes the bytes that
    // need it (\ ( ) and CR, which U+0E0D ญ contains).
    map.insert("ActualText".to_string(), printpdf::DictItem::String { data, literal: true });
    printpdf::DictItem::Dict { map }
}

/// What the PDF needs of each glyph used: its ToUnicode text and its /W width.
#[derive(Clone, Default)]
struct GlyphEntry {
    /// The text is the character the cmap maps to this glyph.
    nominal: bool,
    text: Option<String>,
    /// Advance in thousandths of an em, as printpdf writes it in /W.
    width: f32,
}

/// Indexed [face][glyph]: looked up for every glyph of the document.
type GlyphTable = Vec<Vec<GlyphEntry>>;

/// One ToUnicode string per (face, glyph) for the whole document: the cmap's
/// own character wins over a string derived from a cluster, so a glyph never
/// maps to two texts (printpdf keeps one entry per glyph; the last would win).
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

/// Catalog and Info as briefpack wants them: language, nested outline,
/// metadata, dates only from SOURCE_DATE_EPOCH.
fn finish(
    lo: &mut lopdf::Document,
    outline: &[crate::layout::OutlineEntry],
    page_height: f32,
    meta: &Meta,
    date_epoch: Option<i64>,
) -> Result<()> {
    lo.version = "1.7".into();
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::other(format!("PDF without catalog: {e}")))?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();

    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords));
    }
    info.set("Creator", text_string("briefpack"));
    info.set("Producer", text_string(concat!("briefpack ", env!("CARGO_PKG_VERSION"), " (printpdf)")));
    if let Some(epoch) = date_epoch {
        let t = chrono::DateTime::from_timestamp(epoch, 0)
            .ok_or_else(|| Error::other(format!("SOURCE_DATE_EPOCH={epoch} is out of range")))?;
        let stamp = t.format("D:%Y%m%d%H%M%SZ").to_string();
        info.set("CreationDate", Object::string_literal(stamp.clone()));
        info.set("ModDate", Object::string_literal(stamp));
    }
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));

    // Annotations as indirect objects, as the PDF specification expects them.
    for &page in &page_ids {
        let annots = match lo.get_dictionary(page).and_then(|d| d.get(b"Annots")) {
            Ok(Object::Array(a)) => a.clone(),
            _ => continue,
        };
        let refs: Vec<Object> = annots
            .into_iter()
            .map(|a| match a {
                Object::Dictionary(mut d) => {
                    d.set("P", Object::Reference(page));
                    Object::Reference(lo.add_object(d))
                }
                other => other,
            })
            .collect();
        if let Ok(d) = lo.get_object_mut(page).and_then(Object::as_dict_mut) {
            d.set("Annots", Object::Array(refs));
        }
    }

    let outline_root = if outline.is_empty() { None } else { Some(build_outline(lo, outline, &page_ids, page_height)) };
    let catalog =
        lo.get_object_mut(root).and_then(Object::as_dict_mut).map_err(|e| Error::other(format!("PDF catalog: {e}")))?;
    catalog.set("Lang", text_string(if meta.lang.is_empty() { "th" } else { &meta.lang }));
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

/// A nested outline: h2 under the h1 before it, h3 under the h2.
fn build_outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &[lopdf::ObjectId],
    page_height: f32,
) -> lopdf::ObjectId {
    struct Node {
        id: lopdf::ObjectId,
        entry: usize,
        children: Vec<usize>,
    }
    let root_id = lo.new_object_id();
    let mut nodes: Vec<Node> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // node indices of open ancestors
    for (i, e) in entries.iter().enumerate() {
        let id = lo.new_object_id();
        nodes.push(Node { id, entry: i, children: Vec::new() });
        let n = nodes.len() - 1;
        while stack.last().is_some_and(|&p| entries[nodes[p].entry].level >= e.level) {
            stack.pop();
        }
        match stack.last() {
            Some(&p) => nodes[p].children.push(n),
            None => top.push(n),
        }
        stack.push(n);
    }
    fn count(nodes: &[Node], n: usize) -> i64 {
        nodes[n].children.iter().map(|&c| 1 + count(nodes, c)).sum()
    }
    fn link(
        lo: &mut lopdf::Document,
        nodes: &[Node],
        kids: &[usize],
        parent: lopdf::ObjectId,
        entries: &[OutlineEntry],
        pages: &[lopdf::ObjectId],
        h: f32,
    ) {
        for (k, &n) in kids.iter().enumerate() {
            let e = &entries[nodes[n].entry];
            let page = pages.get(e.page).copied().unwrap_or(pages[0]);
            let mut d = Dictionary::new();
            d.set("Title", text_string(&e.title));
            d.set("Parent", Object::Reference(parent));
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(h - e.y + 4.0),
                    Object::Null,
                ]),
            );
            if k > 0 {
                d.set("Prev", Object::Reference(nodes[kids[k - 1]].id));
            }
            if k + 1 < kids.len() {
                d.set("Next", Object::Reference(nodes[kids[k + 1]].id));
            }
            let children = &nodes[n].children;
            if let (Some(&f), Some(&l)) = (children.first(), children.last()) {
                d.set("First", Object::Reference(nodes[f].id));
                d.set("Last", Object::Reference(nodes[l].id));
                // Negative: closed below h1, so the panel opens with the sections.
                let c = count(nodes, n);
                d.set("Count", Object::Integer(if e.level >= 1 { -c } else { c }));
            }
            lo.objects.insert(nodes[n].id, Object::Dictionary(d));
            link(lo, nodes, children, nodes[n].id, entries, pages, h);
        }
    }
    link(lo, &nodes, &top, root_id, entries, pages, page_height);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    root.set("First", Object::Reference(nodes[top[0]].id));
    root.set("Last", Object::Reference(nodes[*top.last().unwrap_or(&top[0])].id));
    root.set("Count", Object::Integer(top.len() as i64));
    lo.objects.insert(root_id, Object::Dictionary(root));
    root_id
}
