//! Layout: document markup -> positioned glyphs, rules and boxes on pages.
//!
//! Blocks become a flat list of `Entry`s (lines, table rows, spaces), each
//! saying whether a page may break before it; pagination then fills pages.
//! That one flag carries every rule: headings stay with what follows, no
//! paragraph leaves a single line at a page top or bottom, a table header
//! stays with its first row.

mod chart;
mod contents;
mod figure;
mod flow;
mod optimum;
mod pagination;
mod paragraph;
mod running;
mod structure;
mod table;

use std::path::Path;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::typeset::markup::{Block, Document, Inline, ListItem, Pos};
use crate::typeset::style::{Align, Color, StyleRule, Theme};
use crate::typeset::text::fonts::{FaceId, FontBook};
use crate::typeset::text::shape::Shaper;

use flow::{Entry, Flow, Kind};
use pagination::{PagePlan, heading_pages, place_pages, plan_pages};
pub use paragraph::{Line, ParaStyle, RunStyle, StyledText};
pub use structure::{Artifact, NodeId, Role, Scope, Structure, Tag};

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
/// (or of the entry, before pagination). Each says what it is part of
/// (`tag`): a node of the structure tree, or an artifact.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        glyphs: Vec<PlacedGlyph>,
        angle: f32,
        tag: Tag,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
        tag: Tag,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Color,
        width: f32,
        tag: Tag,
    },
    /// A clickable area (an annotation, not content); `tag` is its Link node.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: Target,
        tag: Tag,
    },
    /// A photo (index into `Layout::images`) drawn in the box.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: usize,
        tag: Tag,
    },
    /// A polyline or polygon (charts): stroked, filled, or both.
    Path {
        points: Vec<(f32, f32)>,
        closed: bool,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
        dash: Option<f32>,
        tag: Tag,
    },
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Uri(String),
    /// The n-th entry of the outline (a contents line), until pagination
    /// knows its place and makes it a `Place`.
    Heading(usize),
    /// A page (0-based) and a distance from its top.
    Place {
        page: usize,
        y: f32,
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

    pub fn tag(&self) -> Tag {
        match self {
            Item::Text { tag, .. }
            | Item::Rect { tag, .. }
            | Item::Rule { tag, .. }
            | Item::Link { tag, .. }
            | Item::Image { tag, .. }
            | Item::Path { tag, .. } => *tag,
        }
    }

    fn set_tag(&mut self, to: Tag) {
        match self {
            Item::Text { tag, .. }
            | Item::Rect { tag, .. }
            | Item::Rule { tag, .. }
            | Item::Link { tag, .. }
            | Item::Image { tag, .. }
            | Item::Path { tag, .. } => *tag = to,
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
    /// The logical structure the items' tags refer to.
    pub structure: Structure,
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

/// Lay out a parsed document. `file` and `source` are the markup's, for messages.
pub fn layout_document(
    doc: &Document,
    theme: &Theme,
    book: &FontBook,
    phrases: &[String],
    file: &Path,
    source: &str,
) -> Result<Layout> {
    let mut warnings = unstyled_classes(doc, theme, file);
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
        origin: Origin { file, source },
        images: figure::Images::default(),
        table_heads: Vec::new(),
        toc: contents::Toc::new(&doc.blocks),
        tree: Structure::default(),
    };
    let body_height = theme.page_height - theme.margin_top - theme.margin_bottom;
    let (mut flow, spans) = b.first_pass(doc)?;
    let mut plan = plan_pages(&flow.entries, &b.table_heads, body_height);
    crate::timings::mark("layout: first pass");
    if b.toc.used {
        flow = b.contents_again(doc, flow, spans, &plan)?;
        plan = plan_pages(&flow.entries, &b.table_heads, body_height);
    }
    let (mut pages, outline) = place_pages(flow.entries, &b.table_heads, plan, theme);
    link_headings(&mut pages, &outline);
    b.running(&mut pages, doc)?;
    crate::timings::mark("text laid out");
    let images = b.prepare_images(&mut warnings)?;
    let structure = std::mem::take(&mut b.tree);
    Ok(Layout { width: theme.page_width, height: theme.page_height, pages, outline, warnings, images, structure })
}

/// The contents' links lead to their headings, whose places are known now.
fn link_headings(pages: &mut [Page], outline: &[OutlineEntry]) {
    for item in pages.iter_mut().flat_map(|p| &mut p.items) {
        if let Item::Link { target, .. } = item
            && let Target::Heading(i) = *target
        {
            // A contents line always has its heading (the outline holds every one).
            let (page, y) = outline.get(i).map_or((0, 0.0), |e| (e.page, e.y));
            *target = Target::Place { page, y };
        }
    }
}

/// A warning for each class the document uses that the theme does not style.
fn unstyled_classes(doc: &Document, theme: &Theme, file: &Path) -> Vec<String> {
    doc.classes
        .iter()
        .filter(|(class, _)| !theme.classes.contains_key(class.as_str()))
        .map(|(class, pos)| {
            format!(
                "{}:{}:{}: warning: class `{class}` is not styled by the theme (add [classes.{class}] to it)",
                file.display(),
                pos.line,
                pos.column
            )
        })
        .collect()
}

/// What one top-level block made in the first pass: flow entries,
/// the keep-with-next state it started in, structure nodes at the top.
struct BlockSpan {
    entries: usize,
    keep: u8,
    nodes: usize,
}

/// The markup file a layout run reads, for messages that point into it.
struct Origin<'a> {
    file: &'a Path,
    source: &'a str,
}

/// Where a block is laid out: its column, and what it sits inside (lists,
/// a table cell), which decides the style of its paragraphs.
#[derive(Debug, Clone, Default)]
struct Frame {
    x: f32,
    width: f32,
    /// Lists around the block (their markers alternate with depth).
    list_depth: usize,
    /// Inside a table cell: its element (th/td) and classes.
    cell: Option<(&'static str, Vec<String>)>,
    /// The structure node the blocks laid out here belong to.
    parent: NodeId,
    /// The frame holds a single paragraph whose text is `parent`'s own (a
    /// table cell, a list item's body), without a paragraph node of its own.
    bare: bool,
}

impl Frame {
    fn column(x: f32, width: f32) -> Frame {
        Frame { x, width, ..Frame::default() }
    }

    /// The same frame, narrowed on the left by `by`.
    fn indented(&self, by: f32) -> Frame {
        Frame { x: self.x + by, width: self.width - by, ..self.clone() }
    }

    /// The same frame, for blocks under the structure node `parent`: their
    /// text directly in it when they are one paragraph.
    fn under(&self, parent: NodeId, blocks: &[Block]) -> Frame {
        let bare = matches!(blocks, [Block::Paragraph { .. }]);
        Frame { parent, bare, ..self.clone() }
    }
}

/// One layout run: fonts and break caches (`ctx`), the theme, and what the
/// document collects as it goes: photos, the header rows of its tables,
/// its headings for the contents.
struct Builder<'a> {
    ctx: Context<'a>,
    theme: &'a Theme,
    origin: Origin<'a>,
    images: figure::Images,
    /// Per table (by `Entry::table`), its header rows, repeated on each page it continues on.
    table_heads: Vec<Vec<Entry>>,
    toc: contents::Toc,
    /// The structure tree, in reading order.
    tree: Structure,
}

impl Builder<'_> {
    /// Every top-level block into one flow; with it, per block, how many
    /// entries it made and the keep-with-next state it started in.
    fn first_pass(&mut self, doc: &Document) -> Result<(Flow, Vec<BlockSpan>)> {
        let frame = Frame::column(0.0, self.theme.content_width());
        let mut flow = Flow::default();
        let mut spans = Vec::with_capacity(doc.blocks.len());
        for block in &doc.blocks {
            let (start, keep, nodes) = (flow.len(), flow.keep, self.top_nodes());
            self.blocks(std::slice::from_ref(block), &frame, &mut flow)?;
            spans.push(BlockSpan { entries: flow.len() - start, keep, nodes: self.top_nodes() - nodes });
        }
        Ok((flow, spans))
    }

    /// How many structure nodes the document has at its top level.
    fn top_nodes(&self) -> usize {
        self.tree.node(NodeId::ROOT).children.len()
    }

    /// The page numbers are known now: the contents are laid out again with
    /// them. Their lines keep their size, so the pages come out the same,
    /// and every other block keeps its entries. (Contents nested in another
    /// block: that whole block again; none at the top: all.)
    /// A block laid out again gets new structure nodes in place of its old
    /// ones, which are left unreachable.
    fn contents_again(&mut self, doc: &Document, flow: Flow, spans: Vec<BlockSpan>, plan: &PagePlan) -> Result<Flow> {
        self.toc.pages = Some(heading_pages(&flow.entries, plan));
        let frame = Frame::column(0.0, self.theme.content_width());
        let top_level = doc.blocks.iter().any(|block| matches!(block, Block::Contents { .. }));
        let mut old = flow.entries.into_iter();
        let mut old_nodes = std::mem::take(&mut self.tree.node_mut(NodeId::ROOT).children).into_iter();
        let mut again = Flow { entries: Vec::with_capacity(old.len()), keep: 0 };
        for (block, span) in doc.blocks.iter().zip(spans) {
            if !top_level || matches!(block, Block::Contents { .. }) {
                old.by_ref().take(span.entries).for_each(drop);
                old_nodes.by_ref().take(span.nodes).for_each(drop);
                again.keep = span.keep;
                self.blocks(std::slice::from_ref(block), &frame, &mut again)?;
            } else {
                again.entries.extend(old.by_ref().take(span.entries));
                self.tree.node_mut(NodeId::ROOT).children.extend(old_nodes.by_ref().take(span.nodes));
            }
        }
        Ok(again)
    }

    fn blocks(&mut self, blocks: &[Block], frame: &Frame, out: &mut Flow) -> Result<()> {
        for block in blocks {
            match block {
                Block::Heading { level, classes, content, pos } => {
                    let element = format!("h{level}");
                    let rule = self.theme.style(&element, classes);
                    if rule.page_break_before == Some(true) && !out.is_empty() {
                        out.page_break();
                    }
                    let title = crate::typeset::markup::plain_text(content).replace('\n', " ");
                    let start = out.len();
                    let keep = rule.keep_with_next.unwrap_or(true);
                    let node = self.tree.add(Role::Heading(*level), frame.parent);
                    self.paragraph(content, &rule, frame, *pos, out, node)?;
                    if let Some(e) = out.entries[start..].iter_mut().find(|e| e.kind == Kind::Content) {
                        e.outline = Some((*level, title));
                    }
                    if keep {
                        // No break between the heading and what follows, its own space after included.
                        for e in out.entries[start..].iter_mut().skip_while(|e| e.kind != Kind::Content).skip(1) {
                            e.break_before = false;
                        }
                        // The heading takes at least two lines of what follows with it.
                        out.keep = 2;
                    }
                }
                Block::Paragraph { classes, content, pos } => {
                    let rule = self.paragraph_rule(frame, classes);
                    let node = if frame.bare { frame.parent } else { self.tree.add(Role::Paragraph, frame.parent) };
                    self.paragraph(content, &rule, frame, *pos, out, node)?;
                }
                Block::List { ordered, classes, items, .. } => self.list(*ordered, classes, items, frame, out)?,
                Block::Table(t) => self.table(t, frame, out)?,
                Block::Rule { classes } => {
                    let rule = self.theme.rule("hr").layered(&self.theme.class_rule(classes));
                    let before = rule.space_before.map_or(6.0, |l| l.0);
                    let after = rule.space_after.map_or(6.0, |l| l.0);
                    let w = rule.border_width.map_or(0.8, |l| l.0);
                    let color = rule.border_color.unwrap_or(Color([0.5, 0.5, 0.5]));
                    let (x, width) = (frame.x, frame.width);
                    let tag = Tag::Artifact(Artifact::Layout);
                    let item = Item::Rule { x1: x, y1: before, x2: x + width, y2: before, color, width: w, tag };
                    out.push(Entry::content(before + after, vec![item]));
                }
                Block::PageBreak => out.page_break(),
                Block::Contents { depth } => self.contents(*depth, frame, out)?,
                Block::Image(img) => self.image(img, frame, out)?,
                Block::Album { columns, images, .. } => self.album(*columns, images, frame, out)?,
                Block::Chart(chart) => self.chart(chart, frame, out)?,
            }
        }
        Ok(())
    }

    /// A paragraph's style where it stands: in a table cell, the cell's
    /// element and classes with its own; in a list, a list item's (its
    /// indent is the list's); elsewhere `p`.
    fn paragraph_rule(&self, frame: &Frame, classes: &[String]) -> StyleRule {
        match &frame.cell {
            Some((element, cell_classes)) => {
                let mut all = cell_classes.clone();
                all.extend(classes.iter().cloned());
                self.theme.style(element, &all)
            }
            None if frame.list_depth > 0 => StyleRule { indent: None, ..self.theme.style("li", classes) },
            None => self.theme.style("p", classes),
        }
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
            lang: inline.lang.clone(),
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
                    self.origin.file,
                    self.origin.source,
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

    /// A paragraph or heading, its text under `node`.
    fn paragraph(
        &mut self,
        content: &[Inline],
        rule: &StyleRule,
        frame: &Frame,
        pos: Pos,
        out: &mut Flow,
        node: NodeId,
    ) -> Result<()> {
        // In a table cell the cell paints the background, not each paragraph.
        let rule = &if frame.cell.is_some() { StyleRule { background: None, ..rule.clone() } } else { rule.clone() };
        let pad = if rule.background.is_some() { rule.padding.map_or(0.0, |l| l.0) } else { 0.0 };
        let indent = rule.indent.map_or(0.0, |l| l.0);
        let (x, width) = (frame.x + indent + pad, frame.width - indent - 2.0 * pad);
        let lines = self.lines(content, rule, width, pos)?;
        if let Some(b) = rule.space_before {
            out.push(Entry::space(b.0));
        }
        let mut tagger = Tagger::new(node, content, &mut self.tree);
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
                    tag: Tag::Artifact(Artifact::Background),
                });
            }
            tagger.line_items(&line, x, top, &mut items, &mut self.tree);
            let mut e = Entry::content(top + line.height + bottom, items);
            // Orphans and widows: never one line alone at a page bottom or top.
            e.break_before = k == 0 || (k >= 2 && n - k >= 2);
            out.push(e);
        }
        if let Some(a) = rule.space_after {
            out.push(Entry::space(a.0));
        }
        Ok(())
    }

    fn list(
        &mut self,
        ordered: bool,
        classes: &[String],
        items: &[ListItem],
        frame: &Frame,
        out: &mut Flow,
    ) -> Result<()> {
        let rule = self.theme.style("li", classes);
        let indent = rule.indent.map_or(18.0, |l| l.0);
        let list = self.tree.add(Role::List { ordered }, frame.parent);
        let inner = Frame { list_depth: frame.list_depth + 1, ..frame.indented(indent) };
        for (n, item) in items.iter().enumerate() {
            let marker = if ordered {
                self.theme.numeral(&format!("{}.", n + 1))
            } else if inner.list_depth % 2 == 1 {
                "•".to_string()
            } else {
                "–".to_string()
            };
            let start = out.len();
            let item_rule = rule.layered(&self.theme.class_rule(&item.classes));
            let li = self.tree.add(Role::ListItem, list);
            let body = self.tree.add(Role::ListBody, li);
            self.blocks(&item.blocks, &inner.under(body, &item.blocks), out)?;
            // The marker goes on the item's first line, right-aligned before the text.
            if let Some(first) = out.entries[start..].iter_mut().find(|e| e.kind == Kind::Content) {
                let baseline = first.items.iter().find_map(|i| match i {
                    Item::Text { baseline, .. } => Some(*baseline),
                    _ => None,
                });
                if let Some(baseline) = baseline {
                    let line = self.one_line(&marker, &item_rule)?;
                    let mx = inner.x - 5.0 - line.width;
                    let tag = Tag::Node(self.tree.add_first(Role::Label, li));
                    // Before the line's text, so the text layer reads in visual order.
                    first.items.insert(
                        0,
                        Item::Text { x: mx, baseline, text: marker.clone(), glyphs: line.glyphs, angle: 0.0, tag },
                    );
                }
            }
        }
        if frame.list_depth == 0
            && let Some(a) = self.theme.style("p", classes).space_after
        {
            out.push(Entry::space(a.0));
        }
        Ok(())
    }

    /// `text` set on one line, however long, in `rule`'s style (list
    /// markers, running heads, stamps, the watermark).
    fn one_line(&mut self, text: &str, rule: &StyleRule) -> Result<Line> {
        let mut st = StyledText::default();
        st.push(text, self.run_style(rule, &Default::default()));
        let mut lines = paragraph::layout(&mut self.ctx, &st, Self::para_style(rule), 1e6)
            .map_err(|e| self.layout_error(e, Pos::default()))?;
        Ok(lines.remove(0))
    }

    /// A single line of text (headers, footers, stamps), aligned in [x, x + width).
    #[allow(clippy::too_many_arguments)] // where the line goes, and what it is part of
    fn single_line(
        &mut self,
        text: &str,
        rule: &StyleRule,
        x: f32,
        width: f32,
        baseline: f32,
        align: Align,
        tag: Tag,
    ) -> Result<Item> {
        let line = self.one_line(text, rule)?;
        let dx = match align {
            Align::Center => (width - line.width) / 2.0,
            Align::Right => width - line.width,
            _ => 0.0,
        };
        Ok(Item::Text { x: x + dx, baseline, text: line.text, glyphs: line.glyphs, angle: 0.0, tag })
    }
}

/// Tags a paragraph's lines: their text belongs to the paragraph's node,
/// except its links (a Link node each, its text and its clickable areas)
/// and text in another language (a Span with its language).
struct Tagger {
    node: NodeId,
    /// Per link or language group of the paragraph (see `Segment::group`), its node.
    groups: Vec<(usize, NodeId)>,
    /// All of every line is the node's (a contents line, a caption).
    flat: bool,
}

impl Tagger {
    /// For the text of `node`; when every piece of `content` is in the
    /// same other language, that is the node's language.
    fn new(node: NodeId, content: &[Inline], tree: &mut Structure) -> Tagger {
        let mut langs = content.iter().map(|piece| match piece {
            Inline::Text { style, .. } => style.lang.as_deref(),
            Inline::LineBreak => None,
        });
        if let Some(Some(first)) = langs.next()
            && langs.all(|l| l.is_none() || l == Some(first))
            && tree.lang(node) != Some(first)
        {
            tree.node_mut(node).lang = Some(first.to_string());
        }
        Tagger { node, groups: Vec::new(), flat: false }
    }

    /// All of each line as one text item under `node`, without links.
    fn flat(node: NodeId) -> Tagger {
        Tagger { node, groups: Vec::new(), flat: true }
    }

    /// The node a line segment's text goes to.
    fn segment_node(&mut self, seg: &paragraph::Segment, tree: &mut Structure) -> NodeId {
        if seg.href.is_none() && seg.lang.as_deref() == tree.lang(self.node) {
            return self.node;
        }
        if let Some(&(_, n)) = self.groups.iter().find(|(g, _)| *g == seg.group) {
            return n;
        }
        let role = if seg.href.is_some() { Role::Link } else { Role::Span };
        let n = tree.add(role, self.node);
        if seg.lang.as_deref() != tree.lang(self.node) {
            tree.node_mut(n).lang = seg.lang.clone();
        }
        self.groups.push((seg.group, n));
        n
    }

    /// The text and link items of a line whose top is at `top` and left at
    /// `x`: one text item, or one per segment when parts of it belong to
    /// other nodes.
    fn line_items(&mut self, line: &Line, x: f32, top: f32, items: &mut Vec<Item>, tree: &mut Structure) {
        let baseline = top + line.baseline;
        let whole = self.flat
            || line.segments.len() <= 1
                && line.segments.first().is_none_or(|seg| self.segment_node(seg, tree) == self.node);
        if whole {
            if !line.glyphs.is_empty() || !line.text.is_empty() {
                let (text, glyphs, tag) = (line.text.clone(), line.glyphs.clone(), Tag::Node(self.node));
                items.push(Item::Text { x, baseline, text, glyphs, angle: 0.0, tag });
            }
        } else {
            for seg in &line.segments {
                let node = self.segment_node(seg, tree);
                let text = line.text[seg.text.clone()].to_string();
                if seg.href.is_some() {
                    tree.node_mut(node).alt.get_or_insert_default().push_str(&text);
                }
                let glyphs = line.glyphs[seg.glyphs.clone()].to_vec();
                items.push(Item::Text { x, baseline, text, glyphs, angle: 0.0, tag: Tag::Node(node) });
            }
        }
        let flat = self.flat;
        for link in line.links.iter().filter(|_| !flat) {
            let node = match line.segments.iter().find(|s| s.group == link.group) {
                Some(seg) => self.segment_node(seg, tree),
                None => self.node,
            };
            items.push(Item::Link {
                x: x + link.x0,
                y: top,
                w: link.x1 - link.x0,
                h: line.height,
                target: Target::Uri(link.href.clone()),
                tag: Tag::Node(node),
            });
        }
    }
}
