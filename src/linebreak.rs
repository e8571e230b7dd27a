//! Where lines may break. Thai has no spaces between words, so break
//! opportunities come from ICU4X's dictionary segmenter (the LSTM model splits
//! ญี่|ปุ่น and กรุงเทพมหาน|คร). Phrases the caller protects (names of people
//! and places, which no dictionary knows) and `<nobr>` spans are never split.

use std::ops::Range;
use std::sync::OnceLock;

use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{LineSegmenter, LineSegmenterBorrowed};
use unicode_segmentation::UnicodeSegmentation;

fn segmenter() -> &'static LineSegmenterBorrowed<'static> {
    static SEGMENTER: OnceLock<LineSegmenterBorrowed<'static>> = OnceLock::new();
    SEGMENTER.get_or_init(|| LineSegmenter::new_dictionary(LineBreakOptions::default()))
}

/// Byte offsets in `text` where a line may break, ascending, excluding 0 and
/// including `text.len()`. `keep` ranges are never broken inside.
pub fn opportunities(text: &str, keep: &[Range<usize>]) -> Vec<usize> {
    segmenter()
        .segment_str(text)
        .filter(|&b| b > 0)
        .filter(|&b| b == text.len() || (!keep.iter().any(|r| r.start < b && b < r.end) && thai_allows(text, b)))
        .collect()
}

/// Thai spelling rules the dictionary segmenter can break on words it does
/// not know (typos, transliterations): a leading vowel (เ แ โ ใ ไ) always
/// belongs to the letter after it, and ะ า ำ ๅ ๆ always to the one before.
/// No library states these as break rules, so they are checked here.
pub fn thai_allows(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !matches!(before, Some('\u{0E40}'..='\u{0E44}'))
        && !matches!(after, Some('\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E45}' | '\u{0E46}'))
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
        opportunities(text, keep)
            .into_iter()
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
        let w = words(text, &keep);
        assert!(w.iter().any(|s| s.contains("นูร์ลาน นูร์เคนอฟ")), "{w:?}");
        let free = words(text, &[]);
        assert!(!free.iter().any(|s| s.contains("นูร์ลาน นูร์เคนอฟ")), "{free:?}");
    }

    #[test]
    fn unknown_words_never_break_after_a_leading_vowel() {
        // "มหานสคร" is a typo in a source text; ICU alone breaks แ|ละ after it.
        let text = "การบริหารจัดการเมืองระหว่างกรุงเทพมหานสครและกรุงอัสตานา";
        for b in opportunities(text, &[]) {
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
