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
        .filter(|&b| b == text.len() || !keep.iter().any(|r| r.start < b && b < r.end))
        .collect()
}

/// Byte ranges of every occurrence of each phrase in `text`.
pub fn phrase_ranges(text: &str, phrases: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in phrases.iter().filter(|p| !p.is_empty()) {
        out.extend(text.match_indices(p.as_str()).map(|(i, m)| i..i + m.len()));
    }
    out
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

    fn words(text: &str, keep: &[Range<usize>]) -> Vec<&str> {
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
        assert!(w.contains(&"ผู้แทน") || w.contains(&"คณะผู้แทน"), "{w:?}");
    }

    #[test]
    fn protected_phrases_are_not_split() {
        let text = "นายนูร์ลาน นูร์เคนอฟ รองนายกเทศมนตรี";
        let keep = phrase_ranges(text, &["นูร์ลาน นูร์เคนอฟ".to_string()]);
        let w = words(text, &keep);
        assert!(w.iter().any(|s| s.contains("นูร์ลาน นูร์เคนอฟ")), "{w:?}");
        let free = words(text, &[]);
        assert!(!free.iter().any(|s| s.contains("นูร์ลาน นูร์เคนอฟ")), "{free:?}");
    }

    #[test]
    fn clusters_keep_marks_with_base() {
        let b = cluster_boundaries("ปี่น้ำ");
        // ปี่ | น้ำ : one boundary, after the tone mark.
        assert_eq!(b, vec!["ปี่".len()]);
    }
}
