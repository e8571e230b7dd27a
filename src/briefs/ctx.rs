//! [`FileCtx`]: one input file being read, and where its problems go. Every
//! part of the loader reports through it, at a byte span of the file.

use std::ops::Range;
use std::path::Path;

use crate::diag::Diagnostic;

/// One input file being read, and where its problems go.
pub(crate) struct FileCtx<'a> {
    pub path: &'a Path,
    pub src: &'a str,
    /// Spans of TOML syntax errors: later errors that touch them are noise.
    syntax: Vec<Range<usize>>,
    pub diags: &'a mut Vec<Diagnostic>,
    /// Byte offset of each line start, made when first needed: every
    /// interaction's id has its location noted (for "first used at"), and
    /// counting lines from the start each time made `check` quadratic.
    line_starts: std::cell::OnceCell<Vec<usize>>,
}

/// `offset` within `s`, moved back to a character boundary.
fn floor_boundary(s: &str, offset: usize) -> usize {
    let mut i = offset.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

impl<'a> FileCtx<'a> {
    pub fn new(path: &'a Path, src: &'a str, diags: &'a mut Vec<Diagnostic>) -> Self {
        FileCtx { path, src, syntax: Vec::new(), diags, line_starts: std::cell::OnceCell::new() }
    }

    /// Reports a problem at `span` unless it sits on a syntax error.
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        if self.syntax.iter().any(|s| overlaps(s, &span)) {
            return;
        }
        let help = help.into();
        let mut d = self.diagnostic(span, message.into());
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    /// Reports, at `span`, something the run may go on with (see
    /// [`Severity::Warning`](crate::diag::Severity::Warning)).
    pub fn warning(&mut self, span: Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        let before = self.diags.len();
        self.error(span, message, help);
        for d in &mut self.diags[before..] {
            d.severity = crate::diag::Severity::Warning;
        }
    }

    /// Reports a TOML syntax error; later problems that touch its span are
    /// taken for its effects and not reported.
    pub fn syntax_error(&mut self, span: Range<usize>, message: String, help: String) {
        self.error(span.clone(), message, help);
        self.syntax.push(span);
    }

    /// Whether the file has a syntax error: then a key that seems missing
    /// may well be written in the part the parser could not read.
    pub fn has_syntax_errors(&self) -> bool {
        !self.syntax.is_empty()
    }

    /// `file:line:col` of a byte offset, for help texts that point elsewhere.
    pub fn location(&self, offset: usize) -> String {
        let (line, column, _) = self.line_col(offset);
        format!("{}:{line}:{column}", self.path.display())
    }

    /// Line, column (1-based) and the line's start of a byte offset (moved
    /// back to a character boundary), from the line index.
    fn line_col(&self, offset: usize) -> (usize, usize, usize) {
        let starts = self
            .line_starts
            .get_or_init(|| std::iter::once(0).chain(self.src.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let offset = floor_boundary(self.src, offset);
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        (line, self.src[start..offset].chars().count() + 1, start)
    }

    /// What [`Diagnostic::at`] makes, with the line found in the index: a
    /// file with thousands of mistakes was quadratic, each counting the
    /// lines from the start.
    pub(crate) fn diagnostic(&self, span: Range<usize>, message: String) -> Diagnostic {
        let (line, column, line_start) = self.line_col(span.start);
        let start = floor_boundary(self.src, span.start);
        let end = floor_boundary(self.src, span.end.max(start));
        let line_end = self.src[start..].find('\n').map_or(self.src.len(), |i| start + i);
        Diagnostic {
            line,
            column,
            source_line: Some(self.src[line_start..line_end].trim_end_matches('\r').to_string()),
            width: self.src[start..end.min(line_end)].chars().count().max(1) as u32,
            ..Diagnostic::file(self.path, message)
        }
    }
}
