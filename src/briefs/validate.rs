//! Checks that need more than one field: ids and references, date order,
//! photo files, duplicates. Each check reports into the file's
//! [`FileCtx`] and fills in the derived fields of what it checked.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::city::{CityLoad, Relationship};
use super::ctx::FileCtx;
use super::date::{Date, check_year, year_of};
use super::figure::{Figure, FigureSeries};
use super::interaction::{Interaction, Photo};
use super::person::Person;
use super::trip::Trip;
use crate::diag::closest;

/// Ids are short ASCII words so that they are easy to type and to refer to.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c == ' ' || c == '-' || c == '_' || c == '.') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn check_id(ctx: &mut FileCtx<'_>, id: &Spanned<String>, what: &str) {
    let text = id.get_ref();
    if is_valid_id(text) {
        return;
    }
    let s = slug(text);
    let help = if s.is_empty() || !is_valid_id(&s) {
        "use lowercase ASCII letters, digits, `-` and `_`, e.g. `meeting-2019`".to_string()
    } else {
        format!("use lowercase ASCII letters, digits, `-` and `_`: e.g. `{s}`")
    };
    let message =
        if text.is_empty() { format!("{what} is empty") } else { format!("{what} `{text}` is not a valid id") };
    ctx.error(id.span(), message, help);
}

/// Reports a photo path that names no regular file, or a file that `build`
/// could not print: not a PNG or JPEG, cut off, a damaged PNG chunk, more
/// pixels than allowed (all from the header and checksums, without
/// decoding the pixels). Returns the resolved path.
pub(crate) fn check_photo(ctx: &mut FileCtx<'_>, path: &Spanned<String>, dir: &Path) -> std::path::PathBuf {
    let full = dir.join(path.get_ref());
    if path.get_ref().trim().is_empty() {
        ctx.error(path.span(), "the photo path is empty", "write the image file's path, relative to this file");
        return full;
    }
    let result = crate::typeset::image::check_regular(&full, &format!("photo file `{}`", path.get_ref()))
        .and_then(|()| crate::typeset::image::check_file(&full, &format!("`{}`", path.get_ref())));
    if let Err(problem) = result {
        ctx.error(path.span(), problem.message, problem.help);
    }
    full
}

/// Checks `[[people]]`: ids, duplicates, photos.
pub(crate) fn people(ctx: &mut FileCtx<'_>, people: &mut [Person], dir: &Path) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for p in people.iter_mut() {
        check_id(ctx, &p.id, "person id");
        let id = p.id.get_ref().clone();
        if let Some(at) = first.get(&id) {
            let loc = ctx.location(*at);
            ctx.error(
                p.id.span(),
                format!("person id `{id}` is used twice"),
                format!("it is first used at {loc}; give each person their own id"),
            );
        } else {
            first.insert(id, p.id.span().start);
        }
        if let Some(photo) = &p.photo {
            p.photo_full_path = Some(check_photo(ctx, photo, dir));
        }
    }
}

/// Checks `[[figures]]`: keys, values, years, duplicates, units.
pub(crate) fn figures(ctx: &mut FileCtx<'_>, figures: &[Figure]) {
    let mut first: HashMap<(String, i32), usize> = HashMap::new();
    let mut units: HashMap<String, (String, usize)> = HashMap::new();
    for f in figures {
        check_id(ctx, &f.key, "figure key");
        if !f.value.get_ref().is_finite() {
            ctx.error(f.value.span(), "the value must be a finite number", "write the number, e.g. 260000000");
        }
        let year = *f.year.get_ref();
        check_year(ctx, f.year.span(), year, 1800);
        let key = f.key.get_ref().clone();
        match first.get(&(key.clone(), year)) {
            Some(at) => {
                let loc = ctx.location(*at);
                ctx.error(
                    f.year.span(),
                    format!("there is already a `{key}` figure for {year}"),
                    format!("the first is at {loc}; keep one value per key and year"),
                );
            }
            None => {
                first.insert((key.clone(), year), f.year.span().start);
            }
        }
        match units.get(&key) {
            Some((unit, at)) if *unit != f.unit_th => {
                let loc = ctx.location(*at);
                ctx.error(
                    f.key.span(),
                    format!("figures with key `{key}` use different units: \"{unit}\" and \"{}\"", f.unit_th),
                    format!("the first is at {loc}; use one unit_th for every year of a key, or another key"),
                );
            }
            Some(_) => {}
            None => {
                units.insert(key, (f.unit_th.clone(), f.key.span().start));
            }
        }
    }
}

/// Figures grouped by key, keys in order of first appearance, points by year.
pub(crate) fn series(figures: &[Figure]) -> Vec<FigureSeries> {
    let mut out: Vec<FigureSeries> = Vec::new();
    for f in figures {
        match out.iter_mut().find(|s| s.key == *f.key.get_ref()) {
            Some(s) => s.points.push(f.clone()),
            None => out.push(FigureSeries {
                key: f.key.get_ref().clone(),
                label_th: f.label_th.clone(),
                unit_th: f.unit_th.clone(),
                points: vec![f.clone()],
            }),
        }
    }
    for s in &mut out {
        s.points.sort_by_key(|p| *p.year.get_ref());
    }
    out
}

/// Checks `[relationship]` and fills `kind_th` and `established_year`.
pub(crate) fn relationship(ctx: &mut FileCtx<'_>, r: &mut Relationship) {
    r.kind_th = r.kind.label_th().to_string();
    if let Some(est) = &r.established {
        let y = year_of(*est.get_ref());
        match &r.established_year {
            Some(year) if *year.get_ref() != y => ctx.error(
                year.span(),
                format!("established_year {} does not match established = {}", year.get_ref(), est.get_ref()),
                "remove established_year; it is taken from `established`",
            ),
            _ => r.established_year = Some(Spanned::new(est.span(), y)),
        }
    } else if let Some(year) = &r.established_year {
        check_year(ctx, year.span(), *year.get_ref(), 1800);
    }
}

fn person_help(id: &str, known: &[String]) -> String {
    match closest(id, known.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`? people are listed as [[people]] in the city file"),
        None if known.is_empty() => "this city has no [[people]] yet: add the person there".to_string(),
        None => format!(
            "known ids: {}; add the person as [[people]] in the city file",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// An entry as read, with its header's span and whether its date keys all
/// survived reading (if one was dropped for an error, the date rules are not
/// checked, to avoid a second report of the same mistake).
pub(crate) struct Read<T> {
    pub header: Range<usize>,
    pub complete_dates: bool,
    pub value: T,
}

/// Checks interactions read from one file: ids (unique across the city,
/// `seen` maps id -> where first used), dates, participants, photos; fills
/// `kind_th`, `start`/`end`, `year` and `participant_people`.
pub(crate) fn interactions(
    ctx: &mut FileCtx<'_>,
    items: &mut [Read<Interaction>],
    people: &[Person],
    known_ids: &[String],
    dir: &Path,
    seen: &mut HashMap<String, String>,
) {
    // Looked up by id: a city of thousands of people and interactions would
    // otherwise be searched person by person for every participant.
    let by_id: HashMap<&str, &Person> = people.iter().rev().map(|p| (p.id(), p)).collect();
    let known: std::collections::HashSet<&str> = known_ids.iter().map(String::as_str).collect();
    for Read { header, complete_dates, value: i } in items.iter_mut() {
        check_id(ctx, &i.id, "interaction id");
        let id = i.id.get_ref().clone();
        match seen.get(&id) {
            Some(loc) => {
                let help = if loc.is_empty() {
                    "ids must be unique within a city; rename one of them".to_string()
                } else {
                    format!("it is first used at {loc}; ids must be unique within a city")
                };
                ctx.error(i.id.span(), format!("interaction id `{id}` is used twice"), help);
            }
            None => {
                seen.insert(id, ctx.location(i.id.span().start));
            }
        }
        i.kind_th = i.kind.label_th().to_string();
        check_when(ctx, header.clone(), i, *complete_dates);
        for p in &i.participants {
            match by_id.get(p.get_ref().as_str()) {
                Some(person) => i.participant_people.push((*person).clone()),
                None if known.contains(p.get_ref().as_str()) => {}
                None => ctx.error(
                    p.span(),
                    format!("there is no person with id `{}` in this city", p.get_ref()),
                    person_help(p.get_ref(), known_ids),
                ),
            }
        }
        for photo in &mut i.photos {
            let Photo { path, full_path, .. } = photo;
            *full_path = check_photo(ctx, path, dir);
        }
    }
}

/// The date rules of an interaction: `date`, or `start` + `end`, or `year`.
fn check_when(ctx: &mut FileCtx<'_>, header: Range<usize>, i: &mut Interaction, complete: bool) {
    let one_day = "for one day write `date = 2023-02-07`";
    if let Some(date) = &i.date {
        if let Some(extra) = i.start.as_ref().or(i.end.as_ref()) {
            ctx.error(
                extra.span(),
                "give either `date` or `start` and `end`, not both",
                "for one day keep `date`; for several days remove `date`",
            );
        }
        i.start = Some(date.clone());
        i.end = Some(date.clone());
    }
    match (&i.start, &i.end) {
        (Some(s), None) if complete => {
            ctx.error(s.span(), "`start` has no `end`", format!("add `end = ...` (the last day); {one_day}"));
        }
        (None, Some(e)) if complete => {
            ctx.error(e.span(), "`end` has no `start`", format!("add `start = ...` (the first day); {one_day}"));
        }
        (Some(s), Some(e)) if e.get_ref() < s.get_ref() => ctx.error(
            e.span(),
            format!("the end ({}) is before the start ({})", e.get_ref(), s.get_ref()),
            "check the dates: `end` is the last day, on or after `start`",
        ),
        (None, None) if complete && i.year.is_none() => ctx.error(
            header.clone(),
            "this interaction has no date",
            "add `date = 2023-02-07`, or `start` and `end` for several days, \
             or `year = 2019` when only the year is known",
        ),
        _ => {}
    }
    if let Some(first) = i.start.as_ref().map(|s| *s.get_ref()) {
        let y = year_of(first);
        match &i.year {
            Some(year) if *year.get_ref() != y => ctx.error(
                year.span(),
                format!("year {} does not match the date {first}", year.get_ref()),
                "remove `year`; it is taken from the date",
            ),
            Some(_) => {}
            None => i.year = Some(Spanned::new(header, y)),
        }
    } else if let Some(year) = &i.year {
        check_year(ctx, year.span(), *year.get_ref(), 1900);
    }
}

/// Minutes after midnight of "09:30" or "9.30".
fn parse_hm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once([':', '.'])?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// "09:30" or "09:30-11:00" (the end after the start).
pub(crate) fn is_valid_time(s: &str) -> bool {
    match s.split_once(['-', '–']) {
        Some((a, b)) => matches!((parse_hm(a), parse_hm(b)), (Some(a), Some(b)) if b > a),
        None => parse_hm(s).is_some(),
    }
}

/// The city a trip names; reports an unknown id.
pub(crate) fn city_ref<'c>(
    ctx: &mut FileCtx<'_>,
    city: &Spanned<String>,
    cities: &'c [CityLoad],
) -> Option<&'c CityLoad> {
    let wanted = city.get_ref();
    let found = cities.iter().find(|c| c.id == *wanted);
    if found.is_none() {
        let ids: Vec<&str> = cities.iter().map(|c| c.id.as_str()).collect();
        let list = ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ");
        let help = match closest(wanted, ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? cities are the file names in cities/: {list}"),
            None if ids.is_empty() => "there are no city files in the cities/ folder beside trips/".to_string(),
            None => format!("cities are the file names in cities/: {list}"),
        };
        ctx.error(city.span(), format!("there is no city `{wanted}`"), help);
    }
    found
}

/// Checks a trip against the cities; fills delegation names and sorts the
/// agenda by day.
pub(crate) fn trip(ctx: &mut FileCtx<'_>, trip: &mut Trip, cities: &[CityLoad]) {
    let wanted = trip.city.get_ref().clone();
    let load = city_ref(ctx, &trip.city, cities);

    let (start, end) = (*trip.start.get_ref(), *trip.end.get_ref());
    if end < start {
        ctx.error(
            trip.end.span(),
            format!("the trip ends ({end}) before it starts ({start})"),
            "check the dates: `end` is the last day, on or after `start`",
        );
    }

    let mut days: HashMap<Date, usize> = HashMap::new();
    for day in &trip.agenda {
        let d = *day.date.get_ref();
        if end >= start && (d < start || d > end) {
            ctx.error(
                day.date.span(),
                format!("this day ({d}) is outside the trip ({start} to {end})"),
                "fix the date, or the trip's `start`/`end`",
            );
        }
        match days.get(&d) {
            Some(at) => {
                let loc = ctx.location(*at);
                ctx.error(
                    day.date.span(),
                    format!("day {d} appears twice in the agenda"),
                    format!("the first is at {loc}; put all items of a day under one [[agenda]]"),
                );
            }
            None => {
                days.insert(d, day.date.span().start);
            }
        }
        for item in &day.items {
            if let Some(t) = &item.time
                && !is_valid_time(t.get_ref())
            {
                ctx.error(
                    t.span(),
                    format!("`{}` is not a time of day", t.get_ref()),
                    "write a 24-hour time \"09:30\" or a range \"09:30-11:00\"; leave `time` out if there is none",
                );
            }
        }
    }
    trip.agenda.sort_by_key(|d| *d.date.get_ref());

    let Some(load) = load else { return };
    for member in &mut trip.delegation {
        let span = member.span();
        let m = member.get_mut();
        let Some(id) = m.id.clone() else { continue };
        let person = load.city.as_ref().and_then(|c| c.person(&id));
        match person {
            Some(p) => {
                m.name_th = p.name_th.clone();
                m.title_th = p.title_th.clone();
                m.organisation = Some(p.organisation.clone());
            }
            None if load.person_ids.contains(&id) => {}
            None => ctx.error(
                span,
                format!("there is no person with id `{id}` in {wanted}.toml"),
                person_help(&id, &load.person_ids),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_times() {
        assert!(is_valid_id("wiparat"));
        assert!(is_valid_id("meeting-2019_a"));
        assert!(!is_valid_id("Wiparat"));
        assert!(!is_valid_id("วิภารัตน์"));
        assert!(!is_valid_id(""));
        assert_eq!(slug("Seoul Festival 2019"), "seoul-festival-2019");
        assert!(is_valid_time("09:30"));
        assert!(is_valid_time("9.30"));
        assert!(is_valid_time("09:30-11:00"));
        assert!(is_valid_time("09:30 – 11:00"));
        assert!(!is_valid_time("11:00-09:30"));
        assert!(!is_valid_time("25:00"));
        assert!(!is_valid_time("เช้า"));
    }
}
