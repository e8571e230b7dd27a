//! Messages and help in Thai (issue 13, item 8): with a Thai locale or
//! `--lang th`, the real binary's errors, its "wrote ..." line and its help
//! are in Thai; English stays the default and `--lang en` forces it.
//! Each message is snapshotted whole, in both languages.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Test;

const ASTANA: &str = "briefs/trips/astana-2026-12.toml";

/// How a run asks for its language.
#[derive(Clone, Copy, Debug)]
enum Ask {
    /// No locale variable at all.
    Nothing,
    /// `LANG=en_US.UTF-8`.
    EnglishLocale,
    /// `LANG=th_TH.UTF-8`.
    ThaiLocale,
    /// `--lang th`, no locale variable.
    ThaiFlag,
    /// `LC_ALL=th_TH.UTF-8` with `--lang en`.
    EnglishFlagOverThaiLocale,
}

/// Run the binary in `dir` with the locale variables of `ask` only.
fn run(dir: &Path, args: &[&str], ask: Ask) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpack"));
    cmd.current_dir(dir).env("BRIEFPACK_CACHE_DIR", dir.join(".cache")).env_remove("SOURCE_DATE_EPOCH");
    for k in ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "BRIEFPACK_TIMINGS"] {
        cmd.env_remove(k);
    }
    match ask {
        Ask::Nothing => {}
        Ask::EnglishLocale => {
            cmd.env("LANG", "en_US.UTF-8");
        }
        Ask::ThaiLocale => {
            cmd.env("LANG", "th_TH.UTF-8");
        }
        Ask::ThaiFlag => {
            cmd.arg("--lang").arg("th");
        }
        Ask::EnglishFlagOverThaiLocale => {
            cmd.env("LC_ALL", "th_TH.UTF-8").arg("--lang=en");
        }
    }
    cmd.args(args).output().expect("run briefpack")
}

/// The error of `args` in `t`'s folder in English and in Thai, each asked
/// for in every way, which must agree; both are snapshotted.
fn both(name: &str, t: Test, args: &[&str]) {
    let dir = t.dir.path();
    let stderr = |ask: Ask| {
        let out = run(dir, args, ask);
        assert!(!out.status.success(), "{args:?} ({ask:?}) should have failed");
        let text = String::from_utf8(out.stderr).unwrap();
        assert!(!text.contains("panicked"), "{text}");
        text
    };
    let en = stderr(Ask::Nothing);
    assert_eq!(stderr(Ask::EnglishLocale), en, "LANG=en_US.UTF-8");
    assert_eq!(stderr(Ask::EnglishFlagOverThaiLocale), en, "--lang en over LC_ALL=th_TH.UTF-8");
    let th = stderr(Ask::ThaiLocale);
    assert_eq!(stderr(Ask::ThaiFlag), th, "--lang th");
    assert!(en.starts_with("error: "), "{en}");
    assert!(th.starts_with("ข้อผิดพลาด: "), "{th}");
    insta::assert_snapshot!(format!("{name}_en"), en);
    insta::assert_snapshot!(format!("{name}_th"), th);
}

#[test]
fn a_file_that_cannot_be_read() {
    both("missing_trip", Test::new(), &["build", "nothere.toml"]);
}

#[test]
fn a_month_that_is_not_one() {
    both("bad_month", Test::new(), &["monthly", "--month", "2026-13"]);
    both("buddhist_era_month", Test::new(), &["monthly", "--month", "2569-11"]);
}

#[test]
fn a_trip_without_its_city() {
    both("trip_without_city", Test::new(), &["new", "trip", "seoul-2027-05"]);
}

#[test]
fn an_output_that_is_an_input() {
    let t = Test::new().copy("briefs", "briefs");
    both("output_is_input", t, &["build", ASTANA, "-o", ASTANA]);
}

#[test]
fn a_missing_mail_configuration() {
    both("no_mail_config", Test::new(), &["outbox", "--config", "nothere.toml"]);
}

#[test]
fn problems_in_the_data_are_framed_in_thai_with_the_caret() {
    let t = Test::new().copy("briefs", "briefs");
    let p = t.path(ASTANA);
    let src = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, src.replacen("city = \"astana\"", "city = \"astna\"", 1)).unwrap();
    let p = t.path("briefs/cities/seoul.toml");
    let src = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, src.replacen("established_year = 2006", "established_year = \"สองพันหก\"", 1)).unwrap();
    both("two_problems", t, &["check", "briefs"]);
}

#[test]
fn the_data_readers_own_messages_are_in_thai_too() {
    // An unknown key, a Buddhist Era year and a placeholder left in a final trip.
    let t = Test::new().copy("briefs", "briefs");
    for (file, from, to) in [
        ("briefs/cities/astana.toml", "name_en = ", "nme_en = "),
        ("briefs/cities/astana.toml", "established = 2004-06-11", "established_year = 2547"),
        (ASTANA, "title_th = \"", "title_th = \"<<ชื่อการเดินทาง>> "),
    ] {
        let p = t.path(file);
        let src = std::fs::read_to_string(&p).unwrap();
        assert!(src.contains(from), "{file} lacks {from}");
        std::fs::write(&p, src.replacen(from, to, 1)).unwrap();
    }
    both("data_messages", t, &["check", "briefs"]);
}

#[test]
fn what_was_written_is_said_in_thai() {
    let t = Test::new();
    let out = run(t.dir.path(), &["new", "city", "testville"], Ask::ThaiFlag);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!("new_city_th", String::from_utf8(out.stderr).unwrap());
}

/// The Thai catalogue's text of message `id` (a one-line message).
fn thai(id: &str) -> String {
    let ftl = std::fs::read_to_string(common::repo().join("locales/th/briefpack.ftl")).unwrap();
    let prefix = format!("{id} = ");
    let line = ftl.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no {id} in th"));
    line[prefix.len()..].to_string()
}

#[test]
fn the_help_is_in_thai() {
    let dir = tempfile::tempdir().unwrap();
    let commands = ["init", "build", "monthly", "send", "outbox", "check", "new", "render", "completions", "man"];
    for ask in [Ask::ThaiLocale, Ask::ThaiFlag] {
        for flag in ["--help", "-h"] {
            let out = run(dir.path(), &[flag], ask);
            assert!(out.status.success());
            let help = String::from_utf8(out.stdout).unwrap();
            assert!(help.starts_with(&format!("{}\n", thai("help-about"))), "{help}");
            for c in commands {
                let line = help.lines().find(|l| l.trim_start().starts_with(&format!("{c} "))).unwrap();
                assert!(line.ends_with(&thai(&format!("help-{c}-about"))), "{c}: {line}");
            }
            assert!(help.contains(&format!("--lang <LANG>   {}", thai("help-arg-lang"))), "{help}");
            assert!(help.contains("คำสั่ง:\n") && help.contains("ตัวเลือก:\n"), "{help}");
        }
    }
    let out = run(dir.path(), &["build", "--help"], Ask::ThaiFlag);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains(&thai("help-build-arg-watch")), "{help}");
    assert!(help.contains(&thai("help-arg-help-summary")), "{help}");
    let english = String::from_utf8(run(dir.path(), &["--help"], Ask::Nothing).stdout).unwrap();
    assert!(
        english.starts_with("Thai PDF briefing packs") && !english.contains(&thai("help-build-about")),
        "{english}"
    );
}

#[test]
fn an_unknown_language_is_refused_with_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--lang", "xx", "check"], Ask::Nothing);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("'xx'") && err.contains("[possible values: en, th]"), "{err}");
}
