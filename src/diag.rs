//! Diagnostics: a problem at a file, line and column, drawn with the source
//! line and a caret under the spot; and the did-you-mean every stage uses.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem found in an input file, located by byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What the user can do about it.
    pub help: Option<String>,
    /// The source line the caret is drawn under (without its newline).
    pub source_line: Option<String>,
    /// Caret width in characters (at least 1; u32 keeps the struct small).
    pub width: u32,
    pub severity: Severity,
}

/// Whether a diagnostic stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    /// Reported, and the run goes on (a placeholder in a draft trip).
    Warning,
}

impl Diagnostic {
    /// A diagnostic at byte offset `span.start` of `source`.
    pub fn at(file: &Path, source: &str, span: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let width = source[start..end.min(line_end)].chars().count().max(1) as u32;
        let source_line = Some(source[line_start..line_end].trim_end_matches('\r').to_string());
        Diagnostic { line, column, source_line, width, ..Diagnostic::file(file, message) }
    }

    /// A diagnostic at a known line and column (1-based), e.g. from an XML parser.
    pub fn at_line_col(file: &Path, source: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        let source_line = source.lines().nth(line.saturating_sub(1)).map(str::to_string);
        Diagnostic { line, column, source_line, ..Diagnostic::file(file, message) }
    }

    /// A diagnostic about a whole file (no position inside it).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
            width: 1,
            severity: Severity::Error,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Display width of a prefix of a source line: Thai combining marks
/// (above/below vowels, tone marks) take no column of their own, so the caret
/// must not count them. Tabs count as one column, as most terminals show them
/// after `expand`-free `cat`.
fn display_width(s: &str) -> usize {
    s.chars().filter(|c| !is_zero_width(*c)).count()
}

fn is_zero_width(c: char) -> bool {
    matches!(c as u32,
        0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E // Thai marks
        | 0x0300..=0x036F | 0x200B..=0x200D | 0xFE00..=0xFE0F)
}

/// The message in the language of messages (`error:`, `= help:` framed in
/// it); the location stays ASCII, `file:line:col`, for editors to follow.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = crate::i18n::framing();
        let error = if self.is_warning() { &words.warning } else { &words.error };
        if self.line > 0 {
            writeln!(f, "{error} {}:{}:{}: {}", self.file.display(), self.line, self.column, self.message)?;
        } else {
            writeln!(f, "{error} {}: {}", self.file.display(), self.message)?;
        }
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            let prefix: String = src.chars().take(self.column.saturating_sub(1)).collect();
            let covered: String = src.chars().skip(self.column.saturating_sub(1)).take(self.width as usize).collect();
            let pad = display_width(&prefix);
            let carets = display_width(&covered).max(1);
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", self.line, src)?;
            writeln!(f, "{:gutter$} | {}{}", "", " ".repeat(pad), "^".repeat(carets))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = {} {help}", words.help)?;
        }
        Ok(())
    }
}

/// Colours of rendered messages, as rustc and cargo use them.
const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
const HELP: anstyle::Style = anstyle::AnsiColor::Cyan.on_default().bold();
const GUTTER: anstyle::Style = anstyle::AnsiColor::Blue.on_default().bold();
const BOLD: anstyle::Style = anstyle::Style::new().bold();

/// Rendered messages (diagnostics, errors, warnings: plain text, as every
/// stage builds them) with colour: `error:` and the caret red, `warning:`
/// yellow, `= help:` cyan, the gutter blue. The lines are recognised by the
/// shapes [`Diagnostic`]'s and `Error`'s `Display` give them, so that
/// colour is added in one place, at the terminal, and nothing else ever
/// sees an escape code. Removing the escapes gives back `text`.
pub fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        paint_line(body, &mut out);
        out.push_str(end);
    }
    out
}

/// The framing words are recognised in English and in the language of
/// messages: a stage may still write a message of its own in English.
fn paint_line(line: &str, out: &mut String) {
    use std::fmt::Write;
    let framings = [crate::i18n::framing_of(crate::i18n::Lang::En), crate::i18n::framing()];
    for words in framings {
        let error = words.error.as_str();
        let warning = words.warning.as_str();
        let help = words.help.as_str();
        if let Some(rest) = line.strip_prefix(error) {
            let _ = write!(out, "{ERROR}{error}{ERROR:#}{BOLD}{rest}{BOLD:#}");
            return;
        } else if let Some(at) = warning_at(line, warning) {
            let rest = &line[at + warning.len()..];
            let _ = write!(out, "{}{WARNING}{warning}{WARNING:#}{BOLD}{rest}{BOLD:#}", &line[..at]);
            return;
        } else if let Some(rest) = line.strip_prefix("  = ").and_then(|l| l.strip_prefix(help)) {
            let _ = write!(out, "  {GUTTER}={GUTTER:#} {HELP}{help}{HELP:#}{rest}");
            return;
        }
    }
    if let Some((gutter, rest)) = gutter_line(line) {
        let _ = write!(out, "{GUTTER}{gutter}|{GUTTER:#}");
        let trimmed = rest.trim_start();
        if !trimmed.is_empty() && trimmed.chars().all(|c| c == '^') {
            let pad = &rest[..rest.len() - trimmed.len()];
            let _ = write!(out, "{pad}{ERROR}{trimmed}{ERROR:#}");
        } else {
            out.push_str(rest);
        }
    } else {
        out.push_str(line);
    }
}

/// Where `warning` (the word with its colon) starts a line, or follows a
/// location (`file:3:7: warning:`).
fn warning_at(line: &str, warning: &str) -> Option<usize> {
    let at = line.find(warning)?;
    (at == 0 || line[..at].ends_with(": ")).then_some(at)
}

/// `12 | source` or `   | ^^^`: the gutter (up to the bar) and the rest.
fn gutter_line(line: &str) -> Option<(&str, &str)> {
    let bar = line.find(" |")?;
    let gutter = &line[..bar + 1];
    let plain = gutter.trim();
    let is_gutter = gutter.starts_with(|c: char| c == ' ' || c.is_ascii_digit())
        && plain.chars().all(|c| c.is_ascii_digit())
        && (plain.is_empty() || line.starts_with(plain));
    let rest = &line[bar + 2..];
    (is_gutter && (rest.is_empty() || rest.starts_with(' '))).then_some((gutter, rest))
}

/// The candidate closest to `word`, if close enough to be a likely typo
/// (Jaro-Winkler similarity of at least 0.8, case ignored). The one
/// did-you-mean of every stage: data keys, markup elements, theme styles,
/// mail settings, city ids.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let w = word.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().filter(|c| *c != word).collect();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&w, &c.to_lowercase()), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
        // `h1x` is `h1` with a slip of the finger, however far apart they score.
        .or_else(|| candidates.iter().copied().find(|c| word.starts_with(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_skips_thai_marks() {
        let src = "a = 1\ntitle = \"ที่นี่\" x\n";
        let at = src.find('x').unwrap();
        let d = Diagnostic::at(Path::new("f.toml"), src, at..at + 1, "bad");
        assert_eq!((d.line, d.column), (2, 18));
        let text = d.to_string();
        let caret_line = text.lines().nth(3).unwrap();
        // "title = \"ที่นี่\" " is 17 chars but 13 columns wide (4 marks).
        assert_eq!(caret_line, format!("  | {}^", " ".repeat(13)));
    }
    #[test]
    fn paint_colours_the_parts_and_strips_back_to_the_text() {
        let src = "a = 1\ntitle = \"x\"\n";
        let d = Diagnostic::at(Path::new("f.toml"), src, 6..11, "bad").with_help("fix it");
        let text = format!("{d}briefs/x.toml:3:1: warning: class `x` is not styled\nwrote a.pdf\n");
        let painted = paint(&text);
        assert_eq!(anstream::adapter::strip_str(&painted).to_string(), text);
        let red = ERROR.render().to_string();
        assert!(painted.starts_with(&format!("{red}error:")), "{painted:?}");
        assert!(painted.contains(&format!("{red}^^^^^")), "{painted:?}");
        assert!(painted.contains(&format!(": {}warning:", WARNING.render())), "{painted:?}");
        assert!(painted.contains(&format!("{}help:", HELP.render())), "{painted:?}");
        assert!(painted.ends_with("wrote a.pdf\n"), "{painted:?}");
    }

    #[test]
    fn paint_leaves_other_lines_alone() {
        for line in ["wrote a | b.pdf", "x warning: y", "a|b", "3 cities, no problems"] {
            assert_eq!(paint(line), line);
        }
    }
}
