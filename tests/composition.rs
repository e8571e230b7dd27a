//! Thai paragraph composition, measured on the PDFs themselves: the example
//! packs, the monthly report and a paragraph-heavy document of names,
//! titles, numbers with units and transliterations (tests/fixtures/
//! composition.xml, written by tests/tools/make_composition.py).
//!
//! The spacing figures follow ../shared/tools/typo (the team's checker):
//! glyph positions are read from the page content streams with lopdf, a
//! line's gaps are the distances from one glyph's advance to the next
//! glyph, a gap wider than 0.15 em is between words, and only justified
//! body lines (body size, ending at the right edge of the text frame, at
//! least half the frame wide) are measured.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Test, pdftotext, repo, tool};

/// One glyph as drawn: pen position, advance, font size.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    x: f32,
    y: f32,
    advance: f32,
    size: f32,
}

/// Advance widths (1/1000 em) of each glyph id, from a Type0 font's /W.
fn widths(doc: &lopdf::Document, font: &lopdf::Dictionary) -> BTreeMap<u16, f32> {
    let mut out = BTreeMap::new();
    let deref = |o: &lopdf::Object| match o {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
        o => o.clone(),
    };
    let desc = deref(font.get(b"DescendantFonts").unwrap());
    let desc = deref(&desc.as_array().unwrap()[0]);
    let w = deref(desc.as_dict().unwrap().get(b"W").unwrap());
    let w = w.as_array().unwrap();
    let num = |o: &lopdf::Object| match deref(o) {
        lopdf::Object::Integer(i) => i as f32,
        lopdf::Object::Real(r) => r,
        o => panic!("not a number in /W: {o:?}"),
    };
    let mut i = 0;
    while i < w.len() {
        let first = num(&w[i]) as u16;
        match deref(&w[i + 1]) {
            lopdf::Object::Array(list) => {
                for (k, v) in list.iter().enumerate() {
                    out.insert(first + k as u16, num(v));
                }
                i += 2;
            }
            _ => {
                let (last, v) = (num(&w[i + 1]) as u16, num(&w[i + 2]));
                for g in first..=last {
                    out.insert(g, v);
                }
                i += 3;
            }
        }
    }
    out
}

/// The glyphs of every page, in drawing order, grouped by page.
fn glyphs(pdf: &Path) -> Vec<Vec<Glyph>> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut pages = Vec::new();
    for (_, page) in doc.get_pages() {
        let fonts: BTreeMap<Vec<u8>, BTreeMap<u16, f32>> = doc
            .get_page_fonts(page)
            .unwrap()
            .into_iter()
            .filter(|(_, f)| f.get(b"DescendantFonts").is_ok())
            .map(|(name, f)| (name, widths(&doc, f)))
            .collect();
        let content = doc.get_and_decode_page_content(page).unwrap();
        let (mut font, mut size, mut x, mut y, mut upright) = (Vec::new(), 0.0f32, 0.0f32, 0.0f32, true);
        let mut out = Vec::new();
        let num = |o: &lopdf::Object| o.as_float().unwrap_or(0.0);
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    font = op.operands[0].as_name().unwrap().to_vec();
                    size = num(&op.operands[1]);
                }
                "Tm" => {
                    upright = num(&op.operands[1]) == 0.0;
                    x = num(&op.operands[4]);
                    y = num(&op.operands[5]);
                }
                "TJ" if upright => {
                    let w = &fonts[&font];
                    for part in op.operands[0].as_array().unwrap() {
                        match part {
                            lopdf::Object::String(bytes, _) => {
                                for gid in bytes.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])) {
                                    let advance = w.get(&gid).copied().unwrap_or(0.0) / 1000.0 * size;
                                    out.push(Glyph { x, y, advance, size });
                                    x += advance;
                                }
                            }
                            n => x -= num(n) / 1000.0 * size,
                        }
                    }
                }
                _ => {}
            }
        }
        pages.push(out);
    }
    pages
}

/// Spacing of the justified body lines of a PDF.
#[derive(Debug, Default)]
struct Spacing {
    lines: usize,
    /// Widest inter-word gap on any measured line, in em.
    max_gap: f32,
    /// Largest letter spacing of a line (the median of its letter gaps), in em.
    max_letter_spacing: f32,
    /// The worst lines, for the message.
    worst: Vec<String>,
}

fn spacing(pdf: &Path, body: f32) -> Spacing {
    let pages = glyphs(pdf);
    // Lines: glyphs of the body size on one baseline, in drawing order.
    let mut lines: Vec<(usize, Vec<Glyph>)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let mut by_y: BTreeMap<i64, Vec<Glyph>> = BTreeMap::new();
        for g in page.iter().filter(|g| (g.size - body).abs() < 0.01) {
            by_y.entry((g.y * 10.0).round() as i64).or_default().push(*g);
        }
        lines.extend(by_y.into_values().map(|l| (p + 1, l)));
    }
    let right = |l: &[Glyph]| l.iter().map(|g| g.x + g.advance).fold(f32::MIN, f32::max);
    let left = |l: &[Glyph]| l.iter().map(|g| g.x).fold(f32::MAX, f32::min);
    let frame_right = lines.iter().map(|(_, l)| right(l)).fold(f32::MIN, f32::max);
    let frame_left = lines.iter().map(|(_, l)| left(l)).fold(f32::MAX, f32::min);
    let mut s = Spacing::default();
    for (page, line) in &lines {
        if right(line) < frame_right - 0.75 || right(line) - left(line) < (frame_right - frame_left) / 2.0 {
            continue;
        }
        let em = body;
        let gaps: Vec<f32> = line.windows(2).map(|w| (w[1].x - (w[0].x + w[0].advance)) / em).collect();
        if gaps.iter().any(|g| *g > 2.0) {
            // A contents entry: its title, a wide gap, its page number.
            continue;
        }
        s.lines += 1;
        let word_gap = gaps.iter().copied().filter(|g| *g > 0.15).fold(0.0f32, f32::max);
        let mut letters: Vec<f32> = gaps.iter().copied().filter(|g| *g <= 0.15 && *g > -0.5).collect();
        letters.sort_by(f32::total_cmp);
        let ls = letters.get(letters.len() / 2).copied().unwrap_or(0.0);
        if word_gap > 0.6 || ls > 0.05 {
            s.worst.push(format!("p{page} y={:.1}: gap {word_gap:.3} em, letter spacing {ls:.3} em", line[0].y));
        }
        s.max_gap = s.max_gap.max(word_gap);
        s.max_letter_spacing = s.max_letter_spacing.max(ls);
    }
    s
}

/// Line-edge rules, read from the text layer (`pdftotext -raw`, one line of
/// the PDF a line): what a line may not start or end with.
fn edge_rules(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf, &["-raw"]);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let thai_letter = |c: char| ('\u{0E01}'..='\u{0E4E}').contains(&c);
    // A word at the end of a line, as a whole word (ประมาณ does not end with the word ณ).
    let ends_with_word =
        |l: &str, w: &str| l.strip_suffix(w).is_some_and(|head| !head.chars().next_back().is_some_and(thai_letter));
    let titles = ["นาย", "นาง", "นางสาว", "ดร.", "ศ.", "รศ.", "ผศ.", "Mr.", "Mrs.", "Ms.", "Dr."];
    let units = ["กิโลเมตร", "บาท", "ล้าน", "คน", "ครั้ง", "วัน", "ชั่วโมง", "ปี", "เดือน", "%", "กม."];
    let mut bad = Vec::new();
    for pair in lines.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let first = b.chars().next().unwrap_or(' ');
        if matches!(first, 'ๆ' | 'ฯ' | ')' | ']' | '”' | '’' | ',' | ':' | ';') {
            bad.push(format!("starts with {first}: {a} | {b}"));
        }
        if ends_with_word(a, "ณ") || a.ends_with("(ณ") {
            bad.push(format!("ends with ณ: {a} | {b}"));
        }
        if titles.iter().any(|t| ends_with_word(a, t)) && b.chars().next().is_some_and(|c| c.is_alphabetic()) {
            bad.push(format!("a title cut from its name: {a} | {b}"));
        }
        let months = briefpack::thai::MONTHS;
        let last_token = a.rsplit(' ').next().unwrap_or(a);
        if a.chars().next_back().is_some_and(|c| c.is_ascii_digit())
            && !last_token.contains('/')
            && (units.iter().chain(&months).any(|u| b.starts_with(u)))
        {
            bad.push(format!("a number cut from its unit or month: {a} | {b}"));
        }
    }
    bad
}

/// Breaks inside words, by PyThaiNLP's newmm (tests/tools/check_breaks.py):
/// (breaks inside a word, breaks that leave a piece that is not a word).
/// `source` is the document's markup (where its spaces are).
fn word_breaks(pdf: &Path, keep: &Path, source: &Path) -> (usize, String) {
    let txt = pdf.with_extension("txt");
    std::fs::write(&txt, pdftotext(pdf, &["-raw"])).unwrap();
    let checker = repo().join("tests/tools/check_breaks.py");
    let args: Vec<String> =
        [checker.as_path(), &txt, keep, source].iter().map(|p| p.to_str().unwrap().to_string()).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = tool("python3", &args);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "a break leaves a piece that is not a word:\n{report}");
    let inside = report
        .lines()
        .find_map(|l| l.strip_prefix("inside a word: "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count in {report}"));
    (inside, report)
}

fn check_document(pdf: &Path, keep: &Path, source: &Path, max_inside: usize) {
    let s = spacing(pdf, 14.0);
    assert!(s.lines >= 15, "{}: only {} justified lines measured", pdf.display(), s.lines);
    assert!(
        s.max_gap <= 0.60 && s.max_letter_spacing <= 0.05,
        "{}: widest gap {:.3} em, letter spacing {:.3} em:\n{}",
        pdf.display(),
        s.max_gap,
        s.max_letter_spacing,
        s.worst.join("\n")
    );
    let bad = edge_rules(pdf);
    assert!(bad.is_empty(), "{}:\n{}", pdf.display(), bad.join("\n"));
    let (inside, report) = word_breaks(pdf, keep, source);
    assert!(inside <= max_inside, "{}: {inside} breaks inside words (at most {max_inside}):\n{report}", pdf.display());
}

#[test]
fn example_packs_are_composed_within_the_limits() {
    for trip in ["astana-2026-12", "seoul-2027-03"] {
        let run = Test::new()
            .copy("briefs", "briefs")
            .file("no-names.keep", "")
            .args(&["build", &format!("briefs/trips/{trip}.toml"), "-o", "pack.pdf", "--emit-markup"])
            .run()
            .success();
        let dir = &run.dir;
        check_document(&dir.join("pack.pdf"), &dir.join("no-names.keep"), &dir.join("pack.xml"), 10);
    }
}

#[test]
fn the_monthly_report_is_composed_within_the_limits() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .args(&["monthly", "--month", "2023-02", "-o", "m.pdf", "briefs"])
        .run()
        .success();
    let s = spacing(&run.dir.join("m.pdf"), 14.0);
    assert!(s.max_gap <= 0.60 && s.max_letter_spacing <= 0.05, "{s:?}");
    assert!(edge_rules(&run.dir.join("m.pdf")).is_empty());
}

#[test]
fn a_hard_document_of_names_numbers_and_transliterations_is_composed_within_the_limits() {
    let keep = std::fs::read_to_string(repo().join("tests/fixtures/composition.keep")).unwrap();
    let mut args = vec!["render", "composition.xml", "-o", "c.pdf"];
    for name in keep.lines().filter(|l| !l.is_empty()) {
        args.extend(["--keep", name]);
    }
    let run = Test::new().copy("tests/fixtures/composition.xml", "composition.xml").args(&args).run().success();
    let pdf = run.dir.join("c.pdf");
    let pages = pdftotext(&pdf, &[]).matches('\u{c}').count();
    assert!(pages >= 10, "{pages} pages");
    // 16 pages: the limit for a pack (10 in 15 pages), in proportion.
    let keep = repo().join("tests/fixtures/composition.keep");
    check_document(&pdf, &keep, &run.dir.join("composition.xml"), 12);
}
