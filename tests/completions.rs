//! Shell completions and manual pages (issue 13, item 6), made from the same
//! clap definitions the command line is parsed with: each names every
//! command, and the options of one.

mod common;

use common::Test;

const COMMANDS: [&str; 12] =
    ["init", "build", "monthly", "send", "outbox", "check", "new", "render", "extract", "schema", "completions", "man"];

/// Every command listed by `briefpack --help`: the lists below are checked
/// against the binary, not only against this file.
fn commands_in_help() -> Vec<String> {
    let run = Test::new().args(&["--help"]).run().success();
    let help = run.stdout();
    let list = help.split("Commands:\n").nth(1).unwrap().split("\n\n").next().unwrap();
    list.lines().map(|l| l.split_whitespace().next().unwrap().to_string()).filter(|c| c != "help").collect()
}

#[test]
fn the_help_lists_the_commands_the_tests_know() {
    assert_eq!(commands_in_help(), COMMANDS);
}

#[test]
fn each_shell_gets_a_script_naming_every_command() {
    for (shell, marker) in [
        ("bash", "complete -F _briefpack"),
        ("zsh", "#compdef briefpack"),
        ("fish", "complete -c briefpack"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let run = Test::new().args(&["completions", shell]).run().success();
        let script = run.stdout();
        assert!(script.contains(marker), "{shell}: lacks {marker:?}");
        for c in COMMANDS {
            assert!(script.contains(c), "{shell}: lacks the command {c}");
        }
        for option in ["emit-markup", "dry-run", "format", "color", "pdf-standard"] {
            assert!(script.contains(option), "{shell}: lacks --{option}");
        }
        assert_eq!(run.stderr(), "");
    }
}

#[test]
fn bash_accepts_its_script() {
    let run = Test::new().args(&["completions", "bash"]).run().success();
    let dir = run.dir.clone();
    std::fs::write(dir.join("c.bash"), run.stdout()).unwrap();
    let out = common::tool("bash", &["-n", dir.join("c.bash").to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_unknown_shell_is_refused_with_the_choices() {
    let run = Test::new().args(&["completions", "tcsh"]).run().failure();
    assert_eq!(run.output.status.code(), Some(2));
    assert!(run.stderr().contains("[possible values: bash, elvish, fish, powershell, zsh]"), "{}", run.stderr());
}

#[test]
fn the_manual_page_goes_to_standard_output() {
    let run = Test::new().args(&["man"]).run().success();
    let page = run.stdout();
    assert!(page.contains(".TH briefpack 1"), "{page}");
    for c in COMMANDS {
        assert!(page.contains(&format!("briefpack\\-{c}(1)")), "the page does not point to briefpack-{c}(1)");
    }
    assert!(page.contains("tests/fixtures/thai\\-sample.xml"), "the examples are on the page");
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let run = Test::new().args(&["man", "--dir", "share/man/man1"]).run().success();
    let dir = run.dir.join("share/man/man1");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut want: Vec<String> = COMMANDS.iter().map(|c| format!("briefpack-{c}.1")).collect();
    want.push("briefpack.1".into());
    want.sort();
    assert_eq!(names, want);
    let build = std::fs::read_to_string(dir.join("briefpack-build.1")).unwrap();
    assert!(build.contains(".TH briefpack-build 1"), "{build}");
    assert!(build.contains("emit\\-markup"), "{build}");
    assert!(run.stderr().contains("wrote 13 manual pages to share/man/man1"), "{}", run.stderr());
}
