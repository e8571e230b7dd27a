//! `briefpack monthly`: the monthly report for the example data, run as the
//! real binary; the PDF's text layer (pdftotext) must give back the Thai.

mod common;

use common::{Test, pdftotext, squash};

fn briefs() -> Test {
    Test::new().copy("briefs/cities", "briefs/cities").copy("briefs/trips", "briefs/trips")
}

/// Text of a PDF with whitespace removed (line breaks fall anywhere).
fn text(pdf: &std::path::Path) -> String {
    squash(&pdftotext(pdf, &["-raw"]))
}

fn has(haystack: &str, needle: &str) {
    assert!(haystack.contains(&squash(needle)), "the report lacks {needle:?}:\n{haystack}");
}

fn pages(pdf: &std::path::Path) -> usize {
    let doc = lopdf::Document::load(pdf).expect("a valid PDF");
    doc.get_pages().len()
}

#[test]
fn february_2023_reports_the_astana_exhibitions() {
    let run = briefs()
        .args(&["monthly", "--month", "2023-02", "briefs"])
        .run()
        .success()
        .stderr_has("wrote monthly-2023-02.pdf")
        .stderr_has("2 interactions in 2023-02");
    let pdf = run.dir.join("monthly-2023-02.pdf");
    let t = text(&pdf);
    has(&t, "รายงานสรุปกิจกรรมกับเมืองพี่เมืองน้อง");
    has(&t, "ประจำเดือนกุมภาพันธ์ 2566");
    has(&t, "1-28 กุมภาพันธ์ 2566");
    // The overview: Astana 2 this month, 0 before, +2; Seoul all zero.
    has(&t, "กรุงอัสตานา สาธารณรัฐคาซัคสถาน 2 0 +2 0");
    has(&t, "กรุงโซล สาธารณรัฐเกาหลี 0 0 0 0");
    has(&t, "มีกิจกรรมกับเมืองพี่เมืองน้องรวม 2 กิจกรรม จาก 1 เมือง");
    // Counts per kind.
    has(&t, "นิทรรศการ 2 0 +2");
    // Both exhibitions, with their dates in the Buddhist Era, places and people.
    has(&t, "นิทรรศการประชาสัมพันธ์ข้อมูลและการบริหารจัดการเมืองระหว่างกรุงเทพมหานคร และกรุงอัสตานา");
    assert_eq!(t.matches(&squash("7-12 กุมภาพันธ์ 2566 · นิทรรศการ")).count(), 2, "{t}");
    has(&t, "หอสมุดเมืองกรุงเทพมหานคร เขตพระนคร");
    has(&t, "นายนูร์ลาน นูร์เคนอฟ (รองนายกเทศมนตรีกรุงอัสตานา)");
    // The change since January and the next month.
    has(&t, "เปรียบเทียบกับเดือนมกราคม 2566");
    has(&t, "กรุงอัสตานา: เดือนนี้ 2 กิจกรรม เดือนก่อน 0 กิจกรรม (เพิ่มขึ้น 2)");
    has(&t, "กำหนดการเดือนมีนาคม 2566");
    has(&t, "ยังไม่มีการเดินทางหรือกิจกรรมที่กำหนดไว้ในเดือนมีนาคม 2566");
    // Metadata and classification on every page.
    let raw = pdftotext(&pdf, &["-raw"]);
    assert_eq!(raw.matches("ใช้ภายใน").count(), 2 * pages(&pdf), "{raw}");
    let info = common::tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("รายงานสรุปกิจกรรมกับเมืองพี่เมืองน้อง ประจำเดือนกุมภาพันธ์ 2566"), "{info}");
}

#[test]
fn an_interaction_spanning_two_months_counts_in_both_and_the_change_is_shown() {
    let run = briefs().args(&["monthly", "--month", "2019-09", "-o", "sep.pdf"]).run().success();
    let t = text(&run.dir.join("sep.pdf"));
    // The Seoul Friendship Festival ran 29 August - 2 September 2019.
    has(&t, "งาน Seoul Friendship Festival 2019");
    has(&t, "29 ส.ค. - 2 ก.ย. 62");
    has(&t, "กรุงโซล สาธารณรัฐเกาหลี 1 2 -1 0");
    has(&t, "การประชุมหารือ 0 1 -1");
    has(&t, "เทศกาล 1 1 0");
    has(&t, "(ลดลง 1)");
    // What happened the month before is named.
    has(&t, "รองปลัดกรุงเทพมหานครเข้าพบเอกอัครราชทูตด้านความสัมพันธ์ระหว่างประเทศ");
    // Entries known only by their year are noted, not counted.
    has(&t, "ที่ทราบเพียงปี ไม่นับรวมในรายงานรายเดือน");
    has(&t, "โครงการแลกเปลี่ยนเยาวชนกรุงเทพมหานครกับกรุงโซล (กรุงโซล)");
}

#[test]
fn a_month_without_activity_gives_a_short_valid_report_with_the_coming_trip() {
    let run = briefs().args(&["monthly", "--month", "2026-11"]).run().success().stderr_has("0 interactions in 2026-11");
    let pdf = run.dir.join("monthly-2026-11.pdf");
    assert_eq!(pages(&pdf), 1, "a short report");
    let qpdf = common::tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(qpdf.status.success(), "{}", String::from_utf8_lossy(&qpdf.stdout));
    let t = text(&pdf);
    has(&t, "ในเดือนพฤศจิกายน 2569 ไม่มีกิจกรรมกับเมืองพี่เมืองน้องที่บันทึกไว้");
    has(&t, "ไม่มีกิจกรรมทั้งในเดือนนี้และเดือนก่อน");
    // The Astana trip of 7-11 December 2026 is next month's.
    has(&t, "กำหนดการเดือนธันวาคม 2569");
    has(&t, "7-11 ธันวาคม 2569 กรุงอัสตานา การเยือนกรุงอัสตานา สาธารณรัฐคาซัคสถาน ของคณะผู้แทนกรุงเทพมหานคร");
    has(&t, "กรุงอัสตานา สาธารณรัฐคาซัคสถาน 0 0 0 1");
    assert!(!t.contains(&squash("กิจกรรมรายเมือง")), "no empty section:\n{t}");

    // A quiet month with nothing coming either.
    let run = briefs().args(&["monthly", "--month", "2024-05"]).run().success();
    let t = text(&run.dir.join("monthly-2024-05.pdf"));
    has(&t, "ยังไม่มีการเดินทางหรือกิจกรรมที่กำหนดไว้ในเดือนมิถุนายน 2567");
}

#[test]
fn the_same_data_gives_the_same_bytes_and_the_default_month_is_the_one_before_today() {
    // 15 March 2023: the report wanted is February's.
    let run = briefs().env("SOURCE_DATE_EPOCH", "1678838400").args(&["monthly"]).run().success();
    let first = std::fs::read(run.dir.join("monthly-2023-02.pdf")).expect("February's report by default");
    let run = briefs().env("SOURCE_DATE_EPOCH", "1678838400").args(&["monthly", "--month", "2023-02"]).run().success();
    assert_eq!(std::fs::read(run.dir.join("monthly-2023-02.pdf")).unwrap(), first, "byte-identical");
}

#[test]
fn the_template_can_be_overridden() {
    let run = briefs()
        .file(
            "mine/monthly.hbs",
            "<document title=\"ของฉัน\"><h1>สรุป {{month_year month.first_day}}: {{totals.interactions}} กิจกรรม</h1></document>",
        )
        .args(&["monthly", "--month", "2023-02", "--templates", "mine", "--emit-markup"])
        .run()
        .success();
    has(&text(&run.dir.join("monthly-2023-02.pdf")), "สรุป กุมภาพันธ์ 2566: 2 กิจกรรม");
    let xml = std::fs::read_to_string(run.dir.join("monthly-2023-02.xml")).unwrap();
    assert!(xml.contains("<h1>สรุป กุมภาพันธ์ 2566: 2 กิจกรรม</h1>"), "{xml}");

    briefs()
        .file("mine/monthly.hbs", "<document>{{totals.interactionz}}</document>")
        .args(&["monthly", "--month", "2023-02", "--templates", "mine"])
        .run()
        .failure()
        .stderr_has("mine/monthly.hbs:1:")
        .stderr_has("strict mode")
        .no_output();
}

#[test]
fn a_bad_month_or_folder_is_a_clear_error_and_writes_nothing() {
    briefs()
        .args(&["monthly", "--month", "2569-11"])
        .run()
        .failure()
        .stderr_has("Buddhist Era")
        .stderr_has("write 2026-11")
        .no_output();
    briefs().args(&["monthly", "--month", "2026-13"]).run().failure().stderr_has("no month 13").no_output();
    briefs().args(&["monthly", "--month", "พฤศจิกายน"]).run().failure().stderr_has("YYYY-MM").no_output();
    Test::new().args(&["monthly", "--month", "2026-11", "nowhere"]).run().failure().no_output();
    // A data error is reported with its place, as `check` does.
    briefs()
        .file("briefs/cities/seoul/bad.toml", "[[interactions]]\nid = \"x\"\ndate = \"7 ก.พ. 66\"\nkind = \"meeting\"\ntitle_th = \"ก\"\nsummary_th = \"ข\"\n")
        .args(&["monthly", "--month", "2023-02"])
        .run()
        .failure()
        .stderr_has("briefs/cities/seoul/bad.toml:3:8")
        .no_output();
}
