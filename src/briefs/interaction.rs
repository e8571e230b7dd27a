//! [`Interaction`]: something that happened between Bangkok and a partner
//! city (a visit, a festival, a meeting, an agreement, ...), with [`Photo`]s.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::date::Date;
use super::person::Person;

/// What kind of interaction it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    /// Bangkok went to the partner city.
    OutgoingVisit,
    /// The partner city came to Bangkok.
    IncomingVisit,
    Festival,
    Exhibition,
    Meeting,
    Agreement,
    ExchangeProgramme,
    OnlineEvent,
    Conference,
}

impl InteractionKind {
    /// The kind in Thai, as a briefing pack heads it.
    pub fn label_th(self) -> &'static str {
        match self {
            InteractionKind::OutgoingVisit => "การเยือนเมืองคู่ความสัมพันธ์",
            InteractionKind::IncomingVisit => "การต้อนรับคณะผู้แทน",
            InteractionKind::Festival => "เทศกาล",
            InteractionKind::Exhibition => "นิทรรศการ",
            InteractionKind::Meeting => "การประชุมหารือ",
            InteractionKind::Agreement => "การลงนามความตกลง",
            InteractionKind::ExchangeProgramme => "โครงการแลกเปลี่ยน",
            InteractionKind::OnlineEvent => "กิจกรรมออนไลน์",
            InteractionKind::Conference => "การประชุมนานาชาติ",
        }
    }
}

/// A photo of an interaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// Image file, relative to the TOML file that names it.
    pub path: Spanned<String>,
    /// Caption in Thai.
    pub caption_th: String,
    /// Derived by the loader: `path` resolved against the file's folder.
    #[serde(default, skip_deserializing)]
    pub full_path: PathBuf,
}

/// One `[[interactions]]` entry.
///
/// The time is given one of three ways: `date` (one day), `start` + `end`
/// (several days), or `year` alone when only the year is known. After loading,
/// `start`/`end` are also set for a one-day `date`, and `year` is always set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// ASCII id, unique within the city.
    pub id: Spanned<String>,
    #[serde(default)]
    pub date: Option<Spanned<Date>>,
    #[serde(default)]
    pub start: Option<Spanned<Date>>,
    #[serde(default)]
    pub end: Option<Spanned<Date>>,
    /// Gregorian year; written only when the day is not known.
    #[serde(default)]
    pub year: Option<Spanned<i32>>,
    pub kind: InteractionKind,
    /// Derived by the loader: `kind` in Thai.
    #[serde(default, skip_deserializing)]
    pub kind_th: String,
    pub title_th: String,
    /// Where, in Thai: "หอสมุดเมืองกรุงเทพมหานคร เขตพระนคร"; may be left out
    /// when the source does not say (then it is the empty string).
    #[serde(default)]
    pub place_th: String,
    /// Ids of people (from the city's `[[people]]`).
    #[serde(default)]
    pub participants: Vec<Spanned<String>>,
    /// Derived by the loader: the participants' entries, in the same order.
    #[serde(default, skip_deserializing)]
    pub participant_people: Vec<Person>,
    pub summary_th: String,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub follow_ups: Vec<String>,
    #[serde(default)]
    pub source_url: Option<String>,
    /// Citation when there is no URL (publisher, author, date).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Derived by the loader: the TOML file the entry is written in (the
    /// city file or one beside it), for messages about its photos.
    #[serde(skip)]
    pub file: PathBuf,
}

impl Interaction {
    /// The interaction's id as a string.
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// First day, if the day is known (`date` or `start`).
    pub fn first_day(&self) -> Option<Date> {
        self.start.as_ref().or(self.date.as_ref()).map(|d| *d.get_ref())
    }
}
