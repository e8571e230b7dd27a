//! `check` covers what `build` needs (issue 11, items 13 and 16): a control
//! character in a text, a character no font has, a damaged PNG, a photo
//! path that names a pipe, a folder or a device, a file that is not UTF-8.
//! Each is reported by `check` at the TOML line and column, and `build`
//! reports the same (it runs the same checks first), never pointing into
//! generated markup. Whole messages are snapshots (temporary paths as `[TMP]`).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::Test;

fn normalised(text: &str, dir: &Path) -> String {
    let dir = dir.to_string_lossy().into_owned();
    let real = std::fs::canonicalize(&dir).map(|p| p.to_string_lossy().into_owned()).unwrap_or(dir.clone());
    text.replace(&real, "[TMP]").replace(&dir, "[TMP]")
}

/// The example data with `from` replaced by `to` in `file`.
fn changed(file: &str, from: &str, to: &str) -> Test {
    let t = Test::new().copy("briefs", "briefs");
    let p = t.path(file);
    let src = std::fs::read_to_string(&p).unwrap();
    assert!(src.contains(from), "{file} lacks {from:?}");
    std::fs::write(&p, src.replacen(from, to, 1)).unwrap();
    t
}

/// Runs `check briefs` and `build` of the Astana trip on copies of the same
/// data; both must fail with exit code 1, write nothing, leave every input
/// as it was, and say the same. Returns the message.
fn check_and_build(prepare: &dyn Fn() -> Test) -> String {
    let t = prepare();
    let before = snapshot_inputs(t.dir.path());
    let run = t.args(&["check", "briefs"]).run().failure().no_output();
    assert_eq!(run.output.status.code(), Some(1));
    assert_eq!(snapshot_inputs(&run.dir), before, "check changed an input");
    let check = normalised(&run.stderr(), &run.dir);
    let t = prepare();
    let run = t.args(&["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"]).run().failure().no_output();
    assert_eq!(run.output.status.code(), Some(1));
    assert_eq!(snapshot_inputs(&run.dir), before, "build changed an input");
    let build = normalised(&run.stderr(), &run.dir);
    assert!(!build.contains(".xml"), "build points into generated markup:\n{build}");
    assert_eq!(
        build,
        format!("{check}error: 1 of 1 packs failed: briefs/trips/astana-2026-12.toml\n"),
        "build reports what check does"
    );
    check
}

/// Every regular file under briefs/ with its bytes.
fn snapshot_inputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                walk(base, &p, out);
            } else if meta.is_file() {
                out.push((p.strip_prefix(base).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &dir.join("briefs"), &mut out);
    out
}

#[test]
fn a_nul_escape_in_a_title_is_reported_at_the_toml() {
    let msg = check_and_build(&|| {
        changed(
            "briefs/trips/astana-2026-12.toml",
            "title_th = \"การเยือนกรุงอัสตานา",
            "title_th = \"\\u0000การเยือนกรุงอัสตานา",
        )
    });
    insta::assert_snapshot!("nul_in_title", msg);
}

/// Issue 13, item 9: years are Gregorian. A Buddhist Era year (from 2400
/// on), in a date or in a year of its own, is refused with the Gregorian
/// value to write (not converted: one calendar in the files for every tool).
#[test]
fn buddhist_era_years_are_refused_with_the_gregorian_year_to_write() {
    let msg = check_and_build(&|| {
        let t = changed("briefs/cities/astana.toml", "established = 2004-06-11", "established_year = 2547");
        for (from, to) in
            [("year = 2019\nvalue = 260", "year = 2562\nvalue = 260"), ("date = 2004-06-11", "date = 2547-06-11")]
        {
            let p = t.path("briefs/cities/astana.toml");
            let src = std::fs::read_to_string(&p).unwrap();
            assert!(src.contains(from), "astana.toml lacks {from:?}");
            std::fs::write(&p, src.replacen(from, to, 1)).unwrap();
        }
        t
    });
    insta::assert_snapshot!("buddhist_era_years", msg);
}

#[test]
fn a_control_character_in_a_nested_text_is_reported_too() {
    // Inside an inline table in a list: every string of the file is checked.
    let msg = check_and_build(&|| {
        changed(
            "briefs/cities/astana.toml",
            "caption_th = \"ภาพประกอบ: ทัศนียภาพ",
            "caption_th = \"ภาพประกอบ:\\u001b ทัศนียภาพ",
        )
    });
    insta::assert_snapshot!("escape_in_caption", msg);
}

#[test]
fn a_character_no_font_has_is_reported_at_the_toml() {
    let msg = check_and_build(&|| {
        changed("briefs/cities/astana.toml", "name_th = \"กรุงอัสตานา\"", "name_th = \"กรุงอัสตานา ༣\"")
    });
    insta::assert_snapshot!("no_glyph", msg);
}

#[test]
fn a_png_with_a_bad_checksum_is_reported_at_its_entry() {
    let msg = check_and_build(&|| {
        let t = Test::new().copy("briefs", "briefs");
        let p = t.path("briefs/cities/astana/photos/emblem.png");
        let mut png = std::fs::read(&p).unwrap();
        // A byte inside the first IDAT chunk's data (the header stays readable).
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        png[idat + 10] ^= 0x55;
        std::fs::write(&p, png).unwrap();
        t
    });
    insta::assert_snapshot!("bad_png_crc", msg);
}

#[test]
fn a_png_cut_off_is_reported_at_its_entry() {
    let msg = check_and_build(&|| {
        let t = Test::new().copy("briefs", "briefs");
        let p = t.path("briefs/cities/astana/photos/emblem.png");
        let png = std::fs::read(&p).unwrap();
        std::fs::write(&p, &png[..png.len() * 2 / 3]).unwrap();
        t
    });
    insta::assert_snapshot!("png_cut_off", msg);
}

/// The Astana emblem path replaced by `path`, the file there made by `make`.
fn emblem_at(path: &str, make: &dyn Fn(&Path)) -> Test {
    let t =
        changed("briefs/cities/astana.toml", "emblem = \"astana/photos/emblem.png\"", &format!("emblem = \"{path}\""));
    make(&t.path("briefs/cities"));
    t
}

fn mkfifo(p: &Path) {
    let out = common::tool("mkfifo", &[p.to_str().unwrap()]);
    assert!(out.status.success());
}

#[test]
fn a_fifo_as_a_photo_says_what_it_is_and_does_not_hang() {
    let t0 = Instant::now();
    let msg = check_and_build(&|| emblem_at("astana/photos/pipe.png", &|d| mkfifo(&d.join("astana/photos/pipe.png"))));
    assert!(t0.elapsed() < Duration::from_secs(30), "took {:?}", t0.elapsed());
    insta::assert_snapshot!("fifo_photo", msg);
}

#[test]
fn a_folder_as_a_photo_says_what_it_is() {
    let msg = check_and_build(&|| emblem_at("astana/photos", &|_| {}));
    insta::assert_snapshot!("folder_photo", msg);
}

#[test]
fn a_device_as_a_photo_says_what_it_is() {
    let msg = check_and_build(&|| emblem_at("/dev/zero", &|_| {}));
    insta::assert_snapshot!("device_photo", msg);
}

#[test]
fn a_dangling_symlink_as_a_photo_says_so() {
    let msg = check_and_build(&|| {
        emblem_at("astana/photos/link.png", &|d| {
            std::os::unix::fs::symlink("gone.png", d.join("astana/photos/link.png")).unwrap()
        })
    });
    insta::assert_snapshot!("dangling_symlink_photo", msg);
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_the_bad_byte() {
    let msg = check_and_build(&|| {
        let t = Test::new().copy("briefs", "briefs");
        let p = t.path("briefs/trips/astana-2026-12.toml");
        let src = std::fs::read_to_string(&p).unwrap();
        // "การเยือน" in TIS-620 (Windows-874), as an old editor saves it.
        let at = src.find("การเยือน").unwrap();
        let mut bytes = src.as_bytes()[..at].to_vec();
        bytes.extend([0xA1, 0xD2, 0xC3, 0xE0, 0xC2, 0xD7, 0xCD, 0xB9]);
        bytes.extend(&src.as_bytes()[at + "การเยือน".len()..]);
        std::fs::write(&p, bytes).unwrap();
        t
    });
    insta::assert_snapshot!("not_utf8", msg);
}

#[test]
fn a_missing_glyph_in_a_markup_attribute_has_its_line_and_column() {
    let doc = "<document title=\"ทดสอบ\">\n<p>ข้อความ</p>\n<chart kind=\"bar\" title=\"แผนภูมิ ༣\">\n  <series name=\"ก\"><point x=\"2566\" y=\"1\"/></series>\n</chart>\n</document>\n";
    let run = Test::new().file("d.xml", doc).args(&["render", "d.xml", "-o", "d.pdf"]).run().failure().no_output();
    assert_eq!(run.output.status.code(), Some(1));
    insta::assert_snapshot!("markup_attribute_glyph", normalised(&run.stderr(), &run.dir));
}

#[test]
fn a_missing_glyph_in_markup_text_points_at_the_character() {
    let doc = "<document>\n<p>ข้อความ</p>\n<p>บรรทัด <b>ตัวหนา ༣</b></p>\n</document>\n";
    let run = Test::new().file("d.xml", doc).args(&["render", "d.xml", "-o", "d.pdf"]).run().failure().no_output();
    insta::assert_snapshot!("markup_text_glyph", normalised(&run.stderr(), &run.dir));
}

#[test]
fn check_still_accepts_the_example_data_and_a_theme() {
    Test::new()
        .copy("briefs", "briefs")
        .copy("templates/theme.toml", "theme.toml")
        .args(&["check", "briefs", "--theme", "theme.toml"])
        .run()
        .success()
        .stderr_has("no problems found");
}

// `interactions_file(n)`, shared with the benchmark.
include!("fixtures/interactions.rs");

/// Seconds `check` takes on the example data plus `n` generated interactions.
fn check_seconds(n: usize) -> f64 {
    let t = Test::new().copy("briefs", "briefs").file("briefs/cities/astana/generated.toml", &interactions_file(n));
    let start = Instant::now();
    let run = t.args(&["check", "briefs"]).run().success();
    let took = start.elapsed().as_secs_f64();
    let total = n + 11; // and the example's own
    assert!(run.stderr().contains(&format!("{total} interactions")), "{}", run.stderr());
    took
}

#[test]
fn check_grows_linearly_with_the_interactions() {
    // Quadratic, 4x the interactions took 13-16x the time (0.11 s -> 1.43 s
    // -> 20.4 s in release builds for 1,250 / 5,000 / 20,000). The smaller
    // run is timed twice and the faster kept, to steady a shared machine.
    let small = check_seconds(2_000).min(check_seconds(2_000));
    let large = check_seconds(8_000);
    assert!(large < 8.0 * small.max(0.05), "2,000 interactions: {small:.2} s; 8,000: {large:.2} s");
}

#[test]
fn markup_and_templates_that_are_not_utf8_are_reported_at_the_bad_byte() {
    let mut doc = b"<document>\n<p>".to_vec();
    doc.extend([0xA1, 0xD2, 0xC3]); // "การ" in TIS-620
    doc.extend(b"</p>\n</document>\n");
    let t = Test::new();
    std::fs::write(t.path("d.xml"), &doc).unwrap();
    let run = t.args(&["render", "d.xml", "-o", "d.pdf"]).run().failure().no_output();
    assert_eq!(run.output.status.code(), Some(1));
    let markup = normalised(&run.stderr(), &run.dir);
    let t = Test::new().copy("briefs", "briefs");
    std::fs::create_dir_all(t.path("mytemplates")).unwrap();
    std::fs::write(t.path("mytemplates/cover.hbs"), &doc).unwrap();
    let run = t
        .args(&["build", "briefs/trips/astana-2026-12.toml", "--templates", "mytemplates", "-o", "a.pdf"])
        .run()
        .failure()
        .no_output();
    let template = normalised(&run.stderr(), &run.dir);
    insta::assert_snapshot!("not_utf8_markup_and_template", format!("{markup}---\n{template}"));
}

/// Seconds `check` takes to report a misspelt key in each of `n` generated interactions.
fn check_mistakes_seconds(n: usize) -> f64 {
    let file = interactions_file(n).replace("\nplace_th = ", "\nplce_th = ");
    let t = Test::new().copy("briefs", "briefs").file("briefs/cities/astana/generated.toml", &file);
    let start = Instant::now();
    let run = t.args(&["check", "briefs"]).run().failure();
    let took = start.elapsed().as_secs_f64();
    assert!(run.stderr().ends_with(&format!("{n} problems found\n")), "{}", &run.stderr()[..2000]);
    took
}

#[test]
fn reporting_many_mistakes_grows_linearly() {
    // Each message counted its line from the start of the file: 5,000
    // mistakes took 3.4 s in a release build, 20,000 about a minute.
    let small = check_mistakes_seconds(2_000).min(check_mistakes_seconds(2_000));
    let large = check_mistakes_seconds(8_000);
    assert!(large < 8.0 * small.max(0.05), "2,000 mistakes: {small:.2} s; 8,000: {large:.2} s");
}
