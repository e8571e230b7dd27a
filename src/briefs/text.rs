//! Checks on every text of a data file, made on the parsed TOML before it is
//! read into the data types, so that they cover every field, present and
//! future, at the string's own line and column: no control character (the
//! markup cannot hold one), and, when the fonts are known, no character
//! that none of them draws. `build` runs the same checks before it typesets,
//! so what `check` passes, `build` prints. And the placeholders `briefpack
//! new` writes (`"<<ชื่อการเดินทาง>>"`) are found wherever they are left,
//! as warnings that the loader makes errors where the text would be printed
//! for real.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use super::ctx::FileCtx;
use crate::t;
use crate::typeset::text::{Glyphs, is_forbidden};

/// Keys whose strings are never printed (ids, references, paths, words
/// from a fixed list): their characters need no glyph.
const NOT_PRINTED: &[&str] =
    &["id", "city", "participants", "path", "photo", "emblem", "kind", "status", "side", "key"];

/// Checks every string in `root` (the whole parsed file). Iterative, with
/// an explicit stack: the TOML parser bounds the nesting, but this walk
/// does not need to rely on it.
pub(crate) fn check(ctx: &mut FileCtx<'_>, root: &Spanned<DeValue<'_>>, glyphs: Option<&Glyphs<'_>>) {
    // (value, the key it is under)
    let mut stack: Vec<(&Spanned<DeValue<'_>>, &str)> = vec![(root, "")];
    while let Some((value, key)) = stack.pop() {
        match value.get_ref() {
            DeValue::String(s) => {
                check_string(ctx, s, value.span(), key, glyphs);
                check_placeholder(ctx, s, value.span(), key);
            }
            DeValue::Array(items) => stack.extend(items.iter().rev().map(|v| (v, key))),
            DeValue::Table(table) => {
                let entries: Vec<_> = table.iter().collect();
                stack.extend(entries.into_iter().rev().map(|(k, v)| (v, k.get_ref().as_ref())));
            }
            _ => {}
        }
    }
}

fn check_string(ctx: &mut FileCtx<'_>, text: &str, span: Range<usize>, key: &str, glyphs: Option<&Glyphs<'_>>) {
    let glyphs = glyphs.filter(|_| !NOT_PRINTED.contains(&key));
    // One pass over the characters; the fonts are asked through the table
    // `Glyphs` keeps (fonts.rs reads Thai and Latin into a table of its own).
    let Some((c, forbidden)) = text.chars().find_map(|c| {
        if is_forbidden(c) {
            Some((c, true))
        } else if glyphs.is_some_and(|g| !g.can_print(c)) {
            Some((c, false))
        } else {
            None
        }
    }) else {
        return;
    };
    let name = if key.is_empty() { t!("data-this-text") } else { format!("`{key}`") };
    let at = locate(ctx.src, span, c);
    match glyphs {
        Some(glyphs) if !forbidden => ctx.error(
            at,
            format!("no font has a glyph for '{c}' (U+{:04X}) in {name} (fonts: {})", c as u32, glyphs.describe()),
            "replace the character, or add a font that has it to `fallback` under [fonts] in a theme \
             (--theme FILE), e.g. fallback = [\"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\"]",
        ),
        _ => ctx.error(
            at,
            format!("{name} holds a control character (U+{:04X}), which cannot be printed", c as u32),
            format!(
                "remove the escape \\u{:04X}; text may hold line breaks and tabs, but no other control characters",
                c as u32
            ),
        ),
    }
}

/// Where `briefpack new` marks what is to be written: `<<` and `>>`
/// around a description. No real text of a brief holds both.
const OPEN: &str = "<<";
const CLOSE: &str = ">>";

/// The first placeholder in `text`: its byte range (markers included).
pub(crate) fn placeholder(text: &str) -> Option<Range<usize>> {
    let start = text.find(OPEN)?;
    let end = start + OPEN.len() + text[start + OPEN.len()..].find(CLOSE)? + CLOSE.len();
    Some(start..end)
}

fn check_placeholder(ctx: &mut FileCtx<'_>, text: &str, span: Range<usize>, key: &str) {
    let Some(range) = placeholder(text) else { return };
    let marked = &text[range];
    let name = if key.is_empty() { t!("data-this-text") } else { format!("`{key}`") };
    // The placeholder as written in the file (a basic string may escape
    // what is around it, never the markers): else the whole string.
    let at = ctx
        .src
        .get(span.clone())
        .and_then(|raw| raw.find(marked))
        .map_or(span.clone(), |i| span.start + i..span.start + i + marked.len());
    // The loader makes it an error where the text is printed for real, with help of its own.
    ctx.warning(at, t!("data-placeholder", name, placeholder = marked), t!("data-placeholder-help"));
}

/// The span of the first `c` in the string written at `span`: the character
/// itself, or its escape `\uXXXX` / `\UXXXXXXXX`; the whole string when
/// neither is found (e.g. written as `\e`).
fn locate(src: &str, span: Range<usize>, c: char) -> Range<usize> {
    let Some(raw) = src.get(span.clone()) else { return span };
    let short = format!("u{:04X}", c as u32);
    let long = format!("U{:08X}", c as u32);
    let mut chars = raw.char_indices();
    while let Some((i, ch)) = chars.next() {
        if ch == c {
            return span.start + i..span.start + i + c.len_utf8();
        }
        if ch == '\\' {
            let rest = &raw[i + 1..];
            for esc in [&short, &long] {
                if rest.len() >= esc.len() && rest[..esc.len()].eq_ignore_ascii_case(esc) {
                    return span.start + i..span.start + i + 1 + esc.len();
                }
            }
            chars.next(); // an escaped character, e.g. the second \ of \\
        }
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_located() {
        let src = r#"a = "x\\u0000 \u0000""#;
        let span = 4..src.len();
        let r = locate(src, span.clone(), '\0');
        assert_eq!(&src[r], "\\u0000");
        assert_eq!(locate(src, span.clone(), '\0').start, 14);
        let src = "a = \"ก༣\"";
        let r = locate(src, 4..src.len(), '༣');
        assert_eq!(&src[r], "༣");
        assert_eq!(locate("a = \"\\e\"", 4..8, '\u{1b}'), 4..8);
    }

    #[test]
    fn placeholders_are_found_inside_text_and_only_when_closed() {
        assert_eq!(placeholder("<<ชื่อ>>"), Some(0..OPEN.len() + "ชื่อ".len() + CLOSE.len()));
        let text = "การเยือน <<เมือง>> ครั้งแรก";
        assert_eq!(&text[placeholder(text).unwrap()], "<<เมือง>>");
        assert_eq!(placeholder("a << b"), None);
        assert_eq!(placeholder("a >> b << c"), None);
        assert_eq!(placeholder("(ชื่อการเดินทาง)"), None);
    }

    #[test]
    fn forbidden_characters() {
        assert!(is_forbidden('\0') && is_forbidden('\u{7}') && is_forbidden('\u{FFFF}') && is_forbidden('\u{85}'));
        assert!(!is_forbidden('\n') && !is_forbidden('\t') && !is_forbidden('ก') && !is_forbidden(' '));
    }
}
