//! Every file briefpack writes gets the mode the user's umask gives a new
//! file (issue 13, item 1), not the 0600 of the temporary file it is written
//! to first; a file it replaces keeps its mode; missing folders are made;
//! errors name the file asked for, never the temporary one. The umask is
//! set in the child process only (the tests share this process's).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use common::Test;

const TRIP: &str = "briefs/trips/astana-2026-12.toml";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o7777
}

/// Run the binary in `dir` with `umask`, expecting success.
fn under_umask(dir: &Path, umask: u32, args: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpack"));
    cmd.args(args)
        .current_dir(dir)
        .env("BRIEFPACK_CACHE_DIR", dir.join(".cache"))
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR");
    // SAFETY: umask is async-signal-safe and changes only the child.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(umask as libc::mode_t);
            Ok(())
        });
    }
    let out = cmd.output().expect("run briefpack");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} under umask {umask:03o}:\n{err}");
    err
}

/// What each command writes, under three umasks: 0666 less the umask.
#[test]
fn every_new_file_gets_the_umask_mode() {
    for umask in [0o022, 0o027, 0o002] {
        let want = 0o666 & !umask;
        let t = Test::new().copy("briefs", "briefs");
        let dir = t.dir.path();
        under_umask(dir, umask, &["build", TRIP, "-o", "out/pack.pdf", "--emit-markup", "--send", "--dry-run"]);
        under_umask(dir, umask, &["monthly", "--month", "2023-02", "-o", "monthly.pdf", "briefs"]);
        under_umask(dir, umask, &["send", "monthly.pdf", "--dry-run"]);
        under_umask(
            dir,
            umask,
            &[
                "render",
                &common::repo().join("tests/fixtures/thai-sample.xml").display().to_string(),
                "-o",
                "sample.pdf",
            ],
        );
        under_umask(dir, umask, &["new", "city", "tokyo"]);
        under_umask(dir, umask, &["new", "trip", "tokyo-2027-01", "--city", "tokyo"]);
        under_umask(dir, umask, &["man", "--dir", "man/man1"]);
        for file in [
            "out/pack.pdf",
            "out/pack.xml",
            "out/pack.eml",
            "monthly.pdf",
            "monthly.eml",
            "sample.pdf",
            "briefs/cities/tokyo.toml",
            "briefs/trips/tokyo-2027-01.toml",
            "man/man1/briefpack-build.1",
        ] {
            assert_eq!(mode(&dir.join(file)), want, "{file} under umask {umask:03o}");
        }
        // Folders made on the way: 0777 less the umask.
        for folder in ["out", "man", "man/man1"] {
            assert_eq!(mode(&dir.join(folder)), 0o777 & !umask, "{folder} under umask {umask:03o}");
        }
    }
}

#[test]
fn a_replaced_file_keeps_its_mode_whatever_the_umask() {
    let t = Test::new().copy("briefs", "briefs").file("a.pdf", "%PDF-1.7 older\n").file("a.xml", "<old/>");
    std::fs::set_permissions(t.path("a.pdf"), std::fs::Permissions::from_mode(0o604)).unwrap();
    std::fs::set_permissions(t.path("a.xml"), std::fs::Permissions::from_mode(0o664)).unwrap();
    under_umask(t.dir.path(), 0o077, &["build", TRIP, "-o", "a.pdf", "--emit-markup"]);
    assert_eq!(mode(&t.path("a.pdf")), 0o604);
    assert_eq!(mode(&t.path("a.xml")), 0o664);
    assert!(std::fs::read(t.path("a.pdf")).unwrap().len() > 1000, "the PDF was replaced");
}

/// Where the temporary file cannot be made, the message names the file
/// asked for; nothing is left.
#[test]
fn errors_name_the_output_not_the_temporary_file() {
    let t =
        Test::new().file("w.xml", "<document title=\"t\" lang=\"th\">\n<p>สวัสดี</p>\n</document>\n").file("a-file", "");
    let cases = [
        // sysfs: no new files there, not even for root.
        ("/sys/briefpack-test.pdf", "error: cannot write /sys/briefpack-test.pdf: "),
        ("a-file/x.pdf", "error: cannot write a-file/x.pdf: Not a directory (os error 20)\n"),
    ];
    for (out, want) in cases {
        let run = common::run_in(t.dir.path(), &["render", "w.xml", "-o", out], &[]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{err}");
        assert!(err.starts_with(want), "{err}");
        assert!(!err.contains(".part") && !err.contains(".briefpack-"), "{err}");
    }
    let left: Vec<_> = std::fs::read_dir(t.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

/// A password file others can read is still a warning (nothing is sent
/// here: port 1 of this machine refuses the connection, the message stays
/// in the outbox), gone once the file is private; `-q` hides warnings.
#[test]
fn a_password_file_others_can_read_is_a_warning() {
    let mail = "default_to = [\"a@example.org\"]\noutbox = \"outbox\"\n[smtp]\nhost = \"127.0.0.1\"\nport = 1\n\
                tls = \"none\"\nusername = \"u\"\npassword_file = \"pw.txt\"\nattempts = 1\n\
                [from]\nname = \"x\"\naddress = \"x@example.org\"\n";
    let t = Test::new()
        .copy("tests/fixtures/thai-sample.xml", "doc.xml")
        .file("mail.toml", mail)
        .file("pw.txt", "secret\n");
    std::fs::set_permissions(t.path("pw.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let dir = t.dir.path().to_path_buf();
    under_umask(&dir, 0o022, &["render", "doc.xml", "-o", "doc.pdf"]);
    let send = |extra: &[&str]| {
        let mut args = vec!["send", "--config", "mail.toml", "--insecure"];
        args.extend(extra);
        let run = common::run_in(&dir, &args, &[]);
        assert_eq!(run.status.code(), Some(1), "the server is down");
        String::from_utf8_lossy(&run.stderr).into_owned()
    };
    let warning = "warning: ./pw.txt can be read by other users; run chmod 600 on it";
    assert!(send(&["doc.pdf"]).contains(warning));
    let quiet = send(&["-q"]);
    assert!(!quiet.contains("warning") && quiet.contains("is still in the outbox"), "{quiet}");
    std::fs::set_permissions(dir.join("pw.txt"), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(!send(&[]).contains("warning"));
}
