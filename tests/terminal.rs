//! Output for people and for programs (issue 13, item 5): colour
//! (`--color`, `NO_COLOR`, auto on a terminal), `-q` and `-v`, `check
//! --format json`, wildcards the shell left alone, and the progress bar.
//! A terminal is a real pseudo-terminal, made by util-linux `script`.

mod common;

use std::path::Path;
use std::process::Command;

use common::Test;

const ASTANA: &str = "briefs/trips/astana-2026-12.toml";
const SEOUL: &str = "briefs/trips/seoul-2027-03.toml";
const ESC: &str = "\x1b[";

fn example() -> Test {
    Test::new().copy("briefs", "briefs")
}

/// The example data with `from` replaced by `to` in `file`.
fn changed(t: Test, file: &str, from: &str, to: &str) -> Test {
    let p = t.path(file);
    let src = std::fs::read_to_string(&p).unwrap();
    assert!(src.contains(from), "{file} lacks {from:?}");
    std::fs::write(&p, src.replacen(from, to, 1)).unwrap();
    t
}

/// Data with two mistakes in two files: a city misspelt in a trip, and a
/// year written in words in a city.
fn two_mistakes() -> Test {
    let t = changed(example(), ASTANA, "city = \"astana\"", "city = \"astna\"");
    changed(t, "briefs/cities/seoul.toml", "established_year = 2006", "established_year = \"สองพันหก\"")
}

/// Run the binary in `dir` on a pseudo-terminal (standard output and
/// error both go to it; `script` copies what it shows to our stdout).
fn on_terminal(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let bin = env!("CARGO_BIN_EXE_briefpack");
    let line = std::iter::once(bin).chain(args.iter().copied()).map(quote).collect::<Vec<_>>().join(" ");
    let mut cmd = Command::new("script");
    cmd.args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .env("TERM", "xterm-256color")
        .env("BRIEFPACK_CACHE_DIR", dir.join(".cache"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("`script` (util-linux) is needed to run briefpack on a terminal ({e}); run .ci/install-test-deps")
    });
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Single quotes for sh.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `text` without ANSI escape sequences (CSI ... letter).
fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\x1b' && it.peek() == Some(&'[') {
            it.next();
            for d in it.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// Colour.

#[test]
fn color_always_paints_error_help_and_caret_and_only_adds_escapes() {
    let plain = two_mistakes().args(&["check", "briefs"]).run().failure();
    let painted = two_mistakes().args(&["--color", "always", "check", "briefs"]).run().failure();
    let (plain, painted) = (plain.stderr(), painted.stderr());
    assert!(!plain.contains(ESC), "{plain:?}");
    assert_eq!(strip(&painted), plain);
    // Red bold `error:`, cyan `help:`, the caret red.
    assert!(painted.contains("\x1b[1m\x1b[31merror:"), "{painted:?}");
    assert!(painted.contains("\x1b[1m\x1b[36mhelp:"), "{painted:?}");
    assert!(painted.contains("\x1b[1m\x1b[31m^^^^^^^"), "{painted:?}");
}

#[test]
fn color_never_and_a_pipe_give_plain_text() {
    for args in [&["--color", "never", "check", "briefs"][..], &["check", "briefs"][..]] {
        let run = two_mistakes().args(args).run().failure();
        assert!(!run.stderr().contains(ESC), "{args:?}: {:?}", run.stderr());
        assert!(run.stderr().contains("there is no city `astna`"));
    }
}

#[test]
fn auto_colours_a_terminal_unless_no_color_is_set() {
    let t = two_mistakes();
    let dir = t.dir.path();
    let (ok, shown) = on_terminal(dir, &["check", "briefs"], &[]);
    assert!(!ok);
    assert!(shown.contains("\x1b[1m\x1b[31merror:"), "{shown:?}");
    let (_, no_color) = on_terminal(dir, &["check", "briefs"], &[("NO_COLOR", "1")]);
    assert!(!no_color.contains(ESC), "{no_color:?}");
    assert_eq!(strip(&shown), no_color);
    let (_, never) = on_terminal(dir, &["check", "briefs", "--color=never"], &[]);
    assert!(!never.contains(ESC), "{never:?}");
    // The flag wins over the environment.
    let (_, forced) = on_terminal(dir, &["--color", "always", "check", "briefs"], &[("NO_COLOR", "1")]);
    assert!(forced.contains("\x1b[1m\x1b[31merror:"), "{forced:?}");
}

#[test]
fn a_warning_is_yellow_with_color_always() {
    let t =
        Test::new().file("w.xml", "<document title=\"t\" lang=\"th\">\n<p class=\"nostyle\">สวัสดี</p>\n</document>\n");
    let run = t.args(&["render", "w.xml", "--color", "always"]).run().success();
    assert!(run.stderr().contains("w.xml:2:1: \x1b[1m\x1b[33mwarning:"), "{:?}", run.stderr());
}

// -q and -v.

#[test]
fn quiet_says_nothing_on_success_but_still_shows_errors() {
    let run = example().args(&["-q", "build", ASTANA, "-o", "a.pdf"]).run().success();
    assert_eq!(run.stderr(), "");
    assert!(run.dir.join("a.pdf").exists());
    let run = example().args(&["check", "briefs", "-q"]).run().success();
    assert_eq!(run.stderr(), "");
    let run = two_mistakes().args(&["-q", "check", "briefs"]).run().failure();
    let normal = two_mistakes().args(&["check", "briefs"]).run().failure();
    assert_eq!(run.stderr(), normal.stderr());
    assert!(run.stderr().contains("there is no city `astna`"));
}

#[test]
fn quiet_hides_warnings_which_are_shown_otherwise() {
    let xml = "<document title=\"t\" lang=\"th\">\n<p class=\"nostyle\">สวัสดี</p>\n</document>\n";
    let run = Test::new().file("w.xml", xml).args(&["render", "w.xml"]).run().success();
    assert!(run.stderr().contains("warning: class `nostyle` is not styled"), "{}", run.stderr());
    assert!(run.stderr().contains("wrote w.pdf"), "{}", run.stderr());
    let run = Test::new().file("w.xml", xml).args(&["render", "w.xml", "--quiet"]).run().success();
    assert_eq!(run.stderr(), "");
    assert!(run.dir.join("w.pdf").exists());
}

#[test]
fn verbose_shows_timings_and_the_files_read() {
    let run = example().args(&["build", ASTANA, "-o", "a.pdf", "-v"]).run().success();
    let err = run.stderr();
    for stage in ["ms  command line", "ms  templates read", "ms  PDF written", "ms  done"] {
        assert!(err.contains(stage), "lacks {stage:?}:\n{err}");
    }
    assert!(err.contains(&format!("  read {ASTANA}")), "{err}");
    assert!(err.contains("  read briefs/cities/astana.toml"), "{err}");
    let plain = example().args(&["build", ASTANA, "-o", "a.pdf"]).run().success();
    assert!(!plain.stderr().contains(" ms "), "{}", plain.stderr());
    assert!(!plain.stderr().contains("  read "), "{}", plain.stderr());
}

#[test]
fn quiet_and_verbose_together_are_refused() {
    let run = example().args(&["-q", "-v", "check", "briefs"]).run().failure();
    assert_eq!(run.output.status.code(), Some(2));
    assert!(run.stderr().contains("cannot be used with"), "{}", run.stderr());
}

// check --format json.

fn json_lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn check_json_gives_one_object_per_problem_then_a_summary() {
    let human = two_mistakes().args(&["check", "briefs"]).run().failure().stderr();
    let run = two_mistakes().args(&["check", "briefs", "--format", "json"]).run().failure();
    assert_eq!(run.output.status.code(), Some(1));
    assert_eq!(run.stderr(), "", "JSON mode says nothing on stderr");
    let lines = json_lines(&run.stdout());
    let (summary, problems) = lines.split_last().unwrap();
    assert_eq!(problems.len(), 2, "{lines:#?}");
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["errors"], 2);
    assert_eq!(summary["warnings"], 0);
    assert!(summary["cities"].is_null());
    for p in problems {
        assert_eq!(p["type"], "diagnostic");
        assert_eq!(p["severity"], "error");
        let (file, line, column) =
            (p["file"].as_str().unwrap(), p["line"].as_u64().unwrap(), p["column"].as_u64().unwrap());
        assert_eq!(p["end"]["line"], line);
        assert!(p["end"]["column"].as_u64().unwrap() > column);
        // The same problem as the human message, at the same place.
        let at = format!("error: {file}:{line}:{column}: {}\n", p["message"].as_str().unwrap());
        assert!(human.contains(&at), "{at:?} not in\n{human}");
        assert!(human.contains(&format!("= help: {}\n", p["help"].as_str().unwrap())), "{human}");
    }
    let city = problems.iter().find(|p| p["file"] == ASTANA).expect("the trip's problem");
    assert_eq!((city["line"].as_u64(), city["column"].as_u64()), (Some(6), Some(8)));
    // `"astna"`: seven characters from column 8.
    assert_eq!(city["end"]["column"], 15);
    assert!(city["help"].as_str().unwrap().contains("did you mean `astana`?"));
    assert!(problems.iter().any(|p| p["file"] == "briefs/cities/seoul.toml"));
}

#[test]
fn check_json_on_good_data_is_the_summary_alone() {
    let run = example().args(&["check", "--format", "json", "briefs"]).run().success();
    assert_eq!(run.stderr(), "");
    let lines = json_lines(&run.stdout());
    assert_eq!(lines.len(), 1, "{lines:?}");
    let s = &lines[0];
    assert_eq!((s["type"].as_str(), s["errors"].as_u64()), (Some("summary"), Some(0)));
    assert_eq!((s["cities"].as_u64(), s["trips"].as_u64()), (Some(2), Some(2)));
    assert!(s["interactions"].as_u64().unwrap() > 0);
}

#[test]
fn check_json_reports_a_problem_without_a_place_too() {
    let run = Test::new().args(&["check", "nowhere", "--format", "json"]).run().failure();
    let lines = json_lines(&run.stdout());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0]["file"].is_null() && lines[0]["line"].is_null() && lines[0]["end"].is_null());
    assert_eq!(lines[0]["message"], "nowhere is not a folder");
    assert_eq!(lines[1]["errors"], 1);
}

// Wildcards the shell did not expand.

#[test]
fn a_quoted_glob_builds_every_trip_it_matches() {
    let run = example().args(&["build", "briefs/trips/*.toml"]).run().success();
    for pdf in ["astana-2026-12.pdf", "seoul-2027-03.pdf"] {
        assert!(run.dir.join(pdf).exists(), "{pdf} missing:\n{}", run.stderr());
    }
    let err = run.stderr();
    let (a, s) = (err.find("wrote astana-2026-12.pdf").unwrap(), err.find("wrote seoul-2027-03.pdf").unwrap());
    assert!(a < s, "alphabetical order:\n{err}");
}

#[test]
fn an_unmatched_glob_is_an_error_naming_it() {
    let run = example().args(&["build", ASTANA, "briefs/trips/*.tmol"]).run().failure().no_output();
    assert_eq!(run.output.status.code(), Some(1));
    assert_eq!(
        run.stderr(),
        "error: no file matches briefs/trips/*.tmol\n  = help: check the pattern, or list the trip files by name\n"
    );
}

#[test]
fn send_expands_a_glob_of_pdfs() {
    let t = example();
    let run = t.args(&["build", ASTANA, SEOUL]).run().success();
    let out = common::run_in(&run.dir, &["send", "*.pdf", "--dry-run"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(run.dir.join("astana-2026-12.eml").exists());
    assert!(run.dir.join("seoul-2027-03.eml").exists());
}

// The progress bar.

#[test]
fn the_progress_bar_shows_on_a_terminal_and_not_with_quiet_nor_in_a_pipe() {
    let t = example();
    let dir = t.dir.path();
    let (ok, shown) = on_terminal(dir, &["build", ASTANA, SEOUL], &[]);
    assert!(ok, "{shown}");
    assert!(shown.contains("2/2"), "no bar:\n{shown:?}");
    assert!(shown.contains("wrote seoul-2027-03.pdf"), "{shown:?}");
    let (ok, quiet) = on_terminal(dir, &["build", ASTANA, SEOUL, "-q"], &[]);
    assert!(ok, "{quiet}");
    assert_eq!(quiet, "", "-q shows nothing on success");
    let piped = common::run_in(dir, &["build", ASTANA, SEOUL], &[]);
    let piped = String::from_utf8_lossy(&piped.stderr);
    assert!(!piped.contains("/2") && !piped.contains(ESC), "{piped:?}");
}
