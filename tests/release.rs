//! What a release carries (issue 13, item 10): examples in the help that
//! work, a README whose commands exist, a licence and a changelog that match
//! Cargo.toml, and a .gitignore that keeps outputs out and fixtures in.

mod common;

use std::path::Path;

use common::{Test, repo};

/// The commands `briefpack --help` lists.
fn commands() -> Vec<String> {
    let help = Test::new().args(&["--help"]).run().success().stdout();
    let list = help.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    list.lines().map(|l| l.split_whitespace().next().unwrap().to_string()).collect()
}

/// The example lines of `briefpack --help`, without the leading `briefpack`.
fn help_examples() -> Vec<Vec<String>> {
    let help = Test::new().args(&["--help"]).run().success().stdout();
    let examples = help.split("Examples:\n").nth(1).expect("the help has examples");
    examples
        .lines()
        .filter_map(|l| l.trim().strip_prefix("briefpack "))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_files_the_help_examples_read_exist() {
    let examples = help_examples();
    assert!(examples.len() >= 7, "{examples:?}");
    let known = commands();
    for ex in &examples {
        assert!(known.contains(&ex[0]), "{ex:?}: no command {}", ex[0]);
        // The inputs of the examples: files of the repository (outputs come after -o or >).
        let mut args = ex.iter().skip(1);
        while let Some(a) = args.next() {
            if a == "-o" || a == ">" || a == "--to" {
                args.next();
            } else if a.contains('/') && !a.starts_with('~') && Path::new(a).extension().is_some() {
                assert!(repo().join(a).exists(), "{ex:?}: {a} does not exist");
            }
        }
    }
}

#[test]
fn the_render_example_of_the_help_works() {
    let ex = help_examples().into_iter().find(|e| e[0] == "render").expect("a render example");
    let out = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = ex.clone();
    let o = args.iter().position(|a| a == "-o").expect("-o in the example");
    args[o + 1] = out.path().join(&ex[o + 1]).display().to_string();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = common::run_in(&repo(), &args, &[]);
    assert!(run.status.success(), "{ex:?}: {}", String::from_utf8_lossy(&run.stderr));
    assert!(std::fs::read(out.path().join(&ex[o + 1])).unwrap().starts_with(b"%PDF-"));
}

/// `briefpack WORD` in the README's code blocks: WORD is a command (flags
/// before it are skipped, and `--color`'s value).
#[test]
fn the_readme_runs_only_commands_that_exist() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let known = commands();
    let mut in_code = false;
    let mut seen = 0;
    for line in readme.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        for (i, t) in tokens.iter().enumerate() {
            if *t != "briefpack" && !t.ends_with("/briefpack") {
                continue;
            }
            let mut rest = tokens[i + 1..].iter();
            let mut next = rest.next();
            // `-q`, `--color=never`, `--color always`; not `--` nor `-` alone.
            while let Some(flag) = next.filter(|n| n.starts_with('-') && n.len() > 1 && **n != "--") {
                if *flag == "--color" {
                    rest.next();
                }
                next = rest.next();
            }
            if let Some(word) = next.filter(|w| w.chars().all(|c| c.is_ascii_lowercase())) {
                assert!(known.iter().any(|k| k == word), "README: `{line}`: no command {word}");
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "only {seen} commands found in the README's code");
}

#[test]
fn the_licence_and_the_changelog_match_cargo_toml() {
    let manifest: toml::Table = toml::from_str(&std::fs::read_to_string(repo().join("Cargo.toml")).unwrap()).unwrap();
    let package = manifest["package"].as_table().unwrap();
    assert_eq!(package["license"].as_str(), Some("MIT"));
    let licence = std::fs::read_to_string(repo().join("LICENSE")).unwrap();
    assert!(licence.starts_with("MIT License\n\nCopyright (c) "), "{licence}");
    assert!(licence.lines().nth(2).unwrap().ends_with(" briefpack contributors"));
    let changelog = std::fs::read_to_string(repo().join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("\n## [Unreleased]\n"));
    let version = package["version"].as_str().unwrap();
    assert!(changelog.contains(&format!("\n## [{version}] - ")), "CHANGELOG.md has no section for {version}");
    // Release builds carry no debug info (a smaller binary, a faster link).
    let release = manifest["profile"]["release"].as_table().unwrap();
    assert_eq!(release.get("debug").and_then(|d| d.as_bool()), Some(false));
}

#[test]
fn gitignore_keeps_outputs_out_and_sources_in() {
    let ignored = |path: &str| {
        let out = std::process::Command::new("git")
            .args(["check-ignore", "--no-index", "-q", path])
            .current_dir(repo())
            .output()
            .expect("git is needed by this test");
        match out.status.code() {
            Some(0) => true,
            Some(1) => false,
            _ => panic!("git check-ignore {path}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    };
    for path in [
        "astana-2026-12.pdf",
        "out/monthly-2026-11.pdf",
        "out/astana.xml",
        "astana-2026-12.eml",
        "briefs/outbox/pending/x.eml",
        "briefs/outbox/sent.log",
        ".briefpack-x1y2z3.part",
        "target/debug/briefpack",
    ] {
        assert!(ignored(path), "{path} should be ignored");
    }
    for path in [
        "tests/fixtures/scan.pdf",
        "tests/fixtures/thai-sample.xml",
        "briefs/cities/seoul.toml",
        "briefs/mail.toml",
        "templates/pack.hbs",
        "src/main.rs",
        "LICENSE",
    ] {
        assert!(!ignored(path), "{path} should be kept");
    }
}
