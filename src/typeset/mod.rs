//! Typesetting: document markup -> laid-out pages -> PDF bytes.
//!
//! The stages, each importing only those listed before it:
//! - [`style`]: the theme (fonts, sizes, page, margins, colours) and its units;
//! - [`text`]: fonts, shaping (HarfRust) and Thai line-break opportunities;
//! - [`markup`]: the XHTML-like document markup, parsed with positions;
//! - [`image`]: photos read, checked, scaled and cached for the PDF;
//! - [`layout`]: paragraphs broken into lines, tables, figures, charts, pages;
//! - [`pdf`]: the PDF through printpdf, with an exact text layer.
//!
//! [`render_markup`] runs them in order; it is all the stages above need.

pub mod image;
pub mod layout;
pub mod markup;
pub mod pdf;
pub mod style;
pub mod text;

use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::output::{Inputs, Role};
use crate::source_date::source_date_epoch;
use crate::timings;
use markup::{Block, Document};
use style::Theme;
use text::fonts::FontBook;

/// A finished PDF and the warnings met on the way.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<String>,
    /// The files it was made from (photos, fonts; the data, when the caller
    /// adds it), none of which an output may replace.
    pub inputs: Inputs,
}

/// Typeset markup `source` (read from `file`, named in messages). `phrases`
/// are never split across lines (names of people and places); `options`
/// say which standards the PDF follows and what is attached to it.
pub fn render_markup(
    file: &Path,
    source: &str,
    theme: &Theme,
    phrases: &[String],
    options: &pdf::PdfOptions,
) -> Result<Rendered> {
    let book = FontBook::from_theme(theme)?;
    let doc = markup::parse_checked(file, source, Some(&text::Glyphs::new(&book)))?;
    timings::mark("markup parsed, fonts loaded");
    let laid = layout::layout_document(&doc, theme, &book, phrases, file, source)?;
    timings::mark("layout (photos prepared)");
    let (pages, warnings) = (laid.pages.len(), laid.warnings.clone());
    let pdf = pdf::write(laid, &book, &doc.meta, source_date_epoch()?, options)?;
    timings::mark("PDF serialised");
    let mut inputs = Inputs::new();
    for img in image_files(file, &doc) {
        inputs.add(img, Role::Photo);
    }
    theme.record_font_inputs(&mut inputs);
    Ok(Rendered { pdf, pages, warnings, inputs })
}

/// The image files a document places, resolved as layout resolves them
/// (relative to the markup file). An explicit stack: documents nest deeply.
fn image_files(file: &Path, doc: &Document) -> Vec<PathBuf> {
    let base = file.parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    let mut todo: Vec<&Block> = doc.blocks.iter().collect();
    while let Some(block) = todo.pop() {
        match block {
            Block::Image(img) => out.push(base.join(&img.src)),
            Block::Album { images, .. } => out.extend(images.iter().map(|i| base.join(&i.src))),
            Block::List { items, .. } => todo.extend(items.iter().flat_map(|i| &i.blocks)),
            Block::Table(t) => todo.extend(t.head.iter().chain(&t.body).flat_map(|r| &r.cells).flat_map(|c| &c.blocks)),
            _ => {}
        }
    }
    out
}
