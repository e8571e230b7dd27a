//! Starting points for new files (`briefpack new city|trip`): valid TOML
//! that loads as it is, with every field present or shown in a comment.

use chrono::{Days, Local};

/// A new `cities/<id>.toml`.
pub fn scaffold_city(id: &str) -> String {
    format!(
        r#"# เมืองคู่ความสัมพันธ์: {id}
# Fill in every "(...)"; lines starting with # are examples to copy.
# Dates are TOML dates, Gregorian year, no quotes: 2023-02-07 (พ.ศ. 2566).
# Interactions may also go in files of their own: cities/{id}/*.toml.
# Field by field: briefs/README.md. Check with: briefpack check briefs

[city]
name_th = "(ชื่อเมืองภาษาไทย)"
name_en = "(City name in English)"
# name_native = "(name in the city's own language)"
country_th = "(ชื่อประเทศภาษาไทย)"
country_en = "(Country in English)"
# summary_th = "(ย่อหน้าแนะนำเมือง)"

[city.profile]
# population = 1000000
# population_year = 2024
# area_km2 = 100.0
# time_zone = "UTC+9"
# currency = "(สกุลเงิน)"
# leader_title = "(ตำแหน่งผู้บริหารเมือง)"
# leader_name = "(ชื่อ)"
# language = "(ภาษา)"
# website = "https://..."
sources = []

# [[city.facts]]
# label = "(หัวข้อ)"
# value = "(ข้อมูล)"
# source = "https://..."

[relationship]
kind = "sister_city"   # or "friendship", "cooperation"
# established = 2004-06-11
# established_year = 2004   # when only the year is known
# instrument = "(ชื่อความตกลงที่ลงนาม)"
fields = []
# source = "https://..."

# [[people]]
# id = "somchai"
# name_th = "(คำนำหน้าและชื่อ-สกุลภาษาไทย)"
# name_original = "(name as the person writes it)"
# title_th = "(ตำแหน่ง)"
# title_en = "(title in English)"
# organisation = "(หน่วยงาน)"
# side = "partner"   # or "bangkok"
# note = "ตำแหน่ง ณ (เดือน ปี)"

# [[figures]]
# key = "trade"
# label_th = "มูลค่าการค้า"
# year = 2019
# value = 260
# unit_th = "ล้านเหรียญสหรัฐ"
# source = "(แหล่งที่มา)"

# [[interactions]]
# id = "meeting-2019"
# date = 2019-08-30            # or start = ... and end = ..., or year = 2019
# kind = "meeting"             # outgoing_visit, incoming_visit, festival, exhibition,
#                              # meeting, agreement, exchange_programme, online_event, conference
# title_th = "(ชื่อกิจกรรม)"
# place_th = "(สถานที่)"
# participants = ["somchai"]
# summary_th = "(สรุป)"
# outcomes = []
# follow_ups = []
# source_url = "https://..."
# photos = [{{ path = "photos/1.jpg", caption_th = "(คำบรรยายภาพ)" }}]
"#
    )
}

/// A new `trips/<id>.toml` for city `city`, starting a month from today.
pub fn scaffold_trip(id: &str, city: &str) -> String {
    let today = Local::now().date_naive();
    let start = today.checked_add_days(Days::new(30)).unwrap_or(today);
    let end = start.checked_add_days(Days::new(4)).unwrap_or(start);
    format!(
        r#"# การเดินทาง: {id}
# Fill in every "(...)". Dates are TOML dates, Gregorian year, no quotes.
# Field by field: briefs/README.md. Check with: briefpack check briefs

city = "{city}"
start = {start}
end = {end}
title_th = "(ชื่อการเดินทาง)"
purpose_th = "(วัตถุประสงค์โดยรวม)"
objectives = []
# Person ids from cities/{city}.toml, or {{ name_th = "...", title_th = "..." }}
delegation = []
talking_points = []
sensitive_issues = []
# classification = "ใช้ภายใน"
status = "draft"   # or "final"
prepared_by = "(หน่วยงานผู้จัดทำ)"
prepared_on = {today}

[[agenda]]
date = {start}
title_th = "(หัวข้อของวัน)"

[[agenda.items]]
time = "09:00"
activity = "(กิจกรรม)"
# place = "(สถานที่)"
# who = "(ผู้เข้าร่วม)"
"#
    )
}
