//! Page content streams, written by briefpack on all cores.
//!
//! printpdf turns a page's operations into its content stream one glyph at
//! a time on one thread, with an allocation and several lookups per glyph:
//! a third of a briefing pack's time. So briefpack writes the streams
//! itself, page by page in parallel, as the same lopdf operations printpdf
//! would write for the same page (the PDF did not change by a byte when
//! this moved here), and lets printpdf do what no other crate here does:
//! subset and embed the fonts. printpdf renumbers glyphs when it subsets;
//! [`super::learn_codes`] reads the numbers it chose back from its output.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, StringFormat};

use super::GlyphTable;
use crate::layout::{Item, Page, PlacedGlyph};
use crate::theme::Color;

/// The content stream of `page` (`h`: page height, PDF's y goes up).
pub(super) fn page_content(page: &Page, h: f32, glyphs: &GlyphTable) -> Vec<u8> {
    let mut w = Writer { ops: Vec::new(), font: None, fill: None };
    for item in &page.items {
        match item {
            Item::Text { x, baseline, text, glyphs: placed, angle } => {
                if !placed.is_empty() {
                    w.text(*x, h - baseline, text, placed, *angle, glyphs);
                }
            }
            Item::Rect { x, y, w: rw, h: rh, fill, stroke } => {
                let rect = [*x, h - y - rh, *rw, *rh].map(Object::Real).to_vec();
                if let Some(f) = fill {
                    w.fill = Some(*f);
                    w.op("rg", rgb(*f));
                    w.op("re", rect.clone());
                    w.op("f", vec![]);
                }
                if let Some((c, width)) = stroke {
                    w.op("RG", rgb(*c));
                    w.op("w", vec![Object::Real(*width)]);
                    w.op("re", rect);
                    w.op("S", vec![]);
                }
            }
            Item::Rule { x1, y1, x2, y2, color, width } => {
                w.op("RG", rgb(*color));
                w.op("w", vec![Object::Real(*width)]);
                w.op("m", vec![Object::Real(*x1), Object::Real(h - y1)]);
                w.op("l", vec![Object::Real(*x2), Object::Real(h - y2)]);
                w.op("S", vec![]);
            }
            Item::Image { x, y, w: iw, h: ih, image } => {
                w.op("q", vec![]);
                w.op("cm", [*iw, 0.0, 0.0, *ih, *x, h - y - ih].map(Object::Real).to_vec());
                // printpdf's placement of an XObject: its own (here identity) matrix inside q/Q.
                w.op("q", vec![]);
                w.op("cm", [1.0, 0.0, 0.0, 1.0, 0.0, 0.0].map(Object::Real).to_vec());
                w.op("Do", vec![Object::Name(format!("Im{image}").into_bytes())]);
                w.op("Q", vec![]);
                w.op("Q", vec![]);
            }
            Item::Path { points, closed, fill, stroke, dash } => {
                if let Some((c, width)) = stroke {
                    w.op("RG", rgb(*c));
                    w.op("w", vec![Object::Real(*width)]);
                }
                if let Some(d) = dash {
                    w.op("d", vec![Object::Array(vec![Object::Real(*d), Object::Real(*d * 0.8)]), Object::Real(0.0)]);
                }
                if *closed {
                    if let Some(f) = fill {
                        w.fill = Some(*f);
                        w.op("rg", rgb(*f));
                    }
                }
                for (i, (px, py)) in points.iter().enumerate() {
                    w.op(if i == 0 { "m" } else { "l" }, vec![Object::Real(*px), Object::Real(h - py)]);
                }
                if *closed {
                    w.op("h", vec![]);
                    w.op(
                        match (fill.is_some(), stroke.is_some()) {
                            (true, true) => "b",
                            (true, false) => "f",
                            _ => "S",
                        },
                        vec![],
                    );
                } else if !points.is_empty() {
                    w.op("S", vec![]);
                }
                if dash.is_some() {
                    w.op("d", vec![Object::Array(vec![]), Object::Real(0.0)]);
                }
            }
            // Annotations, not content: printpdf writes them from the page's operations.
            Item::Link { .. } => {}
        }
    }
    Content { operations: w.ops }.encode().unwrap_or_default()
}

struct Writer {
    ops: Vec<Operation>,
    /// Font and fill colour are graphics state: they carry over from one
    /// text object to the next, so each is set only when it changes.
    font: Option<(crate::fonts::FaceId, f32)>,
    fill: Option<Color>,
}

impl Writer {
    fn op(&mut self, operator: &str, operands: Vec<Object>) {
        self.ops.push(Operation::new(operator, operands));
    }

    /// One line of text: an `/ActualText` span holding TJ runs. A run starts
    /// with a text matrix and continues as long as glyphs share font, colour
    /// and baseline; the gap between where the viewer's pen lands (advancing
    /// by the font's `/W` widths, which printpdf truncates to 1/1000 em) and
    /// where shaping and justification put the next glyph becomes a TJ
    /// number. A GPOS y offset starts a run on its own baseline.
    fn text(&mut self, x: f32, y: f32, text: &str, placed: &[PlacedGlyph], angle: f32, table: &GlyphTable) {
        self.op("BT", vec![]);
        self.op("BDC", vec![Object::Name(b"Span".to_vec()), actual_text(text)]);
        let (sin, cos) = angle.sin_cos();
        let mut run: Vec<Object> = Vec::new();
        let (mut pen, mut run_y) = (0.0f32, f32::NAN);
        for g in placed {
            if self.fill != Some(g.color) || self.font != Some((g.face, g.size)) {
                self.flush(&mut run);
                run_y = f32::NAN;
                if self.fill != Some(g.color) {
                    self.op("rg", rgb(g.color));
                    self.fill = Some(g.color);
                }
                if self.font != Some((g.face, g.size)) {
                    self.op("Tf", vec![Object::Name(format!("F{}", g.face).into_bytes()), Object::Real(g.size)]);
                    self.font = Some((g.face, g.size));
                }
            }
            if g.y_offset != run_y || run.is_empty() {
                self.flush(&mut run);
                // Text space: x along the baseline, y up from it.
                let (tx, ty) = (g.x, g.y_offset);
                let (px, py) = (round(x + tx * cos - ty * sin), round(y + tx * sin + ty * cos));
                let m = if angle == 0.0 { [1.0, 0.0, 0.0, 1.0, px, py] } else { [cos, sin, -sin, cos, px, py] };
                self.op("Tm", m.map(Object::Real).to_vec());
                pen = g.x;
                run_y = g.y_offset;
            } else {
                // TJ numbers are thousandths of an em; positive moves left.
                let kern = ((pen - g.x) * 1000.0 / g.size * 100.0).round() / 100.0;
                if kern != 0.0 {
                    run.push(Object::Real(kern));
                    pen -= kern * g.size / 1000.0;
                }
            }
            let entry = table.get(g.face).and_then(|f| f.get(g.gid as usize));
            let code = entry.map_or(0, |e| e.code);
            run.push(Object::String(code.to_be_bytes().to_vec(), StringFormat::Hexadecimal));
            pen += entry.map_or(0.0, |e| e.width) * g.size / 1000.0;
        }
        self.flush(&mut run);
        self.op("EMC", vec![]);
        self.op("ET", vec![]);
    }

    fn flush(&mut self, run: &mut Vec<Object>) {
        if !run.is_empty() {
            let array = Object::Array(std::mem::take(run));
            self.op("TJ", vec![array]);
        }
    }
}

fn round(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

fn rgb(c: Color) -> Vec<Object> {
    c.0.map(Object::Real).to_vec()
}

/// `/ActualText` as a UTF-16BE literal string with BOM: half the size of
/// hex; lopdf escapes the bytes that need it (\ ( ) and CR, which U+0E0D ญ
/// contains).
fn actual_text(text: &str) -> Object {
    let mut data = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        data.extend_from_slice(&u.to_be_bytes());
    }
    Object::Dictionary(Dictionary::from_iter(vec![("ActualText", Object::String(data, StringFormat::Literal))]))
}
