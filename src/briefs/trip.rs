//! [`Trip`]: a planned visit by a Bangkok delegation to a partner city, with
//! its [`Delegate`]s and day-by-day [`AgendaDay`]s of [`AgendaItem`]s.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::date::Date;

/// How far the brief is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TripStatus {
    Draft,
    Final,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InlineDelegate {
    name_th: String,
    title_th: String,
    #[serde(default)]
    organisation: Option<String>,
}

impl<'de> Deserialize<'de> for Delegate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Delegate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a person id or a table { name_th, title_th }")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Delegate, E> {
                Ok(Delegate {
                    id: Some(s.to_string()),
                    name_th: String::new(),
                    title_th: String::new(),
                    organisation: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Delegate, A::Error> {
                let d = InlineDelegate::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Delegate { id: None, name_th: d.name_th, title_th: d.title_th, organisation: d.organisation })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One line of a day's programme.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// `"09:30"` or `"09:30-11:00"` (24-hour clock, local time).
    #[serde(default)]
    pub time: Option<Spanned<String>>,
    /// What happens, in Thai.
    pub activity: String,
    #[serde(default)]
    pub place: Option<String>,
    /// Who takes part, in Thai (free text).
    #[serde(default)]
    pub who: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One `[[agenda]]` day.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaDay {
    pub date: Spanned<Date>,
    /// Heading of the day in Thai, e.g. "เดินทางถึงกรุงอัสตานา".
    #[serde(default)]
    pub title_th: Option<String>,
    #[serde(default)]
    pub items: Vec<AgendaItem>,
}

/// A `briefs/trips/<id>.toml` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trip {
    /// Derived by the loader: the file stem, e.g. `"astana-2026-12"`.
    #[serde(default, skip_deserializing)]
    pub id: String,
    /// Id of the partner city (file stem under `briefs/cities/`).
    pub city: Spanned<String>,
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
    pub title_th: String,
    pub purpose_th: String,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub delegation: Vec<Spanned<Delegate>>,
    #[serde(default)]
    pub agenda: Vec<AgendaDay>,
    #[serde(default)]
    pub talking_points: Vec<String>,
    #[serde(default)]
    pub sensitive_issues: Vec<String>,
    /// Security marking in Thai, e.g. "ใช้ภายใน" or "ลับ"; none when unmarked.
    #[serde(default)]
    pub classification: Option<String>,
    pub status: TripStatus,
    pub prepared_by: String,
    pub prepared_on: Spanned<Date>,
}
