//! The typesetting path every command shares: markup -> layout -> PDF, and
//! writing the result atomically so a failed run never leaves half a file.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::fonts::FontBook;
use crate::theme::Theme;
use crate::{layout, markup, pdf, timings};

/// A finished PDF and the warnings met on the way.
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub warnings: Vec<String>,
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
    Ok(Rendered { pdf, pages, warnings })
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
/// renamed into place only when complete.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".briefpack-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| Error::io(path, "write", e))?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).map_err(|e| Error::io(path, "write", e))?;
    tmp.persist(path).map_err(|e| Error::io(path, "write", e.error))?;
    Ok(())
}
