//! Reading the data types from a parsed TOML document in one pass: each
//! value is read by the type it should have ([`FromToml`]), each table by a
//! [`Reader`] that takes its keys by name, and every problem is reported at
//! the span of the value, key or table it is about, with what to do.
//!
//! Hand-written rather than serde's derive: a derived `Deserialize` stops at
//! the first error and says what went wrong only in its message text. A
//! file with ten mistakes gets ten messages here, several missing keys of a
//! table included, and an unknown key is matched against the keys the
//! table's reader asked for.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ctx::FileCtx;
use crate::diag::closest;
use crate::i18n::phrase;
use crate::t;

/// A parsed TOML value with its span.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// A type read from a TOML value. `read` reports every problem it finds
/// (at the value's span or inside it) and returns `None` if the value
/// cannot be used.
pub(crate) trait FromToml: Sized {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self>;
}

/// "did you mean `x`?" plus the allowed names.
pub(crate) fn suggest(word: &str, allowed: &[&str], noun: &str) -> String {
    let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    let noun = phrase("data-noun", noun);
    match closest(word, allowed.iter().copied()) {
        Some(best) => t!("data-did-you-mean", best, noun, list),
        None if allowed.is_empty() => t!("data-remove-it"),
        None => t!("data-allowed-list", noun, list),
    }
}

/// What a value is, in the words of "expected ..., found ...".
pub(crate) fn found(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => t!("data-found-string", text = format!("{s:?}")),
        DeValue::Integer(i) => t!("data-found-integer", value = i.to_string()),
        DeValue::Float(f) => t!("data-found-float", value = f.to_string()),
        DeValue::Boolean(b) => t!("data-found-boolean", value = b.to_string()),
        DeValue::Datetime(d) => match (d.date, d.time) {
            (Some(_), None) => t!("data-found-date", value = d.to_string()),
            (None, _) => t!("data-found-time", value = d.to_string()),
            (Some(_), Some(_)) => t!("data-found-date-time", value = d.to_string()),
        },
        DeValue::Array(_) => t!("data-found-list"),
        DeValue::Table(_) => t!("data-found-table"),
    }
}

/// Reports that `value` is not what was `expected`; always `None`.
pub(crate) fn wrong_type<T>(ctx: &mut FileCtx<'_>, value: &Value<'_>, expected: &str, help: &str) -> Option<T> {
    let (expected, found) = (phrase("data-expected", expected), found(value.get_ref()));
    ctx.error(value.span(), t!("data-wrong-type", expected, found), phrase("data-help", help));
    None
}

impl FromToml for String {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => wrong_type(ctx, value, "text in quotes", "put the text in double quotes: \"...\""),
        }
    }
}

/// A whole number from `min` to `max`.
fn whole(ctx: &mut FileCtx<'_>, value: &Value<'_>, min: i128, max: i128) -> Option<i128> {
    let DeValue::Integer(i) = value.get_ref() else {
        return wrong_type(ctx, value, "a whole number", "write the number without quotes or decimals, e.g. 2019");
    };
    // Beyond i128 is out of range as well.
    match i128::from_str_radix(i.as_str(), i.radix()) {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        Ok(n) if n < 0 && min == 0 => {
            ctx.error(
                value.span(),
                format!("expected a whole number, found integer `{i}`"),
                "write a whole number that is not negative",
            );
            None
        }
        _ => {
            ctx.error(
                value.span(),
                format!("the number `{i}` is out of range"),
                format!("write a whole number from {min} to {max}"),
            );
            None
        }
    }
}

impl FromToml for i32 {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        whole(ctx, value, i32::MIN.into(), i32::MAX.into()).and_then(|n| i32::try_from(n).ok())
    }
}

impl FromToml for u64 {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        whole(ctx, value, 0, u64::MAX.into()).and_then(|n| u64::try_from(n).ok())
    }
}

impl FromToml for f64 {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let (text, parsed) = match value.get_ref() {
            DeValue::Integer(i) => (i.to_string(), i128::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64)),
            // toml's own reading: `inf` and `nan` are numbers; an overflow to
            // infinity is not.
            DeValue::Float(f) => {
                let x = f.as_str().parse::<f64>().ok();
                (f.to_string(), x.filter(|x| !x.is_infinite() || f.as_str().contains("inf")))
            }
            _ => return wrong_type(ctx, value, "a number", "write the number without quotes, e.g. 605.2"),
        };
        if parsed.is_none() {
            ctx.error(value.span(), format!("the number `{text}` is out of range"), "write a smaller number");
        }
        parsed
    }
}

impl<T: FromToml> FromToml for Vec<T> {
    /// Every item is read (and its problems reported); the list is usable
    /// only if every item is.
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let DeValue::Array(items) = value.get_ref() else {
            return wrong_type(ctx, value, "a list [ ... ]", "write a list in square brackets: [\"...\", \"...\"]");
        };
        let mut out = Vec::with_capacity(items.len());
        let mut complete = true;
        for item in items.iter() {
            match T::read(ctx, item) {
                Some(t) => out.push(t),
                None => complete = false,
            }
        }
        complete.then_some(out)
    }
}

impl<T: FromToml> FromToml for Spanned<T> {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        T::read(ctx, value).map(|t| Spanned::new(value.span(), t))
    }
}

/// One of a fixed list of words (an enum written in snake_case).
pub(crate) fn word<T: Copy>(ctx: &mut FileCtx<'_>, value: &Value<'_>, words: &[(&str, T)]) -> Option<T> {
    let names = || words.iter().map(|(name, _)| *name).collect::<Vec<_>>();
    let DeValue::String(s) = value.get_ref() else {
        let help = suggest("", &names(), "allowed values");
        return wrong_type(ctx, value, "one of the allowed words in quotes", &help);
    };
    let found = words.iter().find(|(name, _)| name == s).map(|(_, t)| *t);
    if found.is_none() {
        ctx.error(
            value.span(),
            t!("data-not-allowed-word", word = s.to_string()),
            suggest(s, &names(), "allowed values"),
        );
    }
    found
}

/// Reports that `name`, written at `span`, is not a list of `[[name]]` tables.
pub(crate) fn not_a_list(ctx: &mut FileCtx<'_>, name: &str, span: Range<usize>) {
    ctx.error(span, format!("`{name}` must be a list of tables"), format!("write each entry as a [[{name}]] section"));
}

/// The elements of a `[[name]]` list; reports anything else.
fn array_items<'v, 'i>(ctx: &mut FileCtx<'_>, name: &str, value: &'v Value<'i>) -> &'v [Value<'i>] {
    match value.get_ref() {
        DeValue::Array(items) => items,
        _ => {
            not_a_list(ctx, name, value.span());
            &[]
        }
    }
}

/// Reads one table: keys are taken by name, each read as its type with its
/// problems reported at its value; [`Reader::finish`] then reports the keys
/// nobody asked for (with a did-you-mean over those asked for) and the
/// required keys that are missing (except one an unknown key looks like a
/// misspelling of: that is the same mistake).
pub(crate) struct Reader<'r, 'a> {
    pub ctx: &'r mut FileCtx<'a>,
    table: &'r DeTable<'r>,
    span: Range<usize>,
    /// The table in messages: "this [[people]] entry".
    what: &'static str,
    asked: Vec<&'static str>,
    missing: Vec<&'static str>,
    /// Keys present but not readable (already reported).
    failed: Vec<&'static str>,
}

impl<'r, 'a> Reader<'r, 'a> {
    /// A reader of `value`, or `None` (reported) when it is not a table.
    pub fn new(ctx: &'r mut FileCtx<'a>, value: &'r Value<'r>, what: &'static str) -> Option<Self> {
        let DeValue::Table(table) = value.get_ref() else {
            return wrong_type(
                ctx,
                value,
                "a table",
                "write a table: key = { name = \"...\" } or a [section] with keys under it",
            );
        };
        Some(Reader {
            ctx,
            table,
            span: value.span(),
            what,
            asked: Vec::with_capacity(16), // as many keys as the largest table has
            missing: Vec::new(),
            failed: Vec::new(),
        })
    }

    fn take(&mut self, key: &'static str) -> Option<&'r Value<'r>> {
        self.asked.push(key);
        self.table.get(key)
    }

    fn read<T: FromToml>(&mut self, key: &'static str, value: &Value<'_>) -> Option<T> {
        let t = T::read(self.ctx, value);
        if t.is_none() {
            self.failed.push(key);
        }
        t
    }

    /// The value of a key that must be there.
    pub fn required<T: FromToml>(&mut self, key: &'static str) -> Option<T> {
        match self.take(key) {
            Some(v) => self.read(key, v),
            None => {
                self.missing.push(key);
                None
            }
        }
    }

    /// The value of a key that may be left out (`None` also when it could
    /// not be read: that is reported).
    pub fn optional<T: FromToml>(&mut self, key: &'static str) -> Option<T> {
        let v = self.take(key)?;
        self.read(key, v)
    }

    /// [`Reader::optional`], or the type's default.
    pub fn or_default<T: FromToml + Default>(&mut self, key: &'static str) -> T {
        self.optional(key).unwrap_or_default()
    }

    /// A list of `[[key]]` tables that may be left out: the entries that
    /// could be read (every problem of the others is reported).
    pub fn entries<T: FromToml>(&mut self, key: &'static str) -> Vec<T> {
        let Some(v) = self.take(key) else { return Vec::new() };
        array_items(self.ctx, key, v).iter().filter_map(|item| T::read(self.ctx, item)).collect()
    }

    /// Whether any of `keys` was written but could not be read.
    pub fn failed(&self, keys: &[&str]) -> bool {
        self.failed.iter().any(|f| keys.contains(f))
    }

    /// Reports unknown keys, then missing ones.
    pub fn finish(self) {
        let mut suggested: Vec<&str> = Vec::new();
        for (key, _) in self.table.iter() {
            let k: &str = key.get_ref();
            if self.asked.contains(&k) {
                continue;
            }
            suggested.extend(closest(k, self.asked.iter().copied()));
            self.ctx.error(
                key.span(),
                t!("data-unknown-key", key = k, table = phrase("data-table", self.what)),
                suggest(k, &self.asked, "keys allowed here"),
            );
        }
        if self.ctx.has_syntax_errors() {
            return; // a missing key is likely an effect of the syntax error
        }
        for key in self.missing.into_iter().filter(|m| !suggested.contains(m)) {
            self.ctx.error(
                self.span.clone(),
                t!("data-missing-key", table = phrase("data-table", self.what), key),
                t!("data-add-key", key),
            );
        }
    }
}
