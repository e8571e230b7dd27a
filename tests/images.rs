//! Photos and charts end to end: each image kind through `briefpack render`,
//! missing and damaged files, charts as vectors, and the example packs'
//! albums, portraits, charts and size.

mod common;

use common::{Test, pdftotext, tool};

/// `pdfimages -list` rows: (type, width, height, color, encoding).
fn images(pdf: &std::path::Path) -> Vec<(String, u32, u32, String, String)> {
    let out = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[2].to_string(), f[3].parse().unwrap(), f[4].parse().unwrap(), f[5].to_string(), f[8].to_string())
        })
        .collect()
}

/// One row of `pdfimages -list`: type, width, height, colour, encoding.
type ImageRow = (String, u32, u32, String, String);

fn render_one(img: &str, width: &str) -> (common::Run, Vec<ImageRow>) {
    let run = Test::new()
        .copy(&format!("tests/fixtures/images/{img}"), &format!("pics/{img}"))
        .file("d.xml", &format!("<document><p>ภาพทดสอบ</p><img src=\"pics/{img}\" width=\"{width}\" caption=\"คำบรรยายภาพ\"/></document>"))
        .args(&["render", "d.xml", "-o", "d.pdf"])
        .run()
        .success();
    let list = images(&run.dir.join("d.pdf"));
    (run, list)
}

#[test]
fn png_with_alpha_gets_a_soft_mask() {
    let (run, list) = render_one("rgba.png", "1in");
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!((list[0].0.as_str(), list[0].3.as_str()), ("image", "rgb"));
    assert_eq!((list[1].0.as_str(), list[1].1, list[1].3.as_str()), ("smask", 200, "gray"));
    assert!(pdftotext(&run.dir.join("d.pdf"), &["-raw"]).contains("คำบรรยายภาพ"));
}

#[test]
fn greyscale_stays_grey() {
    let (_, list) = render_one("grey.png", "50%");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].3.as_str(), list[0].4.as_str()), ("gray", "jpeg"));
}

#[test]
fn cmyk_jpeg_is_drawn_in_rgb() {
    let (_, list) = render_one("cmyk.jpg", "50%");
    assert_eq!((list[0].3.as_str(), list[0].4.as_str()), ("rgb", "jpeg"));
}

#[test]
fn exif_rotation_is_honoured() {
    let (_, list) = render_one("exif-rotated.jpg", "4cm");
    // Stored 600x400 landscape; orientation 6 shows it portrait.
    assert!(list[0].2 > list[0].1, "{list:?}");
}

#[test]
fn large_photo_is_reduced_to_200_dpi() {
    let (run, list) = render_one("large.jpg", "10cm");
    // 10 cm at 200 dpi = 788 px (from 4000).
    assert_eq!(list[0].1, 788);
    let size = std::fs::metadata(run.dir.join("d.pdf")).unwrap().len();
    assert!(size < 150_000, "{size} bytes");
}

#[test]
fn a_photo_placed_small_then_large_is_sharp_in_both() {
    // The first placement (2 cm) lets the JPEG be decoded at 1/8 size; the
    // second (full column, 453.5 pt = 1260 px at 200 dpi) needs it whole again.
    let run = Test::new()
        .copy("tests/fixtures/images/large.jpg", "pics/large.jpg")
        .file(
            "d.xml",
            "<document><img src=\"pics/large.jpg\" width=\"2cm\"/><img src=\"pics/large.jpg\" width=\"100%\"/></document>",
        )
        .args(&["render", "d.xml", "-o", "d.pdf"])
        .run()
        .success();
    let list = images(&run.dir.join("d.pdf"));
    let widths: Vec<u32> = list.iter().map(|i| i.1).collect();
    assert_eq!(widths, [158, 1260], "{list:?}");
}

#[test]
fn missing_image_is_an_error_naming_it() {
    Test::new()
        .file("d.xml", "<document>\n<img src=\"pics/none.jpg\"/>\n</document>")
        .args(&["render", "d.xml", "-o", "d.pdf"])
        .run()
        .failure()
        .stderr_has("d.xml:2:1: cannot read image pics/none.jpg")
        .no_output();
}

#[test]
fn damaged_image_is_an_error_naming_it() {
    Test::new()
        .copy("tests/fixtures/images/corrupt.jpg", "bad.jpg")
        .file("d.xml", "<document>\n<p>ก</p>\n<img src=\"bad.jpg\"/></document>")
        .args(&["render", "d.xml", "-o", "d.pdf"])
        .run()
        .failure()
        .stderr_has("d.xml:3:1:")
        .stderr_has("bad.jpg")
        .no_output();
}

#[test]
fn photo_cut_off_in_the_data_is_caught_at_its_entry() {
    let t = Test::new().copy("briefs", "briefs");
    // Header intact, picture data cut off: only decoding the whole file finds it.
    let good = std::fs::read(common::repo().join("briefs/cities/astana/photos/album-3.jpg")).unwrap();
    std::fs::write(t.path("briefs/cities/astana/photos/album-3.jpg"), &good[..good.len() / 2]).unwrap();
    let src = std::fs::read_to_string(common::repo().join("briefs/cities/astana.toml")).unwrap();
    let at = src.find("\"astana/photos/album-3.jpg\"").unwrap();
    let line = src[..at].matches('\n').count() + 1;
    t.args(&["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"])
        .run()
        .failure()
        .stderr_has(&format!("briefs/cities/astana.toml:{line}:"))
        .stderr_has("album-3.jpg is cut off")
        .no_output();
}

fn chart_pdf(points: &str) -> common::Run {
    Test::new()
        .file(
            "c.xml",
            &format!("<document><chart kind=\"bar\" title=\"แผนภูมิทดสอบ\" unit=\"ครั้ง\"><series name=\"ก\">{points}</series></chart>\
              <chart kind=\"line\" title=\"เส้น\"><series name=\"ก\">{points}</series><series name=\"ข\">{points}</series></chart></document>"),
        )
        .args(&["render", "c.xml", "-o", "c.pdf"])
        .run()
        .success()
}

#[test]
fn charts_are_vectors_with_zero_one_and_many_points() {
    for (points, labels) in [
        ("", vec!["ไม่มีข้อมูล"]),
        ("<point x=\"2566\" y=\"260\"/>", vec!["2566", "260"]),
        (
            "<point x=\"2562\" y=\"260000000\"/><point x=\"2563\" y=\"120000000\"/><point x=\"2564\" y=\"1400000\"/><point x=\"2565\" y=\"210500000\"/>",
            vec!["2562", "2565", "260,000,000", "210,500,000"],
        ),
    ] {
        let run = chart_pdf(points);
        let pdf = run.dir.join("c.pdf");
        assert!(images(&pdf).is_empty(), "a chart must not be a bitmap");
        let text = pdftotext(&pdf, &["-raw"]);
        assert!(text.contains("แผนภูมิทดสอบ") && text.contains("หน่วย: ครั้ง"), "{text}");
        for l in labels {
            assert!(text.contains(l), "{l} missing in {text}");
        }
        // Bars are filled rectangles in the content stream.
        let doc = lopdf::Document::load(&pdf).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let ops = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap().operations;
        let fills = ops.iter().filter(|o| o.operator == "f").count();
        if points.is_empty() {
            assert_eq!(fills, 0);
        } else {
            assert!(fills >= points.matches("<point").count(), "{fills} fills");
        }
    }
}

#[test]
fn example_packs_have_album_portraits_and_charts_and_stay_small() {
    for (trip, portraits) in [("astana-2026-12", 4), ("seoul-2027-03", 3)] {
        let run = Test::new()
            .copy("briefs", "briefs")
            .args(&["build", &format!("briefs/trips/{trip}.toml"), "-o", "p.pdf"])
            .run()
            .success();
        let pdf = run.dir.join("p.pdf");
        let list = images(&pdf);
        let photos: Vec<_> = list.iter().filter(|i| i.0 == "image").collect();
        // Emblem + 4 album photos + portraits; nothing else is a bitmap (charts are vectors).
        assert_eq!(photos.len(), 1 + 4 + portraits, "{list:?}");
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(size < 2 * 1024 * 1024, "{trip}: {size} bytes");
        let text = pdftotext(&pdf, &["-raw"]);
        assert!(text.contains("จำนวนกิจกรรมกับ"), "the interactions chart");
        assert!(text.contains("ภาพประกอบ:"), "album captions");
    }
}

#[test]
fn a_file_that_is_no_image_is_caught_by_check_at_its_entry() {
    let t = Test::new().copy("briefs", "briefs");
    std::fs::write(t.path("briefs/cities/astana/photos/album-3.jpg"), "รายชื่อผู้เข้าร่วม ไม่ใช่ภาพ").unwrap();
    let src = std::fs::read_to_string(common::repo().join("briefs/cities/astana.toml")).unwrap();
    let at = src.find("\"astana/photos/album-3.jpg\"").unwrap();
    let line = src[..at].matches('\n').count() + 1;
    let col = src[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    t.args(&["check", "briefs"]).run().failure().stderr_has(&format!(
        "briefs/cities/astana.toml:{line}:{col}: `astana/photos/album-3.jpg` is not a PNG or JPEG image"
    ));
}

/// The prepared photos in a cache folder.
fn cache_entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir.join("photos"))
        .map(|d| d.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "bin")).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The example Astana pack built into `out` in a new test directory.
fn astana_pack(out: &str) -> common::Run {
    Test::new().copy("briefs", "briefs").args(&["build", "briefs/trips/astana-2026-12.toml", "-o", out]).run().success()
}

#[test]
fn photos_prepared_once_are_taken_from_the_cache_with_the_same_bytes() {
    let run = astana_pack("cold.pdf");
    let (dir, cache) = (&run.dir, run.dir.join(".cache"));
    // The emblem, four album photos and four portraits, each at its printed size.
    let entries = cache_entries(&cache);
    assert_eq!(entries.len(), 9, "{entries:?}");
    let build = |out: &str, env: &[(&str, &str)]| {
        let o = common::run_in(dir, &["build", "briefs/trips/astana-2026-12.toml", "-o", out], env);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (std::fs::read(dir.join(out)).unwrap(), String::from_utf8_lossy(&o.stderr).into_owned())
    };
    let cold = std::fs::read(dir.join("cold.pdf")).unwrap();
    // Entries the photos cannot have made: taken, they would change the PDF.
    let stamp: Vec<_> = entries.iter().map(|e| std::fs::metadata(e).unwrap().modified().unwrap()).collect();
    let (warm, _) = build("warm.pdf", &[]);
    assert!(warm == cold, "a build from the cache differs from the first");
    let again: Vec<_> = entries.iter().map(|e| std::fs::metadata(e).unwrap().modified().unwrap()).collect();
    assert_eq!(stamp, again, "entries were written again instead of read");
    // Without a cache, the same bytes too.
    let (none, _) = build("none.pdf", &[("BRIEFPACK_CACHE_DIR", "off")]);
    assert!(none == cold, "a build without the cache differs");
    // Damaged entries (cut short, a pixel changed, garbage) are never printed.
    std::fs::write(&entries[0], b"not a photo").unwrap();
    let mut b = std::fs::read(&entries[1]).unwrap();
    let last = b.len() - 1;
    b[last] ^= 0xff;
    std::fs::write(&entries[1], &b).unwrap();
    let b = std::fs::read(&entries[2]).unwrap();
    std::fs::write(&entries[2], &b[..b.len() / 2]).unwrap();
    let (mended, _) = build("mended.pdf", &[]);
    assert!(mended == cold, "a damaged cache entry reached the PDF");
    assert_eq!(cache_entries(&cache).len(), 9);
    let (after, _) = build("after.pdf", &[]);
    assert!(after == cold);
}

#[test]
fn an_edited_photo_is_prepared_anew() {
    let t = Test::new().copy("briefs", "briefs").copy("tests/fixtures/images/grey.png", "grey.png");
    let run = t.args(&["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"]).run().success();
    let dir = &run.dir;
    let before = images(&dir.join("a.pdf"));
    // The same file name, another picture: a grey one.
    std::fs::copy(dir.join("grey.png"), dir.join("briefs/cities/astana/photos/album-2.jpg")).unwrap();
    let o = common::run_in(dir, &["build", "briefs/trips/astana-2026-12.toml", "-o", "b.pdf"], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = images(&dir.join("b.pdf"));
    assert_eq!(before.len(), after.len());
    let changed: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "only the edited photo differs: {changed:?}");
    assert_eq!(changed[0].1.3, "gray", "the new picture is printed, not the cached old one");
    assert_eq!(cache_entries(&dir.join(".cache")).len(), 10);
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_and_the_pack_is_the_same() {
    let run = astana_pack("a.pdf");
    let dir = &run.dir;
    std::fs::write(dir.join("blocked"), "a file where the cache folder should be").unwrap();
    let o = common::run_in(
        dir,
        &["build", "briefs/trips/astana-2026-12.toml", "-o", "b.pdf"],
        &[("BRIEFPACK_CACHE_DIR", "blocked")],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("warning: cannot keep a prepared photo in the cache blocked/photos").count(),
        1,
        "{stderr}"
    );
    assert!(std::fs::read(dir.join("a.pdf")).unwrap() == std::fs::read(dir.join("b.pdf")).unwrap());
}
