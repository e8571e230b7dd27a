//! Reference renders, as Typst keeps them: chosen pages of each example
//! product, rasterised by poppler at a low resolution and compared with the
//! PNGs in tests/ref/ within a small tolerance. A page that changes (a mark
//! that moves, a line that breaks elsewhere, a photo that shifts) fails with
//! the share of pixels that differ and a diff image in target/ref-diff/.
//!
//! After an intended change, look at the new pages, then refresh them with
//! `BRIEFPACK_UPDATE_REFS=1 cargo test --test ref` and commit the PNGs.

mod common;

use std::path::{Path, PathBuf};

use common::{Test, tool};
use image::{GrayImage, Luma};

/// Dots per inch of the references: the lines of Thai text and their marks
/// are told apart, and a page is 20-40 KB.
const DPI: &str = "50";

/// A pixel differs when its grey level moves by more than this (anti-aliasing
/// and poppler's rounding move edges by a few levels).
const LEVEL_TOLERANCE: u8 = 48;

/// A page matches when at most this share of its pixels differ.
const PIXEL_TOLERANCE: f64 = 0.0005;

fn refs_dir() -> PathBuf {
    common::repo().join("tests/ref")
}

/// `pages` of `pdf` as grey PNGs named `{name}-{page}.png` in `out`.
fn rasterise(pdf: &Path, pages: &[u32], out: &Path, name: &str) -> Vec<(String, PathBuf)> {
    pages
        .iter()
        .map(|&page| {
            let stem = out.join(format!("{name}-{page}"));
            let p = page.to_string();
            let args = [
                "-r",
                DPI,
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                &p,
                "-l",
                &p,
                pdf.to_str().unwrap(),
                stem.to_str().unwrap(),
            ];
            let run = tool("pdftoppm", &args);
            assert!(run.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&run.stderr));
            (format!("{name}-{page}.png"), stem.with_extension("png"))
        })
        .collect()
}

/// The share of pixels that differ, and an image showing them in black.
fn difference(want: &GrayImage, got: &GrayImage) -> (f64, GrayImage) {
    let (w, h) = (want.width().max(got.width()), want.height().max(got.height()));
    let mut diff = GrayImage::from_pixel(w, h, Luma([255]));
    let mut differing = 0u64;
    for y in 0..h {
        for x in 0..w {
            let a = want.get_pixel_checked(x, y).map(|p| p.0[0]);
            let b = got.get_pixel_checked(x, y).map(|p| p.0[0]);
            let same = matches!((a, b), (Some(a), Some(b)) if a.abs_diff(b) <= LEVEL_TOLERANCE);
            if !same {
                differing += 1;
                diff.put_pixel(x, y, Luma([0]));
            }
        }
    }
    (differing as f64 / (w as f64 * h as f64), diff)
}

/// Compares each rendered page with its reference (or writes the
/// references when BRIEFPACK_UPDATE_REFS is set).
fn check_pages(rendered: Vec<(String, PathBuf)>) {
    let update = std::env::var_os("BRIEFPACK_UPDATE_REFS").is_some();
    let mut failures = Vec::new();
    for (name, path) in rendered {
        let reference = refs_dir().join(&name);
        if update {
            std::fs::create_dir_all(refs_dir()).unwrap();
            std::fs::copy(&path, &reference).unwrap();
            continue;
        }
        let got = image::open(&path).unwrap().to_luma8();
        let Ok(want) = image::open(&reference) else {
            failures.push(format!("{name}: no reference (run with BRIEFPACK_UPDATE_REFS=1 to make it)"));
            continue;
        };
        let (share, diff) = difference(&want.to_luma8(), &got);
        if share > PIXEL_TOLERANCE {
            let out = common::repo().join("target/ref-diff");
            std::fs::create_dir_all(&out).unwrap();
            diff.save(out.join(&name)).unwrap();
            std::fs::copy(&path, out.join(name.replace(".png", "-got.png"))).unwrap();
            failures.push(format!(
                "{name}: {:.3}% of the pixels differ (at most {:.3}%); see target/ref-diff/{name}",
                share * 100.0,
                PIXEL_TOLERANCE * 100.0
            ));
        }
    }
    assert!(failures.is_empty(), "pages differ from tests/ref/:\n{}", failures.join("\n"));
}

/// Builds a pack of the bundled examples and compares `pages` of it.
fn pack(trip: &str, pages: &[u32]) {
    let run = Test::new()
        .copy("briefs", "briefs")
        .args(&["build", &format!("briefs/trips/{trip}.toml"), "-o", "pack.pdf"])
        .run()
        .success();
    check_pages(rasterise(&run.dir.join("pack.pdf"), pages, &run.dir, trip));
}

#[test]
fn astana_pack() {
    // Cover (emblem, title, classification), contents, the city profile with
    // its table, the people with portraits, the interactions with an album.
    pack("astana-2026-12", &[1, 2, 3, 5, 8]);
}

#[test]
fn seoul_pack() {
    pack("seoul-2027-03", &[1, 3, 6]);
}

#[test]
fn monthly_report() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .args(&["monthly", "--month", "2023-02", "-o", "monthly.pdf", "briefs"])
        .run()
        .success();
    check_pages(rasterise(&run.dir.join("monthly.pdf"), &[1, 2], &run.dir, "monthly-2023-02"));
}

#[test]
fn thai_sample_document() {
    let run = Test::new()
        .copy("tests/fixtures/thai-sample.xml", "doc.xml")
        .args(&["render", "doc.xml", "-o", "doc.pdf"])
        .run()
        .success();
    check_pages(rasterise(&run.dir.join("doc.pdf"), &[1, 2], &run.dir, "thai-sample"));
}
