//! Reading city and trip files: TOML parsing with recovery, then one pass
//! over the parsed document that reads each section into its type (see
//! [`super::read`]), so that one bad entry hides neither the next problem in
//! it nor the next entry, and every problem points at its own spot.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::Briefs;
use super::city::{City, CityInfo, CityLoad, Relationship};
use super::ctx::FileCtx;
use super::date::parse_loose_date;
use super::figure::Figure;
use super::interaction::Interaction;
use super::person::Person;
use super::read::{FromToml, Value, array_items, suggest};
use super::text;
use super::trip::Trip;
use super::validate;
use crate::diag::{Diagnostic, closest};
use crate::error::Error;
use crate::source::{decode, read_source};
use crate::typeset::text::Glyphs;

/// The sections a city file may have.
const CITY_SECTIONS: &[&str] = &["city", "relationship", "people", "figures", "interactions"];

/// Parses the file, reporting every syntax error; returns what could be
/// recovered, as a value (the root table).
fn parse<'i>(ctx: &mut FileCtx<'_>, src: &'i str) -> Value<'i> {
    let (table, errors) = DeTable::parse_recoverable(src);
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        let text = src.get(span.clone()).unwrap_or("");
        let (message, help) = describe_syntax(e.message(), text);
        ctx.syntax_error(span, message, help);
    }
    let span = table.span();
    Spanned::new(span, DeValue::Table(table.into_inner()))
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

/// The string under `key` in a table that could not be read, so that
/// references to it are not reported as unknown.
fn raw_str(value: &Value<'_>, key: &str) -> Option<String> {
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

/// Interactions read from one file, with each entry's header span; the ids
/// of entries that could not be read go to `raw_ids`.
fn read_interactions(
    ctx: &mut FileCtx<'_>,
    value: &Value<'_>,
    out: &mut Vec<validate::Read<Interaction>>,
    raw_ids: &mut Vec<String>,
) {
    for item in array_items(ctx, "interactions", value) {
        match Interaction::read_entry(ctx, item) {
            Some((value, complete_dates)) => out.push(validate::Read { header: item.span(), complete_dates, value }),
            None => raw_ids.extend(raw_str(item, "id")),
        }
    }
}

/// What a city file holds, as far as it could be read and checked.
struct CityFile {
    info: Option<CityInfo>,
    relationship: Option<Relationship>,
    people: Vec<Person>,
    figures: Vec<Figure>,
    interactions: Vec<Interaction>,
    emblem: Option<PathBuf>,
}

/// Reads and checks the sections of a city file. `person_ids` gets every
/// person id written in it, `seen` every interaction id with where it is.
fn read_city_file(
    ctx: &mut FileCtx<'_>,
    root: &Value<'_>,
    person_ids: &mut Vec<String>,
    seen: &mut HashMap<String, String>,
) -> CityFile {
    let mut file = CityFile {
        info: None,
        relationship: None,
        people: Vec::new(),
        figures: Vec::new(),
        interactions: Vec::new(),
        emblem: None,
    };
    let DeValue::Table(table) = root.get_ref() else { return file };
    let (mut saw_city, mut saw_relationship) = (false, false);
    let mut interactions: Vec<validate::Read<Interaction>> = Vec::new();
    let mut raw_interaction_ids = Vec::new();
    for (key, value) in table.iter() {
        match key.get_ref().as_ref() {
            "city" => (saw_city, file.info) = (true, CityInfo::read(ctx, value)),
            "relationship" => (saw_relationship, file.relationship) = (true, Relationship::read(ctx, value)),
            "people" => {
                for item in array_items(ctx, "people", value) {
                    match Person::read(ctx, item) {
                        Some(p) => file.people.push(p),
                        None => person_ids.extend(raw_str(item, "id")),
                    }
                }
            }
            "figures" => {
                for item in array_items(ctx, "figures", value) {
                    file.figures.extend(Figure::read(ctx, item));
                }
            }
            "interactions" => read_interactions(ctx, value, &mut interactions, &mut raw_interaction_ids),
            other => ctx.error(
                key.span(),
                format!("unknown section `{other}` in a city file"),
                suggest(other, CITY_SECTIONS, "sections of a city file"),
            ),
        }
    }
    let at = root.span().start..root.span().start;
    if !saw_city {
        let help = "add a [city] table with name_th, name_en, country_th and country_en";
        ctx.error(at.clone(), "this city file has no [city] table", help);
    }
    if !saw_relationship {
        let help =
            "add a [relationship] table with at least `kind = \"sister_city\"` (or \"friendship\", \"cooperation\")";
        ctx.error(at, "this city file has no [relationship] table", help);
    }

    person_ids.extend(file.people.iter().map(|p| p.id().to_string()));
    let dir = ctx.path.parent().unwrap_or(Path::new(".")).to_path_buf();
    validate::people(ctx, &mut file.people, &dir);
    file.emblem = file.info.as_ref().and_then(|i| i.emblem.as_ref()).map(|e| validate::check_photo(ctx, e, &dir));
    validate::figures(ctx, &file.figures);
    validate::interactions(ctx, &mut interactions, &file.people, person_ids, &dir, seen);
    for rid in raw_interaction_ids {
        seen.entry(rid).or_default();
    }
    file.interactions = interactions.into_iter().map(|r| r.value).collect();
    if let Some(r) = file.relationship.as_mut() {
        validate::relationship(ctx, r);
    }
    file
}

/// Reads and checks the interaction files in `side_dir` (`cities/<id>/`).
fn read_side_files(
    id: &str,
    side_dir: &Path,
    people: &[Person],
    person_ids: &[String],
    seen: &mut HashMap<String, String>,
    diags: &mut Vec<Diagnostic>,
    glyphs: Option<&Glyphs<'_>>,
) -> Vec<Interaction> {
    let mut all = Vec::new();
    for file in toml_files(side_dir) {
        let Some(src) = read_source(&file, diags) else { continue };
        let mut ctx = FileCtx::new(&file, &src, diags);
        let root = parse(&mut ctx, &src);
        text::check(&mut ctx, &root, glyphs);
        let DeValue::Table(table) = root.get_ref() else { continue };
        let mut found = Vec::new();
        let mut raw_ids = Vec::new();
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "interactions" => read_interactions(&mut ctx, value, &mut found, &mut raw_ids),
                other => ctx.error(
                    key.span(),
                    format!("unknown section `{other}`: files in {id}/ hold only [[interactions]]"),
                    match closest(other, ["interactions"]) {
                        Some(_) => "did you mean `interactions`?".to_string(),
                        None => format!("move it to {id}.toml or remove it"),
                    },
                ),
            }
        }
        validate::interactions(&mut ctx, &mut found, people, person_ids, side_dir, seen);
        for rid in raw_ids {
            seen.entry(rid).or_default();
        }
        all.extend(found.into_iter().map(|r| r.value));
    }
    all
}

/// Loads `cities/<id>.toml` and the interaction files in `cities/<id>/`.
pub(crate) fn load_city(path: &Path, diags: &mut Vec<Diagnostic>, glyphs: Option<&Glyphs<'_>>) -> CityLoad {
    let id = stem(path);
    let mut load = CityLoad { id: id.clone(), city: None, person_ids: Vec::new() };
    let Some(src) = read_source(path, diags) else {
        return load;
    };
    let mut ctx = FileCtx::new(path, &src, diags);
    let root = parse(&mut ctx, &src);
    text::check(&mut ctx, &root, glyphs);
    let mut seen: HashMap<String, String> = HashMap::new();
    let file = read_city_file(&mut ctx, &root, &mut load.person_ids, &mut seen);
    drop(ctx);

    let mut all = file.interactions;
    let side_dir = path.with_extension("");
    all.extend(read_side_files(&id, &side_dir, &file.people, &load.person_ids, &mut seen, diags, glyphs));

    if let (Some(info), Some(relationship)) = (file.info, file.relationship) {
        // By year, then day; an entry with only a year comes first in its year.
        all.sort_by(|a, b| {
            let key = |i: &Interaction| (i.year.as_ref().map(|y| *y.get_ref()), i.first_day());
            key(a).cmp(&key(b)).then_with(|| a.id().cmp(b.id()))
        });
        let series = validate::series(&file.figures);
        load.city = Some(City {
            id,
            name_th: info.name_th,
            name_en: info.name_en,
            name_native: info.name_native,
            emblem: file.emblem,
            emblem_as_written: info.emblem,
            country_th: info.country_th,
            country_en: info.country_en,
            summary_th: info.summary_th,
            profile: info.profile,
            facts: info.facts,
            relationship,
            people: file.people,
            figures: file.figures,
            series,
            interactions: all,
            file: path.to_path_buf(),
        });
    }
    load
}

/// A trip file as far as it could be read.
struct ReadTrip {
    trip: Option<Trip>,
    /// The `city` value, also when the trip as a whole could not be read.
    city: Option<Spanned<String>>,
}

/// Reads a trip file (without checking references to its city).
fn read_trip(path: &Path, src: &str, diags: &mut Vec<Diagnostic>, glyphs: Option<&Glyphs<'_>>) -> ReadTrip {
    let mut ctx = FileCtx::new(path, src, diags);
    let root = parse(&mut ctx, src);
    text::check(&mut ctx, &root, glyphs);
    let city = root.get_ref().get("city").and_then(|v| Some(Spanned::new(v.span(), v.get_ref().as_str()?.to_string())));
    let trip = Trip::read(&mut ctx, &root).map(|t| Trip { id: stem(path), ..t });
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
