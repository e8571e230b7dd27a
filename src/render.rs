//! The typesetting path every command shares: markup -> layout -> PDF, and
//! writing the result atomically so a failed run never leaves half a file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fonts::FontBook;
use crate::markup::{Block, Document};
use crate::output::{Inputs, Output, Role};
use crate::theme::Theme;
use crate::{layout, markup, pdf, timings};

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
/// are never split across lines (names of people and places).
pub fn render_markup(file: &Path, source: &str, theme: &Theme, phrases: &[String]) -> Result<Rendered> {
    let book = FontBook::from_theme(theme)?;
    let doc = markup::parse_checked(file, source, Some(&crate::data::Glyphs::new(&book)))?;
    timings::mark("markup parsed, fonts loaded");
    let laid = layout::layout_document(&doc, theme, &book, phrases, file, source)?;
    timings::mark("layout (photos prepared)");
    let (pages, warnings) = (laid.pages.len(), laid.warnings.clone());
    let pdf = pdf::write(laid, &book, &doc.meta, source_date_epoch()?)?;
    timings::mark("PDF serialised");
    let mut inputs = Inputs::new();
    for img in image_files(file, &doc) {
        inputs.add(img, Role::Photo);
    }
    inputs.fonts(theme);
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

/// The reproducible-builds convention: a fixed timestamp for the document
/// dates; without it the PDF carries no dates at all.
pub fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => v.trim().parse::<i64>().map(Some).map_err(|_| {
            Error::with_help(
                format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds"),
                "unset it or give seconds since 1970, e.g. SOURCE_DATE_EPOCH=1700000000",
            )
        }),
    }
}

/// Write `bytes` to `path` through a temporary file in the same directory,
/// synced and renamed into place only when complete, then the directory
/// synced ([`Output::file`]: a symlink, a device, the file's mode are kept).
/// For files no user names, such as the outbox's: outputs the user names go
/// through [`Output`] with the command's [`Inputs`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Output::file(path, "the file").write(&Inputs::new(), bytes)
}
