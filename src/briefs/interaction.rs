//! [`Interaction`]: something that happened between Bangkok and a partner
//! city (a visit, a festival, a meeting, an agreement, ...), with [`Photo`]s.

use std::path::PathBuf;

use serde::Serialize;
use toml::Spanned;

use super::ctx::FileCtx;
use super::date::Date;
use super::person::Person;
use super::read::{FromToml, Reader, Value, word};

/// What kind of interaction it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// Each kind as written in TOML (and serialized).
    pub(crate) const WORDS: &[(&str, InteractionKind)] = &[
        ("outgoing_visit", InteractionKind::OutgoingVisit),
        ("incoming_visit", InteractionKind::IncomingVisit),
        ("festival", InteractionKind::Festival),
        ("exhibition", InteractionKind::Exhibition),
        ("meeting", InteractionKind::Meeting),
        ("agreement", InteractionKind::Agreement),
        ("exchange_programme", InteractionKind::ExchangeProgramme),
        ("online_event", InteractionKind::OnlineEvent),
        ("conference", InteractionKind::Conference),
    ];

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

impl FromToml for InteractionKind {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        word(ctx, value, Self::WORDS)
    }
}

/// A photo of an interaction.
#[derive(Debug, Clone, Serialize)]
pub struct Photo {
    /// Image file, relative to the TOML file that names it.
    pub path: Spanned<String>,
    /// Caption in Thai.
    pub caption_th: String,
    /// Derived by the loader: `path` resolved against the file's folder.
    pub full_path: PathBuf,
}

/// One `[[interactions]]` entry.
///
/// The time is given one of three ways: `date` (one day), `start` + `end`
/// (several days), or `year` alone when only the year is known. After loading,
/// `start`/`end` are also set for a one-day `date`, and `year` is always set.
#[derive(Debug, Clone, Serialize)]
pub struct Interaction {
    /// ASCII id, unique within the city.
    pub id: Spanned<String>,
    pub date: Option<Spanned<Date>>,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    /// Gregorian year; written only when the day is not known.
    pub year: Option<Spanned<i32>>,
    pub kind: InteractionKind,
    /// Derived by the loader: `kind` in Thai.
    pub kind_th: String,
    pub title_th: String,
    /// Where, in Thai: "หอสมุดเมืองกรุงเทพมหานคร เขตพระนคร"; may be left out
    /// when the source does not say (then it is the empty string).
    pub place_th: String,
    /// Ids of people (from the city's `[[people]]`).
    pub participants: Vec<Spanned<String>>,
    /// Derived by the loader: the participants' entries, in the same order.
    pub participant_people: Vec<Person>,
    pub summary_th: String,
    pub outcomes: Vec<String>,
    pub follow_ups: Vec<String>,
    pub source_url: Option<String>,
    /// Citation when there is no URL (publisher, author, date).
    pub source: Option<String>,
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

impl FromToml for Photo {
    fn read(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<Self> {
        let mut r = Reader::new(ctx, value, "this table")?;
        let path = r.required("path");
        let caption_th = r.required("caption_th");
        r.finish();
        Some(Photo { path: path?, caption_th: caption_th?, full_path: PathBuf::new() })
    }
}

/// The keys that say when an interaction was.
const WHEN: [&str; 4] = ["date", "start", "end", "year"];

impl Interaction {
    /// Reads one `[[interactions]]` entry; the flag says whether its date
    /// keys could all be read (if one could not, the date rules are not
    /// checked: that would report the same mistake again).
    pub(crate) fn read_entry(ctx: &mut FileCtx<'_>, value: &Value<'_>) -> Option<(Interaction, bool)> {
        let file = ctx.path.to_path_buf();
        let mut r = Reader::new(ctx, value, "this [[interactions]] entry")?;
        let id = r.required("id");
        let date = r.optional("date");
        let start = r.optional("start");
        let end = r.optional("end");
        let year = r.optional("year");
        let kind = r.required("kind");
        let title_th = r.required("title_th");
        let place_th = r.or_default("place_th");
        let participants = r.or_default("participants");
        let summary_th = r.required("summary_th");
        let outcomes = r.or_default("outcomes");
        let follow_ups = r.or_default("follow_ups");
        let source_url = r.optional("source_url");
        let source = r.optional("source");
        let photos = r.or_default("photos");
        let complete_dates = !r.failed(&WHEN);
        r.finish();
        let interaction = Interaction {
            id: id?,
            date,
            start,
            end,
            year,
            kind: kind?,
            kind_th: String::new(),
            title_th: title_th?,
            place_th,
            participants,
            participant_people: Vec::new(),
            summary_th: summary_th?,
            outcomes,
            follow_ups,
            source_url,
            source,
            photos,
            file,
        };
        Some((interaction, complete_dates))
    }
}
