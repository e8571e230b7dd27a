//! Limits with clear errors (issue 11, items 6-9): deep markup nesting,
//! templates that include each other in a cycle, a colspan of billions and
//! photos of billions of pixels. Each through the real binary: the exit
//! code, the whole message (a snapshot, temporary paths replaced by
//! `[TMP]`), nothing written, and memory bounded by `ulimit -v` where an
//! unbounded allocation was the failure.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::Test;

/// Address space allowed where memory was the failure: 2 GB, well under
/// what the failures took (4-6 GiB) and well over what a pack needs.
const MEMORY_KIB: u64 = 2_000_000;

/// Every file under `dir` (but the photo cache) with its bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() && e.file_name() != ".cache" {
                todo.push(p);
            } else if meta.is_file() {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Runs the binary in `dir` under `ulimit -v`, as `common::run_in` does
/// otherwise (own photo cache, no SOURCE_DATE_EPOCH); with the time taken.
/// Every file that was there before is there after, unchanged.
fn run_limited(dir: &Path, args: &[&str]) -> (Output, Duration) {
    let before = files(dir);
    let t = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_briefpack"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("BRIEFPACK_TIMINGS")
        .env("BRIEFPACK_CACHE_DIR", dir.join(".cache"))
        .output()
        .expect("run briefpack under sh");
    let took = t.elapsed();
    let after = files(dir);
    for (path, bytes) in &before {
        let now = after.iter().find(|(p, _)| p == path).map(|(_, b)| b);
        assert!(now == Some(bytes), "{} was changed or removed", path.display());
    }
    (out, took)
}

/// stderr with the test directory written as `[TMP]`.
fn normalised(stderr: &[u8], dir: &Path) -> String {
    let text = String::from_utf8_lossy(stderr).into_owned();
    let dir = dir.to_string_lossy().into_owned();
    let real = std::fs::canonicalize(&dir).map(|p| p.to_string_lossy().into_owned()).unwrap_or(dir.clone());
    text.replace(&real, "[TMP]").replace(&dir, "[TMP]")
}

/// Exit code 1, no panic, no abort, nothing written (no PDF, no part file).
fn assert_refused(out: &Output, dir: &Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit status {:?}; stderr:\n{stderr}", out.status);
    assert!(!stderr.contains("panicked") && !stderr.contains("overflow"), "{stderr}");
    let mut left = Vec::new();
    walk(dir, &mut left);
    assert!(left.is_empty(), "files left behind: {left:?}");
}

fn walk(dir: &Path, left: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            walk(&p, left);
        } else if name.ends_with(".pdf") || name.ends_with(".part") || name.ends_with(".xml.pdf") {
            left.push(p);
        }
    }
}

/// Lines over 200 characters cut to their first 60 and their length.
fn shortened(text: &str) -> String {
    text.lines()
        .map(|l| {
            let n = l.chars().count();
            if n > 200 {
                format!("{}[... {n} characters]", l.chars().take(60).collect::<String>())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---- item 6: markup nesting ----

#[test]
fn five_thousand_nested_lists_are_refused_at_the_first_too_deep() {
    let mut doc = String::from("<document>\n");
    for _ in 0..5000 {
        doc.push_str("<ul><li>");
    }
    doc.push('ก');
    for _ in 0..5000 {
        doc.push_str("</li></ul>");
    }
    doc.push_str("\n</document>\n");
    let t = Test::new().file("deep.xml", &doc);
    let (out, _) = run_limited(t.dir.path(), &["render", "deep.xml", "-o", "deep.pdf"]);
    assert_refused(&out, t.dir.path());
    // The source line is 90,000 columns: shortened in the snapshot.
    insta::assert_snapshot!("nested_lists", shortened(&normalised(&out.stderr, t.dir.path())));
}

#[test]
fn a_hundred_thousand_nested_bold_elements_are_refused() {
    let n = 100_000;
    let doc = format!("<document>\n<p>{}ก{}</p>\n</document>\n", "<b>".repeat(n), "</b>".repeat(n));
    let t = Test::new().file("bold.xml", &doc);
    let (out, _) = run_limited(t.dir.path(), &["render", "bold.xml", "-o", "bold.pdf"]);
    assert_refused(&out, t.dir.path());
    insta::assert_snapshot!("nested_bold", shortened(&normalised(&out.stderr, t.dir.path())));
}

#[test]
fn nesting_up_to_the_limit_still_renders() {
    // The layout recurses over blocks too: at the limit it must still work.
    // 127 lists with their items (255 levels with the document), then 84
    // tables in table cells (254), then 250 inline elements in a paragraph.
    let mut doc = String::from("<document>\n");
    doc.push_str(&"<ul><li>ก ".repeat(127));
    doc.push_str(&"</li></ul>".repeat(127));
    doc.push_str("\n<table><tr><td>");
    doc.push_str(&"<table><tr><td>".repeat(83));
    doc.push('ข');
    doc.push_str(&"</td></tr></table>".repeat(84));
    doc.push_str("\n<p>");
    doc.push_str(&"<b><i>".repeat(125));
    doc.push_str("ข้อความ");
    doc.push_str(&"</i></b>".repeat(125));
    doc.push_str("</p>\n</document>\n");
    let t = Test::new().file("ok.xml", &doc);
    let (out, _) = run_limited(t.dir.path(), &["render", "ok.xml", "-o", "ok.pdf"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(t.path("ok.pdf").exists());
    // One level more is refused.
    let deeper = doc.replacen("<ul><li>ก ", "<ul><li><ul><li>ก ", 1).replacen("</li></ul>", "</li></ul></li></ul>", 1);
    let t = Test::new().file("no.xml", &deeper);
    let (out, _) = run_limited(t.dir.path(), &["render", "no.xml", "-o", "no.pdf"]);
    assert_refused(&out, t.dir.path());
}

// ---- item 8: colspan ----

#[test]
fn a_colspan_of_four_billion_is_refused_at_its_cell() {
    let doc = "<document>\n<table>\n  <tr><td>ก</td><td>ข</td></tr>\n  <tr><td colspan=\"4294967295\">ค</td></tr>\n</table>\n</document>\n";
    let t = Test::new().file("t.xml", doc);
    let (out, took) = run_limited(t.dir.path(), &["render", "t.xml", "-o", "t.pdf"]);
    assert_refused(&out, t.dir.path());
    assert!(took < Duration::from_secs(20), "took {took:?}");
    insta::assert_snapshot!("colspan_huge", normalised(&out.stderr, t.dir.path()));
}

#[test]
fn a_colspan_wider_than_the_cols_is_refused() {
    let doc = "<document>\n<table><col width=\"40%\"/><col width=\"60%\"/>\n  <tr><td>ก</td><td>ข</td></tr>\n  <tr><td colspan=\"10000000\">ค</td></tr>\n</table>\n</document>\n";
    let t = Test::new().file("t.xml", doc);
    let (out, _) = run_limited(t.dir.path(), &["render", "t.xml", "-o", "t.pdf"]);
    assert_refused(&out, t.dir.path());
    insta::assert_snapshot!("colspan_over_cols", normalised(&out.stderr, t.dir.path()));
}

#[test]
fn a_colspan_as_wide_as_the_table_is_fine() {
    let doc = "<document>\n<table>\n  <tr><td>ก</td><td>ข</td></tr>\n  <tr><td colspan=\"2\">ค</td></tr>\n</table>\n</document>\n";
    Test::new().file("t.xml", doc).args(&["render", "t.xml", "-o", "t.pdf"]).run().success();
}

// ---- item 7: templates that include each other ----

fn build_with_templates(files: &[(&str, &str)]) -> (Output, tempfile::TempDir) {
    let mut t = Test::new().copy("briefs", "briefs");
    for (name, src) in files {
        t = t.file(&format!("mytemplates/{name}"), src);
    }
    let Test { dir, .. } = t;
    let (out, _) = run_limited(
        dir.path(),
        &["build", "briefs/trips/astana-2026-12.toml", "--templates", "mytemplates", "-o", "x.pdf"],
    );
    (out, dir)
}

#[test]
fn two_templates_that_include_each_other() {
    let (out, dir) = build_with_templates(&[
        ("cover.hbs", "<h1>{{trip.title_th}}</h1>\n{{> trip}}\n"),
        ("trip.hbs", "<p>{{trip.purpose_th}}</p>\n{{> cover}}\n"),
    ]);
    assert_refused(&out, dir.path());
    insta::assert_snapshot!("cycle_two", normalised(&out.stderr, dir.path()));
}

#[test]
fn three_templates_in_a_cycle() {
    let (out, dir) = build_with_templates(&[
        ("cover.hbs", "<h1>{{trip.title_th}}</h1>\n{{> city}}\n"),
        ("city.hbs", "<p>{{city.name_th}}</p>\n{{> people}}\n"),
        ("people.hbs", "<p>คณะ</p>\n  {{> cover}}\n"),
    ]);
    assert_refused(&out, dir.path());
    insta::assert_snapshot!("cycle_three", normalised(&out.stderr, dir.path()));
}

#[test]
fn a_cycle_inside_each() {
    let (out, dir) = build_with_templates(&[
        ("people.hbs", "{{#each @root.city.people}}\n<p>{{name_th}}</p>\n{{> interactions}}\n{{/each}}\n"),
        ("interactions.hbs", "{{#each @root.city.interactions}}\n<p>{{title_th}}</p>{{> people}}\n{{/each}}\n"),
    ]);
    assert_refused(&out, dir.path());
    insta::assert_snapshot!("cycle_each", normalised(&out.stderr, dir.path()));
}

#[test]
fn an_inline_partial_that_includes_itself() {
    let (out, dir) =
        build_with_templates(&[("cover.hbs", "{{#*inline \"loop\"}}<p>ก</p>{{> loop}}{{/inline}}\n{{> loop}}\n")]);
    assert_refused(&out, dir.path());
    insta::assert_snapshot!("cycle_inline", normalised(&out.stderr, dir.path()));
}

#[test]
fn a_thousand_nested_blocks_in_a_template_are_refused() {
    // Handlebars' parser recursed past the stack of the thread compiling it.
    let n = 1000;
    let cover = format!("<p>{}{{{{trip.title_th}}}}{}</p>\n", "{{#if trip}}".repeat(n), "{{/if}}".repeat(n));
    let (out, dir) = build_with_templates(&[("cover.hbs", &cover)]);
    assert_refused(&out, dir.path());
    insta::assert_snapshot!("template_blocks_deep", shortened(&normalised(&out.stderr, dir.path())));
}

// ---- item 9: photos of billions of pixels ----

/// A PNG of `w` x `h` pixels: a real header, a valid zlib stream of one row
/// (the rest missing: it is the header that must stop briefpack, before
/// any pixel is decoded), correct checksums.
fn png_header_only(w: u32, h: u32, bit_depth: u8, color_type: u8) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([bit_depth, color_type, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&vec![0u8; 1 + (w as usize * bit_depth as usize).div_ceil(8).min(1 << 20)]).unwrap();
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The example data with the Astana emblem replaced by `png`.
fn with_emblem(png: &[u8]) -> Test {
    let t = Test::new().copy("briefs", "briefs");
    std::fs::write(t.path("briefs/cities/astana/photos/emblem.png"), png).unwrap();
    t
}

#[test]
fn a_png_of_ten_billion_pixels_is_refused_by_check_and_build() {
    let png = png_header_only(100_000, 100_000, 1, 0);
    let t = with_emblem(&png);
    let (out, _) = run_limited(t.dir.path(), &["check", "briefs"]);
    assert_refused(&out, t.dir.path());
    let check = normalised(&out.stderr, t.dir.path());
    insta::assert_snapshot!("huge_png_check", check);
    let (out, took) = run_limited(t.dir.path(), &["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"]);
    assert_refused(&out, t.dir.path());
    assert!(took < Duration::from_secs(20), "took {took:?}");
    let build = normalised(&out.stderr, t.dir.path());
    assert_eq!(
        build,
        format!("{check}error: 1 of 1 packs failed: briefs/trips/astana-2026-12.toml\n"),
        "build reports what check does"
    );
}

#[test]
fn a_png_of_400_megapixels_rgba_is_refused() {
    let png = png_header_only(20_000, 20_000, 8, 6);
    let t = with_emblem(&png);
    let (out, _) = run_limited(t.dir.path(), &["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"]);
    assert_refused(&out, t.dir.path());
    insta::assert_snapshot!("rgba_png_build", normalised(&out.stderr, t.dir.path()));
}

#[test]
fn a_huge_png_in_markup_is_refused_by_render() {
    let t = Test::new().file("d.xml", "<document>\n<p>ภาพ</p>\n<img src=\"huge.png\" width=\"50%\"/>\n</document>\n");
    std::fs::write(t.path("huge.png"), png_header_only(100_000, 100_000, 1, 0)).unwrap();
    let (out, took) = run_limited(t.dir.path(), &["render", "d.xml", "-o", "d.pdf"]);
    assert_refused(&out, t.dir.path());
    assert!(took < Duration::from_secs(20), "took {took:?}");
    insta::assert_snapshot!("huge_png_render", normalised(&out.stderr, t.dir.path()));
}
