//! Page content streams, written by briefpack on all cores.
//!
//! printpdf turns a page's operations into its content stream one glyph at
//! a time on one thread, with an allocation and several lookups per glyph:
//! a third of a briefing pack's time. So briefpack writes the streams
//! itself, page by page in parallel, straight into bytes. The bytes are the
//! ones printpdf wrote through lopdf for the same page (same operators,
//! numbers as Rust prints an `f32`, lopdf's spacing and string escapes).
//! A glyph's code is its id in the subset font ([`super::fonts`]).
//!
//! The content is tagged (PDF/UA): what belongs to a structure node is
//! marked content with an MCID (a line of text its own, with its
//! `/ActualText` on the same property list; consecutive drawings of one node
//! share one), everything else an `/Artifact`.

use std::io::Write as _;

use super::GlyphTable;
use super::tags::PageMarks;
use crate::typeset::layout::{Artifact, Item, NodeId, Page, PlacedGlyph, Structure, Tag, Target};
use crate::typeset::style::Color;

/// The open marked-content sequence that drawings may join.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Node(NodeId),
    Artifact(Artifact),
}

/// The content stream of `page` (`h`: page height, PDF's y goes up) and
/// what its marked content refers to. Untagged (`tagged` false: a plain
/// PDF), the content has no MCIDs and no artifacts, only each line's
/// `/ActualText`.
pub(super) fn page_content(
    page: &Page,
    h: f32,
    glyphs: &GlyphTable,
    tree: &Structure,
    tagged: bool,
) -> (Vec<u8>, PageMarks) {
    let mut w = Writer { out: Vec::with_capacity(16 * 1024), font: None, fill: None, open: None, line: None };
    let mut marks = PageMarks::default();
    for item in &page.items {
        let tag = item.tag();
        match (tag, item) {
            // Annotations, not content: printpdf writes them from the page's
            // operations (`link_ops`: all but those whose place is unknown).
            (_, Item::Link { target, .. }) => {
                if !matches!(target, Target::Heading(_)) {
                    marks.links.push(tag);
                }
                continue;
            }
            _ if !tagged => {}
            // Fills and rules are one kind of artifact: drawn together, one sequence.
            (Tag::Artifact(Artifact::Background), _) => w.open(Open::Artifact(Artifact::Layout), tree, &mut marks),
            (Tag::Artifact(a), _) => w.open(Open::Artifact(a), tree, &mut marks),
            // A line of text is marked by itself, inside its text object.
            (Tag::Node(_), Item::Text { .. }) => w.close_marked(),
            (Tag::Node(n), _) => w.open(Open::Node(n), tree, &mut marks),
        }
        if !matches!(item, Item::Text { .. }) {
            w.end_text();
        }
        match item {
            Item::Text { x, baseline, text, glyphs: placed, angle, tag } => {
                if !placed.is_empty() {
                    let mcid = match tag {
                        Tag::Node(n) if tagged => Some(mark(&mut marks, *n)),
                        _ => None,
                    };
                    w.text(*x, h - baseline, text, placed, *angle, glyphs, mcid);
                }
            }
            _ => w.drawing(item, h),
        }
    }
    w.end_text();
    w.close_marked();
    // lopdf puts a newline between operations, none after the last.
    if w.out.ends_with(b"\n") {
        w.out.pop();
    }
    (w.out, marks)
}

/// The next MCID of the page, for `node`.
fn mark(marks: &mut PageMarks, node: NodeId) -> usize {
    marks.mcids.push(node);
    marks.mcids.len() - 1
}

struct Writer {
    /// The stream so far, one operation per line.
    out: Vec<u8>,
    /// Font and fill colour are graphics state: they carry over from one
    /// text object to the next, so each is set only when it changes.
    font: Option<(crate::typeset::text::fonts::FaceId, f32)>,
    fill: Option<Color>,
    /// The marked-content sequence open outside text objects, if any.
    open: Option<Open>,
    /// The origin (x, y, angle) of the line whose text object is open: the
    /// pieces of a line (a link in it, a word in another language) share it.
    line: Option<(f32, f32, f32)>,
}

impl Writer {
    /// A number as lopdf writes a real: Rust's shortest `f32` form.
    fn number(&mut self, v: f32) {
        let _ = write!(self.out, "{v}");
    }

    /// One operation: its numeric operands, then the operator.
    fn op(&mut self, operands: &[f32], operator: &str) {
        for &v in operands {
            self.number(v);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator.as_bytes());
        self.out.push(b'\n');
    }

    /// A drawing: rectangle, rule, photo or path.
    fn drawing(&mut self, item: &Item, h: f32) {
        match item {
            Item::Rect { x, y, w: rw, h: rh, fill, stroke, .. } => {
                let rect = [*x, h - y - rh, *rw, *rh];
                if let Some(f) = fill {
                    self.fill = Some(*f);
                    self.op(&f.0, "rg");
                    self.op(&rect, "re");
                    self.op(&[], "f");
                }
                if let Some((c, width)) = stroke {
                    self.op(&c.0, "RG");
                    self.op(&[*width], "w");
                    self.op(&rect, "re");
                    self.op(&[], "S");
                }
            }
            Item::Rule { x1, y1, x2, y2, color, width, .. } => {
                self.op(&color.0, "RG");
                self.op(&[*width], "w");
                self.op(&[*x1, h - y1], "m");
                self.op(&[*x2, h - y2], "l");
                self.op(&[], "S");
            }
            Item::Image { x, y, w: iw, h: ih, image, .. } => {
                self.op(&[], "q");
                self.op(&[*iw, 0.0, 0.0, *ih, *x, h - y - ih], "cm");
                // printpdf's placement of an XObject: its own (here identity) matrix inside q/Q.
                self.op(&[], "q");
                self.op(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0], "cm");
                let _ = writeln!(self.out, "/Im{image} Do");
                self.op(&[], "Q");
                self.op(&[], "Q");
            }
            Item::Path { points, closed, fill, stroke, dash, .. } => {
                if let Some((c, width)) = stroke {
                    self.op(&c.0, "RG");
                    self.op(&[*width], "w");
                }
                if let Some(d) = dash {
                    self.out.push(b'[');
                    self.number(*d);
                    self.out.push(b' ');
                    self.number(*d * 0.8);
                    self.out.extend_from_slice(b"] ");
                    self.op(&[0.0], "d");
                }
                if *closed && let Some(f) = fill {
                    self.fill = Some(*f);
                    self.op(&f.0, "rg");
                }
                for (i, (px, py)) in points.iter().enumerate() {
                    self.op(&[*px, h - py], if i == 0 { "m" } else { "l" });
                }
                if *closed {
                    self.op(&[], "h");
                    let paint = match (fill.is_some(), stroke.is_some()) {
                        (true, true) => "b",
                        (true, false) => "f",
                        _ => "S",
                    };
                    self.op(&[], paint);
                } else if !points.is_empty() {
                    self.op(&[], "S");
                }
                if dash.is_some() {
                    self.out.extend_from_slice(b"[] ");
                    self.op(&[0.0], "d");
                }
            }
            Item::Text { .. } | Item::Link { .. } => {}
        }
    }

    /// Continue the open marked-content sequence if it is `to`, or end it
    /// and begin `to` (a node's with the page's next MCID).
    fn open(&mut self, to: Open, tree: &Structure, marks: &mut PageMarks) {
        if self.open == Some(to) {
            return;
        }
        self.close_marked();
        self.end_text();
        match to {
            Open::Node(n) => {
                let mcid = mark(marks, n);
                let kind = super::tags::structure_type(tree.node(n).role);
                let _ = writeln!(self.out, "/{kind} <</MCID {mcid}>> BDC");
            }
            Open::Artifact(a) => self.out.extend_from_slice(artifact_properties(a)),
        }
        self.open = Some(to);
    }

    fn close_marked(&mut self) {
        if self.open.take().is_some() {
            self.end_text();
            self.op(&[], "EMC");
        }
    }

    fn end_text(&mut self) {
        if self.line.take().is_some() {
            self.op(&[], "ET");
        }
    }

    /// One line of text: an `/ActualText` span holding TJ runs. A run starts
    /// with a text matrix and continues as long as glyphs share font, colour
    /// and baseline; the gap between where the viewer's pen lands (advancing
    /// by the font's `/W` widths, truncated to 1/1000 em) and
    /// where shaping and justification put the next glyph becomes a TJ
    /// number. A GPOS y offset starts a run on its own baseline.
    ///
    /// With an `mcid`, the span is also the line's marked content. Its tag
    /// stays `/Span` whatever the structure node is: poppler (pdftotext)
    /// reads `/ActualText` only on a `/Span`, and a second marked-content
    /// sequence around it would end where the inner one does for poppler's
    /// structure reader, so one property list carries both.
    #[allow(clippy::too_many_arguments)] // the line, its place, and its mark
    fn text(
        &mut self,
        x: f32,
        y: f32,
        text: &str,
        placed: &[PlacedGlyph],
        angle: f32,
        table: &GlyphTable,
        mcid: Option<usize>,
    ) {
        if self.line != Some((x, y, angle)) {
            self.end_text();
            self.op(&[], "BT");
            self.line = Some((x, y, angle));
        }
        self.out.extend_from_slice(b"/Span <<");
        if let Some(mcid) = mcid {
            let _ = write!(self.out, "/MCID {mcid} ");
        }
        self.out.extend_from_slice(b"/ActualText");
        actual_text(&mut self.out, text);
        self.out.extend_from_slice(b">> BDC\n");
        let (sin, cos) = angle.sin_cos();
        // The open TJ array, if any.
        let mut open = false;
        let (mut pen, mut run_y) = (0.0f32, f32::NAN);
        for g in placed {
            if self.fill != Some(g.color) || self.font != Some((g.face, g.size)) {
                self.close(&mut open);
                run_y = f32::NAN;
                if self.fill != Some(g.color) {
                    self.op(&g.color.0, "rg");
                    self.fill = Some(g.color);
                }
                if self.font != Some((g.face, g.size)) {
                    let _ = write!(self.out, "/F{} ", g.face);
                    self.op(&[g.size], "Tf");
                    self.font = Some((g.face, g.size));
                }
            }
            if g.y_offset != run_y || !open {
                self.close(&mut open);
                // Text space: x along the baseline, y up from it.
                let (tx, ty) = (g.x, g.y_offset);
                let (px, py) = (round(x + tx * cos - ty * sin), round(y + tx * sin + ty * cos));
                let m = if angle == 0.0 { [1.0, 0.0, 0.0, 1.0, px, py] } else { [cos, sin, -sin, cos, px, py] };
                self.op(&m, "Tm");
                self.out.push(b'[');
                open = true;
                pen = g.x;
                run_y = g.y_offset;
            } else {
                // TJ numbers are thousandths of an em; positive moves left.
                let kern = ((pen - g.x) * 1000.0 / g.size * 100.0).round() / 100.0;
                if kern != 0.0 {
                    // lopdf separates a number from what comes before it in an array.
                    self.out.push(b' ');
                    self.number(kern);
                    pen -= kern * g.size / 1000.0;
                }
            }
            let entry = table.get(g.face).and_then(|f| f.get(g.gid as usize));
            let _ = write!(self.out, "<{:04X}>", entry.map_or(0, |e| e.code));
            pen += entry.map_or(0.0, |e| e.width) * g.size / 1000.0;
        }
        self.close(&mut open);
        self.op(&[], "EMC");
    }

    fn close(&mut self, open: &mut bool) {
        if std::mem::take(open) {
            self.out.extend_from_slice(b"] TJ\n");
        }
    }
}

/// How an artifact's marked content begins (a background counts as layout:
/// a background artifact would need its bounding box).
fn artifact_properties(a: Artifact) -> &'static [u8] {
    match a {
        Artifact::Layout | Artifact::Background => b"/Artifact <</Type /Layout>> BDC\n",
        Artifact::Decoration => b"/Artifact BMC\n",
        Artifact::Header => b"/Artifact <</Type /Pagination /Subtype /Header>> BDC\n",
        Artifact::Footer => b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n",
        Artifact::Watermark => b"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\n",
        Artifact::Repeated => b"/Artifact <</Type /Pagination>> BDC\n",
    }
}

fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

/// `/ActualText` as a UTF-16BE literal string with BOM, escaped as lopdf
/// escapes literal strings: a backslash before `\`, CR (written `\r`; U+0E0D
/// ญ contains the byte) and every parenthesis without a partner. Literal is
/// half the size of hex.
fn actual_text(out: &mut Vec<u8>, text: &str) {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend_from_slice(&u.to_be_bytes());
    }
    let mut escape = Vec::new();
    let mut open = Vec::new();
    for (i, &b) in data.iter().enumerate() {
        match b {
            b'(' => open.push(i),
            // A closing parenthesis pairs with the last open one, if there is one.
            b')' if open.pop().is_none() => escape.push(i),
            b'\\' | b'\r' => escape.push(i),
            _ => {}
        }
    }
    escape.extend(open);
    out.push(b'(');
    for (i, &b) in data.iter().enumerate() {
        if escape.contains(&i) {
            out.push(b'\\');
            out.push(if b == b'\r' { b'r' } else { b });
        } else {
            out.push(b);
        }
    }
    out.push(b')');
}
