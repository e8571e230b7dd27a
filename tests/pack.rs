//! Briefing packs end to end: `briefpack build`, `check` and `new` on the
//! bundled example data, and every kind of bad input a new user makes.

mod common;

use common::{Test, pdftotext, squash};

/// Every string in a TOML file that contains Thai letters.
fn thai_strings(toml_text: &str) -> Vec<String> {
    fn walk(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s) if s.chars().any(|c| ('\u{0E01}'..='\u{0E5B}').contains(&c)) => out.push(s.clone()),
            toml::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            toml::Value::Table(t) => t.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&toml::Value::Table(toml::from_str::<toml::Table>(toml_text).expect("valid TOML")), &mut out);
    out
}

/// pdftotext output without the running header, footer, stamps and watermark.
fn body_text(text: &str, title: &str, classification: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.trim();
            !(l == title || l == classification || l == "ร่าง" || (l.starts_with("หน้า ") && l.contains(" จาก ")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn example() -> Test {
    Test::new().copy("briefs", "briefs")
}

fn build_and_check_every_thai_string(trip: &str, city: &str) {
    let run = example().args(&["build", &format!("briefs/trips/{trip}.toml"), "-o", "pack.pdf"]).run().success();
    let pdf = run.dir.join("pack.pdf");
    let trip_src = std::fs::read_to_string(run.dir.join(format!("briefs/trips/{trip}.toml"))).unwrap();
    let trip_toml = toml::from_str::<toml::Table>(&trip_src).unwrap();
    let title = trip_toml["title_th"].as_str().unwrap().to_string();
    let classification = trip_toml.get("classification").and_then(|c| c.as_str()).unwrap_or("").to_string();
    let mut strings = thai_strings(&trip_src);
    let mut files = vec![run.dir.join(format!("briefs/cities/{city}.toml"))];
    if let Ok(dir) = std::fs::read_dir(run.dir.join(format!("briefs/cities/{city}"))) {
        files.extend(dir.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")));
    }
    for f in files {
        strings.extend(thai_strings(&std::fs::read_to_string(f).unwrap()));
    }
    assert!(strings.len() > 30, "only {} Thai strings", strings.len());
    // Content-stream order: poppler's default mode reads table rows across
    // columns line by line, interleaving multi-line cells (the engine test
    // checks default mode on running text).
    {
        let mode = &["-raw"][..];
        let text = squash(&body_text(&pdftotext(&pdf, mode), &title, &classification));
        let missing: Vec<&String> = strings.iter().filter(|s| !text.contains(&squash(s))).collect();
        assert!(
            missing.is_empty(),
            "pdftotext {mode:?}: {} of {} Thai strings missing, e.g. {:?}",
            missing.len(),
            strings.len(),
            &missing[..missing.len().min(3)]
        );
    }
}

#[test]
fn astana_pack_holds_every_thai_string_of_its_data() {
    build_and_check_every_thai_string("astana-2026-12", "astana");
}

#[test]
fn seoul_pack_holds_every_thai_string_of_its_data() {
    build_and_check_every_thai_string("seoul-2027-03", "seoul");
}

#[test]
fn pack_has_cover_contents_classification_and_buddhist_era_dates() {
    let run = example().args(&["build", "briefs/trips/astana-2026-12.toml"]).run().success();
    // Default output name comes from the trip.
    let pdf = run.dir.join("astana-2026-12.pdf");
    let text = pdftotext(&pdf, &["-raw"]);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 8, "{} pages", pages.len());
    assert!(pages[0].contains("7-11 ธันวาคม 2569"), "{}", pages[0]);
    assert!(pages[1].contains("สารบัญ"));
    // Classification at the top and the bottom of every page.
    for (i, p) in pages.iter().enumerate() {
        assert!(p.matches("ใช้ภายใน").count() >= 2, "page {}: {p}", i + 1);
    }
    // The relationship in years and the agreement date in the Buddhist Era.
    assert!(text.contains("11 มิถุนายน 2547"));
    assert!(squash(&text).contains("รวม๒๒ปี"), "relationship years");
    // Contents page numbers point at the right pages.
    let contents = pages[1];
    let line = contents.lines().find(|l| l.starts_with("ประเด็นการหารือ")).unwrap();
    let n: usize = line
        .split_whitespace()
        .last()
        .unwrap()
        .chars()
        .map(|c| (c as u32 - 0x0E50) as usize)
        .fold(0, |a, d| a * 10 + d);
    assert!(pages[n - 1].contains("ประเด็นการหารือ"), "contents says page {n}");
}

#[test]
fn names_break_only_at_their_own_spaces() {
    let run = example().args(&["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"]).run().success();
    let text = pdftotext(&run.dir.join("a.pdf"), &["-raw"]);
    let lines: Vec<&str> = text.lines().collect();
    for name in ["นูร์ลาน นูร์เคนอฟ", "อาร์มัน อิสเซทอฟ", "เยอรัน เบคมูร์ซาเยฟ", "สาธารณรัฐคาซัคสถาน"]
    {
        // No line ends inside a word of the name: only between its words,
        // given name | family name (at a high cost, when nothing else fits).
        for word in name.split(' ') {
            for (i, pair) in lines.windows(2).enumerate() {
                for cut in word.char_indices().map(|(k, _)| k).filter(|&k| k > 0) {
                    let (head, tail) = word.split_at(cut);
                    assert!(
                        !(pair[0].ends_with(head) && pair[1].starts_with(tail)),
                        "line {i} cuts {word} as {head}|{tail}: {}",
                        pair[0]
                    );
                }
            }
        }
        assert!(text.contains(name) || name.contains(' '), "{name} not found whole");
    }
}

#[test]
fn build_is_deterministic() {
    let a = example().args(&["build", "briefs/trips/seoul-2027-03.toml", "-o", "s.pdf"]).run().success();
    let b = example().args(&["build", "briefs/trips/seoul-2027-03.toml", "-o", "s.pdf"]).run().success();
    assert_eq!(std::fs::read(a.dir.join("s.pdf")).unwrap(), std::fs::read(b.dir.join("s.pdf")).unwrap());
}

#[test]
fn several_trips_at_once() {
    let run = example()
        .args(&["build", "briefs/trips/astana-2026-12.toml", "briefs/trips/seoul-2027-03.toml"])
        .run()
        .success();
    assert!(run.dir.join("astana-2026-12.pdf").exists() && run.dir.join("seoul-2027-03.pdf").exists());
}

#[test]
fn check_accepts_the_example_data() {
    example().args(&["check", "briefs"]).run().success().stderr_has("no problems found");
}

#[test]
fn new_files_pass_check() {
    let run = example().args(&["new", "city", "tokyo"]).run().success();
    assert!(run.dir.join("briefs/cities/tokyo.toml").exists());
    let t = Test::new().copy("briefs", "briefs");
    let dir = t.path("briefs");
    std::fs::write(
        dir.join("cities/tokyo.toml"),
        std::fs::read_to_string(run.dir.join("briefs/cities/tokyo.toml")).unwrap(),
    )
    .unwrap();
    let run = t.args(&["new", "trip", "tokyo-2027-01", "--city", "tokyo"]).run().success();
    let t2 = Test::new().copy("briefs", "briefs");
    std::fs::copy(run.dir.join("briefs/cities/tokyo.toml"), t2.path("briefs/cities/tokyo.toml")).unwrap();
    std::fs::copy(run.dir.join("briefs/trips/tokyo-2027-01.toml"), t2.path("briefs/trips/tokyo-2027-01.toml")).unwrap();
    let t2 = t2.args(&["build", "briefs/trips/tokyo-2027-01.toml", "-o", "t.pdf"]);
    t2.run().success();
}

/// Copy the example data, change one file, and expect `check` and `build`
/// to fail with `needle` in the message and no PDF written.
fn bad_input(file: &str, from: &str, to: &str, needles: &[&str]) {
    let t = example();
    let p = t.path(file);
    let src = std::fs::read_to_string(&p).unwrap();
    assert!(src.contains(from), "{file} lacks {from:?}");
    std::fs::write(&p, src.replacen(from, to, 1)).unwrap();
    let mut run = t.args(&["check", "briefs"]).run().failure();
    for n in needles {
        run = run.stderr_has(n);
    }
    let t = example();
    std::fs::write(t.path(file), src.replacen(from, to, 1)).unwrap();
    let trip =
        if file.contains("seoul") { "briefs/trips/seoul-2027-03.toml" } else { "briefs/trips/astana-2026-12.toml" };
    let mut run = t.args(&["build", trip, "-o", "out.pdf"]).run().failure();
    for n in needles {
        run = run.stderr_has(n);
    }
    run.no_output();
}

/// Line and column of the first occurrence of `what` in the changed file, as "file:line:col".
fn at(file: &str, from: &str, to: &str, what: &str) -> String {
    let src = std::fs::read_to_string(common::repo().join(file)).unwrap().replacen(from, to, 1);
    let off = src.find(what).unwrap();
    let line = src[..off].matches('\n').count() + 1;
    let col = src[..off].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{file}:{line}:{col}")
}

#[test]
fn malformed_toml() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "status = \"draft\"", "status = \"draft");
    bad_input(f, from, to, &[&format!("{f}:"), "^"]);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "purpose_th =", "purpos_th =");
    bad_input(f, from, to, &[&at(f, from, to, "purpos_th"), "did you mean `purpose_th`"]);
}

#[test]
fn bad_date() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "end = 2026-12-11", "end = 2026-02-30");
    bad_input(f, from, to, &[at(f, from, to, "2026-02-30").rsplit_once(':').unwrap().0]);
}

#[test]
fn date_written_the_thai_way_gets_a_hint() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "end = 2026-12-11", "end = \"11 ธ.ค. 69\"");
    bad_input(f, from, to, &[&at(f, from, to, "\"11 ธ.ค. 69\""), "2026-12-11"]);
}

#[test]
fn end_before_start() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "end = 2026-12-11", "end = 2026-12-01");
    bad_input(f, from, to, &[&at(f, from, to, "2026-12-01"), "before"]);
}

#[test]
fn missing_required_field() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "title_th = ", "# title_th = ");
    bad_input(f, from, to, &[&format!("{f}:"), "title_th"]);
}

#[test]
fn wrong_type() {
    let (f, from, to) = ("briefs/cities/astana.toml", "value = 50000", "value = \"ห้าหมื่น\"");
    bad_input(f, from, to, &[&at(f, from, to, "\"ห้าหมื่น\""), "number"]);
}

#[test]
fn unknown_person_reference() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "  \"sunthari\",", "  \"sunthary\",");
    bad_input(f, from, to, &[&at(f, from, to, "\"sunthary\""), "sunthari"]);
}

#[test]
fn unknown_city_reference() {
    let (f, from, to) = ("briefs/trips/astana-2026-12.toml", "city = \"astana\"", "city = \"astna\"");
    bad_input(f, from, to, &[&at(f, from, to, "\"astna\""), "astana"]);
}

#[test]
fn missing_photo() {
    let (f, from, to) =
        ("briefs/cities/astana.toml", "side = \"partner\"\n", "side = \"partner\"\nphoto = \"photos/nobody.jpg\"\n");
    bad_input(f, from, to, &[&at(f, from, to, "\"photos/nobody.jpg\""), "nobody.jpg"]);
}

#[test]
fn template_errors_name_the_template_and_line() {
    let t = example().file("mytemplates/cover.hbs", "<p>{{trip.titel_th}}</p>\n");
    t.args(&["build", "briefs/trips/astana-2026-12.toml", "--templates", "mytemplates", "-o", "x.pdf"])
        .run()
        .failure()
        .stderr_has("mytemplates/cover.hbs:1:")
        .stderr_has("titel_th")
        .no_output();
}

#[test]
fn a_template_syntax_error_and_a_data_error_are_reported_together() {
    // The templates compile while the data loads: both problems in one run.
    let t = example().file("mytemplates/people.hbs", "{{#each city.people}}\n<p>{{name_th}}</p>\n");
    let trip = t.path("briefs/trips/astana-2026-12.toml");
    let src = std::fs::read_to_string(&trip).unwrap();
    std::fs::write(&trip, src.replacen("start = 2026-12-07", "start = 2026-13-07", 1)).unwrap();
    t.args(&["build", "briefs/trips/astana-2026-12.toml", "--templates", "mytemplates", "-o", "x.pdf"])
        .run()
        .failure()
        .stderr_has("briefs/trips/astana-2026-12.toml:")
        .stderr_has("mytemplates/people.hbs:")
        .stderr_has("template syntax")
        .no_output();
}

#[test]
fn a_broken_template_the_pack_does_not_include_does_not_stop_it() {
    // The monthly report's template is compiled for the monthly report only.
    let run = example()
        .file("mytemplates/monthly.hbs", "<document>{{#if}}</document>\n")
        .args(&["build", "briefs/trips/astana-2026-12.toml", "--templates", "mytemplates", "-o", "x.pdf"])
        .run()
        .success();
    assert!(run.dir.join("x.pdf").exists());
    Test::new()
        .copy("briefs", "briefs")
        .file("mytemplates/monthly.hbs", "<document>{{#if}}</document>\n")
        .args(&["monthly", "--month", "2023-02", "--templates", "mytemplates", "briefs"])
        .run()
        .failure()
        .stderr_has("mytemplates/monthly.hbs:")
        .stderr_has("template syntax")
        .no_output();
}

#[test]
fn user_templates_override_partials_and_values_are_escaped() {
    let t = example().file(
        "mytemplates/cover.hbs",
        "<h1>ปก: {{trip.title_th}}</h1><p>{{city.name_en}} &lt;&amp;&gt; \"ok\"</p><pagebreak/>\n",
    );
    let run = t
        .args(&["build", "briefs/trips/seoul-2027-03.toml", "--templates", "mytemplates", "-o", "x.pdf"])
        .run()
        .success();
    let text = pdftotext(&run.dir.join("x.pdf"), &["-raw"]);
    assert!(text.contains("ปก: "), "{text}");
    assert!(text.contains("Seoul <&> \"ok\""));
    // A title with markup characters prints as typed.
    let t = example();
    let p = t.path("briefs/trips/seoul-2027-03.toml");
    let src = std::fs::read_to_string(&p).unwrap();
    let title = src.lines().find(|l| l.starts_with("title_th")).unwrap().to_string();
    std::fs::write(&p, src.replace(&title, "title_th = \"โซล <2027> & \\\"มิตรภาพ\\\"\"")).unwrap();
    let run = t.args(&["build", "briefs/trips/seoul-2027-03.toml", "-o", "y.pdf"]).run().success();
    assert!(pdftotext(&run.dir.join("y.pdf"), &["-raw"]).contains("โซล <2027> & \"มิตรภาพ\""));
}

#[test]
fn watch_rebuilds_when_the_data_changes() {
    use std::time::{Duration, Instant};
    let t = example();
    let dir = t.dir.path().to_path_buf();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefpack"))
        .args(["build", "briefs/trips/seoul-2027-03.toml", "-o", "w.pdf", "--watch"])
        .current_dir(&dir)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pdf = dir.join("w.pdf");
    let wait_for = |cond: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !cond() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(100));
        }
        cond()
    };
    let built = wait_for(&|| pdf.exists());
    let first = std::fs::read(&pdf).unwrap_or_default();
    // A new talking point must show up in the rebuilt pack.
    let trip = dir.join("briefs/trips/seoul-2027-03.toml");
    let src = std::fs::read_to_string(&trip).unwrap();
    std::thread::sleep(Duration::from_millis(1100)); // a new modification time
    std::fs::write(&trip, src.replacen("talking_points = [", "talking_points = [\n  \"ประเด็นใหม่ระหว่างเฝ้าดู\",", 1))
        .unwrap();
    let rebuilt = wait_for(&|| std::fs::read(&pdf).is_ok_and(|b| b != first));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(built, "no first build");
    assert!(rebuilt, "no rebuild after the change");
    assert!(pdftotext(&pdf, &["-raw"]).contains("ประเด็นใหม่ระหว่างเฝ้าดู"));
}

/// `png` with its image data replaced by `data`, compressed, in one IDAT chunk.
fn png_with_data(png: &[u8], data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let chunk = |out: &mut Vec<u8>, kind: &[u8], body: &[u8]| {
        out.extend((body.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(body);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        out.extend(crc.sum().to_be_bytes());
    };
    let mut out = png[..8].to_vec();
    let mut at = 8;
    let mut wrote_data = false;
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        if kind == b"IDAT" {
            if !wrote_data {
                let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
                z.write_all(data).unwrap();
                chunk(&mut out, b"IDAT", &z.finish().unwrap());
                wrote_data = true;
            }
        } else {
            out.extend(&png[at..at + 12 + len]);
        }
        at += 12 + len;
    }
    out
}

/// The inflated image data of `png` (all its IDAT chunks).
fn png_data(png: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut z = Vec::new();
    let mut at = 8;
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        if &png[at + 4..at + 8] == b"IDAT" {
            z.extend(&png[at + 8..at + 8 + len]);
        }
        at += 12 + len;
    }
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(&z[..]).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn a_png_damaged_under_right_checksums_is_found_by_check() {
    let good = std::fs::read(common::repo().join("briefs/cities/astana/photos/emblem.png")).unwrap();
    let with = |png: &[u8]| {
        let t = example();
        std::fs::write(t.path("briefs/cities/astana/photos/emblem.png"), png).unwrap();
        t
    };
    // The image data cut short (a whole, valid zlib stream of fewer rows):
    // `check` finds it without decoding a pixel.
    let rows = png_data(&good);
    let short = png_with_data(&good, &rows[..rows.len() / 2]);
    with(&short)
        .args(&["check", "briefs"])
        .run()
        .failure()
        .stderr_has("`astana/photos/emblem.png` is damaged: its image data holds")
        .no_output();
    // A row with a filter type PNG does not have, under right checksums:
    // found too, and build refuses it at the entry as check does.
    let mut bad = rows.clone();
    bad[0] = 9;
    let bad = png_with_data(&good, &bad);
    let needle = "`astana/photos/emblem.png` is damaged: a row of its image data (byte 0 unpacked, in the IDAT chunk \
                  at byte 33) has filter type 9; PNG has 0 to 4";
    with(&bad).args(&["check", "briefs"]).run().failure().stderr_has(needle);
    let run =
        with(&bad).args(&["build", "briefs/trips/astana-2026-12.toml", "-o", "a.pdf"]).run().failure().no_output();
    let src = std::fs::read_to_string(run.dir.join("briefs/cities/astana.toml")).unwrap();
    let line = src[..src.find("\"astana/photos/emblem.png\"").unwrap()].matches('\n').count() + 1;
    run.stderr_has(&format!("briefs/cities/astana.toml:{line}:10: {needle}"));
}

#[test]
fn generated_markup_is_told_at_the_template_line_and_its_photo_paths_work() {
    // A template's problem in the markup points at the template line that
    // wrote it (no markup file exists to point at); a photo path it writes is
    // taken from the working directory (the monthly report's name once held
    // a `/`, and the path was looked for under "monthly-2023-02.xml (from templates").
    let run = example()
        .file("mytemplates/cover.hbs", "<h1>{{trip.title_th}}</h1>\n<para>ก</para>\n")
        .args(&["build", "briefs/trips/astana-2026-12.toml", "--templates", "mytemplates", "-o", "x.pdf"])
        .run()
        .failure()
        .stderr_has("error: mytemplates/cover.hbs:2:1: unknown element <para>")
        .no_output();
    assert!(!run.stderr().contains(".xml"), "{}", run.stderr());
    let run = example()
        .file(
            "mytemplates/monthly.hbs",
            "<document>\n<p>ก</p>\n<img src=\"briefs/cities/astana/photos/emblem.png\" width=\"20%\"/>\n</document>\n",
        )
        .args(&["monthly", "--month", "2023-02", "--templates", "mytemplates", "-o", "m.pdf", "briefs"])
        .run()
        .success();
    assert!(run.dir.join("m.pdf").exists());
}
