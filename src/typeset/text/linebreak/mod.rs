//! Where lines may break, and how much each break costs.
//!
//! Thai has no spaces between words. Break opportunities come from UAX #14
//! (ICU4X's line segmenter) outside Thai words, and inside runs of Thai
//! letters from [`dictionary`]: words found by maximal matching in ICU's Thai
//! dictionary, with the stretches it does not know marked. [`rules`] then
//! gives each opportunity a penalty, or removes it, by the Thai rules a Thai
//! editor applies (W3C thai-lreq): never before ๆ or ฯ, never after ณ or a
//! title, never between a number and its unit, a name kept whole, and so on.
//! The line breaker (layout::optimum) weighs those penalties against spacing.

pub mod dictionary;
pub mod rules;

use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};
use unicode_segmentation::UnicodeSegmentation;

pub use rules::Opportunity;

fn segmenter() -> &'static LineSegmenterBorrowed<'static> {
    static SEGMENTER: OnceLock<LineSegmenterBorrowed<'static>> = OnceLock::new();
    SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()))
}

/// Places a line may break in `text`, with their penalties, ascending by
/// byte offset, excluding 0; `text.len()` is always the last. `names` are
/// protected names (no break inside their words; a high penalty at their own
/// spaces); `nobr` ranges are never broken at all. A `'\n'` forces a break
/// after it.
pub fn opportunities(text: &str, names: &[Range<usize>], nobr: &[Range<usize>]) -> Vec<Opportunity> {
    let mut at: Vec<usize> = Vec::new();
    let chars_around = |b: usize| (text[..b].chars().next_back(), text[b..].chars().next());
    // UAX #14 outside Thai words. Inside them the breaks come from the
    // dictionary below, so ICU is shown each Thai letter as a letter of a
    // script without complex breaking (U+0800, three bytes in UTF-8 like
    // every Thai character, line-break class AL as Thai resolves to):
    // offsets stay the same and ICU skips its own Thai dictionary pass.
    let masked: String = text.chars().map(|c| if dictionary::is_thai_letter(c) { '\u{0800}' } else { c }).collect();
    for b in segmenter().segment_str(&masked).filter(|&b| b > 0) {
        let (x, y) = chars_around(b);
        let inside_thai = x.is_some_and(dictionary::is_thai_letter) && y.is_some_and(dictionary::is_thai_letter);
        if !inside_thai {
            at.push(b);
        }
    }
    let mut thai = rules::ThaiRuns::new(text);
    for run in thai_runs(text) {
        thai.add(run);
    }
    for (i, _) in text.match_indices('\n') {
        at.push(i + 1);
    }
    at.extend(thai.boundaries());
    at.sort_unstable();
    at.dedup();
    rules::weigh(text, &at, &thai, names, nobr)
}

/// Maximal runs of Thai letters (see [`dictionary::is_thai_letter`]).
fn thai_runs(text: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (dictionary::is_thai_letter(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(s..text.len());
    }
    runs
}

/// Thai spelling rules for a cut between grapheme clusters: a leading vowel
/// (เ แ โ ใ ไ) always belongs to the letter after it, and ะ า ำ ๅ ๆ ฯ always
/// to the one before. No library states these as break rules, so they are
/// checked here.
pub fn thai_allows(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !matches!(before, Some('\u{0E40}'..='\u{0E44}'))
        && !matches!(after, Some('\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E45}' | '\u{0E46}' | '\u{0E2F}'))
}

/// The last resort inside a word too wide for its line: grapheme-cluster
/// boundaries where Thai spelling allows a cut (see [`thai_allows`]).
pub fn emergency(text: &str) -> Vec<usize> {
    cluster_boundaries(text).into_iter().filter(|&b| thai_allows(text, b)).collect()
}

/// Phrases never to split (names of people and places), matched all at
/// once: a pack protects some forty names in every paragraph and table
/// cell, and searching for each in turn was a fifth of the layout's time.
pub struct Phrases(Option<aho_corasick::AhoCorasick>);

impl Phrases {
    pub fn new(phrases: &[String]) -> Phrases {
        let phrases: Vec<&str> = phrases.iter().map(String::as_str).filter(|p| !p.is_empty()).collect();
        // A contiguous NFA builds in a tenth of the time of the DFA the
        // default may choose, and searches paragraph-sized texts as fast.
        // Only a pattern set too large for memory fails to build; none is ever that large.
        let build = || {
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&phrases)
                .ok()
        };
        Phrases((!phrases.is_empty()).then(build).flatten())
    }

    /// Byte ranges of every occurrence of each phrase in `text`, overlapping
    /// ones included.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        match &self.0 {
            Some(ac) => ac.find_overlapping_iter(text).map(|m| m.range()).collect(),
            None => Vec::new(),
        }
    }
}

/// Byte offsets of grapheme-cluster boundaries inside `text` (excluding 0 and
/// the end): the only places a word too wide for its box may be cut, and the
/// places where Thai justification may add space. Never between a base and
/// its marks.
pub fn cluster_boundaries(text: &str) -> Vec<usize> {
    text.grapheme_indices(true).map(|(i, _)| i).filter(|&i| i > 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'t>(text: &'t str, keep: &[Range<usize>]) -> Vec<&'t str> {
        let mut start = 0;
        opportunities(text, keep, &[])
            .into_iter()
            .map(|o| o.at)
            .map(|b| {
                let w = &text[start..b];
                start = b;
                w
            })
            .collect()
    }

    #[test]
    fn dictionary_keeps_words_whole() {
        let w = words("คณะผู้แทนกรุงเทพมหานครเดินทางไปญี่ปุ่น", &[]);
        assert!(w.contains(&"กรุงเทพมหานคร"), "{w:?}");
        assert!(w.contains(&"ญี่ปุ่น"), "{w:?}");
        let w = words("ผู้ใหญ่ในกรุงเทพมหานคร", &[]);
        assert!(w.contains(&"ผู้ใหญ่"), "{w:?}");
    }

    #[test]
    fn every_occurrence_of_every_phrase_is_found_overlaps_too() {
        let text = "กรุงอัสตานา และกรุงอัสตานา สาธารณรัฐคาซัคสถาน";
        let phrases = Phrases::new(&["กรุงอัสตานา".to_string(), "อัสตานา สาธารณรัฐคาซัคสถาน".to_string(), String::new()]);
        let mut found: Vec<&str> = phrases.ranges(text).into_iter().map(|r| &text[r]).collect();
        found.sort();
        assert_eq!(found, ["กรุงอัสตานา", "กรุงอัสตานา", "อัสตานา สาธารณรัฐคาซัคสถาน"]);
        assert!(Phrases::new(&[]).ranges(text).is_empty());
    }

    #[test]
    fn protected_phrases_are_not_split() {
        let text = "นายนูร์ลาน นูร์เคนอฟ รองนายกเทศมนตรี";
        let keep = Phrases::new(&["นูร์ลาน นูร์เคนอฟ".to_string()]).ranges(text);
        // Never inside the name's words; at its own space only at a high cost.
        let ops = opportunities(text, &keep, &[]);
        let inside = |o: &&Opportunity| keep.iter().any(|r| r.start < o.at && o.at < r.end);
        let within: Vec<&Opportunity> = ops.iter().filter(inside).collect();
        assert_eq!(within.len(), 1, "{ops:?}");
        assert_eq!(&text[..within[0].at], "นายนูร์ลาน ");
        assert_eq!(within[0].penalty, rules::penalty::NAME_PART);
        let free = words(text, &[]);
        assert!(!free.iter().any(|s| s.contains("นูร์ลาน นูร์เคนอฟ")), "{free:?}");
    }

    #[test]
    fn unknown_words_never_break_after_a_leading_vowel() {
        // "มหานสคร" is a typo in a source text; ICU alone breaks แ|ละ after it.
        let text = "การบริหารจัดการเมืองระหว่างกรุงเทพมหานสครและกรุงอัสตานา";
        for b in opportunities(text, &[], &[]).into_iter().map(|o| o.at) {
            assert!(!text[..b].ends_with('แ'), "{}|{}", &text[..b], &text[b..]);
        }
    }

    #[test]
    fn clusters_keep_marks_with_base() {
        let b = cluster_boundaries("ปี่น้ำ");
        // ปี่ | น้ำ : one boundary, after the tone mark.
        assert_eq!(b, vec!["ปี่".len()]);
    }
}
