//! [`City`]: a partner city with its names, facts, relationship with Bangkok,
//! people, figures and interactions. In TOML, a city file has the sections
//! `[city]` ([`CityInfo`], with `[city.profile]` ([`Profile`]) and
//! `[[city.facts]]` ([`Fact`])), `[relationship]` ([`Relationship`]),
//! `[[people]]`, `[[figures]]` and `[[interactions]]`.

use std::path::PathBuf;

use serde::Serialize;
use toml::Spanned;

use super::ctx::FileCtx;
use super::date::Date;
use super::figure::{Figure, FigureSeries};
use super::interaction::Interaction;
use super::person::Person;
use super::read::{FromToml, Reader, Value, word};

/// Key facts with fixed names; all optional.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Profile {
    pub population: Option<u64>,
    /// Year the population figure refers to.
    pub population_year: Option<Spanned<i32>>,
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
    pub sources: Vec<String>,
}

/// A free `[[city.facts]]` row.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// In Thai.
    pub label: String,
    /// In Thai.
    pub value: String,
    pub source: Option<String>,
}

/// The `[city]` table.
#[derive(Debug, Clone, Serialize)]
pub struct CityInfo {
    /// "กรุงโซล"
    pub name_th: String,
    /// "Seoul"
    pub name_en: String,
    /// In the city's own language and script: "서울특별시".
    pub name_native: Option<String>,
    /// The city's emblem or logo (PNG or JPEG), relative to the city file; on the pack's cover.
    pub emblem: Option<Spanned<String>>,
    /// "สาธารณรัฐเกาหลี"
    pub country_th: String,
    /// "Republic of Korea"
    pub country_en: String,
    /// A paragraph introducing the city, in Thai.
    pub summary_th: Option<String>,
    pub profile: Profile,
    pub facts: Vec<Fact>,
}

/// The kind of relationship with Bangkok.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    SisterCity,
    Friendship,
    Cooperation,
}

impl RelationshipKind {
    /// Each kind as written in TOML (and serialized).
    pub(crate) const WORDS: &[(&str, RelationshipKind)] = &[
        ("sister_city", RelationshipKind::SisterCity),
        ("friendship", RelationshipKind::Friendship),
        ("cooperation", RelationshipKind::Cooperation),
    ];

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
#[derive(Debug, Clone, Serialize)]
pub struct Relationship {
    pub kind: RelationshipKind,
    /// Derived by the loader: `kind` in Thai.
    pub kind_th: String,
    /// Day the founding agreement was signed.
    pub established: Option<Spanned<Date>>,
    /// Year only, when the day is not known; filled in from `established`.
    pub established_year: Option<Spanned<i32>>,
    /// The agreement signed, in Thai.
    pub instrument: Option<String>,
    /// Fields of cooperation, in Thai.
    pub fields: Vec<String>,
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
    /// What loading it found that does not stop a run: placeholders left
    /// from `briefpack new`, in its file or its interaction files.
    #[serde(skip)]
    pub warnings: Vec<crate::diag::Diagnostic>,
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

/// A city as far as it could be loaded.
pub(crate) struct CityLoad {
    pub id: String,
    pub city: Option<City>,
    /// Every person id written in the file, including entries that failed.
    pub person_ids: Vec<String>,
}

impl FromToml for Profile {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "the [city.profile] table")?;
        let profile = Profile {
            population: r.optional("population"),
            population_year: r.optional("population_year"),
            area_km2: r.optional("area_km2"),
            time_zone: r.optional("time_zone"),
            currency: r.optional("currency"),
            leader_title: r.optional("leader_title"),
            leader_name: r.optional("leader_name"),
            language: r.optional("language"),
            website: r.optional("website"),
            sources: r.or_default("sources"),
        };
        r.finish();
        if let Some(year) = &profile.population_year {
            super::date::check_year(ctx, year.span(), *year.get_ref(), 1800);
        }
        Some(profile)
    }
}

impl FromToml for Fact {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this [[city.facts]] entry")?;
        let label = r.required("label");
        let value = r.required("value");
        let source = r.optional("source");
        r.finish();
        Some(Fact { label: label?, value: value?, source })
    }
}

impl FromToml for CityInfo {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "the [city] table")?;
        let name_th = r.required("name_th");
        let name_en = r.required("name_en");
        let name_native = r.optional("name_native");
        let emblem = r.optional("emblem");
        let country_th = r.required("country_th");
        let country_en = r.required("country_en");
        let summary_th = r.optional("summary_th");
        let profile = r.or_default("profile");
        let facts = r.or_default("facts");
        r.finish();
        Some(CityInfo {
            name_th: name_th?,
            name_en: name_en?,
            name_native,
            emblem,
            country_th: country_th?,
            country_en: country_en?,
            summary_th,
            profile,
            facts,
        })
    }
}

impl FromToml for RelationshipKind {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        word(ctx, value, Self::WORDS)
    }
}

impl FromToml for Relationship {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "the [relationship] table")?;
        let kind = r.required("kind");
        let established = r.optional("established");
        let established_year = r.optional("established_year");
        let instrument = r.optional("instrument");
        let fields = r.or_default("fields");
        let source = r.optional("source");
        r.finish();
        Some(Relationship {
            kind: kind?,
            kind_th: String::new(),
            established,
            established_year,
            instrument,
            fields,
            source,
        })
    }
}
