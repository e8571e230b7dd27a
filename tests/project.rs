//! Projects (issue 13, item 2): `briefpack init` makes one that checks and
//! builds; every command finds `briefpack.toml` from any folder below it and
//! takes its defaults from it; a mistake in it is reported at its line and
//! column. Without one, nothing changes (every other test runs without one).

mod common;

use std::path::Path;

use common::{Test, pdftotext, run_in};

/// A new project in `proj/` of a fresh test directory.
fn init() -> Test {
    let t = Test::new();
    let out = run_in(t.dir.path(), &["init", "proj"], &[]);
    assert!(out.status.success(), "init failed:\n{}", String::from_utf8_lossy(&out.stderr));
    t
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run_in(dir, args, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} in {} failed:\n{stderr}", dir.display());
    stderr
}

#[test]
fn init_makes_a_project_that_checks_and_builds() {
    let t = init();
    let proj = t.path("proj");
    for f in ["briefpack.toml", "briefs/cities/seoul.toml", "briefs/trips/seoul-2027-03.toml", "templates/README.md"] {
        assert!(proj.join(f).is_file(), "init made no {f}");
    }
    let readme = std::fs::read_to_string(proj.join("templates/README.md")).unwrap();
    assert!(readme.contains("override the built-in templates") && readme.contains("cover.hbs"), "{readme}");
    assert!(ok(&proj, &["check"]).contains("briefs: 1 cities, 1 interactions, 1 trips: no problems found"));
    // By id, into the project's output folder, stamped with its classification.
    assert!(ok(&proj, &["build", "seoul-2027-03"]).starts_with("wrote out/seoul-2027-03.pdf ("));
    let text = pdftotext(&proj.join("out/seoul-2027-03.pdf"), &["-raw"]);
    assert!(text.contains("ใช้ภายใน") && text.contains("การเยือนกรุงโซล"), "{text}");
    // A second init there refuses, and changes nothing.
    let before = std::fs::read(proj.join("briefpack.toml")).unwrap();
    let out = run_in(&proj, &["init"], &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: briefpack.toml exists already"));
    assert_eq!(std::fs::read(proj.join("briefpack.toml")).unwrap(), before);
}

#[test]
fn commands_find_the_project_from_a_folder_below_it() {
    let t = init();
    let proj = t.path("proj");
    let trips = proj.join("briefs/trips");
    let from_root = ok(&proj, &["check"]);
    let from_trips = ok(&trips, &["check"]);
    assert_eq!(from_trips, from_root.replacen("briefs:", "../../briefs:", 1));
    ok(&proj, &["build", "briefs/trips/seoul-2027-03.toml", "-o", "root.pdf"]);
    let root = std::fs::read(proj.join("root.pdf")).unwrap();
    // The same trip as a file from here, from the briefs folder, by id.
    for (dir, trip) in [
        (&trips, "seoul-2027-03.toml"),
        (&proj.join("briefs"), "trips/seoul-2027-03.toml"),
        (&trips, "trips/seoul-2027-03.toml"),
    ] {
        let said = ok(dir, &["build", trip]);
        let rel = if dir == &trips { "../../out/seoul-2027-03.pdf" } else { "../out/seoul-2027-03.pdf" };
        assert!(said.starts_with(&format!("wrote {rel} (")), "{said}");
        assert_eq!(std::fs::read(proj.join("out/seoul-2027-03.pdf")).unwrap(), root, "{trip} from {}", dir.display());
    }
    // The project's templates folder overrides the built-in templates from anywhere in it.
    std::fs::write(proj.join("templates/cover.hbs"), "<h1>ปกของโครงการ {{trip.title_th}}</h1>\n").unwrap();
    ok(&trips, &["build", "seoul-2027-03", "-o", "../../own.pdf"]);
    assert!(pdftotext(&proj.join("own.pdf"), &["-raw"]).contains("ปกของโครงการ"));
}

fn normalised(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[TMP]")
}

#[test]
fn a_mistake_in_briefpack_toml_is_reported_at_its_line_and_column() {
    let t = init();
    let proj = t.path("proj");
    let manifest = proj.join("briefpack.toml");
    let src = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, src.replacen("templates = ", "templats = ", 1)).unwrap();
    let out = run_in(&proj.join("briefs/trips"), &["check"], &[]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("misspelt_key", normalised(&String::from_utf8_lossy(&out.stderr), t.dir.path()));
    std::fs::write(&manifest, src.replacen("briefs = \"briefs\"", "briefs = \"data\"", 1)).unwrap();
    let out = run_in(&proj, &["build", "seoul-2027-03"], &[]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("missing_briefs_folder", normalised(&String::from_utf8_lossy(&out.stderr), t.dir.path()));
    assert!(!proj.join("out").exists(), "a failed build made the output folder");
}
