//! Tests of loading and validation: each writes files into a temporary
//! briefs folder and checks the rendered diagnostics, position included.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::*;
use crate::error::Error;

/// A valid city file; appended text starts on line 16.
const CITY: &str = r#"[city]
name_th = "กรุงโซล"
name_en = "Seoul"
country_th = "สาธารณรัฐเกาหลี"
country_en = "Republic of Korea"

[relationship]
kind = "sister_city"

[[people]]
id = "wiparat"
name_th = "นางวิภารัตน์ ไชยานุกิจ"
title_th = "รองปลัดกรุงเทพมหานคร"
organisation = "กรุงเทพมหานคร"
side = "bangkok"
"#;

/// A valid trip to seoul; appended text starts on line 9.
const TRIP: &str = r#"city = "seoul"
start = 2027-03-15
end = 2027-03-19
title_th = "การเยือนกรุงโซล"
purpose_th = "กระชับความสัมพันธ์"
status = "draft"
prepared_by = "สำนักงานการต่างประเทศ"
prepared_on = 2026-11-18
"#;

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // "jpeg" stands for a real (small) JPEG file: photos are checked to be images.
    let real_jpeg;
    let bytes = if text == "jpeg" {
        real_jpeg = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images/exif-rotated.jpg"))
            .unwrap();
        &real_jpeg[..]
    } else {
        text.as_bytes()
    };
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A briefs folder holding `files` (relative path, content).
fn briefs(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

/// The rendered error of loading `dir`; panics if it loads.
fn errors_of(dir: &TempDir) -> String {
    match load_dir(dir.path()) {
        Ok(_) => panic!("expected errors"),
        Err(e @ Error::Input(_)) => e.to_string(),
        Err(e) => panic!("expected input errors, got {e}"),
    }
}

fn diags_of(dir: &TempDir) -> Vec<crate::diag::Diagnostic> {
    match load_dir(dir.path()) {
        Err(Error::Input(d)) => d,
        Err(e) => panic!("expected input errors, got {e}"),
        Ok(_) => panic!("expected errors"),
    }
}

fn city_with(extra: &str) -> String {
    format!("{CITY}{extra}")
}

/// Asserts that `text` has `needle`, showing all of it if not.
#[track_caller]
fn has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
}

fn repo_briefs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs")
}

#[test]
fn example_briefs_load() {
    let b = match load_dir(&repo_briefs()) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let ids: Vec<&str> = b.cities.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["astana", "seoul"]);
    let astana = b.city("astana").unwrap();
    assert_eq!(astana.relationship.established.as_ref().unwrap().get_ref().to_string(), "2004-06-11");
    assert_eq!(*astana.relationship.established_year.as_ref().unwrap().get_ref(), 2004);
    assert_eq!(astana.relationship.fields.len(), 8);
    assert!(astana.person("yerlan").unwrap().name_original.as_deref() == Some("Mr. Yerlan Bekmurzayev"));
    assert_eq!(astana.series.len(), 2);
    let ex = astana.interaction("exhibition-2023-bangkok").unwrap();
    assert_eq!(ex.participant_people.len(), ex.participants.len());
    assert_eq!(ex.kind_th, "นิทรรศการ");

    let seoul = b.city("seoul").unwrap();
    // Interactions from seoul/*.toml are merged in and ordered by year, then day.
    let order: Vec<&str> = seoul.interactions.iter().map(|i| i.id()).collect();
    assert_eq!(order.first(), Some(&"mou-2016"));
    assert!(seoul.interaction("meeting-2019-08-30").is_some());
    let years: Vec<i32> = seoul.interactions.iter().map(|i| *i.year.as_ref().unwrap().get_ref()).collect();
    assert!(years.windows(2).all(|w| w[0] <= w[1]), "{years:?}");
    let meeting = seoul.interaction("meeting-2019-08-30").unwrap();
    assert_eq!(meeting.start.as_ref().unwrap().get_ref().to_string(), "2019-08-30");
    assert_eq!(meeting.end.as_ref().unwrap().get_ref().to_string(), "2019-08-30");

    let trip_ids: Vec<&str> = b.trips.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(trip_ids, ["astana-2026-12", "seoul-2027-03"]);
    let astana_trip = b.trip("astana-2026-12").unwrap();
    assert_eq!(astana_trip.status, TripStatus::Draft);
    assert_eq!(astana_trip.classification.as_deref(), Some("ใช้ภายใน"));
    let seoul_trip = b.trip("seoul-2027-03").unwrap();
    assert_eq!(seoul_trip.status, TripStatus::Final);
    assert_eq!(seoul_trip.classification, None);
    assert_eq!(seoul_trip.delegation[0].get_ref().name_th, "นางวิภารัตน์ ไชยานุกิจ");
    assert_eq!(seoul_trip.delegation[0].get_ref().title_th, "รองปลัดกรุงเทพมหานคร");
}

#[test]
fn example_trips_load_with_their_city() {
    for (trip, city) in [("astana-2026-12", "astana"), ("seoul-2027-03", "seoul")] {
        let path = repo_briefs().join("trips").join(format!("{trip}.toml"));
        let (t, c) = load_trip(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.id, trip);
        assert_eq!(c.id, city);
        assert!(!t.agenda.is_empty());
        assert!(t.agenda.windows(2).all(|w| w[0].date.get_ref() < w[1].date.get_ref()));
    }
}

#[test]
fn json_for_templates() {
    let b = load_dir(&repo_briefs()).unwrap();
    let v = serde_json::to_value(&b).unwrap();
    let seoul = &v["cities"][1];
    assert_eq!(seoul["id"], "seoul");
    assert_eq!(seoul["name_th"], "กรุงโซล");
    assert_eq!(seoul["relationship"]["kind"], "sister_city");
    assert_eq!(seoul["relationship"]["kind_th"], "เมืองพี่เมืองน้อง");
    assert_eq!(seoul["relationship"]["established_year"], 2006);
    let meeting = seoul["interactions"].as_array().unwrap().iter().find(|i| i["id"] == "meeting-2019-08-30").unwrap();
    assert_eq!(meeting["date"], "2019-08-30");
    assert_eq!(meeting["start"], "2019-08-30");
    assert_eq!(meeting["year"], 2019);
    assert_eq!(meeting["kind"], "meeting");
    assert_eq!(meeting["participants"][1], "yim");
    assert_eq!(meeting["participant_people"][1]["name_original"], "Mr.Yim Geuan-Hyeong");
    let trip = &v["trips"][0];
    assert_eq!(trip["city"], "astana");
    assert_eq!(trip["start"], "2026-12-07");
    assert_eq!(trip["agenda"][0]["items"][0]["time"], "08:00");
    assert_eq!(trip["delegation"][1]["id"], "sunthari");
    assert_eq!(trip["delegation"][1]["name_th"], "นางสาวสุนทรี เสริญสุขสัมฤทธิ์");
    assert_eq!(v["cities"][0]["series"][0]["points"][0]["value"], 260.0);
}

#[test]
fn malformed_toml() {
    let dir = briefs(&[("cities/seoul.toml", &city_with("\n[[interactions]]\nid = \"x\nkind = \"meeting\"\n"))]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:18:");
    has(&text, "= help:");
    // Line and source line are shown with a caret.
    has(&text, "18 | id = \"x");
    has(&text, "^");
}

#[test]
fn missing_field_points_at_table() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with("\n[[people]]\nid = \"yim\"\nname_th = \"ยิม\"\norganisation = \"กรุงโซล\"\nside = \"partner\"\n"),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:17:1: this [[people]] entry has no `title_th`, which is required");
    has(&text, "= help: add `title_th = ...` to it");
}

#[test]
fn missing_city_table() {
    let dir = briefs(&[("cities/seoul.toml", "[relationship]\nkind = \"sister_city\"\n")]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:1:1: this city file has no [city] table");
}

#[test]
fn wrong_type() {
    let src = CITY.replace("[relationship]", "[city.profile]\narea_km2 = \"605\"\n\n[relationship]");
    let dir = briefs(&[("cities/seoul.toml", &src)]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:8:12: expected a number, found string \"605\"");
    has(&text, "write the number without quotes");
}

#[test]
fn impossible_date() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(
            "\n[[interactions]]\nid = \"expo\"\ndate = 2023-02-30\nkind = \"exhibition\"\ntitle_th = \"นิทรรศการ\"\nsummary_th = \"สรุป\"\n",
        ),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:19:8: `2023-02-30` is not a valid date: expected day between 01 and 28");
    // The broken entry hides no other problem and causes no noise.
    assert_eq!(diags_of(&dir).len(), 1, "{text}");
}

#[test]
fn date_written_as_thai_text() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(
            "\n[[interactions]]\nid = \"expo\"\ndate = \"7 ก.พ. 66\"\nkind = \"exhibition\"\ntitle_th = \"นิทรรศการ\"\nsummary_th = \"สรุป\"\n",
        ),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:19:8: expected a date, found the text \"7 ก.พ. 66\"");
    has(&text, "= help: write the date without quotes, Gregorian year first: `2023-02-07`");
}

#[test]
fn date_without_quotes_as_thai_text() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(
            "\n[[interactions]]\nid = \"expo\"\ndate = 7 ก.พ. 66\nkind = \"exhibition\"\ntitle_th = \"นิทรรศการ\"\nsummary_th = \"สรุป\"\n",
        ),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:19:8: `7 ก.พ. 66` is not a TOML date");
    has(&text, "2023-02-07");
}

#[test]
fn datetime_where_date_expected() {
    let trip = TRIP.replace("start = 2027-03-15", "start = 2027-03-15T09:00:00");
    let dir = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", &trip)]);
    let text = errors_of(&dir);
    has(&text, "t.toml:2:9: `2027-03-15T09:00:00` has a time of day; only a date is expected here");
    has(&text, "write just the date: `2027-03-15`");
}

#[test]
fn buddhist_era_year() {
    let trip = TRIP.replace("prepared_on = 2026-11-18", "prepared_on = 2569-11-18");
    let dir = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", &trip)]);
    let text = errors_of(&dir);
    has(&text, "t.toml:8:15: year 2569 looks like a Buddhist Era year");
    has(&text, "write `2026-11-18`");
}

#[test]
fn unknown_key_did_you_mean() {
    let src = CITY.replace("name_th = \"นางวิภารัตน์", "nam_th = \"นางวิภารัตน์");
    let dir = briefs(&[("cities/seoul.toml", &src)]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:12:1: unknown key `nam_th` in this [[people]] entry");
    has(&text, "= help: did you mean `name_th`?");
    // The dropped key is not reported a second time as missing.
    assert_eq!(diags_of(&dir).len(), 1, "{text}");
}

#[test]
fn several_problems_in_one_entry() {
    let src = CITY.replace("side = \"bangkok\"", "side = \"bkk\"\nphoto_path = \"a.jpg\"");
    let dir = briefs(&[("cities/seoul.toml", &src)]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:15:8: `bkk` is not one of the allowed values");
    has(&text, "seoul.toml:16:1: unknown key `photo_path` in this [[people]] entry");
    has(&text, "did you mean `photo`?");
}

#[test]
fn unknown_value_did_you_mean() {
    let src = CITY.replace("kind = \"sister_city\"", "kind = \"sister\"");
    let dir = briefs(&[("cities/seoul.toml", &src)]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:8:8: `sister` is not one of the allowed values");
    has(&text, "did you mean `sister_city`?");
}

#[test]
fn unknown_section_did_you_mean() {
    let dir = briefs(&[("cities/seoul.toml", &city_with("\n[[peple]]\nid = \"x\"\n"))]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:17:3: unknown section `peple` in a city file");
    has(&text, "did you mean `people`?");
}

#[test]
fn unknown_person_did_you_mean() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(
            "\n[[interactions]]\nid = \"m\"\ndate = 2019-08-30\nkind = \"meeting\"\ntitle_th = \"หารือ\"\nsummary_th = \"สรุป\"\nparticipants = [\"wiparat\", \"wiprat\"]\n",
        ),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:23:28: there is no person with id `wiprat` in this city");
    has(&text, "did you mean `wiparat`?");
}

#[test]
fn unknown_city_did_you_mean() {
    let trip = TRIP.replace("city = \"seoul\"", "city = \"seol\"");
    let dir = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", &trip)]);
    let text = errors_of(&dir);
    has(&text, "t.toml:1:8: there is no city `seol`");
    has(&text, "did you mean `seoul`?");
}

#[test]
fn unknown_delegate_did_you_mean() {
    let trip = format!("{TRIP}delegation = [\"wiparat\", {{ name_th = \"ก\", title_th = \"ข\" }}, \"wipara\"]\n")
        .replace("prepared_on = 2026-11-18\ndelegation", "delegation");
    let trip = format!("{trip}prepared_on = 2026-11-18\n");
    let dir = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", &trip)]);
    let text = errors_of(&dir);
    has(&text, "t.toml:8:61: there is no person with id `wipara` in seoul.toml");
    has(&text, "did you mean `wiparat`?");
}

#[test]
fn end_before_start() {
    let trip = TRIP.replace("end = 2027-03-19", "end = 2027-03-05");
    let dir = briefs(&[
        (
            "cities/seoul.toml",
            &city_with(
                "\n[[interactions]]\nid = \"fest\"\nstart = 2019-09-02\nend = 2019-08-29\nkind = \"festival\"\ntitle_th = \"เทศกาล\"\nsummary_th = \"สรุป\"\n",
            ),
        ),
        ("trips/t.toml", &trip),
    ]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:20:7: the end (2019-08-29) is before the start (2019-09-02)");
    has(&text, "t.toml:3:7: the trip ends (2027-03-05) before it starts (2027-03-15)");
}

#[test]
fn interaction_dates_rules() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(concat!(
            "\n[[interactions]]\nid = \"a\"\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
            "\n[[interactions]]\nid = \"b\"\nstart = 2019-01-01\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
        )),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:17:1: this interaction has no date");
    has(&text, "seoul.toml:25:9: `start` has no `end`");
}

#[test]
fn missing_photo() {
    let dir = briefs(&[
        (
            "cities/seoul.toml",
            &city_with(concat!(
                "photo = \"img/wiparat.jpg\"\n",
                "\n[[interactions]]\nid = \"m\"\ndate = 2019-08-30\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
                "photos = [{ path = \"img/ok.jpg\", caption_th = \"ภาพ\" }, { path = \"img/nope.jpg\", caption_th = \"ภาพ\" }]\n",
            )),
        ),
        ("cities/img/ok.jpg", "jpeg"),
    ]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:16:9: photo file `img/wiparat.jpg` does not exist");
    has(&text, "seoul.toml:24:65: photo file `img/nope.jpg` does not exist");
    has(&text, "paths are relative to the folder of this file");
    assert_eq!(diags_of(&dir).len(), 2, "{text}");
}

#[test]
fn photos_resolve_relative_to_their_file() {
    let dir = briefs(&[
        ("cities/seoul.toml", CITY),
        (
            "cities/seoul/2019.toml",
            "[[interactions]]\nid = \"m\"\ndate = 2019-08-30\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\nphotos = [{ path = \"p/1.jpg\", caption_th = \"ภาพ\" }]\n",
        ),
        ("cities/seoul/p/1.jpg", "jpeg"),
    ]);
    let b = load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let photo = &b.cities[0].interactions[0].photos[0];
    assert_eq!(photo.full_path, dir.path().join("cities/seoul/p/1.jpg"));
}

#[test]
fn duplicate_ids() {
    let dir = briefs(&[
        (
            "cities/seoul.toml",
            &city_with(concat!(
                "\n[[people]]\nid = \"wiparat\"\nname_th = \"ก\"\ntitle_th = \"ข\"\norganisation = \"ค\"\nside = \"bangkok\"\n",
                "\n[[interactions]]\nid = \"m\"\nyear = 2019\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
            )),
        ),
        (
            "cities/seoul/more.toml",
            "[[interactions]]\nid = \"m\"\nyear = 2020\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
        ),
    ]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:18:6: person id `wiparat` is used twice");
    has(&text, "it is first used at");
    has(&text, "seoul.toml:11:6;");
    has(&text, "more.toml:2:6: interaction id `m` is used twice");
}

#[test]
fn agenda_checks() {
    let trip = format!(
        "{TRIP}\n[[agenda]]\ndate = 2027-03-20\n\n[[agenda]]\ndate = 2027-03-16\nitems = [{{ time = \"9 โมง\", activity = \"ประชุม\" }}]\n\n[[agenda]]\ndate = 2027-03-16\n"
    );
    let dir = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", &trip)]);
    let text = errors_of(&dir);
    has(&text, "t.toml:11:8: this day (2027-03-20) is outside the trip (2027-03-15 to 2027-03-19)");
    has(&text, "t.toml:15:19: `9 โมง` is not a time of day");
    has(&text, "t.toml:18:8: day 2027-03-16 appears twice in the agenda");
}

#[test]
fn all_problems_of_a_run_together() {
    let trip = TRIP.replace("city = \"seoul\"", "city = \"seol\"").replace("status = \"draft\"", "status = \"done\"");
    let dir = briefs(&[
        ("cities/seoul.toml", &CITY.replace("side = \"bangkok\"", "side = \"bkk\"")),
        ("cities/astana.toml", "[city]\nname_th = \"กรุงอัสตานา\"\n"),
        ("trips/t.toml", &trip),
    ]);
    let diags = diags_of(&dir);
    let text = Error::Input(diags.clone()).to_string();
    // astana: every missing key, and the missing [relationship]; seoul: the
    // side; the trip: city and status.
    has(&text, "astana.toml:1:1: the [city] table has no `name_en`");
    has(&text, "astana.toml:1:1: the [city] table has no `country_th`");
    has(&text, "astana.toml:1:1: the [city] table has no `country_en`");
    has(&text, "astana.toml:1:1: this city file has no [relationship] table");
    has(&text, "seoul.toml:15:8:");
    has(&text, "t.toml:1:8: there is no city `seol`");
    has(&text, "t.toml:6:10: `done` is not one of the allowed values");
    has(&text, &format!("{} problems found", diags.len()));
    assert_eq!(diags.len(), 7, "{text}");
}

#[test]
fn interactions_folder_rules() {
    let dir = briefs(&[
        ("cities/seoul.toml", CITY),
        ("cities/seoul/a.toml", "[[interaction]]\nid = \"x\"\n"),
        ("cities/soeul/b.toml", "[[interactions]]\nid = \"y\"\n"),
    ]);
    let text = errors_of(&dir);
    has(&text, "a.toml:1:3: unknown section `interaction`");
    has(&text, "did you mean `interactions`?");
    has(&text, "soeul: folder `soeul/` holds interactions, but there is no city `soeul.toml`");
    has(&text, "did you mean the folder `seoul/`");
}

#[test]
fn load_trip_reports_city_problems_too() {
    let dir = briefs(&[
        ("cities/seoul.toml", &CITY.replace("side = \"bangkok\"", "side = \"bkk\"")),
        ("trips/t.toml", &format!("{TRIP}delegation = [\"wiparat\"]\n")),
    ]);
    match load_trip(&dir.path().join("trips/t.toml")) {
        Err(e @ Error::Input(_)) => has(&e.to_string(), "seoul.toml:15:8:"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("expected errors"),
    }
    let ok = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", TRIP)]);
    let (trip, city) = load_trip(&ok.path().join("trips/t.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((trip.id.as_str(), city.id.as_str()), ("t", "seoul"));
    assert!(matches!(load_trip(&ok.path().join("trips/none.toml")), Err(Error::Io { .. })));
}

#[test]
fn figure_checks() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(concat!(
            "\n[[figures]]\nkey = \"trade\"\nlabel_th = \"การค้า\"\nyear = 2019\nvalue = 260\nunit_th = \"ล้านเหรียญสหรัฐ\"\nsource = \"ข่าว\"\n",
            "\n[[figures]]\nkey = \"trade\"\nlabel_th = \"การค้า\"\nyear = 2019\nvalue = nan\nunit_th = \"เหรียญสหรัฐ\"\nsource = \"ข่าว\"\n",
        )),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:28:8: there is already a `trade` figure for 2019");
    has(&text, "seoul.toml:29:9: the value must be a finite number");
    has(&text, "seoul.toml:26:7: figures with key `trade` use different units");
}

#[test]
fn no_panic_on_odd_input() {
    let odd = [
        "",
        "\u{feff}",
        "[[city]]\n",
        "city = 1\nrelationship = []\npeople = \"x\"\n",
        "[city]\nprofile = [1, 2]\nfacts = { a = 1 }\n",
        "people = [1, \"a\", { id = 3 }]\ninteractions = [[]]\nfigures = [{}]\n",
        "[[interactions]]\nid = \"\"\ndate = 10:00:00\nparticipants = [1]\nphotos = [{ path = \"\" }]\n",
        "[[interactions]]\nyear = 99999999999999999999\n",
        "[relationship]\nestablished = 1979-05-27T07:32:00Z\nestablished_year = 1\n",
        "a = \"\\u{0}\"\n[[x]\n]]]\n= = =\n",
        "\u{0E01}\u{0E34}\u{0E4C} = '\n",
        "[city]\nname_th = \"\"\"\n",
    ];
    for src in odd {
        let dir = briefs(&[("cities/seoul.toml", src), ("trips/t.toml", src)]);
        let _ = load_dir(dir.path());
        let _ = load_trip(&dir.path().join("trips/t.toml"));
    }
    // Not UTF-8.
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("cities")).unwrap();
    std::fs::write(dir.path().join("cities/seoul.toml"), [0xff, 0xfe, 0x00]).unwrap();
    has(&errors_of(&dir), "not UTF-8 text");
    // Not a briefs folder.
    assert!(matches!(load_dir(&dir.path().join("nowhere")), Err(Error::Other { .. })));
}

#[test]
fn scaffolds_load_as_they_are() {
    let dir = briefs(&[
        ("cities/tokyo.toml", &scaffold_city("tokyo")),
        ("trips/tokyo-2027.toml", &scaffold_trip("tokyo-2027", "tokyo")),
    ]);
    let b = load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.cities[0].id, "tokyo");
    assert_eq!(b.trips[0].city.get_ref(), "tokyo");
    assert_eq!(b.trips[0].agenda.len(), 1);
}

#[test]
fn nested_table_problems() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(concat!(
            "\n[[interactions]]\nid = \"m\"\ndate = 2019-08-30\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
            "photos = [{ path = \"a.jpg\" }, { path = \"b.jpg\", caption = \"ภาพ\" }]\n",
        )),
    )]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:23:11: this table has no `caption_th`, which is required");
    // The second photo's problem is reported too, its misspelt key once.
    has(&text, "seoul.toml:23:49: unknown key `caption` in this table");
    has(&text, "did you mean `caption_th`?");
    assert_eq!(diags_of(&dir).len(), 2, "{text}");
}

#[test]
fn every_problem_of_an_entry_at_its_spot() {
    let dir = briefs(&[(
        "cities/seoul.toml",
        &city_with(
            "\n[[people]]\nid = \"yim\"\ntitel_en = \"Ambassador\"\norganisation = 5\nside = \"partner\"\nphoto = [\"a.jpg\"]\n",
        ),
    )]);
    let text = errors_of(&dir);
    // Both missing keys, at the entry's header.
    has(&text, "seoul.toml:17:1: this [[people]] entry has no `name_th`, which is required");
    has(&text, "seoul.toml:17:1: this [[people]] entry has no `title_th`, which is required");
    has(&text, "seoul.toml:19:1: unknown key `titel_en` in this [[people]] entry");
    has(&text, "= help: did you mean `title_en`? keys allowed here: `id`, `name_th`, `name_original`, `title_th`");
    has(&text, "seoul.toml:20:16: expected text in quotes, found integer `5`");
    has(&text, "= help: put the text in double quotes");
    has(&text, "seoul.toml:22:9: expected text in quotes, found a list");
    assert_eq!(diags_of(&dir).len(), 5, "{text}");
}

#[test]
fn numbers_and_list_items_are_checked_one_by_one() {
    let src = CITY.replace(
        "[relationship]",
        "[city.profile]\npopulation = -5\npopulation_year = 99999999999\nsources = [\"a\", 1, \"b\", true]\nwebsit = \"x\"\n\n[relationship]",
    );
    let dir = briefs(&[("cities/seoul.toml", &src)]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:8:14: expected a whole number, found integer `-5`");
    has(&text, "= help: write a whole number that is not negative");
    has(&text, "seoul.toml:9:19: the number `99999999999` is out of range");
    has(&text, "= help: write a whole number from -2147483648 to 2147483647");
    has(&text, "seoul.toml:10:17: expected text in quotes, found integer `1`");
    has(&text, "seoul.toml:10:25: expected text in quotes, found boolean `true`");
    has(&text, "seoul.toml:11:1: unknown key `websit` in the [city.profile] table");
    has(&text, "did you mean `website`?");
    assert_eq!(diags_of(&dir).len(), 5, "{text}");
}

#[test]
fn a_trip_with_several_problems_reports_each() {
    let trip = TRIP
        .replace("title_th = \"การเยือนกรุงโซล\"\n", "")
        .replace("purpose_th = \"กระชับความสัมพันธ์\"\n", "")
        .replace("status = \"draft\"", "status = 1");
    let trip = format!("{trip}delegation = [\"wiparat\", 5, {{ name_th = \"ก\" }}]\n");
    let dir = briefs(&[("cities/seoul.toml", CITY), ("trips/t.toml", &trip)]);
    let text = errors_of(&dir);
    has(&text, "t.toml:1:1: this trip file has no `title_th`, which is required");
    has(&text, "t.toml:1:1: this trip file has no `purpose_th`, which is required");
    has(&text, "t.toml:4:10: expected one of the allowed words in quotes, found integer `1`");
    has(&text, "= help: allowed values: `draft`, `final`");
    has(&text, "t.toml:7:26: expected a person id or a table { name_th, title_th }, found integer `5`");
    has(&text, "t.toml:7:29: this table has no `title_th`, which is required");
    assert_eq!(diags_of(&dir).len(), 5, "{text}");
}

#[test]
fn the_words_read_are_those_serialized() {
    fn agree<T: serde::Serialize>(words: &[(&str, T)]) {
        for (name, value) in words {
            assert_eq!(serde_json::to_value(value).unwrap(), *name);
        }
    }
    agree(Side::WORDS);
    agree(RelationshipKind::WORDS);
    agree(InteractionKind::WORDS);
    agree(TripStatus::WORDS);
    assert_eq!(InteractionKind::WORDS.len(), 9);
}

#[test]
fn complete_example_in_docs_loads() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("briefs/README.md")).unwrap();
    let section = &doc[doc.find("## Complete example").unwrap()..];
    let dir = TempDir::new().unwrap();
    let mut written = 0;
    let mut rest = section;
    while let Some(at) = rest.find("```toml\n") {
        let before = &rest[..at];
        let name = before.rsplit('`').nth(1).unwrap();
        let rel = name.strip_prefix("briefs/").unwrap();
        let body_start = at + "```toml\n".len();
        let body_end = body_start + rest[body_start..].find("```").unwrap();
        write(dir.path(), rel, &rest[body_start..body_end]);
        written += 1;
        rest = &rest[body_end + 3..];
    }
    assert_eq!(written, 3);
    write(dir.path(), "cities/astana/photos/opening.jpg", "jpeg");
    let b = load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.cities[0].interactions.len(), 3);
    assert_eq!(b.trips[0].delegation[1].get_ref().name_th, "นางสาวสุนทรี เสริญสุขสัมฤทธิ์");
}

#[test]
fn a_photo_that_is_not_an_image() {
    let dir = briefs(&[
        ("cities/seoul.toml", &CITY.replace("side = \"bangkok\"", "side = \"bangkok\"\nphoto = \"notes.jpg\"")),
        ("cities/notes.jpg", "ข้อความ ไม่ใช่ภาพ"),
    ]);
    let text = load_dir(dir.path()).unwrap_err().to_string();
    has(&text, "`notes.jpg` is not a PNG or JPEG image briefpack can read");
}

#[test]
fn control_characters_are_refused_in_any_text() {
    let dir = briefs(&[
        ("cities/seoul.toml", &CITY.replace("name_th = \"กรุงโซล\"", "name_th = \"กรุง\\u0007โซล\"")),
        ("trips/t.toml", &format!("{TRIP}objectives = [\"ก\", \"ข\\u0000\"]\n")),
    ]);
    let text = errors_of(&dir);
    has(&text, "seoul.toml:2:16: `name_th` holds a control character (U+0007), which cannot be printed");
    has(&text, "t.toml:9:22: `objectives` holds a control character (U+0000)");
    has(&text, "remove the escape \\u0000");
    // Line breaks and tabs are text.
    let ok = briefs(&[("cities/seoul.toml", &CITY.replace("name_th = \"กรุงโซล\"", "name_th = \"กรุง\\tโซล\\n\""))]);
    load_dir(ok.path()).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn characters_no_font_has_are_refused_where_they_are_printed() {
    let theme = crate::typeset::style::Theme::load(None).unwrap();
    let book = crate::typeset::text::fonts::FontBook::from_theme(&theme).unwrap();
    let glyphs = crate::typeset::text::Glyphs::new(&book);
    let city = CITY.replace("organisation = \"กรุงเทพมหานคร\"", "organisation = \"กรุงเทพฯ ༣\"");
    // An id is never printed: a character there is the id check's business, not the fonts'.
    let dir = briefs(&[("cities/seoul.toml", &city), ("trips/t.toml", TRIP)]);
    let text = match load_dir_with(dir.path(), Some(&glyphs)) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("loaded"),
    };
    has(&text, "seoul.toml:14:26: no font has a glyph for '༣' (U+0F23) in `organisation`");
    // Without fonts only the control characters are checked; Hangul and Cyrillic have fallbacks.
    load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let ok = briefs(&[("cities/seoul.toml", &CITY.replace("name_en = \"Seoul\"", "name_en = \"서울 Сеул\""))]);
    load_dir_with(ok.path(), Some(&glyphs)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_bad_byte() {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("cities")).unwrap();
    let mut bytes = b"[city]\nname_th = \"".to_vec();
    bytes.extend([0xA1, 0xD2]);
    bytes.extend(b"\"\n");
    std::fs::write(dir.path().join("cities/seoul.toml"), bytes).unwrap();
    let text = errors_of(&dir);
    has(&text, "seoul.toml:2:12: not UTF-8 text: the byte 0xA1 (offset 18) is not UTF-8");
    has(&text, "2 | name_th = \"\u{FFFD}\u{FFFD}\"");
}

#[test]
fn locations_of_first_uses_count_lines_once() {
    // "first used at" for the second of two same ids far apart in a big file.
    let mut extra = String::new();
    for i in 0..3000 {
        extra.push_str(&format!(
            "[[interactions]]\nid = \"m{i}\"\nyear = 2019\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n\n"
        ));
    }
    extra.push_str(
        "[[interactions]]\nid = \"m7\"\nyear = 2019\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n",
    );
    let dir = briefs(&[("cities/seoul.toml", &city_with(&extra))]);
    let text = errors_of(&dir);
    has(&text, &format!("seoul.toml:{}:6: interaction id `m7` is used twice", 16 + 3000 * 7 + 1));
    has(&text, &format!("it is first used at {}:{}:6", dir.path().join("cities/seoul.toml").display(), 16 + 7 * 7 + 1));
}

#[test]
fn diagnostics_from_the_line_index_are_those_of_diagnostic_at() {
    use std::ops::Range;
    let src = "a = 1\r\ntitle = \"ที่นี่\" x\n\nlast = \"ก\"";
    let path = Path::new("f.toml");
    let mut diags = Vec::new();
    let ctx = ctx::FileCtx::new(path, src, &mut diags);
    for span in [
        0..0,
        0..3,
        9..14,
        10..11,
        30..34,
        src.len()..src.len(),
        src.len() - 3..src.len(),
        6..40,
        Range { start: 40, end: 2 },
    ] {
        assert_eq!(ctx.diagnostic(span.clone(), "m".into()), crate::diag::Diagnostic::at(path, src, span, "m"));
    }
}
