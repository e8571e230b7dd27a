//! Reading and parsing data files ahead of the loader: on a thread of its
//! own, each file is read, checked to be UTF-8 and parsed while the loader
//! reads and checks the document before it. Reading and parsing are about
//! half of the work of `check`, so on two cores the two halves overlap.
//! At most two documents are parsed ahead, so their memory does not grow
//! with the number of files (the texts, which they borrow, are kept to the
//! end); the documents come in the order of the files, so every run reports
//! the same.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::mpsc::sync_channel;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ctx::FileCtx;
use super::date::parse_loose_date;
use super::read::Value;
use crate::diag::Diagnostic;
use crate::source::read_source;

/// Files to read, each with its text once read (`None` if it could not be
/// read): the documents borrow it.
pub(crate) struct Sources {
    files: Vec<(PathBuf, OnceLock<Option<String>>)>,
}

impl Sources {
    pub fn new(paths: impl IntoIterator<Item = PathBuf>) -> Self {
        Sources { files: paths.into_iter().map(|p| (p, OnceLock::new())).collect() }
    }
}

/// One file parsed: the document as far as it could be recovered, and the
/// syntax errors.
pub(crate) struct Doc<'s> {
    pub path: &'s Path,
    pub src: &'s str,
    root: Spanned<DeTable<'s>>,
    errors: Vec<toml::de::Error>,
}

impl<'s> Doc<'s> {
    /// Parses `src`, recovering from syntax errors as far as TOML allows.
    pub fn parse(path: &'s Path, src: &'s str) -> Self {
        let (root, errors) = DeTable::parse_recoverable(src);
        Doc { path, src, root, errors }
    }

    /// Reports the syntax errors into `ctx` (a context on this file) and
    /// returns the document as a value (the root table).
    pub fn into_value(self, ctx: &mut FileCtx<'_>) -> Value<'s> {
        for e in &self.errors {
            let span: Range<usize> = e.span().unwrap_or(0..0);
            let text = self.src.get(span.clone()).unwrap_or("");
            let (message, help) = describe_syntax(e.message(), text);
            ctx.syntax_error(span, message, help);
        }
        let span = self.root.span();
        Spanned::new(span, DeValue::Table(self.root.into_inner()))
    }
}

/// Hands `take` the documents of `sources` in order (`None` for a file that
/// could not be read), each read and parsed on another thread while `take`
/// works on the one before. Problems reading the files go to `diags` too.
pub(crate) fn parse_ahead<'s, R>(
    sources: &'s Sources,
    diags: &mut Vec<Diagnostic>,
    take: impl FnOnce(&mut dyn Iterator<Item = Option<Doc<'s>>>, &mut Vec<Diagnostic>) -> R,
) -> R {
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel(1);
        let reader = scope.spawn(move || {
            let mut problems = Vec::new();
            for (path, text) in &sources.files {
                let text = text.get_or_init(|| read_source(path, &mut problems));
                let doc = text.as_deref().map(|src| Doc::parse(path, src));
                if tx.send(doc).is_err() {
                    break; // `take` is done
                }
            }
            problems
        });
        let result = take(&mut rx.into_iter(), diags);
        // The reader is done too: `take` has all documents, or dropped the channel.
        diags.extend(reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        result
    })
}

/// A friendly message and help for a TOML syntax error; `text` is the source
/// under its span.
fn describe_syntax(message: &str, text: &str) -> (String, String) {
    if message.starts_with("invalid date") || message.starts_with("invalid time") {
        let detail = message.split_once(", ").map_or(message, |(_, d)| d);
        return (
            format!("`{text}` is not a valid date: {detail}"),
            "write a day that exists, as YYYY-MM-DD (Gregorian), e.g. 2023-02-28".to_string(),
        );
    }
    if message.starts_with("string values must be quoted") {
        if let Some(d) = parse_loose_date(text) {
            return (
                format!("`{text}` is not a TOML date"),
                format!("write the date as YYYY-MM-DD with the Gregorian year: {}", d.format("%Y-%m-%d")),
            );
        }
        return (format!("text must be in quotes: `{text}`"), format!("write \"{text}\""));
    }
    if message.starts_with("duplicate key") {
        return (
            format!("`{text}` is defined twice"),
            "keep one of them; for several entries of a list use [[name]] sections".to_string(),
        );
    }
    (format!("TOML syntax error: {message}"), "see https://toml.io/en/v1.0.0 for how TOML is written".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_come_in_order_and_unreadable_files_are_reported() {
        let dir = tempfile::TempDir::new().unwrap();
        let paths: Vec<PathBuf> = ["a.toml", "b.toml", "c.toml", "d.toml"].iter().map(|n| dir.path().join(n)).collect();
        std::fs::write(&paths[0], "a = 1\n").unwrap();
        std::fs::write(&paths[1], [b'a', b'=', 0xff]).unwrap();
        // c.toml does not exist.
        std::fs::write(&paths[3], "d = [\n").unwrap();
        let sources = Sources::new(paths.clone());
        let mut diags = Vec::new();
        let seen = parse_ahead(&sources, &mut diags, |docs, _| {
            docs.map(|d| d.map(|d| (d.path.to_path_buf(), d.errors.len()))).collect::<Vec<_>>()
        });
        assert_eq!(seen, [Some((paths[0].clone(), 0)), None, None, Some((paths[3].clone(), 1))]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags[0].message.contains("not UTF-8") && diags[1].message.contains("cannot read"));
        // Stopping early ends the reader too.
        let first = parse_ahead(&sources, &mut diags, |docs, _| docs.next().flatten().map(|d| d.src.len()));
        assert_eq!(first, Some(6));
    }
}
