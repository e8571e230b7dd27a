//! Starting points for new files (`briefpack new city|trip`): valid TOML
//! that loads as it is, with every field present or shown in a comment.
//! Values from the command line are written by the toml crate (quoted and
//! escaped), never pasted into the text.

use std::path::{Path, PathBuf};

use chrono::{Days, Local};

use crate::diag::closest;
use crate::error::{Error, Result};

/// `briefs/cities/<name>.toml` and its text, once `name` is a usable id.
pub fn new_city(dir: &Path, name: &str) -> Result<(PathBuf, String)> {
    check_id("NAME", name)?;
    Ok((dir.join("cities").join(format!("{name}.toml")), scaffold_city(name)))
}

/// `briefs/trips/<name>.toml` and its text, once `name` is a usable id and
/// `city` the id of a city that exists.
pub fn new_trip(dir: &Path, name: &str, city: &str) -> Result<(PathBuf, String)> {
    check_id("NAME", name)?;
    check_id("--city", city)?;
    let cities_dir = dir.join("cities");
    let file = cities_dir.join(format!("{city}.toml"));
    if !file.is_file() {
        let mut known: Vec<String> = std::fs::read_dir(&cities_dir)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
                    .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        known.sort();
        let list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
        let make = format!("make the city first: briefpack new city {city}");
        let help = match closest(city, known.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`? cities: {list}; or {make}"),
            None if known.is_empty() => format!("there are no cities in {} yet: {make}", cities_dir.display()),
            None => format!("cities: {list}; or {make}"),
        };
        return Err(Error::with_help(format!("there is no city `{city}`: {} does not exist", file.display()), help));
    }
    Ok((dir.join("trips").join(format!("{name}.toml")), scaffold_trip(name, city)))
}

/// An id from the command line: a file name, so ASCII letters, digits, `-`, `_`.
fn check_id(what: &str, id: &str) -> Result<()> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        let example = if what == "NAME" { "tokyo or seoul-2027-05" } else { "--city seoul" };
        return Err(Error::with_help(
            format!("{what} `{}` is not a usable id", id.escape_debug()),
            format!("use ASCII letters, digits and -, e.g. {example}"),
        ));
    }
    Ok(())
}

/// `s` as a TOML string: quoted and escaped by the toml crate.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `s` fit for a comment: a newline in it cannot end the comment.
fn comment(s: &str) -> String {
    s.escape_debug().to_string()
}

/// A new `cities/<id>.toml`.
pub fn scaffold_city(id: &str) -> String {
    let id = comment(id);
    format!(
        r#"# เมืองคู่ความสัมพันธ์: {id}
# Replace every <<...>>: `briefpack check` lists those left, and `build` refuses
# them unless the trip is a draft. Lines starting with # are examples to copy.
# Dates are TOML dates, Gregorian year, no quotes: 2023-02-07 (พ.ศ. 2566).
# Interactions may also go in files of their own: cities/{id}/*.toml.
# Field by field: briefs/README.md. Check with: briefpack check briefs

[city]
name_th = "<<ชื่อเมืองภาษาไทย>>"
name_en = "<<City name in English>>"
# name_native = "<<name in the city's own language>>"
country_th = "<<ชื่อประเทศภาษาไทย>>"
country_en = "<<Country in English>>"
# summary_th = "<<ย่อหน้าแนะนำเมือง>>"

[city.profile]
# population = 1000000
# population_year = 2024
# area_km2 = 100.0
# time_zone = "UTC+9"
# currency = "<<สกุลเงิน>>"
# leader_title = "<<ตำแหน่งผู้บริหารเมือง>>"
# leader_name = "<<ชื่อ>>"
# language = "<<ภาษา>>"
# website = "https://..."
sources = []

# [[city.facts]]
# label = "<<หัวข้อ>>"
# value = "<<ข้อมูล>>"
# source = "https://..."

[relationship]
kind = "sister_city"   # or "friendship", "cooperation"
# established = 2004-06-11
# established_year = 2004   # when only the year is known
# instrument = "<<ชื่อความตกลงที่ลงนาม>>"
fields = []
# source = "https://..."

# [[people]]
# id = "somchai"
# name_th = "<<คำนำหน้าและชื่อ-สกุลภาษาไทย>>"
# name_original = "<<name as the person writes it>>"
# title_th = "<<ตำแหน่ง>>"
# title_en = "<<title in English>>"
# organisation = "<<หน่วยงาน>>"
# side = "partner"   # or "bangkok"
# note = "ตำแหน่ง ณ <<เดือน ปี>>"

# [[figures]]
# key = "trade"
# label_th = "มูลค่าการค้า"
# year = 2019
# value = 260
# unit_th = "ล้านเหรียญสหรัฐ"
# source = "<<แหล่งที่มา>>"

# [[interactions]]
# id = "meeting-2019"
# date = 2019-08-30            # or start = ... and end = ..., or year = 2019
# kind = "meeting"             # outgoing_visit, incoming_visit, festival, exhibition,
#                              # meeting, agreement, exchange_programme, online_event, conference
# title_th = "<<ชื่อกิจกรรม>>"
# place_th = "<<สถานที่>>"
# participants = ["somchai"]
# summary_th = "<<สรุป>>"
# outcomes = []
# follow_ups = []
# source_url = "https://..."
# photos = [{{ path = "photos/1.jpg", caption_th = "<<คำบรรยายภาพ>>" }}]
"#
    )
}

/// A new `trips/<id>.toml` for city `city`, starting a month from today.
pub fn scaffold_trip(id: &str, city: &str) -> String {
    let id = comment(id);
    let city = toml_string(city);
    let today = Local::now().date_naive();
    let start = today.checked_add_days(Days::new(30)).unwrap_or(today);
    let end = start.checked_add_days(Days::new(4)).unwrap_or(start);
    format!(
        r#"# การเดินทาง: {id}
# Replace every <<...>>: `briefpack check` lists those left; `build` refuses them
# once status = "final". Dates are TOML dates, Gregorian year, no quotes.
# Field by field: briefs/README.md. Check with: briefpack check briefs

city = {city}
start = {start}
end = {end}
title_th = "<<ชื่อการเดินทาง>>"
purpose_th = "<<วัตถุประสงค์โดยรวม>>"
objectives = []
# Person ids from the city's file, or {{ name_th = "...", title_th = "..." }}
delegation = []
talking_points = []
sensitive_issues = []
# classification = "ใช้ภายใน"
status = "draft"   # or "final"
prepared_by = "<<หน่วยงานผู้จัดทำ>>"
prepared_on = {today}

[[agenda]]
date = {start}
title_th = "<<หัวข้อของวัน>>"

[[agenda.items]]
time = "09:00"
activity = "<<กิจกรรม>>"
# place = "<<สถานที่>>"
# who = "<<ผู้เข้าร่วม>>"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_id_cannot_add_keys_to_the_trip() {
        let text = scaffold_trip("t", "a\"\nb = \"c");
        let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(doc["city"].as_str(), Some("a\"\nb = \"c"));
        assert!(!doc.contains_key("b"), "{text}");
    }

    #[test]
    fn ids_are_checked() {
        let e = check_id("--city", "a\"\nb").unwrap_err().to_string();
        assert_eq!(
            e,
            "error: --city `a\\\"\\nb` is not a usable id\n  = help: use ASCII letters, digits and -, e.g. --city seoul\n"
        );
        assert!(check_id("NAME", "seoul-2027_05").is_ok());
        assert!(check_id("NAME", "").is_err());
        assert!(check_id("NAME", "../x").is_err());
    }
}
