//! Whole-process benchmark of `briefpack render`: the real release binary on
//! a ~5-page and a ~50-page Thai document (paragraphs, lists, tables across
//! pages). Reports median and spread of wall time, peak memory (max RSS of
//! the child) and PDF size. Run with `cargo bench --bench render`.

use std::process::Command;
use std::time::Instant;

const SEED: &str = include_str!("../tests/fixtures/thai-sample.xml");

/// A document of `sections` copies of the sample's body.
fn document(sections: usize) -> String {
    let start = SEED.find('>').unwrap() + 1;
    let end = SEED.rfind("</document>").unwrap();
    let body = &SEED[start..end];
    let mut doc = String::from("<document title=\"เอกสารทดสอบความเร็ว\" classification=\"ใช้ภายใน\">\n");
    for _ in 0..sections {
        doc.push_str(body);
    }
    doc.push_str("</document>\n");
    doc
}

fn run_once(bin: &str, input: &std::path::Path, output: &std::path::Path) -> (f64, i64, String) {
    let t = Instant::now();
    let child = Command::new(bin)
        .args(["render", input.to_str().unwrap(), "-o", output.to_str().unwrap()])
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
    (elapsed, usage.ru_maxrss, stderr)
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_briefpack");
    let dir = tempfile::tempdir().unwrap();
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(30);
    println!(
        "{:<10} {:>6} {:>12} {:>10} {:>10} {:>12} {:>10}",
        "document", "pages", "median ms", "min ms", "max ms", "peak RSS", "PDF size"
    );
    for (name, sections) in [("~5 pages", 1usize), ("~50 pages", 8)] {
        let input = dir.path().join(format!("doc{sections}.xml"));
        let output = dir.path().join(format!("doc{sections}.pdf"));
        std::fs::write(&input, document(sections)).unwrap();
        run_once(bin, &input, &output); // warm the page cache
        let mut times = Vec::new();
        let mut peak = 0;
        let mut report = String::new();
        for _ in 0..runs {
            let (ms, rss, stderr) = run_once(bin, &input, &output);
            times.push(ms);
            peak = peak.max(rss);
            report = stderr;
        }
        times.sort_by(f64::total_cmp);
        let pages = report.split('(').nth(1).and_then(|s| s.split_whitespace().next()).unwrap_or("?").to_string();
        let size = std::fs::metadata(&output).unwrap().len();
        println!(
            "{:<10} {:>6} {:>12.1} {:>10.1} {:>10.1} {:>9.1} MiB {:>7.1} KiB",
            name,
            pages,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
            peak as f64 / 1024.0,
            size as f64 / 1024.0
        );
    }
}
