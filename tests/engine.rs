//! The typesetting engine end to end: `briefpack render` on real markup,
//! checked with poppler, qpdf, HarfBuzz's hb-shape and PyThaiNLP.

mod common;

use common::{Test, pdftotext, repo, squash, tool};

const SAMPLE: &str = "tests/fixtures/thai-sample.xml";

fn keep_args() -> Vec<String> {
    let phrases = std::fs::read_to_string(repo().join("tests/fixtures/thai-sample.keep")).unwrap();
    phrases.lines().filter(|l| !l.is_empty()).flat_map(|l| ["--keep".to_string(), l.to_string()]).collect()
}

fn render_sample(theme: Option<&str>) -> common::Run {
    render_xml(theme, |xml| xml)
}

/// Render the sample after `edit` changes its markup.
fn render_xml(theme: Option<&str>, edit: impl Fn(String) -> String) -> common::Run {
    let mut args = vec!["render".to_string(), "sample.xml".into(), "-o".into(), "out.pdf".into()];
    if let Some(t) = theme {
        args.extend(["--theme".into(), t.into()]);
    }
    args.extend(keep_args());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut xml = std::fs::read_to_string(repo().join(SAMPLE)).unwrap();
    if theme.is_some() {
        // The bare theme's runs check the body text alone: no classification stamp.
        xml = xml.replace(" classification=\"ใช้ภายใน\"", "");
    }
    let xml = edit(xml);
    Test::new().file("sample.xml", &xml).copy("tests/fixtures/bare-theme.toml", "bare.toml").args(&args).run().success()
}

/// The source's text: tags removed, entities decoded (independent of the markup parser).
fn source_text(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// pdftotext output without list markers (generated text) at line starts.
fn without_markers(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.strip_prefix("• ").or_else(|| l.strip_prefix("– ")).unwrap_or(l);
            match l.split_once(". ") {
                Some((n, rest)) if !n.is_empty() && n.chars().all(|c| ('๐'..='๙').contains(&c)) => rest,
                _ => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn text_layer_gives_back_the_source_exactly() {
    let run = render_sample(Some("bare.toml"));
    let xml = std::fs::read_to_string(run.dir.join("sample.xml")).unwrap();

    // The table header is repeated on every page the table continues on.
    let header = "วันที่กิจกรรมสถานที่";
    let expected = squash(&source_text(&xml));
    assert!(expected.len() > 5000);
    // Text in drawing order: exact. pdftotext's reading-order guesses
    // (default mode) join the lines of table cells that stand side by side,
    // so that mode is checked on the same document without its tables.
    let no_tables = render_xml(Some("bare.toml"), |xml| {
        let mut out = String::new();
        let mut rest = xml.as_str();
        while let Some(start) = rest.find("<table") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("</table>").map_or(rest.len(), |e| start + e + "</table>".len());
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    });
    let plain = squash(&source_text(&std::fs::read_to_string(no_tables.dir.join("sample.xml")).unwrap()));
    for (mode, run, expected) in [(&["-raw"][..], &run, &expected), (&[][..], &no_tables, &plain)] {
        let got = squash(&without_markers(&pdftotext(&run.dir.join("out.pdf"), mode)));
        let got = got.replacen(header, "\u{0}", 1).replace(header, "").replace('\u{0}', header);
        if got != *expected {
            let at = got.chars().zip(expected.chars()).take_while(|(a, b)| a == b).count();
            let ctx = |s: &str| s.chars().skip(at.saturating_sub(20)).take(50).collect::<String>();
            panic!("pdftotext {mode:?} differs at char {at}:\n got: {}\nwant: {}", ctx(&got), ctx(expected));
        }
    }
}

#[test]
fn no_line_break_splits_a_word() {
    let run = render_sample(None);
    let text = pdftotext(&run.dir.join("out.pdf"), &["-raw"]);
    let txt = run.dir.join("out.txt");
    std::fs::write(&txt, text).unwrap();
    let checker = repo().join("tests/tools/check_breaks.py");
    let keep = repo().join("tests/fixtures/thai-sample.keep");
    let source = repo().join("tests/fixtures/thai-sample.xml");
    let out = tool(
        "python3",
        &[checker.to_str().unwrap(), txt.to_str().unwrap(), keep.to_str().unwrap(), source.to_str().unwrap()],
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    // It looked at a real number of breaks.
    let checked: usize = report.split_whitespace().next().unwrap().parse().unwrap();
    assert!(checked > 100, "{report}");
}

#[test]
fn qpdf_finds_no_errors_and_pages_break_the_table() {
    let run = render_sample(None);
    let pdf = run.dir.join("out.pdf");
    let out = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.contains("No syntax or stream encoding errors"), "{report}");
    // Several pages, and the table's header row on each page it spans.
    let text = pdftotext(&pdf, &["-raw"]);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 5, "{} pages", pages.len());
    let with_header = pages.iter().filter(|p| p.contains("วันที่ กิจกรรม สถานที่")).count();
    assert!(with_header >= 3, "table header on {with_header} pages");
    // Running footer in Thai digits: "หน้า ๒ จาก N".
    assert!(pages[1].contains("หน้า ๒ จาก"), "{}", pages[1]);
}

#[test]
fn output_is_byte_identical_and_dates_come_only_from_source_date_epoch() {
    let a = render_sample(None);
    let b = render_sample(None);
    let (pa, pb) = (std::fs::read(a.dir.join("out.pdf")).unwrap(), std::fs::read(b.dir.join("out.pdf")).unwrap());
    assert_eq!(pa, pb, "two runs gave different PDFs");
    assert!(!pa.windows(12).any(|w| w == b"CreationDate"));
    let run = Test::new()
        .copy(SAMPLE, "s.xml")
        .env("SOURCE_DATE_EPOCH", "1675728000")
        .args(&["render", "s.xml", "-o", "s.pdf"])
        .run()
        .success();
    let doc = lopdf::Document::load(run.dir.join("s.pdf")).unwrap();
    let info = doc.trailer.get(b"Info").and_then(|o| o.as_reference()).unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert_eq!(info.get(b"CreationDate").unwrap().as_str().unwrap(), b"D:20230207000000Z");
}

#[test]
fn metadata_language_outline_and_links() {
    let run = render_sample(None);
    let doc = lopdf::Document::load(run.dir.join("out.pdf")).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_dictionary(root).unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"th-TH");
    assert_eq!(catalog.get(b"PageMode").unwrap().as_name().unwrap(), b"UseOutlines");
    // Nested outline: the first h1 has the h2 under it.
    let outlines = doc.get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap()).unwrap();
    let first = doc.get_dictionary(outlines.get(b"First").unwrap().as_reference().unwrap()).unwrap();
    let title = lopdf::decode_text_string(first.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "ความสัมพันธ์กรุงเทพมหานครกับกรุงโซล");
    let child = doc.get_dictionary(first.get(b"First").unwrap().as_reference().unwrap()).unwrap();
    assert_eq!(lopdf::decode_text_string(child.get(b"Title").unwrap()).unwrap(), "คำยาก");
    // Title in the Info dictionary, the link clickable without a border.
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    assert_eq!(lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap(), "เอกสารทดสอบการจัดหน้าภาษาไทย");
    let mut links = 0;
    for (_, page) in doc.get_pages() {
        for annot in doc.get_page_annotations(page).unwrap_or_default() {
            if annot.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Link") {
                links += 1;
                let border: Vec<f32> =
                    annot.get(b"Border").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
                assert_eq!(border, vec![0.0, 0.0, 0.0]);
                let a = annot.get(b"A").unwrap().as_dict().unwrap();
                assert_eq!(a.get(b"URI").unwrap().as_str().unwrap(), b"https://www.bangkok.go.th/");
            }
        }
    }
    assert_eq!(links, 1);
}

/// Glyph ids, advances and x/y offsets from briefpack's shaper against
/// Debian's `hb-shape` (the C HarfBuzz), cluster by cluster.
#[test]
fn hard_clusters_shape_like_hb_shape() {
    use briefpack::typeset::text::fonts::FontBook;
    use briefpack::typeset::text::shape::{RunScript, Shaper, char_script};
    let theme = briefpack::typeset::style::Theme::load(None).unwrap();
    let book = FontBook::from_theme(&theme).unwrap();
    let mut shaper = Shaper::new(&book);
    let cases = ["ปี่", "ฟื้น", "ญี่ปุ่น", "ฐาน", "ฐุ", "ญุ", "ฎีกา", "น้ำ", "ศักดิ์สิทธิ์", "ฤๅษี", "ที่นี่", "ผ่าน", "ค่ำ"];
    let font = repo().join("fonts/Sarabun-Regular.ttf");
    for (face_file, face) in
        [(font.clone(), book.styled(false, false)), (repo().join("fonts/Sarabun-Bold.ttf"), book.styled(true, false))]
    {
        for text in cases.iter().copied().chain(["Bangkok", "Seoul"]) {
            let script = text.chars().find_map(char_script).unwrap_or(RunScript::Latin);
            let ours = shaper.shape(face, script, text);
            let hb = hb_shape(&face_file, text);
            let ours: Vec<(u32, usize, i32, i32, i32)> = ours
                .iter()
                .map(|g| (g.gid as u32, text[..g.cluster].chars().count(), g.advance, g.x_offset, g.y_offset))
                .collect();
            assert_eq!(ours, hb, "{text} in {}", face_file.display());
        }
    }
    // A Latin+Thai mix is shaped as two runs; each matches hb-shape on its own.
    let run = Test::new()
        .file("mix.xml", "<document><p>Seoulโซลน้ำ Bangkokกรุงเทพฯ</p></document>")
        .args(&["render", "mix.xml", "-o", "mix.pdf"])
        .run()
        .success();
    assert_eq!(
        squash(&pdftotext(&run.dir.join("mix.pdf"), &["-raw"])),
        squash("Seoulโซลน้ำ Bangkokกรุงเทพฯ") + "หน้า๑จาก๑"
    );
}

fn hb_shape(font: &std::path::Path, text: &str) -> Vec<(u32, usize, i32, i32, i32)> {
    let out = tool("hb-shape", &["--output-format=json", "--no-glyph-names", font.to_str().unwrap(), text]);
    assert!(out.status.success(), "hb-shape: {}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let n = |k: &str| g[k].as_i64().unwrap();
            (n("g") as u32, n("cl") as usize, n("ax") as i32, n("dx") as i32, n("dy") as i32)
        })
        .collect()
}

/// The y offsets reach the PDF: ์ over ิ sits 46 units (of 1000) below the
/// baseline position it would have without GPOS.
#[test]
fn vertical_offsets_reach_the_page() {
    let run = Test::new()
        .file("t.xml", "<document><p>ศักดิ์</p></document>")
        .file("t.toml", "[text]\nsize = 10\n[header]\nright = \"\"\nrule = false\n[footer]\ncenter = \"\"\n")
        .args(&["render", "t.xml", "-o", "t.pdf", "--theme", "t.toml"])
        .run()
        .success();
    let doc = lopdf::Document::load(run.dir.join("t.pdf")).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let ys: Vec<f32> = content
        .operations
        .iter()
        .filter(|op| op.operator == "Tm")
        .map(|op| op.operands[5].as_float().unwrap())
        .collect();
    let base = ys[0];
    assert!(ys.iter().any(|y| (base - y - 0.46).abs() < 0.002), "text matrices at {ys:?}");
}

#[test]
fn bad_xml_is_reported_with_position_and_nothing_written() {
    Test::new()
        .file("bad.xml", "<document>\n  <p>น้ำ & ไฟ</p>\n</document>\n")
        .args(&["render", "bad.xml", "-o", "bad.pdf"])
        .run()
        .failure()
        .stderr_has("bad.xml:2:")
        .stderr_has("&amp;")
        .no_output();
}

#[test]
fn unknown_element_is_an_error_with_a_suggestion() {
    Test::new()
        .file("u.xml", "<document>\n<h1>หัวข้อ</h1>\n<tabel><tr><td>x</td></tr></tabel>\n</document>")
        .args(&["render", "u.xml", "-o", "u.pdf"])
        .run()
        .failure()
        .stderr_has("u.xml:3:1: unknown element <tabel>")
        .stderr_has("did you mean <table>?")
        .no_output();
}

#[test]
fn missing_glyph_names_the_character_and_how_to_add_a_font() {
    Test::new()
        .file("g.xml", "<document>\n<p>ภาษาไทย</p>\n<p>เมืองพี่เมืองน้อง ሰላም</p>\n</document>")
        .args(&["render", "g.xml", "-o", "g.pdf"])
        .run()
        .failure()
        .stderr_has("g.xml:3:22: no font has a glyph for 'ሰ' (U+1230)")
        .stderr_has("fallback")
        .no_output();
}

#[test]
fn a_fallback_font_from_the_theme_draws_what_sarabun_lacks() {
    // DejaVu Sans (Debian fonts-dejavu-core) has the arrow Sarabun lacks.
    let dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    assert!(std::path::Path::new(dejavu).exists(), "{dejavu} missing: run .ci/install-test-deps");
    let run = Test::new()
        .file("f.xml", "<document><p>กรุงเทพฯ ⇒ อัสตานา</p></document>")
        .file("f.toml", &format!("[fonts]\nfallback = [\"{dejavu}\"]\n"))
        .args(&["render", "f.xml", "-o", "f.pdf", "--theme", "f.toml"])
        .run()
        .success();
    assert!(pdftotext(&run.dir.join("f.pdf"), &["-raw"]).contains("กรุงเทพฯ ⇒ อัสตานา"));
}

#[test]
fn unwritable_output_fails_and_keeps_the_old_file() {
    let t = Test::new().file("ok.xml", "<document><p>สวัสดี</p></document>").file("ro/old.pdf", "old");
    let ro = t.path("ro");
    let mut perms = std::fs::metadata(&ro).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&ro, perms).unwrap();
    // Root ignores directory permissions; a path through a file fails for
    // everyone (a missing folder is made).
    let run =
        t.args(&["render", "ok.xml", "-o", "ok.xml/out.pdf"]).run().failure().stderr_has("cannot write ok.xml/out.pdf");
    assert_eq!(std::fs::read_to_string(run.dir.join("ok.xml")).unwrap(), "<document><p>สวัสดี</p></document>");
    assert_eq!(std::fs::read_to_string(run.dir.join("ro/old.pdf")).unwrap(), "old");
}

#[test]
fn a_failed_run_leaves_an_existing_output_untouched() {
    let run = Test::new()
        .file("out.pdf", "previous pack")
        .file("bad.xml", "<document><p>ไม่ปิด</document>")
        .args(&["render", "bad.xml", "-o", "out.pdf"])
        .run()
        .failure()
        .stderr_has("bad.xml:1:");
    assert_eq!(std::fs::read_to_string(run.dir.join("out.pdf")).unwrap(), "previous pack");
}

#[test]
fn theme_errors_point_into_the_theme_file() {
    Test::new()
        .file("ok.xml", "<document><p>สวัสดี</p></document>")
        .file("t.toml", "[page]\nmargin_left = \"3 ซม.\"\n")
        .args(&["render", "ok.xml", "--theme", "t.toml", "-o", "o.pdf"])
        .run()
        .failure()
        .stderr_has("t.toml:2:15")
        .stderr_has("not a length")
        .no_output();
}

#[test]
fn unstyled_class_is_a_warning_not_an_error() {
    Test::new()
        .file("c.xml", "<document>\n<p class=\"mystery\">สวัสดี</p></document>")
        .args(&["render", "c.xml", "-o", "c.pdf"])
        .run()
        .success()
        .stderr_has("c.xml:2:1: warning: class `mystery` is not styled");
}

/// The contents list each heading with the page it is on, whether the
/// contents stand on their own or inside a table (laid out again once the
/// pages are known).
#[test]
fn contents_give_the_page_each_heading_is_on() {
    let doc = "<document title=\"ทดสอบสารบัญ\">\n<h1>บทนำ</h1>\nCONTENTS\n<p>ย่อหน้าแรก</p>\n<pagebreak/>\n<h1>ความสัมพันธ์</h1>\n<p>กรุงเทพมหานครกับกรุงอัสตานา</p>\n<pagebreak/>\n<pagebreak/>\n<h1>กำหนดการ</h1>\n<p>วันแรก</p>\n</document>\n";
    for contents in ["<contents depth=\"1\"/>", "<table><tr><td><contents depth=\"1\"/></td></tr></table>"] {
        let run = Test::new()
            .file("toc.xml", &doc.replace("CONTENTS", contents))
            .args(&["render", "toc.xml", "-o", "toc.pdf"])
            .run()
            .success();
        let pdf = run.dir.join("toc.pdf");
        let listed: Vec<String> = pdftotext(&pdf, &["-layout", "-f", "1", "-l", "1"])
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| l.ends_with(['๑', '๒', '๓']))
            .collect();
        // The contents, then the page footer ("หน้า ๑ จาก ๓").
        assert_eq!(listed[..3], ["บทนำ ๑", "ความสัมพันธ์ ๒", "กำหนดการ ๓"], "{contents}");
        for (page, heading) in [("2", "ความสัมพันธ์"), ("3", "กำหนดการ")] {
            assert!(pdftotext(&pdf, &["-raw", "-f", page, "-l", page]).contains(heading), "{heading} on page {page}");
        }
    }
}
