//! `briefpack new city|trip NAME`: a valid file with every section present,
//! to be filled in. `briefpack check` accepts it as written.

/// A new city file, `briefs/cities/<id>.toml`.
pub fn city(id: &str) -> String {
    format!(
        r#"# {id}: a partner city of Bangkok. Fill in the values, then run `briefpack check`.
# Dates are TOML dates in the Gregorian calendar (2004-06-11); they print in the Buddhist Era.

[city]
name_th = "ชื่อเมืองภาษาไทย"
name_en = "{id}"
# name_native = "ชื่อในภาษาท้องถิ่น"
country_th = "ชื่อประเทศภาษาไทย"
country_en = "Country"
# summary_th = "สรุปข้อมูลเมือง"

[city.profile]
# time_zone = "UTC+9"
# currency = "..."
# leader_title = "..."
# leader_name = "..."
sources = []

[relationship]
kind = "sister_city"   # sister_city | friendship | cooperation
# established = 2004-06-11
# instrument = "ชื่อความตกลงที่ลงนาม"
fields = []

[[people]]
id = "contact"
name_th = "ชื่อผู้ติดต่อ"
title_th = "ตำแหน่ง"
organisation = "หน่วยงาน"
side = "partner"       # partner | bangkok

# [[figures]]
# key = "trade"
# label_th = "มูลค่าการค้า"
# year = 2024
# value = 0
# unit_th = "ล้านเหรียญสหรัฐ"
# source = "แหล่งที่มา"

# [[interactions]]
# id = "first-visit"
# date = 2026-01-15              # or start = ... and end = ...
# kind = "meeting"
# title_th = "ชื่อกิจกรรม"
# place_th = "สถานที่"
# participants = ["contact"]
# summary_th = "สรุป"
"#
    )
}

/// A new trip file, `briefs/trips/<name>.toml`.
pub fn trip(name: &str, city: &str, today: chrono::NaiveDate) -> String {
    let start = today + chrono::Days::new(30);
    let end = start + chrono::Days::new(3);
    format!(
        r#"# {name}: a delegation trip. Fill in the values, then run `briefpack check`.

city = "{city}"
start = {start}
end = {end}
title_th = "การเดินทางเยือน"
purpose_th = "วัตถุประสงค์ของการเดินทาง"
objectives = []
delegation = []
talking_points = []
sensitive_issues = []
# classification = "ใช้ภายใน"
status = "draft"         # draft | final
prepared_by = "สำนักงานการต่างประเทศ กรุงเทพมหานคร"
prepared_on = {today}

[[agenda]]
date = {start}

[[agenda.items]]
time = "09:00"
activity = "กิจกรรม"
"#
    )
}
