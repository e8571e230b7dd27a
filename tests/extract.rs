//! PDF/A-3u packs carry their data (issue 14, item 2): `build`, `monthly`
//! and `render` with `--pdf-standard a-3u` attach the files they were made
//! from, and `briefpack extract PDF DIR` writes them back out, byte for
//! byte, under their paths in the briefs folder; never outside DIR, never
//! over a file unless --force, with the user's umask.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{Test, run_in};
use lopdf::{Document, Object};

const TRIP: &str = "briefs/trips/astana-2026-12.toml";

/// The example briefs, with the Astana pack built as PDF/A-3u in pack.pdf.
fn astana_a3u() -> common::Run {
    Test::new()
        .copy("briefs", "briefs")
        .args(&["build", TRIP, "-o", "pack.pdf", "--pdf-standard", "a-3u"])
        .run()
        .success()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir`, relative to it, in order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// `briefpack extract` in `dir` under `umask` (set in the child only).
fn extract_under_umask(dir: &Path, umask: u32, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpack"));
    cmd.arg("extract").args(args).current_dir(dir).env_remove("NO_COLOR");
    // SAFETY: umask is async-signal-safe and changes only the child.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(umask as libc::mode_t);
            Ok(())
        });
    }
    cmd.output().expect("run briefpack")
}

#[test]
fn an_a_3u_pack_gives_back_its_data_byte_for_byte() {
    let run = astana_a3u();
    let out = extract_under_umask(&run.dir, 0o027, &["pack.pdf", "restored"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let restored = run.dir.join("restored");
    let files = files_under(&restored);
    assert_eq!(files, [Path::new("cities/astana.toml"), Path::new("trips/astana-2026-12.toml")]);
    let mut listed = String::new();
    for f in &files {
        let original = std::fs::read(run.dir.join("briefs").join(f)).unwrap();
        assert!(std::fs::read(restored.join(f)).unwrap() == original, "{} differs from the original", f.display());
        assert_eq!(mode(&restored.join(f)), 0o640, "{} under umask 027", f.display());
        listed += &format!("wrote restored/{} ({} bytes)\n", f.display(), original.len());
    }
    for folder in ["restored", "restored/cities", "restored/trips"] {
        assert_eq!(mode(&run.dir.join(folder)), 0o750, "{folder} under umask 027");
    }
    assert_eq!(stderr(&out), listed);
    // What was extracted is a briefs folder again: the same pack comes of it
    // (the photos are not data files: they are taken from the original).
    std::fs::remove_dir_all(run.dir.join("briefs/trips")).unwrap();
    std::fs::rename(restored.join("trips"), run.dir.join("briefs/trips")).unwrap();
    let again = run_in(&run.dir, &["build", TRIP, "-o", "again.pdf", "--pdf-standard", "a-3u"], &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(std::fs::read(run.dir.join("again.pdf")).unwrap() == std::fs::read(run.dir.join("pack.pdf")).unwrap());
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let run = astana_a3u();
    let dir = &run.dir;
    assert!(run_in(dir, &["extract", "pack.pdf", "out"], &[]).status.success());
    std::fs::write(dir.join("out/trips/astana-2026-12.toml"), "changed").unwrap();
    let out = run_in(dir, &["extract", "pack.pdf", "out"], &[]);
    assert!(!out.status.success());
    insta::assert_snapshot!("existing_files", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.join("out/trips/astana-2026-12.toml")).unwrap(), "changed");
    let out = run_in(dir, &["extract", "pack.pdf", "out", "--force"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read(dir.join("out/trips/astana-2026-12.toml")).unwrap() == std::fs::read(dir.join(TRIP)).unwrap()
    );
    // The PDF being read is never written over, even with --force.
    let pdf = renamed(&run, "self.pdf", "self.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let out = run_in(dir, &["extract", "self.pdf", ".", "--force"], &[]);
    assert!(!out.status.success());
    insta::assert_snapshot!("onto_the_pdf", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap() == before && !dir.join("trips").exists());
}

#[test]
fn a_pdf_without_attachments_says_so() {
    let run = Test::new().copy("briefs", "briefs").args(&["build", TRIP, "-o", "pack.pdf"]).run().success();
    let out = run_in(&run.dir, &["extract", "pack.pdf", "out"], &[]);
    assert!(!out.status.success());
    insta::assert_snapshot!("no_attachments", stderr(&out));
    assert!(!run.dir.join("out").exists(), "a folder was made");
    let out = run_in(&run.dir, &["extract", "briefs/mail.toml", "out"], &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).starts_with("error: cannot read briefs/mail.toml as a PDF: "), "{}", stderr(&out));
}

/// The pack, saved as `file`, with the name of its first attached file
/// replaced by `name` (its /F and /UF: a PDF made to write elsewhere).
fn renamed(run: &common::Run, name: &str, file: &str) -> PathBuf {
    let mut doc = Document::load(run.dir.join("pack.pdf")).unwrap();
    let af = doc.catalog().unwrap().get(b"AF").unwrap().as_array().unwrap()[0].as_reference().unwrap();
    let spec = doc.get_object_mut(af).unwrap().as_dict_mut().unwrap();
    for key in ["F", "UF"] {
        spec.set(key, Object::string_literal(name));
    }
    let path = run.dir.join(file);
    doc.save(&path).unwrap();
    path
}

#[test]
fn names_that_lead_out_of_the_folder_are_refused_before_anything_is_written() {
    let run = astana_a3u();
    let outside = run.dir.join("outside");
    std::fs::create_dir(&outside).unwrap();
    for (name, snapshot) in [("../../evil.toml", "name_with_dotdot"), ("/tmp/evil.toml", "absolute_name")] {
        renamed(&run, name, "bad.pdf");
        let out = run_in(&outside, &["extract", "../bad.pdf", "out"], &[]);
        assert!(!out.status.success());
        insta::assert_snapshot!(snapshot, stderr(&out));
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "{name}: something was written");
    }
    assert!(!run.dir.join("evil.toml").exists());
}

#[test]
fn the_monthly_report_carries_every_city_and_trip_file_it_read() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .args(&["monthly", "--month", "2023-02", "briefs", "-o", "m.pdf", "--pdf-standard", "a-3u"])
        .run()
        .success();
    assert!(run_in(&run.dir, &["extract", "m.pdf", "data"], &[]).status.success());
    let data: Vec<PathBuf> = files_under(&run.dir.join("briefs"))
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "toml"))
        .collect();
    let data: Vec<PathBuf> = data.into_iter().filter(|f| f != Path::new("mail.toml")).collect();
    assert!(data.len() >= 5, "{data:?}");
    assert_eq!(files_under(&run.dir.join("data")), data);
    for f in &data {
        let a = std::fs::read(run.dir.join("data").join(f)).unwrap();
        assert!(a == std::fs::read(run.dir.join("briefs").join(f)).unwrap(), "{} differs", f.display());
    }
}

#[test]
fn render_attaches_its_markup() {
    let sample = common::repo().join("tests/fixtures/thai-sample.xml");
    let t = Test::new();
    let dir = t.dir.path().to_path_buf();
    let out = run_in(&dir, &["render", sample.to_str().unwrap(), "-o", "s.pdf", "--pdf-standard", "a-3u"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(run_in(&dir, &["extract", "s.pdf", "x"], &[]).status.success());
    assert_eq!(files_under(&dir.join("x")), [Path::new("thai-sample.xml")]);
    assert!(std::fs::read(dir.join("x/thai-sample.xml")).unwrap() == std::fs::read(&sample).unwrap());
}
