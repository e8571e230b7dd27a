//! Whole-process benchmark of the real release binary: `briefpack render` on
//! a 5-page and a ~50-page Thai document (paragraphs, lists, tables across
//! pages), and `briefpack build` of the two example briefing packs (data,
//! templates, contents, nine photos, charts), each pack twice: as rebuilt
//! with the photo cache from an earlier build ("warm", every build after
//! the first) and with an empty cache every run ("cold", the first build of
//! new photos). Reports median and spread of wall time, median CPU time
//! (user + system), peak memory (max RSS of the child) and PDF size.
//! Also `briefpack check` of a briefs folder with 20,000 interactions (the
//! example data and a generated file of interactions beside the Astana city
//! file), which must stay linear in the number of interactions, and of 42
//! generated cities of 100 interactions each (about 6.4 MB of TOML).
//! The ~50-page document is also rendered with `--pdf-standard none`: what
//! tagging and PDF/A cost in time and size is the difference.
//! Run with `cargo bench --bench render` (BENCH_RUNS=N to change the 30 runs).

use std::process::Command;
use std::time::Instant;

const SEED: &str = include_str!("../tests/fixtures/thai-sample.xml");

/// A document of `sections` copies of the sample's body, its table cut to
/// `rows` body rows.
fn document(sections: usize, rows: usize) -> String {
    let start = SEED.find('>').unwrap() + 1;
    let end = SEED.rfind("</document>").unwrap();
    let mut body = SEED[start..end].to_string();
    if let (Some(a), Some(b)) = (body.find("<tbody>"), body.find("</tbody>")) {
        let kept: Vec<&str> = body[a + 7..b].split_inclusive("</tr>").take(rows).collect();
        body = format!("{}<tbody>{}{}", &body[..a], kept.concat(), &body[b..]);
    }
    let mut doc = String::from("<document title=\"เอกสารทดสอบความเร็ว\" classification=\"ใช้ภายใน\">\n");
    for _ in 0..sections {
        doc.push_str(&body);
    }
    doc.push_str("</document>\n");
    doc
}

// `interactions_file(n)` and `cities_fixture(cities, per_city)`: the bench
// fixtures for `check` at scale (shared with tests/check.rs).
include!("../tests/fixtures/interactions.rs");

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

/// Wall time (ms), peak RSS (KiB), CPU time user+system (ms), stderr.
// The child is reaped by wait4 (for its rusage), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_once(bin: &str, args: &[String], cache: &std::path::Path) -> (f64, i64, f64, String) {
    let t = Instant::now();
    let child = Command::new(bin)
        .args(args)
        .env("BRIEFPACK_CACHE_DIR", cache)
        .env_remove("BRIEFPACK_TIMINGS")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run briefpack");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // wait4 gives the child's own peak resident set size.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = t.elapsed().as_secs_f64() * 1000.0;
    assert!(r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "briefpack failed");
    let mut stderr = String::new();
    use std::io::Read;
    child.stderr.unwrap().read_to_string(&mut stderr).unwrap();
    let tv = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    (elapsed, usage.ru_maxrss, tv(usage.ru_utime) + tv(usage.ru_stime), stderr)
}

fn main() {
    // BENCH_BIN: another build to compare with (an older release binary).
    let bin_env = std::env::var("BENCH_BIN").ok();
    let bin = bin_env.as_deref().unwrap_or(env!("CARGO_BIN_EXE_briefpack"));
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // BENCH_KEEP: the generated inputs stay (to profile a case by hand).
    let mut dir = tempfile::tempdir().unwrap();
    dir.disable_cleanup(std::env::var_os("BENCH_KEEP").is_some());
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    // (name, arguments, output, whether each run starts with an empty photo cache)
    let mut cases: Vec<(&str, Vec<String>, std::path::PathBuf, bool)> = Vec::new();
    for (name, sections, rows) in [("5 pages", 1usize, 20usize), ("~50 pages", 8, usize::MAX)] {
        let input = dir.path().join(format!("doc{sections}.xml"));
        let output = dir.path().join(format!("doc{sections}.pdf"));
        std::fs::write(&input, document(sections, rows)).unwrap();
        cases.push((name, vec!["render".into(), path(&input), "-o".into(), path(&output)], output, false));
    }
    // What tagging and PDF/A cost (issue 14): the ~50-page document as a plain PDF.
    let plain = dir.path().join("doc8-plain.pdf");
    let args = ["render", "doc8.xml", "-o", "doc8-plain.pdf", "--pdf-standard", "none"];
    let args = args
        .iter()
        .map(|a| if a.ends_with(".xml") || a.ends_with(".pdf") { path(&dir.path().join(a)) } else { a.to_string() });
    cases.push(("~50 pages, untagged", args.collect(), plain, false));
    for (name, trip, cold) in [
        ("Astana, warm", "astana-2026-12", false),
        ("Astana, cold", "astana-2026-12", true),
        ("Seoul, warm", "seoul-2027-03", false),
        ("Seoul, cold", "seoul-2027-03", true),
    ] {
        let output = dir.path().join(format!("{trip}.pdf"));
        let input = repo.join(format!("briefs/trips/{trip}.toml"));
        cases.push((name, vec!["build".into(), path(&input), "-o".into(), path(&output)], output, cold));
    }
    // check of 20,000 interactions: the example data plus the generated file.
    let big = dir.path().join("briefs-20000");
    copy_tree(&repo.join("briefs"), &big);
    std::fs::write(big.join("cities/astana/generated.toml"), interactions_file(20_000)).unwrap();
    cases.push(("check, 20k", vec!["check".into(), path(&big)], big.join("none"), false));
    // check of 42 cities of 100 interactions each (~4,300 records, 6.4 MB).
    let many = dir.path().join("briefs-42x100");
    for (rel, text) in cities_fixture(42, 100) {
        let file = many.join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    cases.push(("check, 42x100", vec!["check".into(), path(&many)], many.join("none"), false));
    // The monthly report over the same (all of it read; 28 interactions fall in February 2000).
    let monthly = dir.path().join("monthly-42x100.pdf");
    let args = ["monthly", "--month", "2000-02", "-o", &path(&monthly), &path(&many)];
    cases.push(("monthly, 42x100", args.iter().map(|a| a.to_string()).collect(), monthly, false));
    if std::env::var_os("BENCH_KEEP").is_some() {
        println!("inputs kept in {}", dir.path().display());
    }
    println!(
        "{:<13} {:>6} {:>12} {:>10} {:>10} {:>10} {:>12} {:>10}",
        "document", "pages", "median ms", "min ms", "max ms", "CPU ms", "peak RSS", "PDF size"
    );
    // BENCH_CASES: only the cases whose name contains this text.
    if let Ok(only) = std::env::var("BENCH_CASES") {
        cases.retain(|c| c.0.contains(&only));
    }
    let warm_cache = dir.path().join("cache");
    for (case, (name, args, output, cold)) in cases.into_iter().enumerate() {
        run_once(bin, &args, &warm_cache); // warm the page cache (and the photo cache)
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut peak = 0;
        let mut report = String::new();
        for run in 0..runs {
            let cache = if cold { dir.path().join(format!("cold-{case}-{run}")) } else { warm_cache.clone() };
            let (ms, rss, cpu_ms, stderr) = run_once(bin, &args, &cache);
            times.push(ms);
            cpu.push(cpu_ms);
            peak = peak.max(rss);
            report = stderr;
        }
        times.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        let pages = report.split('(').nth(1).and_then(|s| s.split_whitespace().next()).unwrap_or("-").to_string();
        // `check` writes no file: its size shows as 0.
        let size = std::fs::metadata(&output).map_or(0, |m| m.len());
        println!(
            "{:<13} {:>6} {:>12.1} {:>10.1} {:>10.1} {:>10.1} {:>9.1} MiB {:>7.1} KiB",
            name,
            pages,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            cpu[cpu.len() / 2],
            peak as f64 / 1024.0,
            size as f64 / 1024.0
        );
    }
}
