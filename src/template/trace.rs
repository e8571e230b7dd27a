//! Which template wrote which part of the markup, so that a problem the
//! typesetter finds in generated markup is reported at the template line
//! that wrote it (there is no markup file to point at).
//!
//! Handlebars keeps no such record, so the compiled templates carry it:
//! every element that writes markup (raw text, `{{expression}}`) begins with
//! a marker, `U+FDD0 <spot number> U+FDD1`, written into the output like
//! the text itself. [`strip`] takes the markers out again, keeping where each
//! began; the markup typeset is byte for byte what it was without them.
//! U+FDD0 and U+FDD1 are Unicode noncharacters, never in text people write.

use std::path::{Path, PathBuf};

use handlebars::template::{Template, TemplateElement};

use crate::diag::Diagnostic;
use crate::error::Error;

const OPEN: char = '\u{FDD0}';
const CLOSE: char = '\u{FDD1}';

/// A place in a template that writes markup.
#[derive(Debug, Clone)]
pub(super) struct Spot {
    pub(super) template: String,
    /// Byte offset in the template's source where what it writes begins.
    pub(super) start: usize,
    /// Raw text found as is in the source: its length there (what it writes
    /// is the same bytes, so an offset into it is an offset into the source).
    /// `None` for an expression: what it writes comes from the data.
    pub(super) verbatim: Option<usize>,
}

/// Make every element of `template` (compiled from `src`) that writes
/// markup begin with a marker naming its spot, recorded in `spots`.
pub(super) fn mark(template: &mut Template, name: &str, src: &str, spots: &mut Vec<Spot>) {
    let elements = std::mem::take(&mut template.elements);
    let mapping = std::mem::take(&mut template.mapping);
    for (mut element, at) in elements.into_iter().zip(mapping) {
        let offset = offset_of(src, at.0, at.1).unwrap_or(src.len());
        let marker = |spot: Spot, spots: &mut Vec<Spot>| {
            spots.push(spot);
            format!("{OPEN}{}{CLOSE}", spots.len() - 1)
        };
        match &mut element {
            TemplateElement::RawString(text) if !text.is_empty() => {
                let start = find_raw(src, offset, text);
                let spot = Spot {
                    template: name.to_string(),
                    start: start.unwrap_or(offset),
                    verbatim: start.map(|_| text.len()),
                };
                text.insert_str(0, &marker(spot, spots));
            }
            TemplateElement::Expression(_) | TemplateElement::HtmlExpression(_) => {
                let spot = Spot { template: name.to_string(), start: offset, verbatim: None };
                template.elements.push(TemplateElement::RawString(marker(spot, spots)));
                template.mapping.push(at.clone());
            }
            TemplateElement::HelperBlock(h) => {
                for inner in [h.template.as_mut(), h.inverse.as_mut()].into_iter().flatten() {
                    mark(inner, name, src, spots);
                }
            }
            TemplateElement::DecoratorBlock(d) | TemplateElement::PartialBlock(d) => {
                if let Some(inner) = d.template.as_mut() {
                    mark(inner, name, src, spots);
                }
            }
            _ => {}
        }
        template.elements.push(element);
        template.mapping.push(at);
    }
}

/// Where raw text `text` begins in `src`, given that handlebars maps it to
/// `offset`: on the same line at or before it (the mapping skips leading
/// blanks the text keeps), or just after it (a `~` trimmed them).
fn find_raw(src: &str, offset: usize, text: &str) -> Option<usize> {
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = src[line_start..].match_indices(text).map(|(i, _)| line_start + i).take_while(|&i| i <= offset).last();
    // After the tag handlebars may map it to (a standalone `{{/if}}` line's newline).
    let from = match src[offset..].starts_with("{{") {
        true => src[offset..].find("}}").map_or(offset, |i| offset + i + 2),
        false => offset,
    };
    before.or_else(|| src[from..].find(text).map(|i| from + i).filter(|&i| !src[from..i].contains("}}")))
}

/// Byte offset of a 1-based line and column (in characters).
pub(super) fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let rest = &text[start..];
    let skip = rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(start + skip)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, text[line_start..at].chars().count() + 1)
}

/// The elements open at the end of `xml` (a prefix of the markup), outermost
/// first, with the offset of each start tag. A scan of the tags (comments,
/// CDATA, processing instructions and quoted attribute values skipped), only
/// for pointing at an element the XML parser found unclosed.
fn open_elements(xml: &str) -> Vec<(&str, usize)> {
    let mut open = Vec::new();
    let mut i = 0;
    while let Some(k) = xml[i..].find('<') {
        let start = i + k;
        let rest = &xml[start..];
        let skip_to = |end: &str| rest.find(end).map_or(xml.len(), |e| start + e + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
        } else if rest.starts_with("<![CDATA[") {
            i = skip_to("]]>");
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            i = skip_to(">");
        } else {
            // The end of the tag, past quoted attribute values.
            let (mut quote, mut end) = (None, xml.len());
            for (j, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '>') => {
                        end = start + j + 1;
                        break;
                    }
                    _ => {}
                }
            }
            let tag = &xml[start + 1..end.min(xml.len())];
            fn name_of(t: &str) -> &str {
                t.split(|c: char| c.is_whitespace() || c == '/' || c == '>').next().unwrap_or("")
            }
            if let Some(closing) = tag.strip_prefix('/') {
                let name = name_of(closing);
                if let Some(k) = open.iter().rposition(|(n, _)| *n == name) {
                    open.truncate(k);
                }
            } else if !tag.trim_end_matches('>').ends_with('/') {
                open.push((name_of(tag), start));
            }
            i = end;
        }
    }
    open
}

/// The text without its markers, and (offset in the text, spot) for each.
pub(super) fn strip(marked: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::with_capacity(marked.len());
    let mut marks = Vec::new();
    let mut rest = marked;
    while let Some(i) = rest.find(OPEN) {
        text.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match (after[digits..].starts_with(CLOSE), after[..digits].parse()) {
            (true, Ok(spot)) => {
                marks.push((text.len(), spot));
                rest = &after[digits + CLOSE.len_utf8()..];
            }
            // Not a marker: the character stays.
            _ => {
                text.push(OPEN);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    (text, marks)
}

/// A message without the markup's own line and column at its end (the XML
/// parser's "... at 142:1"), which mean nothing beside a template line.
fn without_markup_position(message: &str) -> &str {
    let Some((head, tail)) = message.rsplit_once(" at ") else { return message };
    let is_position = tail.split_once(':').is_some_and(|(l, c)| {
        !l.is_empty() && !c.is_empty() && l.bytes().all(|b| b.is_ascii_digit()) && c.bytes().all(|b| b.is_ascii_digit())
    });
    if is_position { head } else { message }
}

/// Markup rendered from a template, with where each part came from.
pub struct Traced {
    /// The markup, without markers.
    pub markup: String,
    marks: Vec<(usize, usize)>,
    spots: Vec<Spot>,
    /// The template rendered, and where each template came from: (path shown, source).
    root: String,
    origin: std::collections::BTreeMap<String, (PathBuf, String)>,
}

/// A place in a template: its file, source, and the span there.
struct Place<'a> {
    file: &'a Path,
    src: &'a str,
    span: std::ops::Range<usize>,
    expression: bool,
}

impl Traced {
    pub(super) fn new(
        marked: &str,
        spots: Vec<Spot>,
        root: &str,
        origin: std::collections::BTreeMap<String, (PathBuf, String)>,
    ) -> Traced {
        let (markup, marks) = strip(marked);
        Traced { markup, marks, spots, root: root.to_string(), origin }
    }

    /// The template place that wrote the markup at `line`:`column`, if known.
    fn place(&self, line: usize, column: usize, width: usize) -> Option<Place<'_>> {
        let at = offset_of(&self.markup, line, column)?;
        let k = self.marks.partition_point(|(o, _)| *o <= at).checked_sub(1)?;
        let (mark_at, spot) = self.marks[k];
        let spot = self.spots.get(spot)?;
        let (file, src) = self.origin.get(&spot.template).map(|(f, s)| (f.as_path(), s.as_str()))?;
        let span = match spot.verbatim {
            Some(len) => {
                let start = spot.start + (at - mark_at).min(len);
                let end = src[start..].char_indices().nth(width).map_or(src.len(), |(i, _)| start + i);
                start..end
            }
            None => {
                let end = src[spot.start..].find("}}").map_or(spot.start + 2, |i| spot.start + i + 2);
                spot.start..end + usize::from(src[end..].starts_with('}'))
            }
        };
        Some(Place { file, src, span, expression: spot.verbatim.is_none() })
    }

    fn root_file(&self) -> PathBuf {
        self.origin.get(&self.root).map_or_else(|| PathBuf::from(format!("{}.hbs", self.root)), |(f, _)| f.clone())
    }

    /// A problem found in the markup (called `name` when it was typeset),
    /// moved to the template line that wrote that part of it; problems in
    /// other files pass unchanged.
    pub fn relocate(&self, name: &Path, e: Error) -> Error {
        match e {
            Error::Input(diags) => Error::Input(diags.into_iter().map(|d| self.relocate_one(name, d)).collect()),
            other => other,
        }
    }

    fn relocate_one(&self, name: &Path, d: Diagnostic) -> Diagnostic {
        if d.file != name {
            return d;
        }
        let help = d.help.as_ref().map_or(String::new(), |h| format!("{h}; "));
        let message = without_markup_position(&d.message).to_string();
        if let Some(d) = self.unclosed_element(&d, &message) {
            return d;
        }
        match self.place(d.line, d.column, d.width as usize) {
            Some(p) => {
                let how = match p.expression {
                    true => "the markup there is what this tag wrote",
                    false => "the markup there came from this template line",
                };
                Diagnostic::at(p.file, p.src, p.span, message)
                    .with_help(format!("{help}{how} (--emit-markup writes the whole markup beside the PDF)"))
            }
            None => Diagnostic::file(&self.root_file(), message).with_help(format!(
                "{help}in the markup written from this template and its partials, line {} column {}; \
                 --emit-markup writes it beside the PDF",
                d.line, d.column
            )),
        }
    }

    /// The XML parser's "expected 'p' tag, not 'document'" comes where the
    /// markup reached a close with a `<p>` still open: told at the template
    /// line of that `<p>`, which is where the close is missing.
    fn unclosed_element(&self, d: &Diagnostic, message: &str) -> Option<Diagnostic> {
        let rest = message.split_once("expected '")?.1;
        let (name, rest) = rest.split_once("' tag, not '")?;
        let (found, _) = rest.split_once('\'')?;
        let at = offset_of(&self.markup, d.line, d.column)?;
        let open = open_elements(&self.markup[..at]).into_iter().rev().find(|(n, _)| *n == name)?.1;
        let (line, column) = line_column(&self.markup, open);
        let p = self.place(line, column, name.chars().count() + 1)?;
        let closing = self.place(d.line, d.column, 1).map(|c| {
            let c = Diagnostic::at(c.file, c.src, c.span, "");
            format!(" before the </{found}> at {}:{}", c.file.display(), c.line)
        });
        Some(
            Diagnostic::at(p.file, p.src, p.span, format!("malformed markup: this <{name}> is never closed"))
                .with_help(format!(
                    "close it with </{name}>{}; the markup there came from this template line \
                 (--emit-markup writes the whole markup beside the PDF)",
                    closing.unwrap_or_default()
                )),
        )
    }

    /// A warning about the markup, `NAME:LINE:COL: warning: ...`, moved to
    /// the template line that wrote that part of it.
    pub fn relocate_warning(&self, name: &Path, warning: &str) -> String {
        let prefix = format!("{}:", name.display());
        let Some(rest) = warning.strip_prefix(&prefix) else { return warning.to_string() };
        let mut parts = rest.splitn(3, ':');
        let (Some(Ok(line)), Some(Ok(column)), Some(tail)) =
            (parts.next().map(str::parse), parts.next().map(str::parse), parts.next())
        else {
            return format!("{}:{rest}", self.root_file().display());
        };
        match self.place(line, column, 1) {
            Some(p) => {
                let d = Diagnostic::at(p.file, p.src, p.span, "");
                format!("{}:{}:{}:{tail}", d.file.display(), d.line, d.column)
            }
            None => format!("{}:{tail}", self.root_file().display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_come_out_and_leave_the_text_as_it_was() {
        let marked = format!("{OPEN}0{CLOSE}<p>{OPEN}12{CLOSE}ก</p>{OPEN}x{CLOSE}{OPEN}");
        let (text, marks) = strip(&marked);
        assert_eq!(text, format!("<p>ก</p>{OPEN}x{CLOSE}{OPEN}"));
        assert_eq!(marks, [(0, 0), (3, 12)]);
    }

    #[test]
    fn the_elements_left_open_are_found() {
        let xml = "<document><!-- <x> --><p a=\"b>c\">x<b>y</b><br/><i>z</i>";
        let open: Vec<&str> = open_elements(xml).into_iter().map(|(n, _)| n).collect();
        assert_eq!(open, ["document", "p"]);
        assert_eq!(line_column("a\nกข<", 8), (2, 3));
    }

    #[test]
    fn raw_text_is_found_where_handlebars_maps_it() {
        let src = "<h1>{{a}}</h1>\n  {{#if b~}}\n   in {{c}}\n{{/if}}\n{{#each l}}\n  <p>{{this}}</p>\n{{/each}}\n";
        let mut t = Template::compile(src).unwrap();
        let mut spots = Vec::new();
        mark(&mut t, "t", src, &mut spots);
        let at =
            |s: &Spot| (src[..s.start].matches('\n').count() + 1, &src[s.start..s.start + s.verbatim.unwrap_or(2)]);
        let found: Vec<_> = spots.iter().map(at).collect();
        assert_eq!(
            found,
            [
                (1, "<h1>"),
                (1, "{{"),
                (1, "</h1>\n"),
                (3, "in "),
                (3, "{{"),
                (4, "\n"),
                (6, "  <p>"),
                (6, "{{"),
                (6, "</p>\n")
            ]
        );
        assert_eq!(offset_of("ab\nกข\n", 2, 2), Some(6));
    }
}
