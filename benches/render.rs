//! Whole-process benchmark of the real release binary: `briefpack render` on
//! a 5-page and a ~50-page Thai document (paragraphs, lists, tables across
//! pages), and `briefpack build` of the two example briefing packs (data,
//! templates, contents, nine photos, charts). Reports median and spread of
//! wall time, median CPU time (user + system), peak memory (max RSS of the
//! child) and PDF size.
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

/// Wall time (ms), peak RSS (KiB), CPU time user+system (ms), stderr.
fn run_once(bin: &str, args: &[String]) -> (f64, i64, f64, String) {
    let t = Instant::now();
    let child = Command::new(bin).args(args).stderr(std::process::Stdio::piped()).spawn().expect("run briefpack");
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
    let bin = env!("CARGO_BIN_EXE_briefpack");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let mut cases: Vec<(&str, Vec<String>, std::path::PathBuf)> = Vec::new();
    for (name, sections, rows) in [("5 pages", 1usize, 20usize), ("~50 pages", 8, usize::MAX)] {
        let input = dir.path().join(format!("doc{sections}.xml"));
        let output = dir.path().join(format!("doc{sections}.pdf"));
        std::fs::write(&input, document(sections, rows)).unwrap();
        cases.push((name, vec!["render".into(), path(&input), "-o".into(), path(&output)], output));
    }
    for (name, trip) in [("Astana pack", "astana-2026-12"), ("Seoul pack", "seoul-2027-03")] {
        let output = dir.path().join(format!("{trip}.pdf"));
        let input = repo.join(format!("briefs/trips/{trip}.toml"));
        cases.push((name, vec!["build".into(), path(&input), "-o".into(), path(&output)], output));
    }
    println!(
        "{:<12} {:>6} {:>12} {:>10} {:>10} {:>10} {:>12} {:>10}",
        "document", "pages", "median ms", "min ms", "max ms", "CPU ms", "peak RSS", "PDF size"
    );
    for (name, args, output) in cases {
        run_once(bin, &args); // warm the page cache
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut peak = 0;
        let mut report = String::new();
        for _ in 0..runs {
            let (ms, rss, cpu_ms, stderr) = run_once(bin, &args);
            times.push(ms);
            cpu.push(cpu_ms);
            peak = peak.max(rss);
            report = stderr;
        }
        times.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        let pages = report.split('(').nth(1).and_then(|s| s.split_whitespace().next()).unwrap_or("?").to_string();
        let size = std::fs::metadata(&output).unwrap().len();
        println!(
            "{:<12} {:>6} {:>12.1} {:>10.1} {:>10.1} {:>10.1} {:>9.1} MiB {:>7.1} KiB",
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
