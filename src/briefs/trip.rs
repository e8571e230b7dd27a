//! [`Trip`]: a planned visit by a Bangkok delegation to a partner city, with
//! its [`Delegate`]s and day-by-day [`AgendaDay`]s of [`AgendaItem`]s.

use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

use super::ctx::FileCtx;
use super::date::Date;
use super::read::{FromToml, Reader, Value, word, wrong_type};

/// How far the brief is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TripStatus {
    Draft,
    Final,
}

impl TripStatus {
    /// Each status as written in TOML (and serialized).
    pub(crate) const WORDS: &[(&str, TripStatus)] = &[("draft", TripStatus::Draft), ("final", TripStatus::Final)];
}

impl FromToml for TripStatus {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        word(ctx, value, Self::WORDS)
    }
}

/// A member of the delegation. In TOML either a person id from the city's
/// `[[people]]` (`"wiparat"`) or an inline table
/// `{ name_th = "...", title_th = "...", organisation = "..." }`.
/// After loading, an id entry has its name, title and organisation filled in.
#[derive(Debug, Clone, Serialize)]
pub struct Delegate {
    /// The person id, when the entry named one.
    pub id: Option<String>,
    pub name_th: String,
    pub title_th: String,
    pub organisation: Option<String>,
}

impl FromToml for Delegate {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        match value.get_ref() {
            DeValue::String(id) => Some(Delegate {
                id: Some(id.to_string()),
                name_th: String::new(),
                title_th: String::new(),
                organisation: None,
            }),
            DeValue::Table(_) => {
                let mut r = Reader::new(ctx, value, "this table")?;
                let name_th = r.required("name_th");
                let title_th = r.required("title_th");
                let organisation = r.optional("organisation");
                r.finish();
                Some(Delegate { id: None, name_th: name_th?, title_th: title_th?, organisation })
            }
            _ => wrong_type(
                ctx,
                value,
                "a person id or a table { name_th, title_th }",
                "write a person id in quotes, e.g. \"wiparat\", or a table { name_th = \"...\", title_th = \"...\" }",
            ),
        }
    }
}

/// One line of a day's programme.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    /// `"09:30"` or `"09:30-11:00"` (24-hour clock, local time).
    pub time: Option<Spanned<String>>,
    /// What happens, in Thai.
    pub activity: String,
    pub place: Option<String>,
    /// Who takes part, in Thai (free text).
    pub who: Option<String>,
    pub note: Option<String>,
}

/// One `[[agenda]]` day.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaDay {
    pub date: Spanned<Date>,
    /// Heading of the day in Thai, e.g. "เดินทางถึงกรุงอัสตานา".
    pub title_th: Option<String>,
    pub items: Vec<AgendaItem>,
}

/// A `briefs/trips/<id>.toml` file.
#[derive(Debug, Clone, Serialize)]
pub struct Trip {
    /// Derived by the loader: the file stem, e.g. `"astana-2026-12"`.
    pub id: String,
    /// Id of the partner city (file stem under `briefs/cities/`).
    pub city: Spanned<String>,
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
    pub title_th: String,
    pub purpose_th: String,
    pub objectives: Vec<String>,
    pub delegation: Vec<Spanned<Delegate>>,
    pub agenda: Vec<AgendaDay>,
    pub talking_points: Vec<String>,
    pub sensitive_issues: Vec<String>,
    /// Security marking in Thai, e.g. "ใช้ภายใน" or "ลับ"; none when unmarked.
    pub classification: Option<String>,
    pub status: TripStatus,
    pub prepared_by: String,
    pub prepared_on: Spanned<Date>,
    /// What loading it found that does not stop a run: placeholders left
    /// from `briefpack new` in a draft.
    #[serde(skip)]
    pub warnings: Vec<crate::diag::Diagnostic>,
}

impl FromToml for AgendaItem {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this table")?;
        let time = r.optional("time");
        let activity = r.required("activity");
        let place = r.optional("place");
        let who = r.optional("who");
        let note = r.optional("note");
        r.finish();
        Some(AgendaItem { time, activity: activity?, place, who, note })
    }
}

impl FromToml for AgendaDay {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this [[agenda]] day")?;
        let date = r.required("date");
        let title_th = r.optional("title_th");
        let items = r.or_default("items");
        r.finish();
        Some(AgendaDay { date: date?, title_th, items })
    }
}

impl FromToml for Trip {
    /// The whole trip file; a day of the agenda that cannot be read is left
    /// out (and reported), the rest of the trip is still read and checked.
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this trip file")?;
        let city = r.required("city");
        let start = r.required("start");
        let end = r.required("end");
        let title_th = r.required("title_th");
        let purpose_th = r.required("purpose_th");
        let objectives = r.or_default("objectives");
        let delegation = r.or_default("delegation");
        let agenda = r.entries("agenda");
        let talking_points = r.or_default("talking_points");
        let sensitive_issues = r.or_default("sensitive_issues");
        let classification = r.optional("classification");
        let status = r.required("status");
        let prepared_by = r.required("prepared_by");
        let prepared_on = r.required("prepared_on");
        r.finish();
        Some(Trip {
            id: String::new(),
            city: city?,
            start: start?,
            end: end?,
            title_th: title_th?,
            purpose_th: purpose_th?,
            objectives,
            delegation,
            agenda,
            talking_points,
            sensitive_issues,
            classification,
            status: status?,
            prepared_by: prepared_by?,
            prepared_on: prepared_on?,
            warnings: Vec::new(),
        })
    }
}
