//! Reading city and trip files: TOML parsing with recovery, then one pass
//! over the parsed document that reads each section into its type (see
//! [`super::read`]), so that one bad entry hides neither the next problem in
//! it nor the next entry, and every problem points at its own spot.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeValue;

use super::Briefs;
use super::city::{City, CityInfo, CityLoad, Relationship};
use super::ctx::FileCtx;
use super::figure::Figure;
use super::interaction::Interaction;
use super::parse::{Doc, Sources, parse_ahead};
use super::person::Person;
use super::read::{FromToml, Value, not_a_list, suggest};
use super::text;
use super::trip::{Trip, TripStatus};
use super::validate;
use crate::diag::{Diagnostic, Severity, closest};
use crate::error::Error;
use crate::source::decode;
use crate::typeset::text::Glyphs;

/// The sections a city file may have.
const CITY_SECTIONS: &[&str] = &["city", "relationship", "people", "figures", "interactions"];

/// Documents of parsed files, in the order the loader takes them (`None`
/// for a file that could not be read).
type Docs<'d, 's> = dyn Iterator<Item = Option<Doc<'s>>> + 'd;

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

/// The entries of a `[[name]]` list, owned: each entry's document is freed
/// as soon as it is read, so that a big file's parsed document shrinks while
/// its data grows.
fn into_entries<'i>(ctx: &mut FileCtx<'_>, name: &str, value: Value<'i>) -> Vec<Value<'i>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items.into_iter().collect(),
        _ => {
            not_a_list(ctx, name, span);
            Vec::new()
        }
    }
}

/// Interactions read from one file, with each entry's header span; the ids
/// of entries that could not be read go to `raw_ids`.
fn read_interactions(
    ctx: &mut FileCtx<'_>,
    value: Value<'_>,
    out: &mut Vec<validate::Read<Interaction>>,
    raw_ids: &mut Vec<String>,
) {
    for item in into_entries(ctx, "interactions", value) {
        match Interaction::read_entry(ctx, &item) {
            Some((value, complete_dates)) => out.push(validate::Read { header: item.span(), complete_dates, value }),
            None => raw_ids.extend(raw_str(&item, "id")),
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
    root: Value<'_>,
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
    let at = root.span().start..root.span().start;
    let DeValue::Table(table) = root.into_inner() else { return file };
    let (mut saw_city, mut saw_relationship) = (false, false);
    let mut interactions: Vec<validate::Read<Interaction>> = Vec::new();
    let mut raw_interaction_ids = Vec::new();
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "city" => (saw_city, file.info) = (true, CityInfo::read(ctx, &value)),
            "relationship" => (saw_relationship, file.relationship) = (true, Relationship::read(ctx, &value)),
            "people" => {
                for item in into_entries(ctx, "people", value) {
                    match Person::read(ctx, &item) {
                        Some(p) => file.people.push(p),
                        None => person_ids.extend(raw_str(&item, "id")),
                    }
                }
            }
            "figures" => {
                for item in into_entries(ctx, "figures", value) {
                    file.figures.extend(Figure::read(ctx, &item));
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

/// Reads and checks the interaction files of city `id` (`cities/<id>/*.toml`).
fn read_side_files<'s>(
    id: &str,
    docs: impl Iterator<Item = Option<Doc<'s>>>,
    people: &[Person],
    person_ids: &[String],
    seen: &mut HashMap<String, String>,
    diags: &mut Vec<Diagnostic>,
    glyphs: Option<&Glyphs<'_>>,
) -> Vec<Interaction> {
    let mut all = Vec::new();
    for doc in docs.flatten() {
        let side_dir = doc.path.parent().unwrap_or(Path::new("."));
        let mut ctx = FileCtx::new(doc.path, doc.src, diags);
        let root = doc.into_value(&mut ctx);
        text::check(&mut ctx, &root, glyphs);
        let DeValue::Table(table) = root.into_inner() else { continue };
        let mut found = Vec::new();
        let mut raw_ids = Vec::new();
        for (key, value) in table {
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

/// A city's files: `cities/<id>.toml` and the interaction files beside it
/// in `cities/<id>/`.
pub(crate) struct CityFiles {
    file: PathBuf,
    side: Vec<PathBuf>,
}

impl CityFiles {
    /// Every city of `cities_dir`, ordered by id.
    fn all(cities_dir: &Path) -> Vec<CityFiles> {
        toml_files(cities_dir)
            .into_iter()
            .map(|file| CityFiles { side: toml_files(&file.with_extension("")), file })
            .collect()
    }

    /// The files in the order [`load_city`] takes them.
    fn paths(&self) -> impl Iterator<Item = PathBuf> + '_ {
        std::iter::once(self.file.clone()).chain(self.side.iter().cloned())
    }
}

/// Loads a city from its files' documents, taken from `docs` (one for the
/// city file, then one for each interaction file).
pub(crate) fn load_city(
    city: &CityFiles,
    docs: &mut Docs<'_, '_>,
    diags: &mut Vec<Diagnostic>,
    glyphs: Option<&Glyphs<'_>>,
) -> CityLoad {
    let id = stem(&city.file);
    let mut load = CityLoad { id: id.clone(), city: None, person_ids: Vec::new() };
    let Some(doc) = docs.next().flatten() else {
        docs.take(city.side.len()).for_each(drop);
        return load;
    };
    let mut ctx = FileCtx::new(doc.path, doc.src, diags);
    let root = doc.into_value(&mut ctx);
    text::check(&mut ctx, &root, glyphs);
    let mut seen: HashMap<String, String> = HashMap::new();
    let file = read_city_file(&mut ctx, root, &mut load.person_ids, &mut seen);
    drop(ctx);

    let mut all = file.interactions;
    let side_docs = docs.take(city.side.len());
    all.extend(read_side_files(&id, side_docs, &file.people, &load.person_ids, &mut seen, diags, glyphs));

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
            file: city.file.clone(),
            warnings: Vec::new(),
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
fn read_trip(doc: Doc<'_>, diags: &mut Vec<Diagnostic>, glyphs: Option<&Glyphs<'_>>) -> ReadTrip {
    let id = stem(doc.path);
    let first = diags.len();
    let mut ctx = FileCtx::new(doc.path, doc.src, diags);
    let root = doc.into_value(&mut ctx);
    text::check(&mut ctx, &root, glyphs);
    let city = root.get_ref().get("city").and_then(|v| Some(Spanned::new(v.span(), v.get_ref().as_str()?.to_string())));
    let trip = Trip::read(&mut ctx, &root).map(|t| Trip { id, ..t });
    if !trip.as_ref().is_some_and(|t| t.status == TripStatus::Draft) {
        refuse_placeholders(&mut ctx.diags[first..], &crate::t!("data-placeholder-final-trip"));
    }
    ReadTrip { trip, city }
}

/// Makes the placeholder warnings among `diags` errors, saying `why`.
pub fn refuse_placeholders(diags: &mut [Diagnostic], why: &str) {
    for d in diags.iter_mut().filter(|d| d.is_warning()) {
        d.severity = Severity::Error;
        d.help = Some(why.to_string());
    }
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
    let cities = CityFiles::all(&cities_dir);
    let trip_files = toml_files(&dir.join("trips"));
    let sources = Sources::new(cities.iter().flat_map(CityFiles::paths).chain(trip_files));
    let (loads, trips) = parse_ahead(&sources, &mut diags, |docs, diags| {
        let loads: Vec<CityLoad> = cities.iter().map(|c| load_city(c, docs, diags, glyphs)).collect();
        orphan_folders(&cities_dir, &loads, diags);
        // The rest are the trips.
        let mut trips = Vec::new();
        for doc in docs.flatten() {
            let (path, src) = (doc.path, doc.src);
            let mut read = read_trip(doc, diags, glyphs);
            check_trip(path, src, &mut read, &loads, diags);
            trips.extend(read.trip.map(|t| (path.to_path_buf(), t)));
        }
        (loads, trips)
    });
    refuse_for_final_trips(&cities_dir, &trips, &mut diags);
    let warnings = finish(diags)?;
    let mut cities: Vec<City> = loads.into_iter().filter_map(|l| l.city).collect();
    let mut trips = trips;
    for w in warnings {
        if let Some((_, t)) = trips.iter_mut().find(|(path, _)| *path == w.file) {
            t.warnings.push(w);
        } else if let Some(c) =
            cities.iter_mut().find(|c| c.file == w.file || w.file.parent() == Some(&c.file.with_extension("")))
        {
            c.warnings.push(w);
        }
    }
    Ok(Briefs { cities, trips: trips.into_iter().map(|(_, t)| t).collect() })
}

/// A final trip prints its city: the placeholders left in the city's files
/// are errors then, as `build` finds them.
fn refuse_for_final_trips(cities_dir: &Path, trips: &[(PathBuf, Trip)], diags: &mut [Diagnostic]) {
    let city_of = |file: &Path| {
        let parent = file.parent()?;
        let city = if parent == cities_dir { file } else { (parent.parent()? == cities_dir).then_some(parent)? };
        Some(stem(city))
    };
    for d in diags.iter_mut().filter(|d| d.is_warning()) {
        let Some(city) = city_of(&d.file) else { continue };
        let finals = trips.iter().filter(|(_, t)| t.status == TripStatus::Final && *t.city.get_ref() == city);
        if let Some((_, trip)) = finals.min_by(|a, b| a.1.id.cmp(&b.1.id)) {
            let why = crate::t!("data-placeholder-final-city", trip = &trip.id);
            refuse_placeholders(std::slice::from_mut(d), &why);
        }
    }
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
    let mut read = read_trip(Doc::parse(path, &src), &mut diags, glyphs);
    let cities_dir = crate::project::BriefsDir::of_trip(path).cities();
    let wanted = read.city.as_ref().map(|c| c.get_ref().clone()).unwrap_or_default();
    let mut loads = Vec::new();
    for city in CityFiles::all(&cities_dir) {
        let load = if stem(&city.file) == wanted {
            let sources = Sources::new(city.paths());
            parse_ahead(&sources, &mut diags, |docs, diags| load_city(&city, docs, diags, glyphs))
        } else {
            CityLoad { id: stem(&city.file), city: None, person_ids: Vec::new() }
        };
        loads.push(load);
    }
    check_trip(path, &src, &mut read, &loads, &mut diags);
    // A final trip prints its city as it is: no placeholder may stay there either.
    if !read.trip.as_ref().is_some_and(|t| t.status == TripStatus::Draft) {
        refuse_placeholders(&mut diags, &crate::t!("data-placeholder-final-trip"));
    }
    let warnings = finish(diags)?;
    let city = loads.into_iter().find(|l| l.id == wanted).and_then(|l| l.city);
    match (read.trip, city) {
        (Some(mut t), Some(mut c)) => {
            let (own, city_warnings) = warnings.into_iter().partition(|w| w.file == path);
            (t.warnings, c.warnings) = (own, city_warnings);
            Ok((t, c))
        }
        _ => Err(Error::other(format!("cannot read trip {}", path.display()))),
    }
}

/// All diagnostics, ordered by file and position: one error if any is an
/// error (warnings included), else the warnings.
fn finish(mut diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    diags.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diags.dedup();
    if diags.iter().all(Diagnostic::is_warning) {
        return Ok(diags);
    }
    Err(Error::Input(diags))
}
