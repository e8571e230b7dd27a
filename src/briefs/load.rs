//! Reading city and trip files: TOML parsing with recovery, deserialization
//! section by section (so that one bad entry does not hide the next), and
//! the translation of toml/serde errors into [`Diagnostic`]s that point at
//! the spot and say what to do.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::Briefs;
use super::city::{City, CityInfo, Relationship};
use super::date::{HELP_SEP, parse_loose_date};
use super::figure::Figure;
use super::interaction::Interaction;
use super::person::Person;
use super::text;
use super::trip::{AgendaDay, Trip};
use super::validate;
use crate::diag::{Diagnostic, closest};
use crate::error::Error;
use crate::source::{decode, read_source};
use crate::typeset::text::Glyphs;

/// The sections a city file may have.
const CITY_SECTIONS: &[&str] = &["city", "relationship", "people", "figures", "interactions"];

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
            file: self.path.to_path_buf(),
            line,
            column,
            message,
            help: None,
            source_line: Some(self.src[line_start..line_end].trim_end_matches('\r').to_string()),
            width: self.src[start..end.min(line_end)].chars().count().max(1),
        }
    }

    /// Reports a toml/serde error met while reading `what` (e.g. "this
    /// [[people]] entry"); `fallback` is used when the error has no span.
    fn toml_error(&mut self, err: &toml::de::Error, what: &str, fallback: Range<usize>) {
        let span = err.span().unwrap_or(fallback);
        if !self.syntax.is_empty() && missing_field(err.message()).is_some() {
            return; // likely an effect of the syntax error
        }
        let (message, help) = describe(err.message(), what);
        self.error(span, message, help.unwrap_or_default());
    }

    /// Parses the file, reporting every syntax error; returns what could be
    /// recovered.
    fn parse(&mut self) -> Spanned<DeValue<'a>> {
        let src: &'a str = self.src;
        let (table, errors) = DeTable::parse_recoverable(src);
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            let text = src.get(span.clone()).unwrap_or("");
            let (message, help) = describe_syntax(e.message(), text);
            self.error(span.clone(), message, help);
            self.syntax.push(span);
        }
        let span = table.span();
        Spanned::new(span, DeValue::Table(table.into_inner()))
    }
}

/// `Some(name)` for serde's "missing field `name`".
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.strip_suffix('`')
}

/// The names between backticks in `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// "did you mean `x`?" plus the allowed names.
fn suggest(word: &str, allowed: &[&str], noun: &str) -> String {
    let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    match closest(word, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? {noun}: {list}"),
        None if allowed.is_empty() => "remove it".to_string(),
        None => format!("{noun}: {list}"),
    }
}

/// Plain words for serde's type names.
fn humanize(expected: &str) -> &str {
    match expected {
        "a string" => "text in quotes",
        "a sequence" => "a list [ ... ]",
        "a boolean" => "true or false",
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => "a whole number",
        "f32" | "f64" => "a number",
        "a map" => "a table",
        e if e.starts_with("struct ") => "a table",
        e if e.starts_with("enum ") => "one of the allowed words in quotes",
        e => e,
    }
}

fn type_help(expected: &str) -> Option<&'static str> {
    Some(match expected {
        "text in quotes" => "put the text in double quotes: \"...\"",
        "a list [ ... ]" => "write a list in square brackets: [\"...\", \"...\"]",
        "a whole number" => "write the number without quotes or decimals, e.g. 2019",
        "a number" => "write the number without quotes, e.g. 605.2",
        "a table" => "write a table: key = { name = \"...\" } or a [section] with keys under it",
        e if e.starts_with("a date") => "write the date as YYYY-MM-DD without quotes, e.g. 2023-02-07",
        _ => return None,
    })
}

/// A friendly message and help for a toml/serde error message.
fn describe(message: &str, what: &str) -> (String, Option<String>) {
    if let Some((m, h)) = message.split_once(HELP_SEP) {
        return (m.to_string(), Some(h.to_string()));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(tail);
        return (format!("unknown key `{field}` in {what}"), Some(suggest(field, &allowed, "keys allowed here")));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(tail);
        return (
            format!("`{value}` is not one of the allowed values"),
            Some(suggest(value, &allowed, "allowed values")),
        );
    }
    if let Some(field) = missing_field(message) {
        return (format!("{what} has no `{field}`, which is required"), Some(format!("add `{field} = ...` to it")));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected = humanize(expected);
        return (format!("expected {expected}, found {found}"), type_help(expected).map(str::to_string));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected = humanize(expected);
        let help =
            if expected == "a whole number" { "write a whole number that is not negative" } else { "check the value" };
        return (format!("expected {expected}, found {found}"), Some(help.to_string()));
    }
    (format!("{message} (in {what})"), None)
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

/// Stand-in values tried, in turn, for a required key that is missing, so
/// that deserialization can go on and find the next problem.
const STAND_INS: &[&str] = &["\"\"", "0", "1970-01-01", "[]", "0.0", "false", "{}"];

/// A stand-in value for a missing key; `kind` indexes [`STAND_INS`].
fn stand_in(kind: usize, span: Range<usize>) -> Option<Spanned<DeValue<'static>>> {
    let value = DeValue::parse(STAND_INS.get(kind)?).ok()?.into_inner();
    Some(Spanned::new(span, value))
}

/// The result of [`de_table`]: the value, and the keys dropped because they
/// were wrong (already reported), so that checks can skip what is missing.
struct Partial<T> {
    value: T,
    dropped: Vec<String>,
}

/// Deserializes a table, reporting every problem it can, not only the first:
/// a key with an error is dropped and the rest tried again; a missing required
/// key gets a stand-in value (never returned) so that the next missing key is
/// found too. Returns the value when only optional keys had to be dropped.
fn de_table<T: DeserializeOwned>(ctx: &mut FileCtx<'_>, value: Spanned<DeValue<'_>>, what: &str) -> Option<Partial<T>> {
    let span = value.span();
    let mut value = value;
    let mut dropped: Vec<String> = Vec::new();
    // Keys suggested by "did you mean": their absence is the same mistake.
    let mut suggested: Vec<String> = Vec::new();
    // Stand-ins: key, index into STAND_INS, made-up span outside the source.
    let mut stand_ins: Vec<(String, usize, Range<usize>)> = Vec::new();
    for round in 0..200 {
        let err = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(t) if stand_ins.is_empty() => return Some(Partial { value: t, dropped }),
            Ok(_) => return None,
            Err(e) => e,
        };
        let es = err.span();
        let DeValue::Table(table) = value.get_mut() else {
            ctx.toml_error(&err, what, span.clone());
            return None;
        };
        // A stand-in of the wrong type: try the next one, or a listed variant.
        if let Some(si) = stand_ins.iter_mut().find(|s| Some(&s.2) == es.as_ref()) {
            let variant = err
                .message()
                .strip_prefix("unknown variant ``")
                .and_then(|rest| backticked(rest).first().map(|v| v.to_string()));
            let next = match variant {
                Some(v) if si.1 < STAND_INS.len() => {
                    si.1 = STAND_INS.len();
                    Spanned::new(si.2.clone(), DeValue::String(v.into()))
                }
                _ => {
                    si.1 += 1;
                    stand_in(si.1, si.2.clone())?
                }
            };
            *table.get_mut(si.0.as_str())? = next;
            continue;
        }
        if let Some(field) = missing_field(err.message())
            && es.as_ref() == Some(&span)
        {
            if !dropped.iter().chain(&suggested).any(|d| d == field) {
                ctx.toml_error(&err, what, span.clone());
            }
            let fake = usize::MAX - 2 * round - 1..usize::MAX - 2 * round;
            let key = Spanned::new(fake.clone(), std::borrow::Cow::Owned(field.to_string()));
            table.insert(key, stand_in(0, fake.clone())?);
            stand_ins.push((field.to_string(), 0, fake));
            continue;
        }
        if let Some(rest) = err.message().strip_prefix("unknown field `") {
            let (field, tail) = rest.split_once('`').unwrap_or((rest, ""));
            if let Some(best) = closest(field, backticked(tail)) {
                suggested.push(best.to_string());
            }
        }
        // A missing key of a table inside this one (e.g. an inline photo table).
        let top_key = table.iter().any(|(k, _)| Some(k.span()) == es);
        let nested = missing_field(err.message()).is_some() || (err.message().starts_with("unknown field") && !top_key);
        let what = if nested { "this table" } else { what };
        ctx.toml_error(&err, what, span.clone());
        let es = es?;
        let key = table
            .iter()
            .find(|(k, v)| k.span() == es || (v.span().start <= es.start && es.end <= v.span().end))
            .map(|(k, _)| k.get_ref().to_string())?;
        table.remove(key.as_str());
        dropped.push(key);
    }
    None
}

/// [`de_table`] when what was dropped does not matter.
fn de_value<T: DeserializeOwned>(ctx: &mut FileCtx<'_>, value: Spanned<DeValue<'_>>, what: &str) -> Option<T> {
    de_table(ctx, value, what).map(|p| p.value)
}

/// The elements of a `[[name]]` list; reports anything else.
fn array_items<'i>(ctx: &mut FileCtx<'_>, name: &str, value: Spanned<DeValue<'i>>) -> Vec<Spanned<DeValue<'i>>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items.into_iter().collect(),
        _ => {
            ctx.error(
                span,
                format!("`{name}` must be a list of tables"),
                format!("write each entry as a [[{name}]] section"),
            );
            Vec::new()
        }
    }
}

/// The string under `key` in a table that failed to deserialize, so that
/// references to it are not reported as unknown.
fn raw_str(value: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
    match value.get_ref() {
        DeValue::Table(t) => t.get(key).and_then(|v| v.get_ref().as_str()).map(str::to_string),
        _ => None,
    }
}

/// The `*.toml` files directly in `dir`, sorted; empty if `dir` is missing.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A city as far as it could be loaded.
pub(crate) struct CityLoad {
    pub id: String,
    pub city: Option<City>,
    /// Every person id written in the file, including entries that failed.
    pub person_ids: Vec<String>,
}

/// Interactions read from one file, with each entry's header span.
fn read_interactions(
    ctx: &mut FileCtx<'_>,
    value: Spanned<DeValue<'_>>,
    out: &mut Vec<validate::Read<Interaction>>,
    raw_ids: &mut Vec<String>,
) {
    const WHEN: [&str; 4] = ["date", "start", "end", "year"];
    for item in array_items(ctx, "interactions", value) {
        let header = item.span();
        let raw_id = raw_str(&item, "id");
        match de_table::<Interaction>(ctx, item, "this [[interactions]] entry") {
            Some(p) => out.push(validate::Read {
                header,
                complete_dates: !p.dropped.iter().any(|d| WHEN.contains(&d.as_str())),
                value: Interaction { file: ctx.path.to_path_buf(), ..p.value },
            }),
            None => raw_ids.extend(raw_id),
        }
    }
}

/// Loads `cities/<id>.toml` and the interaction files in `cities/<id>/`.
pub(crate) fn load_city(path: &Path, diags: &mut Vec<Diagnostic>, glyphs: Option<&Glyphs<'_>>) -> CityLoad {
    let id = stem(path);
    let mut load = CityLoad { id: id.clone(), city: None, person_ids: Vec::new() };
    let Some(src) = read_source(path, diags) else {
        return load;
    };
    let mut ctx = FileCtx::new(path, &src, diags);
    let root = ctx.parse();
    text::check(&mut ctx, &root, glyphs);
    let root_span = root.span();
    let DeValue::Table(root) = root.into_inner() else {
        return load;
    };

    let mut info: Option<CityInfo> = None;
    let mut relationship: Option<Relationship> = None;
    let mut saw_city = false;
    let mut saw_relationship = false;
    let mut people: Vec<Person> = Vec::new();
    let mut figures: Vec<Figure> = Vec::new();
    let mut interactions: Vec<validate::Read<Interaction>> = Vec::new();
    let mut raw_interaction_ids = Vec::new();

    for (key, value) in root {
        match key.get_ref().as_ref() {
            "city" => {
                saw_city = true;
                info = de_value(&mut ctx, value, "the [city] table");
            }
            "relationship" => {
                saw_relationship = true;
                relationship = de_value(&mut ctx, value, "the [relationship] table");
            }
            "people" => {
                for item in array_items(&mut ctx, "people", value) {
                    match de_value::<Person>(&mut ctx, item.clone(), "this [[people]] entry") {
                        Some(p) => people.push(p),
                        None => load.person_ids.extend(raw_str(&item, "id")),
                    }
                }
            }
            "figures" => {
                for item in array_items(&mut ctx, "figures", value) {
                    figures.extend(de_value::<Figure>(&mut ctx, item, "this [[figures]] entry"));
                }
            }
            "interactions" => read_interactions(&mut ctx, value, &mut interactions, &mut raw_interaction_ids),
            other => ctx.error(
                key.span(),
                format!("unknown section `{other}` in a city file"),
                suggest(other, CITY_SECTIONS, "sections of a city file"),
            ),
        }
    }
    if !saw_city {
        ctx.error(
            root_span.start..root_span.start,
            "this city file has no [city] table",
            "add a [city] table with name_th, name_en, country_th and country_en",
        );
    }
    if !saw_relationship {
        ctx.error(
            root_span.start..root_span.start,
            "this city file has no [relationship] table",
            "add a [relationship] table with at least `kind = \"sister_city\"` \
             (or \"friendship\", \"cooperation\")",
        );
    }

    load.person_ids.extend(people.iter().map(|p| p.id().to_string()));
    let dir = path.parent().unwrap_or(Path::new("."));
    validate::people(&mut ctx, &mut people, dir);
    let emblem_path = info.as_ref().and_then(|i| i.emblem.as_ref()).map(|e| validate::check_photo(&mut ctx, e, dir));
    validate::figures(&mut ctx, &figures);
    let mut seen: HashMap<String, String> = HashMap::new();
    validate::interactions(&mut ctx, &mut interactions, &people, &load.person_ids, dir, &mut seen);
    for rid in raw_interaction_ids {
        seen.entry(rid).or_default();
    }
    let mut all: Vec<Interaction> = interactions.into_iter().map(|r| r.value).collect();
    if let Some(r) = relationship.as_mut() {
        validate::relationship(&mut ctx, r);
    }
    drop(ctx);

    // Interaction files beside the city file.
    let side_dir = path.with_extension("");
    for file in toml_files(&side_dir) {
        let Some(src) = read_source(&file, diags) else { continue };
        let mut ctx = FileCtx::new(&file, &src, diags);
        let root = ctx.parse();
        text::check(&mut ctx, &root, glyphs);
        let DeValue::Table(root) = root.into_inner() else { continue };
        let mut found = Vec::new();
        let mut raw_ids = Vec::new();
        for (key, value) in root {
            match key.get_ref().as_ref() {
                "interactions" => read_interactions(&mut ctx, value, &mut found, &mut raw_ids),
                other => ctx.error(
                    key.span(),
                    format!("unknown section `{other}`: files in {}/ hold only [[interactions]]", id),
                    match closest(other, ["interactions"]) {
                        Some(_) => "did you mean `interactions`?".to_string(),
                        None => format!("move it to {id}.toml or remove it"),
                    },
                ),
            }
        }
        validate::interactions(&mut ctx, &mut found, &people, &load.person_ids, &side_dir, &mut seen);
        for rid in raw_ids {
            seen.entry(rid).or_default();
        }
        all.extend(found.into_iter().map(|r| r.value));
    }

    if let (Some(info), Some(relationship)) = (info, relationship) {
        // By year, then day; an entry with only a year comes first in its year.
        all.sort_by(|a, b| {
            let key = |i: &Interaction| (i.year.as_ref().map(|y| *y.get_ref()), i.first_day());
            key(a).cmp(&key(b)).then_with(|| a.id().cmp(b.id()))
        });
        let series = validate::series(&figures);
        load.city = Some(City {
            id,
            name_th: info.name_th,
            name_en: info.name_en,
            name_native: info.name_native,
            emblem: emblem_path,
            emblem_as_written: info.emblem,
            country_th: info.country_th,
            country_en: info.country_en,
            summary_th: info.summary_th,
            profile: info.profile,
            facts: info.facts,
            relationship,
            people,
            figures,
            series,
            interactions: all,
            file: path.to_path_buf(),
        });
    }
    load
}

/// Reads a trip file (without checking references to its city).
/// A trip file as far as it could be read.
struct ReadTrip {
    trip: Option<Trip>,
    /// The `city` value, also when the trip as a whole could not be read.
    city: Option<Spanned<String>>,
}

/// Reads a trip file (without checking references to its city).
fn read_trip(path: &Path, src: &str, diags: &mut Vec<Diagnostic>, glyphs: Option<&Glyphs<'_>>) -> ReadTrip {
    let mut ctx = FileCtx::new(path, src, diags);
    let root = ctx.parse();
    text::check(&mut ctx, &root, glyphs);
    let root_span = root.span();
    let DeValue::Table(mut table) = root.into_inner() else {
        return ReadTrip { trip: None, city: None };
    };
    let city = table.get("city").and_then(|v| Some(Spanned::new(v.span(), v.get_ref().as_str()?.to_string())));
    let agenda = table.remove("agenda");
    let trip: Option<Trip> = de_value(&mut ctx, Spanned::new(root_span, DeValue::Table(table)), "this trip file");
    let mut days: Vec<AgendaDay> = Vec::new();
    if let Some(agenda) = agenda {
        for item in array_items(&mut ctx, "agenda", agenda) {
            days.extend(de_value::<AgendaDay>(&mut ctx, item, "this [[agenda]] day"));
        }
    }
    let trip = trip.map(|mut t| {
        t.id = stem(path);
        t.agenda = days;
        t
    });
    ReadTrip { trip, city }
}

/// Checks a trip against the cities: its city id, delegation and dates.
/// When the trip could not be read, its `city` alone is checked.
fn check_trip(path: &Path, src: &str, read: &mut ReadTrip, cities: &[CityLoad], diags: &mut Vec<Diagnostic>) {
    let mut ctx = FileCtx::new(path, src, diags);
    match (&mut read.trip, &read.city) {
        (Some(trip), _) => validate::trip(&mut ctx, trip, cities),
        (None, Some(city)) => {
            validate::city_ref(&mut ctx, city, cities);
        }
        (None, None) => {}
    }
}

/// Loads every city (`<dir>/cities/*.toml` with `<dir>/cities/<id>/*.toml`)
/// and every trip (`<dir>/trips/*.toml`), checking all of it. All problems
/// found are returned together as [`Error::Input`]. Texts are checked for
/// control characters; [`load_dir_with`] checks them against fonts too.
pub fn load_dir(dir: &Path) -> Result<Briefs, Error> {
    load_dir_with(dir, None)
}

/// [`load_dir`], also reporting any character that `glyphs` cannot print.
pub fn load_dir_with(dir: &Path, glyphs: Option<&Glyphs<'_>>) -> Result<Briefs, Error> {
    if !dir.is_dir() {
        return Err(Error::with_help(
            format!("{} is not a folder", dir.display()),
            "give the briefs folder, the one that holds cities/ and trips/",
        ));
    }
    let cities_dir = dir.join("cities");
    if !cities_dir.is_dir() {
        return Err(Error::with_help(
            format!("{} has no cities/ folder", dir.display()),
            "put one file per partner city in cities/, e.g. cities/seoul.toml",
        ));
    }
    let mut diags = Vec::new();
    let files = toml_files(&cities_dir);
    let loads: Vec<CityLoad> = files.iter().map(|f| load_city(f, &mut diags, glyphs)).collect();
    orphan_folders(&cities_dir, &loads, &mut diags);

    let mut trips = Vec::new();
    for file in toml_files(&dir.join("trips")) {
        let Some(src) = read_source(&file, &mut diags) else { continue };
        let mut read = read_trip(&file, &src, &mut diags, glyphs);
        check_trip(&file, &src, &mut read, &loads, &mut diags);
        trips.extend(read.trip);
    }
    finish(diags)?;
    let cities = loads.into_iter().filter_map(|l| l.city).collect();
    Ok(Briefs { cities, trips })
}

/// Folders under cities/ that hold interaction files but have no city file.
fn orphan_folders(cities_dir: &Path, loads: &[CityLoad], diags: &mut Vec<Diagnostic>) {
    let Ok(rd) = std::fs::read_dir(cities_dir) else { return };
    let mut dirs: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    for d in dirs {
        let name = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if toml_files(&d).is_empty() || loads.iter().any(|l| l.id == name) {
            continue;
        }
        let ids: Vec<&str> = loads.iter().map(|l| l.id.as_str()).collect();
        let help = match closest(&name, ids.iter().copied()) {
            Some(best) => format!("did you mean the folder `{best}/` (for {best}.toml)?"),
            None => format!("add cities/{name}.toml or move these files beside their city's file"),
        };
        diags.push(
            Diagnostic::file(&d, format!("folder `{name}/` holds interactions, but there is no city `{name}.toml`"))
                .with_help(help),
        );
    }
}

/// Loads one trip file and its city from `<trip dir>/../cities/`.
pub fn load_trip(path: &Path) -> Result<(Trip, City), Error> {
    load_trip_with(path, None)
}

/// [`load_trip`], also reporting any character that `glyphs` cannot print.
pub fn load_trip_with(path: &Path, glyphs: Option<&Glyphs<'_>>) -> Result<(Trip, City), Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "read", e))?;
    let mut diags = Vec::new();
    let Some(src) = decode(path, bytes, &mut diags) else {
        return Err(Error::Input(diags));
    };
    let mut read = read_trip(path, &src, &mut diags, glyphs);
    let cities_dir = crate::project::BriefsDir::of_trip(path).cities();
    let wanted = read.city.as_ref().map(|c| c.get_ref().clone()).unwrap_or_default();
    let loads: Vec<CityLoad> = toml_files(&cities_dir)
        .iter()
        .map(|f| {
            if stem(f) == wanted {
                load_city(f, &mut diags, glyphs)
            } else {
                CityLoad { id: stem(f), city: None, person_ids: Vec::new() }
            }
        })
        .collect();
    check_trip(path, &src, &mut read, &loads, &mut diags);
    finish(diags)?;
    let city = loads.into_iter().find(|l| l.id == wanted).and_then(|l| l.city);
    match (read.trip, city) {
        (Some(t), Some(c)) => Ok((t, c)),
        _ => Err(Error::other(format!("cannot read trip {}", path.display()))),
    }
}

/// All diagnostics, ordered by file and position, as one error.
fn finish(mut diags: Vec<Diagnostic>) -> Result<(), Error> {
    if diags.is_empty() {
        return Ok(());
    }
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diags.dedup();
    Err(Error::Input(diags))
}
