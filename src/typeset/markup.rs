//! The document markup: a small XHTML-like language that templates emit and
//! the layout stage consumes. Parsed with roxmltree so every element keeps its
//! position; unknown elements and attributes are errors, not silently dropped.
//! The language is documented in `templates/README.md`.

use std::path::Path;

use crate::diag::{Diagnostic, closest};
use crate::error::{Error, Result};

/// A parsed document: metadata from the `<document>` root and its blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
    /// Classes used in the document with the position of their first use,
    /// so the theme can warn about ones it does not style.
    pub classes: Vec<(String, Pos)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub lang: String,
    /// Secrecy class printed in red at the top and bottom of every page.
    pub classification: Option<String>,
    /// Text drawn diagonally across every page (e.g. "ร่าง" for a draft).
    pub watermark: Option<String>,
}

/// Line and column (1-based) of an element in the markup source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        classes: Vec<String>,
        content: Vec<Inline>,
        pos: Pos,
    },
    Paragraph {
        classes: Vec<String>,
        content: Vec<Inline>,
        pos: Pos,
    },
    List {
        ordered: bool,
        classes: Vec<String>,
        items: Vec<ListItem>,
        pos: Pos,
    },
    Table(Table),
    Rule {
        classes: Vec<String>,
    },
    PageBreak,
    /// A table of contents: the document's h1 (and h2 when depth = 2) headings with their page numbers.
    Contents {
        depth: u8,
    },
    Image(Image),
    /// Photos in a grid, `columns` per row, each with its caption.
    Album {
        columns: usize,
        classes: Vec<String>,
        images: Vec<Image>,
        pos: Pos,
    },
    Chart(Chart),
}

/// Size along one axis: a fraction of the available width, or points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Extent {
    Fraction(f32),
    Points(f32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// As written; relative paths are relative to the markup file.
    pub src: String,
    pub width: Option<Extent>,
    /// Largest height: the image is scaled to fit width and height, keeping its aspect ratio.
    pub height: Option<f32>,
    pub caption: Option<String>,
    /// What the photo shows, for readers who cannot see it (the caption
    /// when absent); `alt=""`: decoration.
    pub alt: Option<String>,
    pub align: Option<crate::typeset::style::Align>,
    pub classes: Vec<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Bar,
    Line,
}

/// A chart drawn as vectors: categories along x (e.g. Buddhist-Era years),
/// one bar or line per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub kind: ChartKind,
    pub title: String,
    pub unit: String,
    pub height: Option<f32>,
    pub series: Vec<Series>,
    pub classes: Vec<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// (category label, value)
    pub points: Vec<(String, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub classes: Vec<String>,
    /// The item's own text and any nested lists, in order.
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub classes: Vec<String>,
    /// Column widths as fractions of the table width (summing to 1).
    pub columns: Vec<f32>,
    pub head: Vec<Row>,
    pub body: Vec<Row>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub classes: Vec<String>,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub header: bool,
    pub colspan: usize,
    pub classes: Vec<String>,
    pub blocks: Vec<Block>,
    /// Where the `<td>` or `<th>` is, and which it is (for messages).
    pub pos: Pos,
    pub tag: &'static str,
}

/// Inline content, flattened: each piece of text carries its full style.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text { text: String, style: InlineStyle },
    LineBreak,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct InlineStyle {
    pub bold: bool,
    pub italic: bool,
    pub href: Option<String>,
    /// Classes of enclosing inline elements, outermost first.
    pub classes: Vec<String>,
    /// Inside `<nobr>`: never split across lines.
    pub nobr: bool,
    /// The language of the text, when an element around it gives one.
    pub lang: Option<String>,
}

/// Elements that may say which language their text is in (`lang="en"`).
const LANG_ELEMENTS: &[&str] =
    &["h1", "h2", "h3", "p", "li", "td", "th", "b", "strong", "i", "em", "span", "nobr", "a"];

const BLOCK_ELEMENTS: &[&str] =
    &["h1", "h2", "h3", "p", "ul", "ol", "table", "hr", "pagebreak", "contents", "img", "album", "chart"];

struct Parser<'a> {
    /// Byte offset of each line start, for positions without rescanning.
    line_starts: Vec<usize>,
    file: &'a Path,
    source: &'a str,
    classes: Vec<(String, Pos)>,
    class_names: std::collections::HashSet<String>,
    /// The language given by the elements around the one being read.
    lang: Option<String>,
}

/// How deeply elements may nest. The conversion below and the layout recurse
/// once per level (a few frames each); far below what the main thread's stack
/// holds, far above what a briefing pack needs (about 8).
pub const MAX_DEPTH: usize = 256;

/// Most columns a table may have: past this a column is narrower than a
/// letter on an A4 page, and a `colspan` cannot make a table of millions.
pub const MAX_COLUMNS: usize = 100;

/// Attributes whose values are printed (the others are paths, links,
/// numbers and names of styles), by element.
const PRINTED_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("document", &["title", "subject", "classification", "watermark"]),
    ("img", &["caption"]),
    ("chart", &["title", "unit"]),
    ("series", &["name"]),
    ("point", &["x"]),
];

/// Parse markup source. `file` is only used in error messages.
pub fn parse(file: &Path, source: &str) -> Result<Document> {
    parse_checked(file, source, None)
}

/// [`parse`], and with `glyphs`, every character that is printed (text and
/// printed attributes such as captions and chart titles) checked against the
/// fonts: the first one no font draws is reported at its own line and column.
pub fn parse_checked(file: &Path, source: &str, glyphs: Option<&crate::typeset::text::Glyphs<'_>>) -> Result<Document> {
    let doc = roxmltree::Document::parse(source).map_err(|e| {
        let p = e.pos();
        Diagnostic::at_line_col(file, source, p.row as usize, p.col as usize, format!("malformed markup: {e}"))
            .with_help("the markup is XML: close every element, quote attributes, write & as &amp; and < as &lt;")
    })?;
    let line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut parser =
        Parser { line_starts, file, source, classes: Vec::new(), class_names: Default::default(), lang: None };
    let root = doc.root_element();
    // roxmltree parses without recursion; the conversion below recurses, so
    // the depth is checked first, with an explicit stack.
    if let Some(deep) = too_deep(root) {
        return Err(parser
            .error(deep, format!("elements nest more than {MAX_DEPTH} deep here"))
            .with_help(format!(
                "close the elements above this one: a document nests at most {MAX_DEPTH} elements \
                 (a list in a list in a table cell is 5)"
            ))
            .into());
    }
    if let Some(glyphs) = glyphs {
        parser.check_glyphs(&doc, glyphs)?;
    }
    if root.tag_name().name() != "document" {
        return Err(parser
            .error(root, format!("the root element must be <document>, not <{}>", root.tag_name().name()))
            .into());
    }
    let meta = parser.meta(root)?;
    let blocks = parser.blocks(root)?;
    Ok(Document { meta, blocks, classes: parser.classes })
}

/// The first element (in document order) nested deeper than [`MAX_DEPTH`].
fn too_deep<'a, 'i>(root: roxmltree::Node<'a, 'i>) -> Option<roxmltree::Node<'a, 'i>> {
    let mut stack = vec![(root, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Some(node);
        }
        // Reversed, so that the first child is looked at first.
        let children: Vec<_> = node.children().filter(|c| c.is_element()).collect();
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    None
}

impl<'a> Parser<'a> {
    /// The first printed character no font draws, as an error at its place.
    fn check_glyphs(&self, doc: &roxmltree::Document, glyphs: &crate::typeset::text::Glyphs<'_>) -> Result<()> {
        for node in doc.descendants() {
            let mut texts: Vec<(&str, std::ops::Range<usize>, String)> = Vec::new();
            if node.is_text() {
                if let Some(t) = node.text() {
                    texts.push((t, node.range(), "the text".to_string()));
                }
            } else if node.is_element() {
                let name = node.tag_name().name();
                let printed = PRINTED_ATTRIBUTES.iter().find(|(e, _)| *e == name).map_or(&[][..], |(_, a)| *a);
                for attr in node.attributes().filter(|a| printed.contains(&a.name())) {
                    texts.push((attr.value(), attr.range_value(), format!("the {} of <{name}>", attr.name())));
                }
            }
            for (text, range, what) in texts {
                let Some(c) = text.chars().find(|&c| !glyphs.can_print(c)) else { continue };
                // The character as written (an entity such as &#xF23; is pointed at from its start).
                let at =
                    self.source.get(range.clone()).and_then(|raw| raw.find(c)).map_or(range.start, |i| range.start + i);
                let d = Diagnostic::at(
                    self.file,
                    self.source,
                    at..at + c.len_utf8(),
                    format!(
                        "no font has a glyph for '{c}' (U+{:04X}) in {what} (fonts: {})",
                        c as u32,
                        glyphs.describe()
                    ),
                )
                .with_help(
                    "replace the character, or add a font that has it to `fallback` under [fonts] in your theme \
                     (--theme), e.g. fallback = [\"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\"]",
                );
                return Err(d.into());
            }
        }
        Ok(())
    }

    fn pos(&self, node: roxmltree::Node) -> Pos {
        let at = node.range().start;
        let line = self.line_starts.partition_point(|&s| s <= at);
        let start = self.line_starts[line - 1];
        Pos { line: line as u32, column: self.source[start..at].chars().count() as u32 + 1 }
    }

    fn error(&self, node: roxmltree::Node, message: String) -> Diagnostic {
        self.error_at(self.pos(node), node.tag_name().name(), message)
    }

    /// An error at the element `<tag` at `p`.
    fn error_at(&self, p: Pos, tag: &str, message: String) -> Diagnostic {
        let mut d = Diagnostic::at_line_col(self.file, self.source, p.line as usize, p.column as usize, message);
        d.width = tag.chars().count() as u32 + 1;
        d
    }

    /// Check that `node` has only the allowed attributes (plus `class`), and
    /// record its classes.
    fn attributes(&mut self, node: roxmltree::Node, allowed: &[&str]) -> Result<Vec<String>> {
        let element = node.tag_name().name();
        let lang = LANG_ELEMENTS.contains(&element);
        for attr in node.attributes() {
            let name = attr.name();
            if name == "lang" && lang {
                self.check_lang(node, attr.value())?;
            } else if name != "class" && !allowed.contains(&name) {
                let mut expected: Vec<&str> = allowed.to_vec();
                if lang {
                    expected.push("lang");
                }
                expected.push("class");
                let d = self.error(node, format!("unknown attribute `{name}` on <{}>", node.tag_name().name()));
                let hint = match closest(name, expected.iter().copied()) {
                    Some(s) => {
                        format!("did you mean `{s}`? <{}> takes: {}", node.tag_name().name(), expected.join(", "))
                    }
                    None => format!("<{}> takes: {}", node.tag_name().name(), expected.join(", ")),
                };
                return Err(d.with_help(hint).into());
            }
        }
        let classes: Vec<String> =
            node.attribute("class").unwrap_or("").split_whitespace().map(str::to_string).collect();
        for c in &classes {
            // A set beside the list: a document of many classes was searched class by class.
            if self.class_names.insert(c.clone()) {
                let pos = self.pos(node);
                self.classes.push((c.clone(), pos));
            }
        }
        Ok(classes)
    }

    /// A language tag as BCP 47 writes them: `en`, `en-GB`, `zh-Hant`.
    fn check_lang(&self, node: roxmltree::Node, value: &str) -> Result<()> {
        let mut parts = value.split('-');
        let primary = parts.next().unwrap_or("");
        let ok = (2..=8).contains(&primary.len())
            && primary.chars().all(|c| c.is_ascii_alphabetic())
            && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if ok {
            return Ok(());
        }
        Err(self
            .error(node, format!("bad lang `{value}` on <{}>", node.tag_name().name()))
            .with_help("lang is a language tag such as \"en\", \"th\" or \"en-GB\"")
            .into())
    }

    /// Runs `f` with the language `node` gives (if any) as the current one.
    fn in_lang<T>(&mut self, node: roxmltree::Node, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let Some(lang) = node.attribute("lang").filter(|_| LANG_ELEMENTS.contains(&node.tag_name().name())) else {
            return f(self);
        };
        let outer = self.lang.replace(lang.to_string());
        let result = f(self);
        self.lang = outer;
        result
    }

    /// The style text starts in, inside the elements read so far.
    fn base_style(&self) -> InlineStyle {
        InlineStyle { lang: self.lang.clone(), ..InlineStyle::default() }
    }

    fn meta(&mut self, root: roxmltree::Node) -> Result<Meta> {
        self.attributes(root, &["title", "author", "subject", "keywords", "lang", "classification", "watermark"])?;
        let get = |k: &str| root.attribute(k).unwrap_or("").to_string();
        let opt = |k: &str| root.attribute(k).map(str::to_string).filter(|s| !s.trim().is_empty());
        Ok(Meta {
            title: get("title"),
            author: get("author"),
            subject: get("subject"),
            keywords: get("keywords"),
            lang: root.attribute("lang").unwrap_or("th-TH").to_string(),
            classification: opt("classification"),
            watermark: opt("watermark"),
        })
    }

    fn unknown_element(&self, node: roxmltree::Node, context: &str, allowed: &[&str]) -> Error {
        let name = node.tag_name().name();
        let d = self.error(node, format!("unknown element <{name}> in {context}"));
        let hint = match closest(name, allowed.iter().copied()) {
            Some(s) => format!("did you mean <{s}>? allowed here: {}", allowed.join(", ")),
            None => format!("allowed here: {}", allowed.join(", ")),
        };
        d.with_help(hint).into()
    }

    /// Block children of a container that only holds blocks (document, li after text, td).
    fn blocks(&mut self, parent: roxmltree::Node) -> Result<Vec<Block>> {
        let mut out = Vec::new();
        for child in parent.children() {
            if child.is_text() {
                if let Some(t) = child.text()
                    && !t.trim().is_empty()
                {
                    let d = Diagnostic::at(
                        self.file,
                        self.source,
                        child.range(),
                        format!("text directly inside <{}>", parent.tag_name().name()),
                    )
                    .with_help("put running text in a <p> or a heading");
                    return Err(d.into());
                }
                continue;
            }
            if child.is_element() {
                out.push(self.block(child)?);
            }
        }
        Ok(out)
    }

    fn block(&mut self, node: roxmltree::Node) -> Result<Block> {
        let pos = self.pos(node);
        Ok(match node.tag_name().name() {
            name @ ("h1" | "h2" | "h3") => {
                let classes = self.attributes(node, &[])?;
                let level = name.as_bytes()[1] - b'0';
                let content = self.in_lang(node, |p| p.inlines(node))?;
                Block::Heading { level, classes, content, pos }
            }
            "p" => {
                let classes = self.attributes(node, &[])?;
                Block::Paragraph { classes, content: self.in_lang(node, |p| p.inlines(node))?, pos }
            }
            name @ ("ul" | "ol") => self.list(node, name, pos)?,
            "table" => Block::Table(self.table(node)?),
            "hr" => Block::Rule { classes: self.attributes(node, &[])? },
            "pagebreak" => {
                self.attributes(node, &[])?;
                Block::PageBreak
            }
            "contents" => self.contents(node)?,
            "img" => Block::Image(self.image(node)?),
            "album" => self.album(node, pos)?,
            "chart" => Block::Chart(self.chart(node)?),
            _ => {
                return Err(self.unknown_element(
                    node,
                    &format!("<{}>", node.parent_element().map_or("document", |p| p.tag_name().name())),
                    BLOCK_ELEMENTS,
                ));
            }
        })
    }

    /// A `<ul>` or `<ol>`: `<li>` entries only.
    fn list(&mut self, node: roxmltree::Node, name: &str, pos: Pos) -> Result<Block> {
        let classes = self.attributes(node, &[])?;
        let mut items = Vec::new();
        for li in node.children() {
            if li.is_text() {
                if li.text().is_some_and(|t| !t.trim().is_empty()) {
                    return Err(Diagnostic::at(
                        self.file,
                        self.source,
                        li.range(),
                        format!("text directly inside <{name}>"),
                    )
                    .with_help("put each entry in an <li>")
                    .into());
                }
                continue;
            }
            if !li.is_element() {
                continue;
            }
            if li.tag_name().name() != "li" {
                return Err(self.unknown_element(li, &format!("<{name}>"), &["li"]));
            }
            items.push(self.list_item(li)?);
        }
        Ok(Block::List { ordered: name == "ol", classes, items, pos })
    }

    /// `<contents depth="2">`: the headings down to `depth`.
    fn contents(&mut self, node: roxmltree::Node) -> Result<Block> {
        self.attributes(node, &["depth"])?;
        let depth = match node.attribute("depth") {
            None => 2,
            Some(d) => d.trim().parse::<u8>().ok().filter(|d| (1..=3).contains(d)).ok_or_else(|| {
                self.error(node, format!("bad depth `{d}`")).with_help("depth is 1, 2 or 3 (heading levels listed)")
            })?,
        };
        Ok(Block::Contents { depth })
    }

    /// `<album columns="2">`: `<img>` entries only.
    fn album(&mut self, node: roxmltree::Node, pos: Pos) -> Result<Block> {
        let classes = self.attributes(node, &["columns"])?;
        let columns = match node.attribute("columns") {
            None => 2,
            Some(c) => c.trim().parse::<usize>().ok().filter(|c| (1..=4).contains(c)).ok_or_else(|| {
                self.error(node, format!("bad columns `{c}`")).with_help("an album has 1 to 4 columns")
            })?,
        };
        let mut images = Vec::new();
        for child in node.children().filter(|c| c.is_element()) {
            if child.tag_name().name() != "img" {
                return Err(self.unknown_element(child, "<album>", &["img"]));
            }
            images.push(self.image(child)?);
        }
        Ok(Block::Album { columns, classes, images, pos })
    }

    /// An `<li>`: inline text, possibly followed or interrupted by nested lists.
    fn list_item(&mut self, li: roxmltree::Node) -> Result<ListItem> {
        let classes = self.attributes(li, &[])?;
        self.in_lang(li, |p| p.mixed_blocks(li, classes)).map(|(classes, blocks)| ListItem { classes, blocks })
    }

    /// Children that may be inline text or blocks (li, td, th): runs of inline
    /// content become paragraphs.
    fn mixed_blocks(&mut self, node: roxmltree::Node, classes: Vec<String>) -> Result<(Vec<String>, Vec<Block>)> {
        let mut blocks = Vec::new();
        let mut pending: Vec<Inline> = Vec::new();
        let pos = self.pos(node);
        let flush = |pending: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
            if !pending.is_empty() {
                let content = std::mem::take(pending);
                blocks.push(Block::Paragraph { classes: Vec::new(), content, pos });
            }
        };
        for child in node.children() {
            if child.is_element() && BLOCK_ELEMENTS.contains(&child.tag_name().name()) {
                flush(&mut pending, &mut blocks);
                blocks.push(self.block(child)?);
            } else {
                let style = self.base_style();
                self.inline(child, &style, &mut pending)?;
            }
        }
        flush(&mut pending, &mut blocks);
        let blocks = blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph { classes, content, pos } => {
                    let content = normalize_space(content);
                    (!content.is_empty()).then_some(Block::Paragraph { classes, content, pos })
                }
                other => Some(other),
            })
            .collect();
        Ok((classes, blocks))
    }

    fn length_attr(&self, node: roxmltree::Node, name: &str) -> Result<Option<f32>> {
        match node.attribute(name) {
            None => Ok(None),
            Some(v) => crate::typeset::style::parse_length(v).map(Some).ok_or_else(|| {
                self.error(node, format!("bad {name} `{v}`"))
                    .with_help("write a length such as \"5cm\", \"40mm\" or \"120pt\"")
                    .into()
            }),
        }
    }

    fn image(&mut self, node: roxmltree::Node) -> Result<Image> {
        let classes = self.attributes(node, &["src", "width", "height", "caption", "alt", "align"])?;
        let src = node.attribute("src").filter(|s| !s.trim().is_empty()).ok_or_else(|| {
            self.error(node, "<img> needs a src".into()).with_help("src=\"photos/visit.jpg\" (PNG or JPEG)")
        })?;
        let width = match node.attribute("width") {
            None => None,
            Some(w) => Some(match parse_percent(w) {
                Some(f) => Extent::Fraction(f),
                None => Extent::Points(crate::typeset::style::parse_length(w).ok_or_else(|| {
                    self.error(node, format!("bad width `{w}`"))
                        .with_help("write a percentage (\"60%\") or a length (\"5cm\")")
                })?),
            }),
        };
        let align = match node.attribute("align") {
            None => None,
            Some("left") => Some(crate::typeset::style::Align::Left),
            Some("center") => Some(crate::typeset::style::Align::Center),
            Some("right") => Some(crate::typeset::style::Align::Right),
            Some(a) => {
                return Err(self
                    .error(node, format!("bad align `{a}`"))
                    .with_help("align is left, center or right")
                    .into());
            }
        };
        Ok(Image {
            src: src.to_string(),
            width,
            height: self.length_attr(node, "height")?,
            caption: node.attribute("caption").map(str::to_string).filter(|c| !c.trim().is_empty()),
            alt: node.attribute("alt").map(|a| a.trim().to_string()),
            align,
            classes,
            pos: self.pos(node),
        })
    }

    fn chart(&mut self, node: roxmltree::Node) -> Result<Chart> {
        let classes = self.attributes(node, &["kind", "title", "unit", "height"])?;
        let kind = match node.attribute("kind").unwrap_or("bar") {
            "bar" => ChartKind::Bar,
            "line" => ChartKind::Line,
            k => {
                return Err(self
                    .error(node, format!("unknown chart kind `{k}`"))
                    .with_help("kind is bar or line")
                    .into());
            }
        };
        let mut series = Vec::new();
        for s in node.children().filter(|c| c.is_element()) {
            if s.tag_name().name() != "series" {
                return Err(self.unknown_element(s, "<chart>", &["series"]));
            }
            self.attributes(s, &["name"])?;
            let mut points = Vec::new();
            for p in s.children().filter(|c| c.is_element()) {
                if p.tag_name().name() != "point" {
                    return Err(self.unknown_element(p, "<series>", &["point"]));
                }
                self.attributes(p, &["x", "y"])?;
                let x = p.attribute("x").unwrap_or("").to_string();
                let y = p.attribute("y").unwrap_or("");
                let y: f64 =
                    y.trim().replace(',', "").parse().ok().filter(|v: &f64| v.is_finite()).ok_or_else(|| {
                        self.error(p, format!("bad y `{y}`")).with_help("y is a number, e.g. y=\"260\"")
                    })?;
                points.push((x, y));
            }
            series.push(Series { name: s.attribute("name").unwrap_or("").to_string(), points });
        }
        Ok(Chart {
            kind,
            title: node.attribute("title").unwrap_or("").to_string(),
            unit: node.attribute("unit").unwrap_or("").to_string(),
            height: self.length_attr(node, "height")?,
            series,
            classes,
            pos: self.pos(node),
        })
    }

    fn table(&mut self, node: roxmltree::Node) -> Result<Table> {
        let classes = self.attributes(node, &[])?;
        let pos = self.pos(node);
        let (widths, head, body) = self.table_parts(node)?;
        let columns = self.column_fractions(node, &widths, &head, &body)?;
        Ok(Table { classes, columns, head, body, pos })
    }

    /// A table's children: its `<col>` widths (with the element, for
    /// messages), header rows and body rows.
    #[allow(clippy::type_complexity)]
    fn table_parts<'n>(
        &mut self,
        node: roxmltree::Node<'n, 'n>,
    ) -> Result<(Vec<(Option<f32>, roxmltree::Node<'n, 'n>)>, Vec<Row>, Vec<Row>)> {
        let mut widths: Vec<(Option<f32>, roxmltree::Node<'n, 'n>)> = Vec::new();
        let mut head = Vec::new();
        let mut body = Vec::new();
        for child in node.children().filter(|c| c.is_element()) {
            match child.tag_name().name() {
                "col" => {
                    self.attributes(child, &["width"])?;
                    let w = match child.attribute("width") {
                        None => None,
                        Some(w) => Some(parse_percent(w).ok_or_else(|| {
                            self.error(child, format!("bad column width `{w}`"))
                                .with_help("write a percentage such as width=\"30%\"")
                        })?),
                    };
                    widths.push((w, child));
                }
                "thead" => {
                    self.attributes(child, &[])?;
                    head.extend(self.rows(child, true)?);
                }
                "tbody" => {
                    self.attributes(child, &[])?;
                    body.extend(self.rows(child, false)?);
                }
                "tr" => body.push(self.row(child, false)?),
                _ => {
                    return Err(self.unknown_element(child, "<table>", &["col", "thead", "tbody", "tr"]));
                }
            }
        }
        Ok((widths, head, body))
    }

    /// Each column's share of the table's width, from the `<col>` widths
    /// (the rest shared by columns without one) or equal; checks that the
    /// rows and spans fit the columns.
    fn column_fractions(
        &self,
        node: roxmltree::Node,
        widths: &[(Option<f32>, roxmltree::Node)],
        head: &[Row],
        body: &[Row],
    ) -> Result<Vec<f32>> {
        // The table's columns, before spans: its <col> elements, or the most
        // cells a row has. No cell may span more.
        let columns = if widths.is_empty() {
            head.iter().chain(body).map(|r| r.cells.len()).max().unwrap_or(0)
        } else {
            widths.len()
        };
        if columns > MAX_COLUMNS {
            let at = widths.get(MAX_COLUMNS).map_or(node, |w| w.1);
            return Err(self
                .error(at, format!("the table has {columns} columns, more than {MAX_COLUMNS}"))
                .with_help("split it into several tables, or turn it so that rows hold what the columns did")
                .into());
        }
        for row in head.iter().chain(body) {
            for cell in &row.cells {
                if cell.colspan > columns {
                    let what = if widths.is_empty() { "cells in its widest row" } else { "<col> elements" };
                    return Err(self
                        .error_at(cell.pos, cell.tag, format!("colspan {} is more than the table's {columns} columns", cell.colspan))
                        .with_help(format!(
                            "a cell spans at most the table's columns (here {columns}: its {what}); write colspan=\"{columns}\" or less"
                        ))
                        .into());
                }
            }
        }
        let ncols =
            head.iter().chain(body).map(|r: &Row| r.cells.iter().map(|c| c.colspan).sum::<usize>()).max().unwrap_or(0);
        if ncols == 0 {
            return Err(self.error(node, "a table needs at least one row with a cell".into()).into());
        }
        if !widths.is_empty() && widths.len() != ncols {
            return Err(self
                .error(widths[0].1, format!("the table has {ncols} columns but {} <col> elements", widths.len()))
                .with_help("give one <col> per column, or none for equal widths")
                .into());
        }
        let fractions = if widths.is_empty() {
            vec![1.0 / ncols as f32; ncols]
        } else {
            let given: f32 = widths.iter().filter_map(|w| w.0).sum();
            let unset = widths.iter().filter(|w| w.0.is_none()).count();
            if given > 1.0001 {
                return Err(self
                    .error(widths[0].1, format!("column widths add up to {:.0}%, more than 100%", given * 100.0))
                    .into());
            }
            let share = if unset > 0 { (1.0 - given) / unset as f32 } else { 0.0 };
            let raw: Vec<f32> = widths.iter().map(|w| w.0.unwrap_or(share)).collect();
            let total: f32 = raw.iter().sum();
            raw.iter().map(|w| w / total).collect()
        };
        for row in head.iter().chain(body) {
            let used: usize = row.cells.iter().map(|c| c.colspan).sum();
            if used > ncols {
                return Err(self.error(node, "a row spans more columns than the table has".into()).into());
            }
        }
        Ok(fractions)
    }

    fn rows(&mut self, node: roxmltree::Node, header: bool) -> Result<Vec<Row>> {
        let mut rows = Vec::new();
        for child in node.children().filter(|c| c.is_element()) {
            if child.tag_name().name() != "tr" {
                return Err(self.unknown_element(child, &format!("<{}>", node.tag_name().name()), &["tr"]));
            }
            rows.push(self.row(child, header)?);
        }
        Ok(rows)
    }

    fn row(&mut self, node: roxmltree::Node, in_head: bool) -> Result<Row> {
        let classes = self.attributes(node, &[])?;
        let mut cells = Vec::new();
        for child in node.children() {
            if child.is_text() {
                if child.text().is_some_and(|t| !t.trim().is_empty()) {
                    return Err(Diagnostic::at(self.file, self.source, child.range(), "text directly inside <tr>")
                        .with_help("put it in a <td> or <th>")
                        .into());
                }
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child.tag_name().name();
            if name != "td" && name != "th" {
                return Err(self.unknown_element(child, "<tr>", &["td", "th"]));
            }
            let cell_classes = self.attributes(child, &["colspan"])?;
            let colspan = match child.attribute("colspan") {
                None => 1,
                Some(v) => v.trim().parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    self.error(child, format!("bad colspan `{v}`")).with_help("colspan is a whole number, 1 or more")
                })?,
            };
            let (classes, blocks) = self.in_lang(child, |p| p.mixed_blocks(child, cell_classes))?;
            let tag = if name == "th" { "th" } else { "td" };
            cells.push(Cell { header: in_head || name == "th", colspan, classes, blocks, pos: self.pos(child), tag });
        }
        Ok(Row { classes, cells })
    }

    /// Inline content of a heading or paragraph, whitespace-normalised.
    fn inlines(&mut self, node: roxmltree::Node) -> Result<Vec<Inline>> {
        let mut out = Vec::new();
        let style = self.base_style();
        for child in node.children() {
            self.inline(child, &style, &mut out)?;
        }
        Ok(normalize_space(out))
    }

    fn inline(&mut self, node: roxmltree::Node, style: &InlineStyle, out: &mut Vec<Inline>) -> Result<()> {
        if node.is_text() {
            if let Some(t) = node.text() {
                out.push(Inline::Text { text: t.to_string(), style: style.clone() });
            }
            return Ok(());
        }
        if !node.is_element() {
            return Ok(());
        }
        let mut s = style.clone();
        if let Some(lang) = node.attribute("lang").filter(|_| LANG_ELEMENTS.contains(&node.tag_name().name())) {
            s.lang = Some(lang.to_string());
        }
        match node.tag_name().name() {
            "b" | "strong" => s.bold = true,
            "i" | "em" => s.italic = true,
            "span" => {}
            "nobr" => s.nobr = true,
            "a" => {
                self.attributes(node, &["href"])?;
                let href = node.attribute("href").ok_or_else(|| self.error(node, "<a> needs an href".into()))?;
                s.href = Some(href.to_string());
            }
            "br" => {
                self.attributes(node, &[])?;
                out.push(Inline::LineBreak);
                return Ok(());
            }
            _ => {
                return Err(self.unknown_element(node, "running text", &["b", "i", "a", "br", "span", "nobr"]));
            }
        }
        if node.tag_name().name() != "a" {
            s.classes.extend(self.attributes(node, &[])?);
        } else {
            s.classes.extend(node.attribute("class").unwrap_or("").split_whitespace().map(str::to_string));
        }
        for child in node.children() {
            self.inline(child, &s, out)?;
        }
        Ok(())
    }
}

/// HTML-like whitespace handling: runs of whitespace become one space, none at
/// the start or end of the block or around a `<br>`. Adjacent pieces of the same
/// style are merged.
fn normalize_space(content: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut last_space = true; // at block start, leading space is dropped
    for piece in content {
        match piece {
            Inline::LineBreak => {
                trim_trailing_space(&mut out);
                out.push(Inline::LineBreak);
                last_space = true;
            }
            Inline::Text { text, style } => {
                let mut t = String::with_capacity(text.len());
                for c in text.chars() {
                    if c.is_whitespace() && c != '\u{A0}' {
                        if !last_space {
                            t.push(' ');
                            last_space = true;
                        }
                    } else {
                        t.push(c);
                        last_space = false;
                    }
                }
                if t.is_empty() {
                    continue;
                }
                if let Some(Inline::Text { text: prev, style: ps }) = out.last_mut()
                    && *ps == style
                {
                    prev.push_str(&t);
                    continue;
                }
                out.push(Inline::Text { text: t, style });
            }
        }
    }
    trim_trailing_space(&mut out);
    out
}

fn trim_trailing_space(out: &mut Vec<Inline>) {
    if let Some(Inline::Text { text, .. }) = out.last_mut() {
        while text.ends_with(' ') {
            text.pop();
        }
        if text.is_empty() {
            out.pop();
        }
    }
}

fn parse_percent(s: &str) -> Option<f32> {
    let v: f32 = s.trim().strip_suffix('%')?.trim().parse().ok()?;
    (v > 0.0 && v <= 100.0).then_some(v / 100.0)
}

impl Inline {
    pub fn text(&self) -> &str {
        match self {
            Inline::Text { text, .. } => text,
            Inline::LineBreak => "\n",
        }
    }
}

/// The plain text of inline content (for outlines and tests).
pub fn plain_text(content: &[Inline]) -> String {
    content.iter().map(Inline::text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Document> {
        parse(Path::new("t.xml"), s)
    }

    #[test]
    fn parses_blocks_and_inlines() {
        let d = parse_str(
            r#"<document title="ทดสอบ" classification="ลับ">
  <h1 class="x">หัวข้อ</h1>
  <p>ข้อความ  <b>ตัวหนา</b>
     และ <a href="https://bangkok.go.th">ลิงก์</a><br/>บรรทัดใหม่</p>
  <ul><li>หนึ่ง<ul><li>ย่อย</li></ul></li></ul>
  <table><col width="30%"/><col width="70%"/>
    <thead><tr><th>ก</th><th>ข</th></tr></thead>
    <tbody><tr><td colspan="2">ค</td></tr></tbody></table>
</document>"#,
        )
        .unwrap();
        assert_eq!(d.meta.title, "ทดสอบ");
        assert_eq!(d.meta.classification.as_deref(), Some("ลับ"));
        assert_eq!(d.blocks.len(), 4);
        let Block::Paragraph { content, .. } = &d.blocks[1] else { panic!() };
        assert_eq!(plain_text(content), "ข้อความ ตัวหนา และ ลิงก์\nบรรทัดใหม่");
        let Block::Table(t) = &d.blocks[3] else { panic!() };
        assert_eq!(t.columns, vec![0.3, 0.7]);
        assert!(t.head[0].cells[0].header);
        assert_eq!(t.body[0].cells[0].colspan, 2);
        assert_eq!(d.classes[0].0, "x");
    }

    #[test]
    fn unknown_element_has_position_and_hint() {
        let e = parse_str("<document>\n  <para>x</para>\n</document>").unwrap_err().to_string();
        assert!(e.contains("t.xml:2:3: unknown element <para>"), "{e}");
        assert!(e.contains("did you mean <p>?"), "{e}");
    }

    #[test]
    fn unknown_attribute_is_an_error() {
        let e = parse_str("<document>\n<p>a <a hrf=\"x\">b</a></p></document>").unwrap_err().to_string();
        assert!(e.contains("t.xml:2:6: unknown attribute `hrf` on <a>"), "{e}");
        assert!(e.contains("did you mean `href`?"), "{e}");
    }

    #[test]
    fn lang_goes_to_the_text_inside_and_alt_to_the_image() {
        let d = parse_str(
            r#"<document><p lang="en">Seoul <b lang="th">โซล</b></p>
<table><tr><td lang="en-GB">Mayor <i>of</i> Seoul</td></tr></table>
<img src="a.png" alt="ตรา"/><img src="b.png" alt=""/></document>"#,
        )
        .unwrap();
        let langs = |content: &[Inline]| -> Vec<Option<String>> {
            content
                .iter()
                .map(|i| match i {
                    Inline::Text { style, .. } => style.lang.clone(),
                    Inline::LineBreak => None,
                })
                .collect()
        };
        let Block::Paragraph { content, .. } = &d.blocks[0] else { panic!() };
        assert_eq!(langs(content), [Some("en".into()), Some("th".into())]);
        let Block::Table(t) = &d.blocks[1] else { panic!() };
        let Block::Paragraph { content, .. } = &t.body[0].cells[0].blocks[0] else { panic!() };
        assert!(langs(content).iter().all(|l| l.as_deref() == Some("en-GB")));
        let (Block::Image(a), Block::Image(b)) = (&d.blocks[2], &d.blocks[3]) else { panic!() };
        assert_eq!((a.alt.as_deref(), b.alt.as_deref()), (Some("ตรา"), Some("")));
    }

    #[test]
    fn a_bad_lang_is_an_error_and_not_everything_takes_one() {
        let e = parse_str("<document>\n<p lang=\"english!\">x</p></document>").unwrap_err().to_string();
        assert!(e.contains("t.xml:2:1: bad lang `english!` on <p>"), "{e}");
        let e = parse_str("<document>\n<ul lang=\"en\"><li>x</li></ul></document>").unwrap_err().to_string();
        assert!(e.contains("unknown attribute `lang` on <ul>"), "{e}");
    }

    #[test]
    fn malformed_xml_has_position() {
        let e = parse_str("<document>\n<p>a & b</p></document>").unwrap_err().to_string();
        assert!(e.contains("t.xml:2:"), "{e}");
        assert!(e.contains("&amp;"), "{e}");
    }
}
