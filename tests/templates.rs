//! Template diagnostics (issue 13, item 4), told like the data's: the `.hbs`
//! file, line and column with the source line and a caret; a did-you-mean
//! for a misspelt name, helper, partial or override file; an unclosed block
//! at its opening tag; a problem in the generated markup at the template
//! line that wrote it. Never Rust debug text, never a markup file that does
//! not exist. The real binary with a templates folder of the user's; whole
//! messages are snapshots.

mod common;

use common::Test;

const TRIP: &str = "briefs/trips/seoul-2027-03.toml";

/// The stderr of a build of the Seoul trip with `files` in `mine/`, which fails and writes nothing.
fn build_fails(files: &[(&str, &str)]) -> String {
    let mut t = Test::new().copy("briefs", "briefs");
    for (name, text) in files {
        t = t.file(&format!("mine/{name}"), text);
    }
    let run = t.args(&["build", TRIP, "--templates", "mine", "-o", "x.pdf"]).run().failure().no_output();
    assert_eq!(run.output.status.code(), Some(1));
    clean(run.stderr())
}

/// A message free of what must never be in one: debug text, a markup file.
fn clean(stderr: String) -> String {
    assert!(!stderr.contains("Some(") && !stderr.contains("None"), "debug text:\n{stderr}");
    assert!(!stderr.contains(".xml"), "names a markup file that does not exist:\n{stderr}");
    stderr
}

#[test]
fn a_misspelt_name_gets_the_name_in_the_data() {
    let cover = "<h1>{{trip.title_th}}</h1>\n<p>{{trip.titel_th}}</p>\n";
    insta::assert_snapshot!("misspelt_variable", build_fails(&[("cover.hbs", cover)]));
    // Inside {{#each}}, the names are those of the list's items.
    let people = "{{#each city.people}}\n  <p>{{nme_th}}</p>\n{{/each}}\n";
    insta::assert_snapshot!("misspelt_in_each", build_fails(&[("people.hbs", people)]));
    // A helper's argument is held to the same strictness (it was a null the helper called a wrong type).
    let cover = "<h1>{{date_long trip.strat}}</h1>\n";
    insta::assert_snapshot!("misspelt_helper_argument", build_fails(&[("cover.hbs", cover)]));
    let cover = "<p>{{city.people.name_th}}</p>\n";
    insta::assert_snapshot!("field_of_a_list", build_fails(&[("cover.hbs", cover)]));
}

#[test]
fn a_misspelt_name_in_if_or_unless_is_an_error_not_false() {
    // Handlebars' own `if` takes a name not in the data for false: the block was hidden without a word.
    let cover = "<h1>{{trip.title_th}}</h1>\n{{#if trip.clasification}}\n<p>{{trip.classification}}</p>\n{{/if}}\n";
    insta::assert_snapshot!("misspelt_in_if", build_fails(&[("cover.hbs", cover)]));
    let people = "{{#each city.people}}\n  {{#unless titel_th}}<p>{{name_th}}</p>{{/unless}}\n{{/each}}\n";
    insta::assert_snapshot!("misspelt_in_unless", build_fails(&[("people.hbs", people)]));
}

#[test]
fn if_on_a_name_in_the_data_with_no_value_is_false_as_before() {
    // Seoul's trip has no classification (null in the data): the block is skipped, the build succeeds.
    let cover =
        "<h1>{{trip.title_th}}</h1>\n{{#if trip.classification}}<p>มีชั้นความลับ</p>{{else}}<p>ไม่มีชั้นความลับ</p>{{/if}}\n";
    let run = Test::new()
        .copy("briefs", "briefs")
        .file("mine/cover.hbs", cover)
        .args(&["build", TRIP, "--templates", "mine", "-o", "x.pdf", "--emit-markup"])
        .run()
        .success();
    let markup = std::fs::read_to_string(run.dir.join("x.xml")).unwrap();
    assert!(markup.contains("ไม่มีชั้นความลับ") && !markup.contains("<p>มีชั้นความลับ"), "{markup}");
}

#[test]
fn a_misspelt_helper_or_partial_gets_the_one_there_is() {
    let cover = "<h1>{{trip.title_th}}</h1>\n<p>{{date_lng trip.start}}</p>\n";
    insta::assert_snapshot!("misspelt_helper", build_fails(&[("cover.hbs", cover)]));
    let pack_part = "<h1>{{trip.title_th}}</h1>\n{{> peeple}}\n";
    insta::assert_snapshot!("misspelt_partial", build_fails(&[("cover.hbs", pack_part)]));
}

#[test]
fn an_unclosed_block_is_told_at_its_opening_tag() {
    let people = "<h2>คณะ</h2>\n{{#each city.people}}\n  {{#if title_th}}<p>{{title_th}}</p>\n{{/each}}\n";
    insta::assert_snapshot!("unclosed_block", build_fails(&[("people.hbs", people)]));
    let cover = "<h1>{{trip.title_th}}</h1>\n<p>{{#if draft}}ร่าง</p>\n";
    insta::assert_snapshot!("unclosed_block_at_end", build_fails(&[("cover.hbs", cover)]));
    let cover = "<h1>{{trip.title_th}}</h1>\n<p>{{#if draft}ร่าง{{/if}}</p>\n";
    insta::assert_snapshot!("unclosed_tag", build_fails(&[("cover.hbs", cover)]));
}

#[test]
fn a_markup_problem_is_told_at_the_template_line_that_wrote_it() {
    let cover = "<h1>{{trip.title_th}}</h1>\n<para>{{city.name_th}}</para>\n";
    insta::assert_snapshot!("markup_unknown_element", build_fails(&[("cover.hbs", cover)]));
    // An element left open is told at its start tag, not where the parser noticed.
    let cover = "<h1>{{trip.title_th}}</h1>\n<p>ปก <b>{{city.name_th}}</p>\n<p>ต่อ</p>\n";
    insta::assert_snapshot!("markup_unclosed_element", build_fails(&[("cover.hbs", cover)]));
    let cover = "<h1>{{trip.title_th}}</h1>\n<p>x</p>\n<hr widht=\"2\"/>\n";
    insta::assert_snapshot!("markup_unknown_attribute", build_fails(&[("cover.hbs", cover)]));
    // The monthly report's markup likewise.
    let run = Test::new()
        .copy("briefs", "briefs")
        .file("mine/monthly.hbs", "<document>\n<h1>{{month.id}}</h1>\n<p>ก</p><tabel></tabel>\n</document>\n")
        .args(&["monthly", "--month", "2023-02", "--templates", "mine", "-o", "m.pdf"])
        .run()
        .failure()
        .no_output();
    insta::assert_snapshot!("markup_monthly", clean(run.stderr()));
}

#[test]
fn an_override_that_overrides_nothing_is_a_warning_with_the_name_meant() {
    let run = Test::new()
        .copy("briefs", "briefs")
        .file("mine/covr.hbs", "<h1>ปกของฉัน</h1>\n")
        .file("mine/extra.hbs", "<p>ใช้ใน cover</p>\n")
        .file("mine/cover.hbs", "<h1>{{trip.title_th}}</h1>\n{{> extra}}\n")
        .file("mine/README.md", "not a template\n")
        .args(&["build", TRIP, "--templates", "mine", "-o", "x.pdf"])
        .run()
        .success();
    // covr.hbs is a warning; extra.hbs, included by cover.hbs, is not; the build goes on.
    assert!(run.dir.join("x.pdf").exists());
    let stderr = clean(run.stderr());
    let warnings: String = stderr.lines().filter(|l| !l.starts_with("wrote ")).map(|l| format!("{l}\n")).collect();
    insta::assert_snapshot!("override_matches_nothing", warnings);
}
