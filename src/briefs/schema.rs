//! JSON Schemas of the data files (`briefpack schema`), for editors: a
//! file whose first line is `#:schema ../../schema/city.schema.json` gets
//! completion, hover docs and checks as it is typed in an editor with
//! Taplo (VS Code's Even Better TOML, and Taplo's language server in
//! others).
//!
//! Why these types exist beside the readers: the files are read by hand
//! ([`super::read`], one `FromToml` per table), not by serde, and the data
//! types they fill are what the templates see: they have derived fields no
//! file has (`id`, `file`, `kind_th`, `series`, ...), and they flatten
//! shapes a file may take several ways (a delegate is a person id or a
//! table; an interaction has `date`, `start` and `end`, or `year`). A
//! schema derived from them would describe the templates' JSON. The types
//! here describe the files, table by table, and are never built: schemars
//! derives the schema from them, their doc comments become the
//! descriptions an editor shows on hover. The words of `kind`, `side` and
//! `status` are the readers' own lists (`WORDS`), so they cannot drift;
//! the keys are kept in step with the readers by `tests/schema.rs`, which
//! compares each table's keys here with those its reader offers in its
//! "did you mean" help.

// The input types only describe; nothing constructs them.
#![allow(dead_code)]

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::transform::{RestrictFormats, Transform, transform_subschemas};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::Value;

use super::city::RelationshipKind;
use super::interaction::InteractionKind;
use super::person::Side;
use super::trip::TripStatus;

/// A kind of data file, with a schema of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `cities/<id>.toml`.
    City,
    /// `cities/<id>/*.toml`: more interactions of a city.
    Interactions,
    /// `trips/<id>.toml`.
    Trip,
}

/// Where a project keeps the schema files (beside `briefs/`), so that a
/// city file names its schema `../../schema/city.schema.json`.
pub const SCHEMA_DIR: &str = "schema";

impl SchemaKind {
    pub const ALL: [SchemaKind; 3] = [SchemaKind::City, SchemaKind::Interactions, SchemaKind::Trip];

    /// The kind as `briefpack schema` takes it: `city`, `interactions`, `trip`.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::City => "city",
            SchemaKind::Interactions => "interactions",
            SchemaKind::Trip => "trip",
        }
    }

    /// The kind named `name`, if any.
    pub fn from_name(name: &str) -> Option<SchemaKind> {
        SchemaKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The schema's file name: `city.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The schema as JSON (draft-07, which Taplo's validator supports).
    pub fn schema(self) -> Value {
        let mut settings = SchemaSettings::draft07();
        // Every table written out where it is: what an editor shows is where it is used.
        settings.inline_subschemas = true;
        let generator = settings.into_generator();
        let mut schema = match self {
            SchemaKind::City => generator.into_root_schema_for::<CityFile>(),
            SchemaKind::Interactions => generator.into_root_schema_for::<InteractionsFile>(),
            SchemaKind::Trip => generator.into_root_schema_for::<TripFile>(),
        };
        no_null(&mut schema);
        // `int32`, `uint64`, `double`: schemars' words for Rust's types, not JSON Schema's.
        RestrictFormats::default().transform(&mut schema);
        schema.to_value()
    }

    /// The schema as `briefpack schema` prints it and the repository ships
    /// it: pretty, keys in order, a newline at the end.
    pub fn schema_text(self) -> String {
        let mut text = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// TOML has no null: an optional key is one left out. schemars lets an
/// `Option` be null; that is taken out again, everywhere. A description
/// from a doc comment of several lines becomes one line.
fn no_null(schema: &mut Schema) {
    fn is_null(v: &Value) -> bool {
        v.get("type").is_some_and(|t| t == "null")
    }
    if let Some(obj) = schema.as_object_mut() {
        if let Some(Value::String(text)) = obj.get_mut("description") {
            *text = text.replace('\n', " ");
        }
        if let Some(Value::Array(types)) = obj.get_mut("type") {
            types.retain(|t| t != "null");
            if let [only] = types.as_slice() {
                let only = only.clone();
                obj.insert("type".into(), only);
            }
        }
        if let Some(Value::Array(words)) = obj.get_mut("enum") {
            words.retain(|w| !w.is_null());
        }
        let nullable = match obj.get("anyOf") {
            Some(Value::Array(alts)) if alts.len() == 2 && alts.iter().any(is_null) => {
                alts.iter().find(|a| !is_null(a)).cloned()
            }
            _ => None,
        };
        if let Some(Value::Object(inner)) = nullable {
            obj.remove("anyOf");
            for (k, v) in inner {
                obj.entry(k).or_insert(v);
            }
        }
    }
    transform_subschemas(&mut no_null, schema);
}

/// A schema that is written where it is used, not as a definition.
macro_rules! inline_schema {
    ($name:ident, $generator:ident => $schema:expr) => {
        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema($generator: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// One of the words a reader takes (its `WORDS`).
fn words<T>(words: &[(&str, T)]) -> Schema {
    let words: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
    json_schema!({ "type": "string", "enum": words })
}

struct RelationshipKindWord;
inline_schema!(RelationshipKindWord, _g => words(RelationshipKind::WORDS));
struct InteractionKindWord;
inline_schema!(InteractionKindWord, _g => words(InteractionKind::WORDS));
struct SideWord;
inline_schema!(SideWord, _g => words(Side::WORDS));
struct TripStatusWord;
inline_schema!(TripStatusWord, _g => words(TripStatus::WORDS));

/// A TOML date such as `2023-02-07` (Gregorian, no quotes, no time of day).
/// Taplo hands a schema a TOML date as the JSON string of the date, the
/// same string a quoted `"2023-02-07"` would be, so the schema can say
/// "a string in the format `date`" but cannot tell the two apart (`check`
/// does). The pattern refuses years from 2400 on, which are Buddhist Era
/// years (พ.ศ.) as `check` reads them.
struct TomlDate;
inline_schema!(TomlDate, _g => json_schema!({
    "type": "string",
    "format": "date",
    "pattern": "^([01][0-9]{3}|2[0-3][0-9]{2})-[0-9]{2}-[0-9]{2}$"
}));

/// An id: lowercase ASCII letters, digits, `-` and `_`, starting with a
/// letter or a digit (as `check` wants them).
struct Id;
inline_schema!(Id, _g => json_schema!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$" }));

/// A 24-hour time of day `09:30` (or `9.30`), or a range `09:30-11:00`.
struct TimeOfDay;
const TIME: &str = "([01]?[0-9]|2[0-3])[:.][0-5][0-9]";
inline_schema!(TimeOfDay, _g => json_schema!({
    "type": "string",
    "pattern": format!("^\\s*{TIME}\\s*([-–]\\s*{TIME}\\s*)?$")
}));

/// A Gregorian year such as 2019 (พ.ศ. 2562), within `check`'s range: of
/// a figure, and of an interaction known only by its year.
struct FigureYear;
inline_schema!(FigureYear, _g => json_schema!({ "type": "integer", "minimum": 1800, "maximum": 2200 }));
struct InteractionYear;
inline_schema!(InteractionYear, _g => json_schema!({ "type": "integer", "minimum": 1900, "maximum": 2200 }));

/// A partner city of Bangkok (`cities/<id>.toml`; the id is the file
/// name): the city, its relationship with Bangkok, people, figures and
/// interactions. Field by field: briefs/README.md of briefpack.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "briefpack city file")]
struct CityFile {
    /// The `[city]` table: names, country, summary, emblem, `[city.profile]` and `[[city.facts]]`.
    city: CityTable,
    /// The `[relationship]` table: the relationship with Bangkok.
    relationship: RelationshipTable,
    /// `[[people]]`: people of both sides; interactions and trips refer to them by `id`.
    people: Option<Vec<PersonTable>>,
    /// `[[figures]]`: numbers over time; figures with the same `key` form a series.
    figures: Option<Vec<FigureTable>>,
    /// `[[interactions]]`: what happened between Bangkok and the city.
    interactions: Option<Vec<InteractionTable>>,
}

/// More interactions of a partner city (`cities/<id>/*.toml`, beside
/// `cities/<id>.toml`): only `[[interactions]]`.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "briefpack interactions file")]
struct InteractionsFile {
    /// `[[interactions]]`: what happened between Bangkok and the city.
    interactions: Option<Vec<InteractionTable>>,
}

/// A planned visit of a Bangkok delegation to a partner city
/// (`trips/<id>.toml`; the id is the file name): the subject of a briefing
/// pack. Field by field: briefs/README.md of briefpack.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, title = "briefpack trip file")]
struct TripFile {
    /// The city visited: its id, the name of its file under `cities/`, e.g. "astana".
    city: String,
    /// The first day.
    start: TomlDate,
    /// The last day, on or after `start`.
    end: TomlDate,
    /// The title of the visit, in Thai.
    title_th: String,
    /// The purpose of the visit, a paragraph in Thai.
    purpose_th: String,
    /// What the visit is to achieve, in Thai.
    objectives: Option<Vec<String>>,
    /// The members: a person id of the city's `[[people]]` ("sunthari"), or a table `{ name_th, title_th, organisation }`.
    delegation: Option<Vec<Delegate>>,
    /// `[[agenda]]`: the programme, one table a day.
    agenda: Option<Vec<AgendaDay>>,
    /// Points to make, in Thai.
    talking_points: Option<Vec<String>>,
    /// Matters to handle with care, in Thai.
    sensitive_issues: Option<Vec<String>>,
    /// The security marking in Thai, e.g. "ใช้ภายใน" or "ลับ"; left out when unmarked.
    classification: Option<String>,
    /// How far the brief is: "draft" or "final".
    status: TripStatusWord,
    /// The office that prepared the brief.
    prepared_by: String,
    /// The day the brief was prepared.
    prepared_on: TomlDate,
}

/// The `[city]` table.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct CityTable {
    /// The Thai name: "กรุงโซล".
    name_th: String,
    /// The English name: "Seoul".
    name_en: String,
    /// The name in the city's own language and script: "서울특별시", "Астана".
    name_native: Option<String>,
    /// The city's emblem or logo (PNG or JPEG), relative to this file; printed on the cover.
    emblem: Option<String>,
    /// The country in Thai: "สาธารณรัฐเกาหลี".
    country_th: String,
    /// The country in English: "Republic of Korea".
    country_en: String,
    /// A paragraph introducing the city, in Thai.
    summary_th: Option<String>,
    /// `[city.profile]`: key facts with fixed names, all optional.
    profile: Option<ProfileTable>,
    /// `[[city.facts]]`: free rows for anything the profile has no field for.
    facts: Option<Vec<FactTable>>,
}

/// The `[city.profile]` table.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct ProfileTable {
    /// Inhabitants.
    population: Option<u64>,
    /// The Gregorian year of the population figure.
    population_year: Option<i32>,
    /// The area in km².
    area_km2: Option<f64>,
    /// The time zone: "UTC+9 (เร็วกว่าเวลาประเทศไทย 2 ชั่วโมง)".
    time_zone: Option<String>,
    /// The currency in Thai: "วอน (KRW)".
    currency: Option<String>,
    /// The title of the city's head in Thai: "นายกเทศมนตรีกรุงอัสตานา".
    leader_title: Option<String>,
    /// The name of the city's head (leave it out if not verified).
    leader_name: Option<String>,
    /// The language(s) in Thai.
    language: Option<String>,
    /// The city's official site.
    website: Option<String>,
    /// Where these facts come from (URLs or citations).
    sources: Option<Vec<String>>,
}

/// A `[[city.facts]]` row.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct FactTable {
    /// The heading in Thai: "วันเมืองหลวง (วันหยุดราชการ)".
    label: String,
    /// The text in Thai: "6 กรกฎาคม".
    value: String,
    /// A URL or citation.
    source: Option<String>,
}

/// The `[relationship]` table.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct RelationshipTable {
    /// The kind of relationship: "sister_city" (เมืองพี่เมืองน้อง), "friendship" (เมืองมิตรภาพ) or "cooperation" (ความร่วมมือ).
    kind: RelationshipKindWord,
    /// The day the founding agreement was signed.
    established: Option<TomlDate>,
    /// The Gregorian year, when the day is not known; must agree with `established` if both are given.
    established_year: Option<i32>,
    /// The agreement signed, in Thai.
    instrument: Option<String>,
    /// Fields of cooperation, in Thai.
    fields: Option<Vec<String>>,
    /// A URL or citation.
    source: Option<String>,
}

/// A `[[people]]` entry.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PersonTable {
    /// A short id, unique within the city, that interactions and trips refer to: "wiparat".
    id: Id,
    /// The name in Thai with the prefix or academic title: "รศ.ทวิดา กมลเวชช".
    name_th: String,
    /// The name as the person writes it: "Mr. Nurlan NURKENOV"; left out for Thai people.
    name_original: Option<String>,
    /// The position in Thai: "รองปลัดกรุงเทพมหานคร".
    title_th: String,
    /// The position in English, as the source writes it.
    title_en: Option<String>,
    /// The organisation (in Thai, or as the source writes it).
    organisation: String,
    /// "bangkok" (Bangkok Metropolitan Administration and its guests) or "partner" (the partner city, its country's government and embassy).
    side: SideWord,
    /// A photo (PNG or JPEG), relative to this file.
    photo: Option<String>,
    /// Anything worth knowing, e.g. "ตำแหน่ง ณ กุมภาพันธ์ 2566": titles change, so say when.
    note: Option<String>,
}

/// A `[[figures]]` entry: a value in a given year.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct FigureTable {
    /// The id grouping a series over the years: "trade".
    key: Id,
    /// What is measured, in Thai: "มูลค่าการค้า".
    label_th: String,
    /// The Gregorian year the value refers to (one value per key and year).
    year: FigureYear,
    /// The value (integers are taken too).
    value: f64,
    /// The unit in Thai: "ล้านเหรียญสหรัฐ", "คน"; the same for every year of a key.
    unit_th: String,
    /// Where the number comes from (URL or citation).
    source: String,
    /// A qualification in Thai: "ก่อนสถานการณ์โควิด-19".
    note_th: Option<String>,
}

/// An `[[interactions]]` entry. The time is given one way: `date` (one
/// day), `start` and `end` (several days), or `year` alone when only the
/// year is known.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[schemars(extend(
    "anyOf" = [{ "required": ["date"] }, { "required": ["start"] }, { "required": ["year"] }],
    "dependencies" = {
        "date": { "not": { "anyOf": [{ "required": ["start"] }, { "required": ["end"] }] } },
        "start": ["end"],
        "end": ["start"]
    }
))]
struct InteractionTable {
    /// An id, unique within the city (across the city file and its folder): "meeting-2019-08-30".
    id: Id,
    /// The day, for a one-day interaction (not with `start` and `end`).
    date: Option<TomlDate>,
    /// The first day, for several days (with `end`).
    start: Option<TomlDate>,
    /// The last day, on or after `start`.
    end: Option<TomlDate>,
    /// The Gregorian year, when only the year is known; with a date it must match it.
    year: Option<InteractionYear>,
    /// What kind of interaction it was: "outgoing_visit" (Bangkok went there), "incoming_visit" (they came to Bangkok), "festival", "exhibition", "meeting", "agreement", "exchange_programme", "online_event" or "conference".
    kind: InteractionKindWord,
    /// The title in Thai.
    title_th: String,
    /// Where, in Thai: "หอสมุดเมืองกรุงเทพมหานคร เขตพระนคร".
    place_th: Option<String>,
    /// Ids of people from this city's `[[people]]`.
    participants: Option<Vec<Id>>,
    /// What happened, in Thai.
    summary_th: String,
    /// Results, in Thai.
    outcomes: Option<Vec<String>>,
    /// What was agreed to do next, in Thai.
    follow_ups: Option<Vec<String>>,
    /// A link to the source.
    source_url: Option<String>,
    /// A citation in words (publisher, author, date), when there is no URL.
    source: Option<String>,
    /// Photos: `{ path, caption_th }`, `path` relative to this file.
    photos: Option<Vec<PhotoTable>>,
}

/// A photo of an interaction.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct PhotoTable {
    /// The image file (PNG or JPEG), relative to this file.
    path: String,
    /// The caption in Thai.
    caption_th: String,
}

/// A member of the delegation: a person id, or a table.
#[derive(JsonSchema)]
#[schemars(untagged)]
enum Delegate {
    /// A person id of the city's `[[people]]`: "sunthari".
    Person(Id),
    /// Someone not among the city's people.
    Table(DelegateTable),
}

/// A delegate written out.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct DelegateTable {
    /// The name in Thai ("(รอยืนยัน)" while it is not confirmed).
    name_th: String,
    /// The position in Thai.
    title_th: String,
    /// The organisation.
    organisation: Option<String>,
}

/// An `[[agenda]]` day.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct AgendaDay {
    /// The day, within the trip; one `[[agenda]]` a day.
    date: TomlDate,
    /// The heading of the day in Thai: "เดินทางถึงกรุงอัสตานา".
    title_th: Option<String>,
    /// `[[agenda.items]]`: the day's programme, line by line.
    items: Option<Vec<AgendaItem>>,
}

/// An `[[agenda.items]]` line.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct AgendaItem {
    /// The 24-hour local time "09:30" or a range "09:30-11:00" ("9.30" is taken too).
    time: Option<TimeOfDay>,
    /// What happens, in Thai.
    activity: String,
    /// Where.
    place: Option<String>,
    /// Who takes part, in Thai (free text).
    who: Option<String>,
    /// A note.
    note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::super::validate::{is_valid_id, is_valid_time};
    use super::*;

    /// Whether `value` passes `schema` (boon, formats asserted).
    fn passes(schema: Schema, value: &str) -> bool {
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource("file:///s.json", schema.to_value()).unwrap();
        let index = compiler.compile("file:///s.json", &mut schemas).unwrap();
        schemas.validate(&Value::from(value), index).is_ok()
    }

    /// The patterns take what `check` takes (but for a range that ends
    /// before it starts, which a pattern cannot see).
    #[test]
    fn the_patterns_agree_with_check() {
        let mut g = SchemaGenerator::default();
        for t in ["09:30", "9.30", "09:30-11:00", "09:30 – 11:00", " 23:59 ", "24:00", "9:5", "เช้า", "", "09:30-"]
        {
            assert_eq!(passes(TimeOfDay::json_schema(&mut g), t), is_valid_time(t), "{t:?}");
        }
        for id in ["wiparat", "meeting-2019-08-30", "2019_a", "Wiparat", "-a", "", "a b", "วิภารัตน์"]
        {
            assert_eq!(passes(Id::json_schema(&mut g), id), is_valid_id(id), "{id:?}");
        }
        for (date, ok) in [("2023-02-07", true), ("2399-12-31", true), ("2566-02-07", false), ("2023-02-30", false)] {
            assert_eq!(passes(TomlDate::json_schema(&mut g), date), ok, "{date}");
        }
    }

    #[test]
    fn no_schema_lets_a_value_be_null() {
        for kind in SchemaKind::ALL {
            let text = kind.schema_text();
            assert!(!text.contains("null"), "{}: {text}", kind.name());
            assert!(text.ends_with("}\n"));
            assert_eq!(SchemaKind::from_name(kind.name()), Some(kind));
        }
    }
}
