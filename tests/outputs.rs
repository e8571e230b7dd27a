//! Where the files go (issue 11, items 1, 2, 11, 12 and 15): an output onto
//! an input is refused and the input kept, devices, FIFOs and symlinks stay
//! what they are, modes are kept, stale temporary files are swept, a failed
//! run leaves no file, and `new trip --city` cannot inject TOML. Each test
//! runs the real binary and compares every file of its directory before and
//! after.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use common::{Run, Test};

const TRIP: &str = "briefs/trips/astana-2026-12.toml";

fn example() -> Test {
    Test::new().copy("briefs", "briefs")
}

/// What a directory holds: each file's bytes, each symlink's target,
/// FIFOs and folders by kind; the photo cache (`.cache`) left out.
fn tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            if rel == Path::new(".cache") {
                continue;
            }
            let t = e.file_type().unwrap();
            let what = if t.is_symlink() {
                format!("symlink to {}", std::fs::read_link(&p).unwrap().display())
            } else if t.is_fifo() {
                "fifo".into()
            } else if t.is_dir() {
                walk(root, &p, out);
                "folder".into()
            } else {
                let bytes = std::fs::read(&p).unwrap();
                format!("{} bytes, sha {:x}", bytes.len(), fnv(&bytes))
            };
            out.insert(rel, what);
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A quick fingerprint of a file's bytes (tests compare, nothing is secret).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100000001b3))
}

/// The run's stderr with its temporary directory written as `[TMP]`.
fn stderr(run: &Run) -> String {
    let mut s = run.stderr();
    for dir in [run.dir.canonicalize().unwrap(), run.dir.clone()] {
        s = s.replace(&dir.display().to_string(), "[TMP]");
    }
    s
}

fn exit_code(run: &Run) -> Option<i32> {
    run.output.status.code()
}

/// Run `args` in `t`'s directory, expect failure with exit code 1, and
/// that no file in the directory changed, appeared or went.
fn refused(t: Test, args: &[&str]) -> Run {
    let before = tree(t.dir.path());
    let run = t.args(args).run().failure();
    assert_eq!(exit_code(&run), Some(1), "{}", run.stderr());
    assert_eq!(tree(&run.dir), before, "files changed:\n{}", run.stderr());
    run
}

fn age(path: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(secs)).unwrap();
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// The PDF of the Astana pack, built by a plain run (for comparisons).
fn astana_pdf() -> Vec<u8> {
    let run = example().args(&["build", TRIP, "-o", "plain.pdf"]).run().success();
    std::fs::read(run.dir.join("plain.pdf")).unwrap()
}

// Item 1: an output onto an input.

#[test]
fn build_onto_its_trip_is_refused() {
    let run = refused(example(), &["build", TRIP, "-o", TRIP]);
    insta::assert_snapshot!("onto_trip", stderr(&run));
}

#[test]
fn build_onto_its_city_file_is_refused() {
    let run = refused(example(), &["build", TRIP, "-o", "briefs/cities/astana.toml"]);
    insta::assert_snapshot!("onto_city", stderr(&run));
}

#[test]
fn build_onto_an_interactions_file_of_its_city_is_refused() {
    let run = refused(
        example(),
        &["build", "briefs/trips/seoul-2027-03.toml", "-o", "briefs/cities/seoul/2019-friendship-festival.toml"],
    );
    insta::assert_snapshot!("onto_interactions", stderr(&run));
}

#[test]
fn build_onto_a_photo_is_refused() {
    let run = refused(example(), &["build", TRIP, "-o", "briefs/cities/astana/photos/nurlan.jpg"]);
    insta::assert_snapshot!("onto_photo", stderr(&run));
}

#[test]
fn build_onto_its_theme_is_refused_before_any_work() {
    let t = example().file("theme.toml", "[page]\nsize = \"A4\"\n");
    let run = refused(t, &["build", TRIP, "--theme", "theme.toml", "-o", "theme.toml"]);
    insta::assert_snapshot!("onto_theme", stderr(&run));
}

#[test]
fn build_onto_a_template_is_refused() {
    let t = example().copy("templates/cover.hbs", "mine/cover.hbs");
    let run = refused(t, &["build", TRIP, "--templates", "mine", "-o", "mine/cover.hbs"]);
    insta::assert_snapshot!("onto_template", stderr(&run));
}

#[test]
fn a_symlink_or_hard_link_to_the_trip_is_the_trip() {
    let t = example();
    std::os::unix::fs::symlink(TRIP, t.path("link.pdf")).unwrap();
    let run = refused(t, &["build", TRIP, "-o", "link.pdf"]);
    insta::assert_snapshot!("onto_symlink_to_trip", stderr(&run));
    let t = example();
    std::fs::hard_link(t.path(TRIP), t.path("hard.pdf")).unwrap();
    let run = refused(t, &["build", TRIP, "-o", "hard.pdf"]);
    insta::assert_snapshot!("onto_hard_link_to_trip", stderr(&run));
}

#[test]
fn monthly_onto_mail_toml_is_refused() {
    // Without --send, mail.toml is not read; it is still no PDF to replace.
    let run = refused(example(), &["monthly", "--month", "2023-02", "-o", "briefs/mail.toml", "briefs"]);
    insta::assert_snapshot!("monthly_onto_mail_toml", stderr(&run));
    // With --send it is read, and the message says so.
    let run = refused(
        example(),
        &["monthly", "--month", "2023-02", "-o", "briefs/mail.toml", "--send", "--dry-run", "briefs"],
    );
    insta::assert_snapshot!("monthly_send_onto_mail_toml", stderr(&run));
}

#[test]
fn render_onto_its_markup_is_refused() {
    let t = Test::new().file("doc.xml", "<document><p>สวัสดี</p></document>");
    let run = refused(t, &["render", "doc.xml", "-o", "doc.xml"]);
    insta::assert_snapshot!("render_onto_markup", stderr(&run));
}

#[test]
fn render_onto_an_image_it_places_is_refused() {
    let t = Test::new()
        .file("doc.xml", "<document><img src=\"grey.png\" width=\"50%\"/></document>")
        .copy("tests/fixtures/images/grey.png", "grey.png");
    let run = refused(t, &["render", "doc.xml", "-o", "grey.png"]);
    insta::assert_snapshot!("render_onto_image", stderr(&run));
}

#[test]
fn the_markup_and_the_message_beside_the_pdf_are_checked_too() {
    // Odd names, but inputs all the same: the theme is x.xml, then x.eml.
    let t = example().file("x.xml", "[page]\nsize = \"A4\"\n");
    let run = refused(t, &["build", TRIP, "--theme", "x.xml", "-o", "x.pdf", "--emit-markup"]);
    insta::assert_snapshot!("markup_onto_theme", stderr(&run));
    let t = example().file("x.eml", "[page]\nsize = \"A4\"\n");
    let run = refused(t, &["build", TRIP, "--theme", "x.eml", "-o", "x.pdf", "--send", "--dry-run"]);
    insta::assert_snapshot!("eml_onto_theme", stderr(&run));
}

#[test]
fn a_pdf_never_replaces_a_file_that_is_not_one() {
    let t = example().file("notes.txt", "ข้อความสำคัญ\n");
    let run = refused(t, &["build", TRIP, "-o", "notes.txt"]);
    insta::assert_snapshot!("onto_not_a_pdf", stderr(&run));
}

#[test]
fn send_dry_run_does_not_write_its_message_over_the_pdf() {
    // `send x.eml --dry-run` would write x.eml beside x.eml: the PDF itself.
    let t = example().file("x.eml", "%PDF-1.7\n");
    let run = refused(t, &["send", "x.eml", "--dry-run", "--config", "briefs/mail.toml"]);
    insta::assert_snapshot!("eml_onto_pdf", stderr(&run));
}

#[test]
fn an_output_that_is_a_folder_is_refused() {
    let t = example().file("out/keep.txt", "x");
    let run = refused(t, &["build", TRIP, "-o", "out"]);
    insta::assert_snapshot!("onto_folder", stderr(&run));
}

// Item 2: devices, FIFOs, symlinks, standard output; modes.

#[test]
fn dev_null_stays_a_device() {
    let t = example();
    let before = tree(t.dir.path());
    let run = t.args(&["build", TRIP, "-o", "/dev/null"]).run();
    let still_a_device = std::fs::metadata("/dev/null").unwrap().file_type().is_char_device();
    if !still_a_device {
        restore_dev_null();
    }
    assert!(still_a_device, "/dev/null was replaced:\n{}", run.stderr());
    let run = run.success().stderr_has("wrote /dev/null (");
    assert_eq!(tree(&run.dir), before);
}

/// As root, a briefpack that replaces its output replaces the system's
/// /dev/null (it did, before this test): put the device back before failing.
fn restore_dev_null() {
    // SAFETY: plain system calls on a path; only root gets this far.
    unsafe {
        if libc::geteuid() == 0 {
            libc::unlink(c"/dev/null".as_ptr());
            libc::mknod(c"/dev/null".as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3));
            libc::chmod(c"/dev/null".as_ptr(), 0o666);
        }
    }
}

#[test]
fn a_fifo_receives_the_pdf_and_stays_a_fifo() {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let t = example();
    let fifo = t.path("pipe.pdf");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo").success());
    let before = tree(t.dir.path());
    // Open the reading end first, without waiting for a writer, and read
    // until briefpack has ended: a briefpack that never opens the FIFO (that
    // replaces it) makes the test fail, not hang.
    let mut reader = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(&fifo).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefpack"))
        .args(["build", TRIP, "-o", "pipe.pdf"])
        .current_dir(t.dir.path())
        .env("BRIEFPACK_CACHE_DIR", t.path(".cache"))
        .env_remove("SOURCE_DATE_EPOCH")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut got, mut buf) = (Vec::new(), vec![0u8; 1 << 16]);
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let status = loop {
        assert!(std::time::Instant::now() < deadline, "briefpack took more than 2 minutes");
        match reader.read(&mut buf) {
            Ok(0) => match child.try_wait().unwrap() {
                Some(status) => break status,
                None => std::thread::sleep(Duration::from_millis(5)),
            },
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => panic!("reading the FIFO: {e}"),
        }
    };
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "{err}");
    assert!(err.contains("wrote pipe.pdf ("), "{err}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(tree(t.dir.path()), before);
    assert_eq!(got, astana_pdf());
}

#[test]
fn dash_writes_the_pdf_to_standard_output() {
    let t = example();
    let before = tree(t.dir.path());
    let run =
        t.args(&["build", TRIP, "-o", "-"]).run().success().stderr_has("wrote the PDF to standard output (14 pages, ");
    assert_eq!(tree(&run.dir), before);
    assert_eq!(run.output.stdout, astana_pdf());
}

#[test]
fn dash_works_for_render_and_monthly_too() {
    let t = example().file("doc.xml", "<document><p>สวัสดี</p></document>");
    let before = tree(t.dir.path());
    let run = t.args(&["render", "doc.xml", "-o", "-"]).run().success();
    assert!(run.output.stdout.starts_with(b"%PDF-") && run.output.stdout.ends_with(b"%%EOF"));
    assert_eq!(tree(&run.dir), before);
    let t = example();
    let before = tree(t.dir.path());
    let run = t.args(&["monthly", "--month", "2023-02", "-o", "-", "briefs"]).run().success();
    assert!(run.output.stdout.starts_with(b"%PDF-"));
    assert!(run.stderr().contains("wrote the PDF to standard output (3 pages"), "{}", run.stderr());
    assert_eq!(tree(&run.dir), before);
}

#[test]
fn dash_onto_a_terminal_is_refused() {
    // `script` (util-linux) runs the command on a pseudo-terminal; the
    // message is compared without colour (tests/terminal.rs tests colour).
    let t = example();
    let before = tree(t.dir.path());
    let bin = env!("CARGO_BIN_EXE_briefpack");
    let out = Command::new("script")
        .args(["-qec", &format!("BRIEFPACK_CACHE_DIR=off {bin} --color never build {TRIP} -o -"), "/dev/null"])
        .current_dir(t.dir.path())
        .output()
        .expect("`script` (util-linux) is needed by this test");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(t.dir.path()), before);
    insta::assert_snapshot!("stdout_terminal", String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"));
}

#[test]
fn dash_with_emit_markup_or_send_is_refused() {
    let run = refused(example(), &["build", TRIP, "-o", "-", "--emit-markup"]);
    insta::assert_snapshot!("stdout_emit_markup", stderr(&run));
    let run = refused(example(), &["build", TRIP, "-o", "-", "--send", "--dry-run"]);
    insta::assert_snapshot!("stdout_send", stderr(&run));
    assert!(run.output.stdout.is_empty());
}

#[test]
fn a_symlink_output_keeps_its_link() {
    let t = example().file("real/pack.pdf", "%PDF-1.7 an older pack\n");
    std::os::unix::fs::symlink("real/pack.pdf", t.path("out.pdf")).unwrap();
    let run = t.args(&["build", TRIP, "-o", "out.pdf"]).run().success();
    assert_eq!(std::fs::read_link(run.dir.join("out.pdf")).unwrap(), Path::new("real/pack.pdf"));
    assert_eq!(std::fs::read(run.dir.join("real/pack.pdf")).unwrap(), astana_pdf());
    let names: Vec<_> = std::fs::read_dir(run.dir.join("real")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["pack.pdf"]);
}

#[test]
fn an_existing_file_keeps_its_mode() {
    let t = example().file("out.pdf", "%PDF-1.7 an older pack\n");
    std::fs::set_permissions(t.path("out.pdf"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let run = t.args(&["build", TRIP, "-o", "out.pdf"]).run().success();
    assert_eq!(mode(&run.dir.join("out.pdf")), 0o640);
    assert_eq!(std::fs::read(run.dir.join("out.pdf")).unwrap(), astana_pdf());
}

/// Run the binary under `umask` (through sh: the test process's umask is
/// shared by the tests running beside it).
fn under_umask(dir: &Path, umask: &str, args: &[&str]) {
    let run = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_briefpack"))
        .args(args)
        .current_dir(dir)
        .env("BRIEFPACK_CACHE_DIR", dir.join(".cache"))
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("sh");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn a_new_file_follows_the_umask() {
    let t = example();
    under_umask(t.dir.path(), "022", &["build", TRIP, "-o", "a.pdf", "--emit-markup"]);
    assert_eq!(mode(&t.path("a.pdf")), 0o644);
    assert_eq!(mode(&t.path("a.xml")), 0o644);
    under_umask(t.dir.path(), "077", &["build", TRIP, "-o", "b.pdf"]);
    assert_eq!(mode(&t.path("b.pdf")), 0o600);
    under_umask(t.dir.path(), "022", &["new", "city", "tokyo"]);
    assert_eq!(mode(&t.path("briefs/cities/tokyo.toml")), 0o644);
}

#[test]
fn missing_output_folders_are_made() {
    let run = example().args(&["build", TRIP, "-o", "out/2026/astana.pdf"]).run().success();
    assert_eq!(std::fs::read(run.dir.join("out/2026/astana.pdf")).unwrap(), astana_pdf());
}

// Item 11: temporary files of killed runs.

#[test]
fn stale_temporary_files_are_swept_and_fresh_ones_kept() {
    let t = example().file(".briefpack-old.part", "half a PDF").file(".briefpack-new.part", "a PDF being written");
    age(&t.path(".briefpack-old.part"), 120);
    let run = t.args(&["build", TRIP]).run().success();
    assert!(!run.dir.join(".briefpack-old.part").exists());
    assert!(run.dir.join(".briefpack-new.part").exists());
    assert!(run.dir.join("astana-2026-12.pdf").exists());
}

#[test]
fn stale_photo_cache_entries_are_swept() {
    let t = example().file("cache/photos/.entry-old", "half an entry").file("cache/photos/.entry-new", "being written");
    age(&t.path("cache/photos/.entry-old"), 120);
    let cache = t.path("cache");
    let run = t.env("BRIEFPACK_CACHE_DIR", cache.to_str().unwrap()).args(&["build", TRIP]).run().success();
    let photos = run.dir.join("cache/photos");
    assert!(!photos.join(".entry-old").exists());
    assert!(photos.join(".entry-new").exists());
    // The build stored its photos (the cache was cold).
    assert!(std::fs::read_dir(&photos).unwrap().flatten().any(|e| e.file_name().to_string_lossy().ends_with(".bin")));
}

// Item 12: a failed run leaves no file.

/// What happens at a write past the file size limit.
#[derive(Clone, Copy)]
enum AtLimit {
    /// The write fails with EFBIG (SIGXFSZ ignored), as on a full disk with ENOSPC.
    Fails,
    /// The kernel kills the process (SIGXFSZ's default): a kill in the middle of a write.
    Killed,
}

/// Run the binary in `dir` unable to write files larger than `bytes`
/// (RLIMIT_FSIZE), with the photo cache `cache`.
fn with_file_size_limit(dir: &Path, bytes: u64, at: AtLimit, cache: &str, args: &[&str]) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefpack"));
    cmd.args(args).current_dir(dir).env("BRIEFPACK_CACHE_DIR", cache).env_remove("SOURCE_DATE_EPOCH");
    // SAFETY: between fork and exec only async-signal-safe calls, on this process's own limits.
    unsafe {
        cmd.pre_exec(move || {
            let action = match at {
                AtLimit::Fails => libc::SIG_IGN,
                AtLimit::Killed => libc::SIG_DFL,
            };
            libc::signal(libc::SIGXFSZ, action);
            let no_core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            let limit = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
            match libc::setrlimit(libc::RLIMIT_CORE, &no_core) | libc::setrlimit(libc::RLIMIT_FSIZE, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    cmd.output().expect("run briefpack")
}

/// Names in `dir` that start with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

#[test]
fn the_temporary_file_of_a_run_killed_while_writing_is_swept_by_a_later_run() {
    use std::os::unix::process::ExitStatusExt;
    let t = example();
    let out = with_file_size_limit(t.dir.path(), 100_000, AtLimit::Killed, "off", &["build", TRIP]);
    assert_eq!(out.status.signal(), Some(libc::SIGXFSZ), "{}", String::from_utf8_lossy(&out.stderr));
    // Killed at the write: half a temporary file, nothing at the final name.
    let left = named(t.dir.path(), ".briefpack-");
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(!t.path("astana-2026-12.pdf").exists());
    // A run within the minute keeps it (it could be another run's), a later one removes it.
    let run = t.args(&["build", TRIP, "-o", "first.pdf"]).run().success();
    let dir = run.dir.clone();
    assert_eq!(named(&dir, ".briefpack-"), left);
    age(&left[0], 120);
    common::run_in(&dir, &["build", TRIP], &[]);
    assert!(named(&dir, ".briefpack-").is_empty());
    assert_eq!(std::fs::read(dir.join("astana-2026-12.pdf")).unwrap(), std::fs::read(dir.join("first.pdf")).unwrap());
}

#[test]
fn the_photo_cache_entry_of_a_run_killed_while_writing_is_swept_by_a_later_run() {
    use std::os::unix::process::ExitStatusExt;
    let t = example();
    let cache = t.path("cache");
    let photos = cache.join("photos");
    let out = with_file_size_limit(t.dir.path(), 8_000, AtLimit::Killed, cache.to_str().unwrap(), &["build", TRIP]);
    assert_eq!(out.status.signal(), Some(libc::SIGXFSZ), "{}", String::from_utf8_lossy(&out.stderr));
    let left = named(&photos, ".entry-");
    assert!(!left.is_empty());
    for p in &left {
        age(p, 120);
    }
    let env = [("BRIEFPACK_CACHE_DIR", cache.to_str().unwrap())];
    let run = common::run_in(t.dir.path(), &["build", TRIP], &env);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(named(&photos, ".entry-").is_empty());
}

#[test]
fn a_full_disk_leaves_neither_the_pdf_nor_the_markup() {
    // Room for the markup but not for the PDF: the pack's markup is 40 KB
    // and its PDF 230 KB, the monthly report's 11 KB and 32 KB.
    let build = ["build", TRIP, "-o", "a.pdf", "--emit-markup"];
    let monthly = ["monthly", "--month", "2023-02", "-o", "a.pdf", "--emit-markup", "briefs"];
    for (cmd, limit) in [(&build[..], 100_000), (&monthly[..], 20_000)] {
        let t = example();
        let before = tree(t.dir.path());
        let out = with_file_size_limit(t.dir.path(), limit, AtLimit::Fails, "off", cmd);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(tree(t.dir.path()), before, "{err}");
        insta::assert_snapshot!(format!("file_too_large_{}", cmd[0]), err);
    }
}

#[test]
fn a_full_device_is_an_error_and_leaves_nothing() {
    let t = example();
    std::os::unix::fs::symlink("/dev/full", t.path("full.pdf")).unwrap();
    let run = refused(t, &["build", TRIP, "-o", "full.pdf"]);
    insta::assert_snapshot!("full_disk", stderr(&run));
    assert_eq!(std::fs::read_link(run.dir.join("full.pdf")).unwrap(), Path::new("/dev/full"));
}

#[test]
fn markup_beside_a_device_is_refused() {
    let run = refused(example(), &["build", TRIP, "-o", "/dev/null", "--emit-markup"]);
    insta::assert_snapshot!("device_emit_markup", stderr(&run));
    // Before this test, root got a /dev/null.xml: never leave one behind.
    let left = Path::new("/dev/null.xml").exists();
    if left {
        let _ = std::fs::remove_file("/dev/null.xml");
    }
    assert!(!left, "/dev/null.xml was written");
}

#[test]
fn build_emit_markup_writes_both() {
    let run = example().args(&["build", TRIP, "-o", "a.pdf", "--emit-markup"]).run().success();
    assert!(std::fs::read_to_string(run.dir.join("a.xml")).unwrap().contains("<document"));
}

// Item 15: `new trip --city`.

#[test]
fn new_trip_city_cannot_inject_toml() {
    let run = refused(example(), &["new", "trip", "t-2027", "--city", "a\"\nb = \"c"]);
    insta::assert_snapshot!("new_trip_bad_city", stderr(&run));
}

#[test]
fn new_trip_for_an_unknown_city_suggests_the_nearest() {
    let run = refused(example(), &["new", "trip", "t-2027", "--city", "astna"]);
    insta::assert_snapshot!("new_trip_unknown_city", stderr(&run));
}

#[test]
fn new_refuses_a_bad_name_and_an_existing_file() {
    let run = refused(example(), &["new", "city", "../x"]);
    insta::assert_snapshot!("new_bad_name", stderr(&run));
    let run = refused(example(), &["new", "trip", "astana-2026-12", "--city", "astana"]);
    insta::assert_snapshot!("new_existing", stderr(&run));
}

#[test]
fn new_trip_writes_its_city_as_a_toml_string() {
    let run = example().args(&["new", "trip", "t-2027", "--city", "seoul"]).run().success();
    let text = std::fs::read_to_string(run.dir.join("briefs/trips/t-2027.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(doc["city"].as_str(), Some("seoul"));
}
