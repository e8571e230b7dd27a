//! Layout: document markup -> positioned glyphs, rules and boxes on pages.
//!
//! Blocks become a flat list of `Entry`s (lines, table rows, spaces), each
//! saying whether a page may break before it; pagination then fills pages.
//! That one flag carries every rule: headings stay with what follows, no
//! paragraph leaves a single line at a page top or bottom, a table header
//! stays with its first row.

mod chart;
mod figure;
mod optimum;
mod paragraph;
mod table;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::typeset::markup::{Block, Document, Inline, ListItem, Pos};
use crate::typeset::style::{Align, Color, Digits, StyleRule, Theme};
use crate::typeset::text::fonts::{FaceId, FontBook};
use crate::typeset::text::shape::Shaper;

pub use paragraph::{Line, ParaStyle, RunStyle, StyledText};

/// A glyph placed on a line; `x` is relative to the line's origin, `y_offset`
/// is up from the baseline (GPOS), both in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    pub face: FaceId,
    pub size: f32,
    pub gid: u16,
    pub x: f32,
    pub y_offset: f32,
    pub color: Color,
    /// The text this glyph stands for (ToUnicode).
    pub unicode: String,
}

/// Something drawn on a page. y is measured down from the top of the page
/// (or of the entry, before pagination).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        glyphs: Vec<PlacedGlyph>,
        angle: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Color,
        width: f32,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        href: String,
    },
    /// A photo (index into `Layout::images`) drawn in the box.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: usize,
    },
    /// A polyline or polygon (charts): stroked, filled, or both.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
        dash: Option<f32>,
    },
}

impl Item {
    fn shift(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text { x, baseline, .. } => {
                *x += dx;
                *baseline += dy;
            }
            Item::Path { points, .. } => {
                for (px, py) in points {
                    *px += dx;
                    *py += dy;
                }
            }
            Item::Rect { x, y, .. } | Item::Link { x, y, .. } | Item::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Rule { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    /// Distance from the top of the page.
    pub y: f32,
}

pub struct Layout {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// Classes the document uses that the theme does not style.
    pub warnings: Vec<String>,
    /// Photos, prepared for the PDF; `Item::Image` refers to them by index.
    pub images: Vec<crate::typeset::image::Prepared>,
}

/// Why a paragraph could not be laid out.
#[derive(Debug)]
pub enum LayoutError {
    MissingGlyph { ch: char, at: usize, text: String },
}

/// Shared state of one layout run.
pub struct Context<'a> {
    pub book: &'a FontBook,
    pub shaper: Shaper<'a>,
    pub phrases: crate::typeset::text::linebreak::Phrases,
    pub default_size: f32,
    pub max_space_stretch: f32,
    pub max_cluster_spacing: f32,
    pub max_space_shrink: f32,
    /// Break opportunities of each text (and its `<nobr>` ranges) laid out so far.
    pub breaks: std::collections::HashMap<
        (String, Vec<std::ops::Range<usize>>),
        Vec<crate::typeset::text::linebreak::Opportunity>,
    >,
}

impl Context<'_> {
    /// Height of a line and its baseline from the line top: the font's
    /// ascender + descender centred in `line_height` × size.
    pub fn line_metrics(&self, face: FaceId, size: f32, line_height: f32) -> (f32, f32) {
        let f = self.book.face(face);
        let asc = f.ascender / f.units_per_em * size;
        let desc = -f.descender / f.units_per_em * size;
        let height = (size * line_height).max(asc + desc);
        (height, (height - asc - desc) / 2.0 + asc)
    }
}

/// One unit of vertical flow.
#[derive(Debug, Clone)]
struct Entry {
    height: f32,
    items: Vec<Item>,
    kind: Kind,
    /// May a page break come right before this entry?
    break_before: bool,
    /// A table body row: its table's header rows are repeated above it when it starts a page.
    table: Option<usize>,
    outline: Option<(u8, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Content,
    /// Vertical space, dropped at the top of a page.
    Space,
    PageBreak,
}

impl Entry {
    fn content(height: f32, items: Vec<Item>) -> Entry {
        Entry { height, items, kind: Kind::Content, break_before: true, table: None, outline: None }
    }
    fn space(height: f32) -> Entry {
        Entry { height, items: Vec::new(), kind: Kind::Space, break_before: true, table: None, outline: None }
    }
}

/// Lay out a parsed document. `file` and `source` are the markup's, for messages.
pub fn layout_document(
    doc: &Document,
    theme: &Theme,
    book: &FontBook,
    phrases: &[String],
    file: &Path,
    source: &str,
) -> Result<Layout> {
    let mut warnings = Vec::new();
    for (class, pos) in &doc.classes {
        if !theme.classes.contains_key(class) {
            warnings.push(format!(
                "{}:{}:{}: warning: class `{class}` is not styled by the theme (add [classes.{class}] to it)",
                file.display(),
                pos.line,
                pos.column
            ));
        }
    }
    let text = theme.style("p", &[]);
    let mut b = Builder {
        ctx: Context {
            book,
            shaper: Shaper::new(book),
            phrases: crate::typeset::text::linebreak::Phrases::new(phrases),
            default_size: text.size.unwrap_or(14.0),
            max_space_stretch: theme.max_space_stretch,
            max_cluster_spacing: theme.max_cluster_spacing,
            max_space_shrink: theme.max_space_shrink,
            breaks: Default::default(),
        },
        theme,
        file,
        source,
        images: figure::Images::default(),
        keep: 0,
        table_headers: Vec::new(),
        list_depth: 0,
        cell: None,
        headings: Vec::new(),
        has_contents: false,
        toc_pages: None,
    };
    b.headings = headings(&doc.blocks);
    let body_height = theme.page_height - theme.margin_top - theme.margin_bottom;
    let width = theme.content_width();
    // Entries of each top-level block (their range) and the keep-with-next
    // state it started in.
    let mut entries = Vec::new();
    let mut spans = Vec::with_capacity(doc.blocks.len());
    for block in &doc.blocks {
        let (start, keep) = (entries.len(), b.keep);
        b.blocks(std::slice::from_ref(block), 0.0, width, &mut entries)?;
        spans.push((entries.len() - start, keep));
    }
    let mut plan = plan_pages(&entries, &b.table_headers, body_height);
    crate::timings::mark("layout: first pass");
    if b.has_contents {
        // The page numbers are known now: the contents are laid out again
        // with them. Their lines keep their size, so the pages come out the
        // same, and every other block keeps its entries. (Contents nested in
        // another block: that whole block again; none at the top: all.)
        b.toc_pages = Some(heading_pages(&entries, &plan));
        let top_level = doc.blocks.iter().any(|block| matches!(block, Block::Contents { .. }));
        let mut old = entries.into_iter();
        let mut again = Vec::with_capacity(old.len());
        for (block, (len, keep)) in doc.blocks.iter().zip(spans) {
            if !top_level || matches!(block, Block::Contents { .. }) {
                old.by_ref().take(len).for_each(drop);
                b.keep = keep;
                b.blocks(std::slice::from_ref(block), 0.0, width, &mut again)?;
            } else {
                again.extend(old.by_ref().take(len));
            }
        }
        entries = again;
        plan = plan_pages(&entries, &b.table_headers, body_height);
    }
    let (mut pages, outline) = place_pages(entries, &b.table_headers, plan, theme);
    b.running(&mut pages, doc)?;
    crate::timings::mark("text laid out");
    let images = b.prepare_images(&mut warnings)?;
    Ok(Layout { width: theme.page_width, height: theme.page_height, pages, outline, warnings, images })
}

struct Builder<'a> {
    ctx: Context<'a>,
    theme: &'a Theme,
    file: &'a Path,
    source: &'a str,
    images: figure::Images,
    /// How many more content entries must stay on the page of the one before (after a heading).
    keep: u8,
    table_headers: Vec<Vec<Entry>>,
    list_depth: usize,
    /// Inside a table cell: its element (th/td) and classes style its paragraphs.
    cell: Option<(&'static str, Vec<String>)>,
    /// Every heading (level, text) in document order, for `<contents>`.
    headings: Vec<(u8, Vec<Inline>)>,
    has_contents: bool,
    /// Page number (1-based) of each heading, once the first pass knows them.
    toc_pages: Option<Vec<usize>>,
}

impl Builder<'_> {
    fn push(&mut self, out: &mut Vec<Entry>, mut e: Entry) {
        if self.keep > 0 {
            e.break_before = false;
            if e.kind == Kind::Content {
                self.keep -= 1;
            }
        }
        out.push(e);
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32, out: &mut Vec<Entry>) -> Result<()> {
        for block in blocks {
            match block {
                Block::Heading { level, classes, content, pos } => {
                    let element = format!("h{level}");
                    let rule = self.theme.style(&element, classes);
                    if rule.page_break_before == Some(true) && !out.is_empty() {
                        out.push(Entry { kind: Kind::PageBreak, ..Entry::space(0.0) });
                    }
                    let title = crate::typeset::markup::plain_text(content).replace('\n', " ");
                    let start = out.len();
                    let keep = rule.keep_with_next.unwrap_or(true);
                    self.paragraph(content, &rule, x, width, *pos, out)?;
                    if let Some(e) = out[start..].iter_mut().find(|e| e.kind == Kind::Content) {
                        e.outline = Some((*level, title));
                    }
                    if keep {
                        // No break between the heading and what follows, its own space after included.
                        for e in out[start..].iter_mut().skip_while(|e| e.kind != Kind::Content).skip(1) {
                            e.break_before = false;
                        }
                        // The heading takes at least two lines of what follows with it.
                        self.keep = 2;
                    }
                }
                Block::Paragraph { classes, content, pos } => {
                    let rule = match &self.cell {
                        Some((element, cell_classes)) => {
                            let mut all = cell_classes.clone();
                            all.extend(classes.iter().cloned());
                            self.theme.style(element, &all)
                        }
                        None if self.list_depth > 0 => StyleRule { indent: None, ..self.theme.style("li", classes) },
                        None => self.theme.style("p", classes),
                    };
                    self.paragraph(content, &rule, x, width, *pos, out)?;
                }
                Block::List { ordered, classes, items, .. } => self.list(*ordered, classes, items, x, width, out)?,
                Block::Table(t) => self.table(t, x, width, out)?,
                Block::Rule { classes } => {
                    let rule = self.theme.rule("hr").layered(&self.theme.class_rule(classes));
                    let before = rule.space_before.map_or(6.0, |l| l.0);
                    let after = rule.space_after.map_or(6.0, |l| l.0);
                    let w = rule.border_width.map_or(0.8, |l| l.0);
                    let color = rule.border_color.unwrap_or(Color([0.5, 0.5, 0.5]));
                    let item = Item::Rule { x1: x, y1: before, x2: x + width, y2: before, color, width: w };
                    self.push(out, Entry::content(before + after, vec![item]));
                }
                Block::PageBreak => out.push(Entry { kind: Kind::PageBreak, ..Entry::space(0.0) }),
                Block::Contents { depth } => self.contents(*depth, x, width, out)?,
                Block::Image(img) => self.image(img, x, width, out)?,
                Block::Album { columns, images, .. } => self.album(*columns, images, x, width, out)?,
                Block::Chart(chart) => self.chart(chart, x, width, out)?,
            }
        }
        Ok(())
    }

    /// Turn inline markup into styled text under a block's style.
    fn styled_text(&self, content: &[Inline], rule: &StyleRule) -> StyledText {
        let mut st = StyledText::default();
        for piece in content {
            match piece {
                Inline::LineBreak => {
                    let style = self.run_style(rule, &Default::default());
                    st.push("\n", style);
                }
                Inline::Text { text, style } => st.push(text, self.run_style(rule, style)),
            }
        }
        st
    }

    fn run_style(&self, rule: &StyleRule, inline: &crate::typeset::markup::InlineStyle) -> RunStyle {
        let mut r = rule.clone();
        if inline.bold {
            r = r.layered(&self.theme.rule("b"));
        }
        if inline.italic {
            r = r.layered(&self.theme.rule("i"));
        }
        if inline.href.is_some() {
            r = r.layered(&self.theme.rule("a"));
        }
        r = r.layered(&self.theme.class_rule(&inline.classes));
        RunStyle {
            face: self.ctx.book.styled(inline.bold || r.bold == Some(true), inline.italic || r.italic == Some(true)),
            size: r.size.unwrap_or(self.ctx.default_size),
            color: r.color.unwrap_or(Color([0.0; 3])),
            href: inline.href.clone(),
            nobr: inline.nobr,
        }
    }

    fn para_style(rule: &StyleRule) -> ParaStyle {
        ParaStyle {
            align: rule.align.unwrap_or(Align::Left),
            balance: rule.balance.unwrap_or(false),
            line_height: rule.line_height.unwrap_or(1.5),
            first_line_indent: rule.first_line_indent.map_or(0.0, |l| l.0),
        }
    }

    /// Lay out one paragraph's lines (no page logic) at x = 0.
    fn lines(&mut self, content: &[Inline], rule: &StyleRule, width: f32, pos: Pos) -> Result<Vec<Line>> {
        let st = self.styled_text(content, rule);
        let para = Self::para_style(rule);
        paragraph::layout(&mut self.ctx, &st, para, width).map_err(|e| self.layout_error(e, pos))
    }

    fn layout_error(&self, e: LayoutError, pos: Pos) -> Error {
        match e {
            LayoutError::MissingGlyph { ch, at, text } => {
                let before: String = text[..at].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
                let after: String = text[at + ch.len_utf8()..].chars().take(12).collect();
                Diagnostic::at_line_col(
                    self.file,
                    self.source,
                    pos.line as usize,
                    pos.column as usize,
                    format!(
                        "no font has a glyph for '{ch}' (U+{:04X}) in \"{before}{ch}{after}\" (fonts: {})",
                        ch as u32,
                        self.ctx.book.describe()
                    ),
                )
                .with_help("add a font that has this character to `fallback` under [fonts] in your theme (--theme), e.g. fallback = [\"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\"]")
                .into()
            }
        }
    }

    fn paragraph(
        &mut self,
        content: &[Inline],
        rule: &StyleRule,
        x: f32,
        width: f32,
        pos: Pos,
        out: &mut Vec<Entry>,
    ) -> Result<()> {
        // In a table cell the cell paints the background, not each paragraph.
        let rule = &if self.cell.is_some() { StyleRule { background: None, ..rule.clone() } } else { rule.clone() };
        let pad = if rule.background.is_some() { rule.padding.map_or(0.0, |l| l.0) } else { 0.0 };
        let indent = rule.indent.map_or(0.0, |l| l.0);
        let (x, width) = (x + indent + pad, width - indent - 2.0 * pad);
        let lines = self.lines(content, rule, width, pos)?;
        if let Some(b) = rule.space_before {
            self.push(out, Entry::space(b.0));
        }
        let n = lines.len();
        for (k, line) in lines.into_iter().enumerate() {
            let top = if k == 0 { pad } else { 0.0 };
            let bottom = if k + 1 == n { pad } else { 0.0 };
            let mut items = Vec::new();
            if let Some(bg) = rule.background {
                items.push(Item::Rect {
                    x: x - pad,
                    y: 0.0,
                    w: width + 2.0 * pad,
                    h: top + line.height + bottom,
                    fill: Some(bg),
                    stroke: None,
                });
            }
            line_items(&line, x, top, &mut items);
            let mut e = Entry::content(top + line.height + bottom, items);
            // Orphans and widows: never one line alone at a page bottom or top.
            e.break_before = k == 0 || (k >= 2 && n - k >= 2);
            self.push(out, e);
        }
        if let Some(a) = rule.space_after {
            self.push(out, Entry::space(a.0));
        }
        Ok(())
    }

    fn list(
        &mut self,
        ordered: bool,
        classes: &[String],
        items: &[ListItem],
        x: f32,
        width: f32,
        out: &mut Vec<Entry>,
    ) -> Result<()> {
        let rule = self.theme.style("li", classes);
        let indent = rule.indent.map_or(18.0, |l| l.0);
        self.list_depth += 1;
        for (n, item) in items.iter().enumerate() {
            let marker = if ordered {
                let s = format!("{}.", n + 1);
                if self.theme.digits == Digits::Thai { crate::thai::thai_digits(&s) } else { s }
            } else if self.list_depth % 2 == 1 {
                "•".to_string()
            } else {
                "–".to_string()
            };
            let start = out.len();
            let item_rule = rule.layered(&self.theme.class_rule(&item.classes));
            self.blocks(&item.blocks, x + indent, width - indent, out)?;
            // The marker goes on the item's first line, right-aligned before the text.
            if let Some(first) = out[start..].iter_mut().find(|e| e.kind == Kind::Content) {
                let baseline = first.items.iter().find_map(|i| match i {
                    Item::Text { baseline, .. } => Some(*baseline),
                    _ => None,
                });
                if let Some(baseline) = baseline {
                    let st = {
                        let mut st = StyledText::default();
                        st.push(&marker, self.run_style(&item_rule, &Default::default()));
                        st
                    };
                    let line = paragraph::layout(&mut self.ctx, &st, Self::para_style(&item_rule), 1e6)
                        .map_err(|e| self.layout_error(e, Pos::default()))?
                        .remove(0);
                    let mx = x + indent - 5.0 - line.width;
                    // Before the line's text, so the text layer reads in visual order.
                    first.items.insert(
                        0,
                        Item::Text { x: mx, baseline, text: marker.clone(), glyphs: line.glyphs, angle: 0.0 },
                    );
                }
            }
        }
        self.list_depth -= 1;
        if self.list_depth == 0
            && let Some(a) = self.theme.style("p", classes).space_after
        {
            self.push(out, Entry::space(a.0));
        }
        Ok(())
    }

    /// A single line of text (headers, footers, stamps), aligned in [x, x + width).
    fn single_line(
        &mut self,
        text: &str,
        rule: &StyleRule,
        x: f32,
        width: f32,
        baseline: f32,
        align: Align,
    ) -> Result<Item> {
        let mut st = StyledText::default();
        st.push(text, self.run_style(rule, &Default::default()));
        let mut lines = paragraph::layout(&mut self.ctx, &st, Self::para_style(rule), 1e6)
            .map_err(|e| self.layout_error(e, Pos::default()))?;
        let line = lines.remove(0);
        let dx = match align {
            Align::Center => (width - line.width) / 2.0,
            Align::Right => width - line.width,
            _ => 0.0,
        };
        Ok(Item::Text { x: x + dx, baseline, text: line.text, glyphs: line.glyphs, angle: 0.0 })
    }

    /// Running header and footer, classification stamps, watermark.
    fn running(&mut self, pages: &mut [Page], doc: &Document) -> Result<()> {
        let theme = self.theme;
        let total = pages.len();
        let digits = |n: usize| {
            if theme.digits == Digits::Thai { crate::thai::thai_digits(&n.to_string()) } else { n.to_string() }
        };
        let (x, w) = (theme.margin_left, theme.content_width());
        for (i, page) in pages.iter_mut().enumerate() {
            let fill = |t: &str| {
                t.replace("{title}", &doc.meta.title)
                    .replace("{subject}", &doc.meta.subject)
                    .replace("{page}", &digits(i + 1))
                    .replace("{pages}", &digits(total))
            };
            for (run, baseline) in
                [(&theme.header, theme.header_offset), (&theme.footer, theme.page_height - theme.footer_offset)]
            {
                let rule = StyleRule { size: run.size.or(Some(10.0)), color: run.color, ..Default::default() };
                for (t, align) in [(&run.left, Align::Left), (&run.center, Align::Center), (&run.right, Align::Right)] {
                    if let Some(t) = t.as_deref().map(fill).filter(|t| !t.trim().is_empty()) {
                        page.items.push(self.single_line(&t, &rule, x, w, baseline, align)?);
                    }
                }
                if run.rule == Some(true) {
                    let y = if std::ptr::eq(run, &theme.header) {
                        baseline + 4.0
                    } else {
                        baseline - (run.size.unwrap_or(10.0)) - 2.0
                    };
                    page.items.push(Item::Rule {
                        x1: x,
                        y1: y,
                        x2: x + w,
                        y2: y,
                        color: run.color.unwrap_or(Color([0.5; 3])),
                        width: 0.4,
                    });
                }
            }
            if let Some(c) = &doc.meta.classification {
                let rule = theme.rule("classification");
                page.items.push(self.single_line(
                    c,
                    &rule,
                    0.0,
                    theme.page_width,
                    theme.header_offset * 0.55,
                    Align::Center,
                )?);
                page.items.push(self.single_line(
                    c,
                    &rule,
                    0.0,
                    theme.page_width,
                    theme.page_height - theme.footer_offset * 0.45,
                    Align::Center,
                )?);
            }
            if let Some(wm) = &doc.meta.watermark {
                let rule = theme.rule("watermark");
                let mut st = StyledText::default();
                st.push(wm, self.run_style(&rule, &Default::default()));
                let line = paragraph::layout(&mut self.ctx, &st, Self::para_style(&rule), 1e6)
                    .map_err(|e| self.layout_error(e, Pos::default()))?
                    .remove(0);
                // Centred on the page along the diagonal, rising to the right
                // (layout y grows downwards, so the angle turns the baseline up).
                let angle = (theme.page_height / theme.page_width).atan();
                let size = rule.size.unwrap_or(100.0);
                let (cx, cy) = (theme.page_width / 2.0, theme.page_height / 2.0);
                let (s, c) = angle.sin_cos();
                let lift = size * 0.35; // baseline to the middle of Thai letters
                let bx = cx - c * line.width / 2.0 + s * lift;
                let by = cy + s * line.width / 2.0 + c * lift;
                // Under everything else on the page.
                page.items.insert(0, Item::Text { x: bx, baseline: by, text: line.text, glyphs: line.glyphs, angle });
            }
        }
        Ok(())
    }
}

/// Headings at the top level of the document, in order (those are the ones
/// in the outline; headings inside lists or cells are not).
fn headings(blocks: &[Block]) -> Vec<(u8, Vec<Inline>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content, .. } => Some((*level, content.clone())),
            _ => None,
        })
        .collect()
}

impl Builder<'_> {
    /// One line per heading down to `depth`: its text, then its page number
    /// at the right margin.
    fn contents(&mut self, depth: u8, x: f32, width: f32, out: &mut Vec<Entry>) -> Result<()> {
        self.has_contents = true;
        let digits = self.theme.digits;
        let headings = self.headings.clone();
        for (i, (level, content)) in headings.iter().enumerate() {
            if *level > depth {
                continue;
            }
            let rule = self
                .theme
                .style("p", &[format!("toc{level}")])
                .layered(&StyleRule { align: Some(Align::Left), ..Default::default() });
            let page = self.toc_pages.as_ref().and_then(|p| p.get(i)).copied();
            let number = page.map_or("00".to_string(), |n| n.to_string());
            let number = if digits == Digits::Thai { crate::thai::thai_digits(&number) } else { number };
            let indent = 18.0 * (*level as f32 - 1.0);
            let number_room = 40.0;
            let mut lines = self.lines(content, &rule, width - indent - number_room, Pos::default())?;
            let last = lines.len() - 1;
            for (k, line) in lines.drain(..).enumerate() {
                let mut items = Vec::new();
                line_items(&line, x + indent, 0.0, &mut items);
                if k == last {
                    items.push(self.single_line(&number, &rule, x, width, line.baseline, Align::Right)?);
                }
                self.push(out, Entry::content(line.height, items));
            }
        }
        if let Some(a) = self.theme.style("p", &[]).space_after {
            self.push(out, Entry::space(a.0));
        }
        Ok(())
    }
}

/// The text and link items of a line whose top is at `top` and left at `x`.
fn line_items(line: &Line, x: f32, top: f32, items: &mut Vec<Item>) {
    if !line.glyphs.is_empty() || !line.text.is_empty() {
        items.push(Item::Text {
            x,
            baseline: top + line.baseline,
            text: line.text.clone(),
            glyphs: line.glyphs.clone(),
            angle: 0.0,
        });
    }
    for (x0, x1, href) in &line.links {
        items.push(Item::Link { x: x + x0, y: top, w: x1 - x0, h: line.height, href: href.clone() });
    }
}

/// Where each entry goes: per page, its entries (index, y) and the table
/// whose header rows repeat at its top.
struct PagePlan {
    pages: Vec<Vec<(usize, f32)>>,
    repeated: Vec<Option<usize>>,
}

/// Fill pages with entries. When an entry does not fit, the page breaks at
/// the last entry on it that allows a break before itself.
fn plan_pages(entries: &[Entry], headers: &[Vec<Entry>], body_height: f32) -> PagePlan {
    let mut pages: Vec<Vec<(usize, f32)>> = Vec::new(); // entry index, y
    let mut repeated: Vec<Option<usize>> = Vec::new(); // the table whose header rows repeat on each page
    let mut cur: Vec<(usize, f32)> = Vec::new();
    let mut cur_repeat: Option<usize> = None;
    let mut y = 0.0f32;
    let mut page_start = 0usize;
    let mut i = 0usize;
    let new_page = |pages: &mut Vec<Vec<(usize, f32)>>,
                    repeated: &mut Vec<Option<usize>>,
                    cur: &mut Vec<(usize, f32)>,
                    cur_repeat: &mut Option<usize>| {
        pages.push(std::mem::take(cur));
        repeated.push(cur_repeat.take());
    };
    while i < entries.len() {
        let e = &entries[i];
        match e.kind {
            Kind::PageBreak => {
                if !cur.is_empty() {
                    new_page(&mut pages, &mut repeated, &mut cur, &mut cur_repeat);
                    y = 0.0;
                }
                i += 1;
                page_start = i;
                continue;
            }
            Kind::Space if cur.is_empty() => {
                i += 1;
                page_start = i;
                continue;
            }
            _ => {}
        }
        if cur.is_empty() || y + e.height <= body_height + 0.01 {
            if cur.is_empty() && cur_repeat.is_none() && i > page_start {
                page_start = i;
            }
            // A table row starting a page (not the table's first) gets its header again.
            if cur.is_empty()
                && !pages.is_empty()
                && let Some(t) = e.table
            {
                cur_repeat = Some(t);
                y = headers[t].iter().map(|h| h.height).sum();
            }
            cur.push((i, y));
            y += e.height;
            i += 1;
            continue;
        }
        // Does not fit: find where to break.
        let first_on_page = cur.first().map_or(i, |c| c.0);
        let mut j = i;
        while j > first_on_page && !entries[j].break_before {
            j -= 1;
        }
        if j == first_on_page {
            j = i; // nothing better: break right here
        }
        cur.retain(|c| c.0 < j);
        new_page(&mut pages, &mut repeated, &mut cur, &mut cur_repeat);
        y = 0.0;
        i = j;
        page_start = j;
        // Spaces at the top of the new page vanish.
        while i < entries.len() && entries[i].kind == Kind::Space {
            i += 1;
        }
    }
    if !cur.is_empty() || pages.is_empty() {
        new_page(&mut pages, &mut repeated, &mut cur, &mut cur_repeat);
    }

    PagePlan { pages, repeated }
}

/// The page number (1-based) of each heading with an outline entry, in
/// document order.
fn heading_pages(entries: &[Entry], plan: &PagePlan) -> Vec<usize> {
    let mut out = Vec::new();
    for (p, placed) in plan.pages.iter().enumerate() {
        out.extend(placed.iter().filter(|(idx, _)| entries[*idx].outline.is_some()).map(|_| p + 1));
    }
    out
}

/// Move each entry's items onto its page.
fn place_pages(
    mut entries: Vec<Entry>,
    headers: &[Vec<Entry>],
    plan: PagePlan,
    theme: &Theme,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let PagePlan { pages, repeated } = plan;
    let mut out = Vec::with_capacity(pages.len());
    let mut outline = Vec::new();
    let (left, top) = (theme.margin_left, theme.margin_top);
    for (p, (placed, rep)) in pages.into_iter().zip(repeated).enumerate() {
        let mut page = Page::default();
        let mut hy = 0.0;
        for h in rep.map(|t| headers[t].clone()).unwrap_or_default() {
            for mut item in h.items {
                item.shift(left, top + hy);
                page.items.push(item);
            }
            hy += h.height;
        }
        for (idx, y) in placed {
            // Each entry is placed once: its items move onto the page.
            let e = &mut entries[idx];
            if let Some((level, title)) = e.outline.take() {
                outline.push(OutlineEntry { level, title, page: p, y: top + y });
            }
            for mut item in std::mem::take(&mut e.items) {
                item.shift(left, top + y);
                page.items.push(item);
            }
        }
        out.push(page);
    }
    (out, outline)
}
