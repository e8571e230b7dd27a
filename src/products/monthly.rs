//! The monthly report: every interaction of one month across all partner
//! cities, grouped by city, with counts per kind, the change since the month
//! before, the trips and events of the next month and an overview table.
//!
//! Same path as a pack: data -> context (here) -> `templates/monthly.hbs` ->
//! markup -> [`typeset::render_markup`] with the names of people and places
//! as phrases never to split.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use serde_json::{Value, json};

use crate::briefs::{self, Briefs, City, Interaction, InteractionKind, Trip};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::output::Inputs;
use crate::t;
use crate::template::Templates;
use crate::typeset::pdf::PdfOptions;
use crate::typeset::style::Theme;
use crate::typeset::{self, Rendered};

/// A calendar month, Gregorian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Month { first })
    }

    /// The month containing `day`.
    pub fn of(day: NaiveDate) -> Month {
        Month { first: day.with_day(1).unwrap_or(day) }
    }

    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first.pred_opt().unwrap_or(self.first)
    }

    pub fn next(self) -> Month {
        Month { first: self.first.checked_add_months(Months::new(1)).unwrap_or(self.first) }
    }

    pub fn previous(self) -> Month {
        Month { first: self.first.checked_sub_months(Months::new(1)).unwrap_or(self.first) }
    }

    /// Whether the days `start..=end` touch this month.
    pub fn overlaps(self, start: NaiveDate, end: NaiveDate) -> bool {
        start <= self.last_day() && end >= self.first
    }

    /// `--month` as typed: `2026-11`. Says what to write instead for a
    /// Buddhist Era year, a full date or a month that does not exist.
    pub fn parse(text: &str) -> Result<Month> {
        let t = text.trim();
        let bad = |help: String| Error::with_help(t!("month-not-a-month", text), help);
        let (y, m) = t.split_once('-').ok_or_else(|| bad(t!("month-write-yyyy-mm")))?;
        let m = m.split('-').next().unwrap_or(m); // tolerate a full date: take its month
        let year: i32 = y.parse().map_err(|_| bad(t!("month-write-yyyy-mm")))?;
        let month: u32 = m.parse().map_err(|_| bad(t!("month-write-yyyy-mm")))?;
        if year >= 2400 {
            return Err(Error::with_help(
                t!("month-buddhist-era", text, year),
                t!("month-buddhist-era-help", gregorian = format!("{}-{month:02}", year - 543)),
            ));
        }
        Month::new(year, month).ok_or_else(|| bad(t!("month-no-such-month", month)))
    }

    /// The month a report is usually wanted for: the one before `today`.
    pub fn before(today: NaiveDate) -> Month {
        Month::of(today).previous()
    }

    fn json(self) -> Value {
        json!({
            "id": self.to_string(),
            "first_day": self.first.format("%Y-%m-%d").to_string(),
            "last_day": self.last_day().format("%Y-%m-%d").to_string(),
            "year": self.first.year(),
        })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.first.year(), self.first.month())
    }
}

/// Today for the default month: from `SOURCE_DATE_EPOCH` when set (so that a
/// reproducible build does not depend on the day it runs), else the clock.
pub fn today() -> Result<NaiveDate> {
    Ok(match crate::source_date::source_date_epoch()? {
        Some(secs) => chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive()).unwrap_or_default(),
        None => chrono::Local::now().date_naive(),
    })
}

/// The days an interaction covers, when its day is known.
fn days(i: &Interaction) -> Option<(NaiveDate, NaiveDate)> {
    let start = i.first_day()?.naive();
    let end = i.end.as_ref().map(|e| e.get_ref().naive()).unwrap_or(start);
    Some((start, end.max(start)))
}

fn in_month(i: &Interaction, m: Month) -> bool {
    days(i).is_some_and(|(s, e)| m.overlaps(s, e))
}

/// Every kind in the order the data model lists them.
const KINDS: &[InteractionKind] = &[
    InteractionKind::OutgoingVisit,
    InteractionKind::IncomingVisit,
    InteractionKind::Festival,
    InteractionKind::Exhibition,
    InteractionKind::Meeting,
    InteractionKind::Agreement,
    InteractionKind::ExchangeProgramme,
    InteractionKind::OnlineEvent,
    InteractionKind::Conference,
];

fn kind_id(k: InteractionKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// "+2", "-1", "0" and "เพิ่มขึ้น 2", "ลดลง 1", "เท่าเดิม".
fn change(now: usize, before: usize) -> Value {
    let d = now as i64 - before as i64;
    let (sign, th) = match d {
        0 => ("0".to_string(), "เท่าเดิม".to_string()),
        d if d > 0 => (format!("+{d}"), format!("เพิ่มขึ้น {d}")),
        d => (format!("-{}", -d), format!("ลดลง {}", -d)),
    };
    json!({ "value": d, "sign": sign, "th": th, "up": d > 0, "down": d < 0 })
}

/// Counts per kind for this month and the one before, only kinds seen in either.
fn kind_rows(now: &[&Interaction], before: &[&Interaction]) -> Vec<Value> {
    KINDS
        .iter()
        .filter_map(|&k| {
            let n = now.iter().filter(|i| i.kind == k).count();
            let b = before.iter().filter(|i| i.kind == k).count();
            (n + b > 0).then(|| {
                json!({ "kind": kind_id(k), "kind_th": k.label_th(), "count": n, "previous": b, "change": change(n, b) })
            })
        })
        .collect()
}

fn to_json<T: serde::Serialize>(v: &T, what: &str) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::other(format!("cannot hand {what} to templates: {e}")))
}

/// A city as the report sees it: as in a pack, but without its list of
/// interactions (those of the months it covers are beside it). Handing all
/// of them over was most of the report's time with a hundred a city.
fn city_json(city: &City) -> Result<Value> {
    let mut v = to_json(&City { interactions: Vec::new(), ..city.clone() }, "a city")?;
    if let Value::Object(map) = &mut v {
        map.remove("interactions");
    }
    Ok(v)
}

/// Oldest first, ties by id: the order the report lists a month in.
fn sorted(mut list: Vec<&Interaction>) -> Vec<&Interaction> {
    list.sort_by(|a, b| days(a).cmp(&days(b)).then_with(|| a.id().cmp(b.id())));
    list
}

fn interaction_json(i: &Interaction, city: &City) -> Result<Value> {
    let mut v = to_json(i, "an interaction")?;
    v["city_id"] = json!(city.id);
    v["city_name_th"] = json!(city.name_th);
    Ok(v)
}

/// A city's interactions known only by their year, when it is the month's:
/// named in a note, not counted.
fn known_by_year(city: &City, month: Month) -> Result<Vec<Value>> {
    city.interactions
        .iter()
        .filter(|i| i.first_day().is_none())
        .filter(|i| i.year.as_ref().is_some_and(|y| *y.get_ref() == month.first_day().year()))
        .map(|i| interaction_json(i, city))
        .collect()
}

/// The report prints every city (its overview) and the trips of the next
/// month, drafts too: none of them may keep a placeholder from `briefpack new`.
fn refuse_placeholders(briefs: &Briefs, month: Month) -> Result<()> {
    let next = month.next();
    let printed = briefs.trips.iter().filter(|t| next.overlaps(t.start.get_ref().naive(), t.end.get_ref().naive()));
    let mut left: Vec<Diagnostic> =
        briefs.cities.iter().flat_map(|c| &c.warnings).chain(printed.flat_map(|t| &t.warnings)).cloned().collect();
    if left.is_empty() {
        return Ok(());
    }
    briefs::refuse_placeholders(&mut left, &t!("monthly-placeholder"));
    Err(Error::Input(left))
}

/// The data `monthly.hbs` sees; see templates/README.md.
pub fn context(briefs: &Briefs, month: Month) -> Result<Value> {
    let prev = month.previous();
    let next = month.next();
    let mut cities = Vec::new();
    let mut all_now: Vec<&Interaction> = Vec::new();
    let mut all_before: Vec<&Interaction> = Vec::new();
    let mut upcoming_events = Vec::new();
    let mut upcoming_trips = Vec::new();
    let mut year_only = Vec::new();

    let mut trips: Vec<&Trip> = briefs.trips.iter().collect();
    trips.sort_by_key(|t| (*t.start.get_ref(), t.id.clone()));

    for city in &briefs.cities {
        let now = sorted(city.interactions.iter().filter(|i| in_month(i, month)).collect());
        let before = sorted(city.interactions.iter().filter(|i| in_month(i, prev)).collect());
        let coming = sorted(city.interactions.iter().filter(|i| in_month(i, next)).collect());
        let city_trips: Vec<&Trip> = trips
            .iter()
            .copied()
            .filter(|t| t.city.get_ref() == &city.id)
            .filter(|t| next.overlaps(t.start.get_ref().naive(), t.end.get_ref().naive()))
            .collect();
        year_only.extend(known_by_year(city, month)?);
        let mut trips_json = Vec::new();
        for t in &city_trips {
            let mut v = to_json(*t, "a trip")?;
            v["city_name_th"] = json!(city.name_th);
            v["city_country_th"] = json!(city.country_th);
            trips_json.push(v.clone());
            upcoming_trips.push(v);
        }
        let coming_json = coming.iter().map(|i| interaction_json(i, city)).collect::<Result<Vec<_>>>()?;
        upcoming_events.extend(coming_json.iter().cloned());
        cities.push(json!({
            "city": city_json(city)?,
            "interactions": now.iter().map(|i| interaction_json(i, city)).collect::<Result<Vec<_>>>()?,
            "previous_interactions": before.iter().map(|i| interaction_json(i, city)).collect::<Result<Vec<_>>>()?,
            "count": now.len(),
            "previous_count": before.len(),
            "change": change(now.len(), before.len()),
            "kinds": kind_rows(&now, &before),
            "upcoming": coming_json,
            "trips": trips_json,
            "upcoming_count": coming.len() + city_trips.len(),
            "active": !now.is_empty(),
            "changed": now.len() != before.len() || !before.is_empty(),
        }));
        all_now.extend(&now);
        all_before.extend(&before);
    }
    let active: Vec<Value> = cities.iter().filter(|c| c["active"] == json!(true)).cloned().collect();
    let changed: Vec<Value> = cities.iter().filter(|c| c["changed"] == json!(true)).cloned().collect();
    let kinds = kind_rows(&all_now, &all_before);
    Ok(json!({
        "month": month.json(),
        "previous": prev.json(),
        "next": next.json(),
        "cities": cities,
        "active_cities": active,
        "changed_cities": changed,
        "kinds": kinds,
        "upcoming_trips": upcoming_trips,
        "upcoming_events": upcoming_events,
        "year_only": year_only,
        "totals": {
            "cities": briefs.cities.len(),
            "interactions": all_now.len(),
            "previous": all_before.len(),
            "change": change(all_now.len(), all_before.len()),
            "active_cities": active.len(),
            "upcoming_trips": upcoming_trips.len(),
            "upcoming_events": upcoming_events.len(),
        },
        "empty": all_now.is_empty(),
    }))
}

/// Names of people and places in every city and trip, never split across
/// lines (longest first, as [`super::Phrases`] gives them).
pub fn phrases(briefs: &Briefs) -> Vec<String> {
    let mut out = super::Phrases::default();
    for city in &briefs.cities {
        for trip in briefs.trips.iter().filter(|t| t.city.get_ref() == &city.id) {
            out.add_trip(trip, city);
        }
        out.add_city(city);
    }
    out.finish()
}

/// A built report.
pub struct Report {
    pub rendered: Rendered,
    pub markup: String,
    /// `monthly-2026-11.pdf`
    pub default_name: String,
    pub month: Month,
    /// The context the template saw (for the mail templates).
    pub context: Value,
    pub title: String,
}

/// The classification of a monthly report when the project names none.
pub const DEFAULT_CLASSIFICATION: &str = "ใช้ภายใน";

/// Builds the report for `month` from the briefs folder `dir`, stamped with
/// `classification` (default [`DEFAULT_CLASSIFICATION`]). A PDF/A-3u report
/// carries every city, interactions and trip file read.
pub fn build(
    dir: &Path,
    month: Month,
    templates: &Templates,
    theme: &Theme,
    classification: Option<&str>,
    pdf: &PdfOptions,
) -> Result<Report> {
    // The texts are checked against the theme's fonts first: a character no
    // font has is reported where the data has it, not in the generated markup.
    let book = crate::typeset::text::fonts::FontBook::from_theme(theme)?;
    let briefs = briefs::load_dir_with(dir, Some(&crate::typeset::text::Glyphs::new(&book)))?;
    drop(book);
    refuse_placeholders(&briefs, month)?;
    crate::timings::mark("data read and checked");
    let mut ctx = context(&briefs, month)?;
    ctx["classification"] = Value::from(classification.unwrap_or(DEFAULT_CLASSIFICATION));
    crate::timings::mark("template context");
    let traced = templates.render_traced("monthly", &ctx)?;
    crate::timings::mark("template rendered");
    // Without a folder: a photo path in the markup is taken from the working
    // directory, as the data writes it. Its problems are reported at the
    // template lines that wrote them.
    let name = PathBuf::from(format!("monthly-{month}.xml"));
    let markup = traced.markup.clone();
    let mut data = Inputs::new();
    briefs.record_inputs(dir, &mut data);
    let pdf = super::with_data(pdf, &data, dir)?;
    let phrases = phrases(&briefs);
    // The data is in the markup now: its memory goes back before typesetting.
    drop(briefs);
    let mut rendered =
        typeset::render_markup(&name, &markup, theme, &phrases, &pdf).map_err(|e| traced.relocate(&name, e))?;
    rendered.warnings = rendered.warnings.iter().map(|w| traced.relocate_warning(&name, w)).collect();
    rendered.inputs.extend(&data);
    let title = crate::typeset::markup::parse(&name, &markup).map(|d| d.meta.title.clone()).unwrap_or_default();
    Ok(Report { rendered, markup, default_name: format!("monthly-{month}.pdf"), month, context: ctx, title })
}

/// Counts per city, for messages: `{city id: interactions}`.
pub fn counts(ctx: &Value) -> BTreeMap<String, u64> {
    ctx["cities"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| (c["city"]["id"].as_str().unwrap_or("").to_string(), c["count"].as_u64().unwrap_or(0)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn briefs() -> Briefs {
        briefs::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")).expect("example data loads")
    }

    #[test]
    fn parses_months() {
        assert_eq!(Month::parse("2026-11").unwrap().to_string(), "2026-11");
        assert_eq!(Month::parse("2026-1").unwrap().to_string(), "2026-01");
        let e = Month::parse("2569-11").unwrap_err().to_string();
        assert!(e.contains("write 2026-11"), "{e}");
        assert!(Month::parse("2026-13").unwrap_err().to_string().contains("no month 13"));
        assert!(Month::parse("พฤศจิกายน").is_err());
        assert_eq!(Month::before(NaiveDate::from_ymd_opt(2027, 1, 3).unwrap()).to_string(), "2026-12");
        assert_eq!(Month::parse("2024-02").unwrap().last_day(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
    }

    #[test]
    fn february_2023_has_the_two_astana_exhibitions() {
        let ctx = context(&briefs(), Month::parse("2023-02").unwrap()).unwrap();
        assert_eq!(ctx["totals"]["interactions"], 2);
        assert_eq!(counts(&ctx).get("astana"), Some(&2));
        assert_eq!(counts(&ctx).get("seoul"), Some(&0));
        assert_eq!(ctx["kinds"][0]["kind"], "exhibition");
        assert_eq!(ctx["kinds"][0]["count"], 2);
        assert_eq!(ctx["totals"]["change"]["sign"], "+2");
        assert_eq!(ctx["empty"], false);
    }

    #[test]
    fn spanning_interactions_count_in_both_months_and_changes_are_computed() {
        let b = briefs();
        let aug = context(&b, Month::parse("2019-08").unwrap()).unwrap();
        assert_eq!(counts(&aug).get("seoul"), Some(&2)); // festival 29 Aug-2 Sep and the meeting on 30 Aug
        let sep = context(&b, Month::parse("2019-09").unwrap()).unwrap();
        assert_eq!(counts(&sep).get("seoul"), Some(&1));
        assert_eq!(sep["totals"]["change"]["th"], "ลดลง 1");
        assert_eq!(sep["year_only"].as_array().unwrap().len(), 3, "year-only 2019 entries are noted");
    }

    #[test]
    fn the_month_before_a_trip_lists_it_as_upcoming() {
        let ctx = context(&briefs(), Month::parse("2026-11").unwrap()).unwrap();
        assert_eq!(ctx["empty"], true);
        assert_eq!(ctx["upcoming_trips"][0]["id"], "astana-2026-12");
        let ctx = context(&briefs(), Month::parse("2026-12").unwrap()).unwrap();
        assert_eq!(ctx["upcoming_trips"].as_array().unwrap().len(), 0);
    }
}
