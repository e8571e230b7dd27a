//! [`City`]: a partner city with its names, facts, relationship with Bangkok,
//! people, figures and interactions. In TOML, a city file has the sections
//! `[city]` ([`CityInfo`], with `[city.profile]` ([`Profile`]) and
//! `[[city.facts]]` ([`Fact`])), `[relationship]` ([`Relationship`]),
//! `[[people]]`, `[[figures]]` and `[[interactions]]`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::date::Date;
use super::figure::{Figure, FigureSeries};
use super::interaction::Interaction;
use super::person::Person;

/// Key facts with fixed names; all optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub population: Option<u64>,
    /// Year the population figure refers to.
    pub population_year: Option<i32>,
    pub area_km2: Option<f64>,
    /// e.g. "UTC+9 (เวลามาตรฐานเกาหลี)".
    pub time_zone: Option<String>,
    /// In Thai, e.g. "วอน (KRW)".
    pub currency: Option<String>,
    /// Title of the city's head in Thai, e.g. "นายกเทศมนตรีกรุงอัสตานา".
    pub leader_title: Option<String>,
    pub leader_name: Option<String>,
    /// Language(s) in Thai.
    pub language: Option<String>,
    pub website: Option<String>,
    /// Where these facts come from (URLs or citations).
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A free `[[city.facts]]` row.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// In Thai.
    pub label: String,
    /// In Thai.
    pub value: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// The `[city]` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityInfo {
    /// "กรุงโซล"
    pub name_th: String,
    /// "Seoul"
    pub name_en: String,
    /// In the city's own language and script: "서울특별시".
    #[serde(default)]
    pub name_native: Option<String>,
    /// The city's emblem or logo (PNG or JPEG), relative to the city file; on the pack's cover.
    #[serde(default)]
    pub emblem: Option<Spanned<String>>,
    /// "สาธารณรัฐเกาหลี"
    pub country_th: String,
    /// "Republic of Korea"
    pub country_en: String,
    /// A paragraph introducing the city, in Thai.
    #[serde(default)]
    pub summary_th: Option<String>,
    #[serde(default)]
    pub profile: Profile,
    #[serde(default)]
    pub facts: Vec<Fact>,
}

/// The kind of relationship with Bangkok.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    SisterCity,
    Friendship,
    Cooperation,
}

impl RelationshipKind {
    /// The kind in Thai.
    pub fn label_th(self) -> &'static str {
        match self {
            RelationshipKind::SisterCity => "เมืองพี่เมืองน้อง",
            RelationshipKind::Friendship => "เมืองมิตรภาพ",
            RelationshipKind::Cooperation => "ความร่วมมือ",
        }
    }
}

/// The `[relationship]` table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    pub kind: RelationshipKind,
    /// Derived by the loader: `kind` in Thai.
    #[serde(default, skip_deserializing)]
    pub kind_th: String,
    /// Day the founding agreement was signed.
    #[serde(default)]
    pub established: Option<Spanned<Date>>,
    /// Year only, when the day is not known; filled in from `established`.
    #[serde(default)]
    pub established_year: Option<Spanned<i32>>,
    /// The agreement signed, in Thai.
    #[serde(default)]
    pub instrument: Option<String>,
    /// Fields of cooperation, in Thai.
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// A partner city, from `briefs/cities/<id>.toml` plus any
/// `briefs/cities/<id>/*.toml` interaction files.
#[derive(Debug, Clone, Serialize)]
pub struct City {
    /// The file stem: `"seoul"`.
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    pub name_native: Option<String>,
    /// Derived: the emblem file's full path, when the city has one.
    pub emblem: Option<PathBuf>,
    /// The emblem's path as the city file writes it, with its span there
    /// (for messages).
    #[serde(skip)]
    pub emblem_as_written: Option<Spanned<String>>,
    pub country_th: String,
    pub country_en: String,
    pub summary_th: Option<String>,
    pub profile: Profile,
    pub facts: Vec<Fact>,
    pub relationship: Relationship,
    pub people: Vec<Person>,
    pub figures: Vec<Figure>,
    /// Derived: `figures` grouped by key (in order of first appearance),
    /// each ordered by year.
    pub series: Vec<FigureSeries>,
    /// From the city file and the files beside it, ordered by first day.
    pub interactions: Vec<Interaction>,
    /// The city file.
    pub file: PathBuf,
}

impl City {
    /// The person with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id() == id)
    }

    /// The interaction with this id.
    pub fn interaction(&self, id: &str) -> Option<&Interaction> {
        self.interactions.iter().find(|i| i.id() == id)
    }
}
