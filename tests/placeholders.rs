//! Scaffolds that cannot slip through (issue 13, item 3): the placeholders
//! `briefpack new` writes (`"<<ชื่อการเดินทาง>>"`) are listed by `check` at
//! their file, line and column; `build` prints a draft with warnings and
//! refuses a final trip that keeps one, in its own file or its city's; the
//! monthly report refuses them in any city and in the trips it lists.

mod common;

use std::path::Path;
use std::process::Output;

use common::{Test, run_in};

/// The example briefs with a new city `tokyo` and a new trip to it, as
/// `briefpack new` writes them.
fn scaffolded() -> Test {
    let t = Test::new().copy("briefs", "briefs");
    for args in [&["new", "city", "tokyo"][..], &["new", "trip", "tokyo-2027", "--city", "tokyo"]] {
        let out = run_in(t.dir.path(), args, &[]);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    t
}

fn run(dir: &Path, args: &[&str]) -> (Output, String) {
    let out = run_in(dir, args, &[("NO_COLOR", "1")]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

fn set_final(dir: &Path) {
    let trip = dir.join("briefs/trips/tokyo-2027.toml");
    let text = std::fs::read_to_string(&trip).unwrap();
    assert!(text.contains("status = \"draft\""));
    std::fs::write(&trip, text.replace("status = \"draft\"", "status = \"final\"")).unwrap();
}

#[test]
fn check_lists_every_placeholder_of_a_draft_as_a_warning() {
    let t = scaffolded();
    let (out, stderr) = run(t.dir.path(), &["check", "briefs"]);
    assert!(out.status.success(), "{stderr}");
    insta::assert_snapshot!("check_draft_placeholders", stderr);
}

#[test]
fn check_as_json_gives_each_placeholder_with_its_severity() {
    let t = scaffolded();
    let out = run_in(t.dir.path(), &["check", "briefs", "--format", "json"], &[]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let (summary, problems) = lines.split_last().unwrap();
    assert_eq!(problems.len(), 9, "{problems:#?}");
    assert!(problems.iter().all(|p| p["severity"] == "warning"));
    let name = problems.iter().find(|p| p["message"].as_str().unwrap().contains("`name_th` is still")).unwrap();
    assert_eq!(name["file"], "briefs/cities/tokyo.toml");
    assert_eq!((name["line"].as_u64(), name["column"].as_u64()), (Some(9), Some(12)));
    assert_eq!((summary["errors"].as_u64(), summary["warnings"].as_u64()), (Some(0), Some(9)));
}

#[test]
fn a_draft_builds_with_its_placeholders_said() {
    let t = scaffolded();
    let (out, stderr) = run(t.dir.path(), &["build", "briefs/trips/tokyo-2027.toml", "-o", "draft.pdf"]);
    assert!(out.status.success(), "{stderr}");
    assert!(t.dir.path().join("draft.pdf").is_file());
    // The trip's five and the city's four (in what is not commented out).
    assert_eq!(stderr.matches("warning: ").count(), 9, "{stderr}");
    assert!(stderr.contains("warning: briefs/trips/tokyo-2027.toml:"), "{stderr}");
    assert!(stderr.contains("warning: briefs/cities/tokyo.toml:"), "{stderr}");
}

#[test]
fn a_final_trip_with_placeholders_is_refused_by_check_and_build() {
    let t = scaffolded();
    set_final(t.dir.path());
    let (out, stderr) = run(t.dir.path(), &["check", "briefs"]);
    assert!(!out.status.success());
    insta::assert_snapshot!("check_final_placeholders", stderr);
    let (out, stderr) = run(t.dir.path(), &["build", "briefs/trips/tokyo-2027.toml", "-o", "final.pdf"]);
    assert!(!out.status.success());
    assert!(!t.dir.path().join("final.pdf").exists(), "a refused build wrote its PDF");
    // The city's placeholders are refused too: the final pack would print them.
    assert!(stderr.contains("error: briefs/cities/tokyo.toml:9:12: `name_th` is still the placeholder"), "{stderr}");
    // Nine, and the summary of the run.
    assert_eq!(stderr.matches("error: ").count(), 10, "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
}

#[test]
fn the_monthly_report_refuses_a_city_with_placeholders() {
    let t = scaffolded();
    let (out, stderr) = run(t.dir.path(), &["monthly", "--month", "2023-02", "briefs"]);
    assert!(!out.status.success());
    assert!(stderr.contains("error: briefs/cities/tokyo.toml:"), "{stderr}");
    assert!(stderr.contains("the monthly report prints it"), "{stderr}");
    // The draft trip is a month from today, not in February 2023's report.
    assert!(!stderr.contains("tokyo-2027.toml"), "{stderr}");
}

#[test]
fn filled_in_files_check_clean_and_build_final() {
    let t = scaffolded();
    set_final(t.dir.path());
    for file in ["briefs/cities/tokyo.toml", "briefs/trips/tokyo-2027.toml"] {
        let path = t.dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        // Each placeholder replaced by its own description: real text.
        std::fs::write(&path, text.replace("<<", "").replace(">>", "")).unwrap();
    }
    let (out, stderr) = run(t.dir.path(), &["check", "briefs"]);
    assert!(out.status.success() && stderr.contains("no problems found"), "{stderr}");
    let (out, stderr) = run(t.dir.path(), &["build", "briefs/trips/tokyo-2027.toml", "-o", "final.pdf"]);
    assert!(out.status.success() && !stderr.contains("warning"), "{stderr}");
}
