//! Thai words from ICU's Thai dictionary and PyThaiNLP's word list
//! (data/thai-words: ICU's lacks most compounds), found by maximal matching.
//!
//! ICU4X's own dictionary segmenter matches greedily (the longest word at
//! each position, one grapheme cluster when none matches), so it cuts
//! compounds and transliterated names at arbitrary places (คา|ซัค|สถาน) and
//! cannot say which pieces were words. So each Thai run is segmented here by
//! dynamic programming over the words of both lists (an fst set): fewest
//! unknown clusters first, then fewest words (the "maximal matching" of Thai
//! NLP); the pieces no list knows are reported as unknown.

use std::ops::Range;
use std::sync::OnceLock;

use unicode_segmentation::UnicodeSegmentation;

/// One piece of a Thai run: a dictionary word, or a stretch the dictionary
/// does not know (a transliteration, a typo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub bytes: Range<usize>,
    pub known: bool,
    /// Grapheme clusters in the piece.
    pub clusters: usize,
}

/// The Thai words of PyThaiNLP's and ICU's lists as one finite-state set, compiled by build.rs.
fn word_list() -> Option<&'static fst::raw::Fst<&'static [u8]>> {
    static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/thai-words.fst"));
    static SET: OnceLock<Option<fst::raw::Fst<&'static [u8]>>> = OnceLock::new();
    SET.get_or_init(|| fst::raw::Fst::new(BYTES).ok()).as_ref()
}

/// Is `c` a letter, vowel or mark of Thai words (not a digit, ๆ, ฯ or ฿)?
pub fn is_thai_letter(c: char) -> bool {
    matches!(c, '\u{0E01}'..='\u{0E2E}' | '\u{0E30}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E45}' | '\u{0E47}'..='\u{0E4E}')
}

/// Byte lengths of the dictionary words that start `text`, each ending on
/// one of `ends` (cluster boundaries, ascending, as offsets from `text`'s
/// start plus `base`).
fn words_at(text: &str, ends: &[usize], base: usize, out: &mut Vec<usize>) {
    let ends_here = |end: usize| ends.binary_search(&(base + end)).is_ok();
    out.clear();
    if let Some(list) = word_list() {
        // The set is keyed by each letter's offset in the Thai block (build.rs).
        let mut node = list.root();
        for (i, c) in text.char_indices() {
            let Some(byte) = (c as u32).checked_sub(0x0E00).filter(|b| *b < 0x80) else { break };
            let Some(t) = node.find_input(byte as u8) else { break };
            node = list.node(node.transition_addr(t));
            let end = i + c.len_utf8();
            if node.is_final() && ends_here(end) {
                out.push(end);
            }
        }
    }
}

/// Segment a run of Thai letters (see [`is_thai_letter`]) into words.
/// Unknown clusters next to each other form one unknown piece.
pub fn segment(run: &str) -> Vec<Piece> {
    let mut bounds: Vec<usize> = run.grapheme_indices(true).map(|(i, _)| i).collect();
    bounds.push(run.len());
    let n = bounds.len() - 1;
    // best[k]: (unknown clusters, words) for the first k clusters, and where
    // the last piece started (with whether it was a word).
    let mut best: Vec<((usize, usize), usize, bool)> = vec![((usize::MAX, usize::MAX), 0, false); n + 1];
    best[0] = ((0, 0), 0, true);
    let mut ends = Vec::new();
    for k in 0..n {
        let (cost, _, _) = best[k];
        if cost.0 == usize::MAX {
            continue;
        }
        let base = bounds[k];
        words_at(&run[base..], &bounds[k + 1..], base, &mut ends);
        for &e in &ends {
            let to = k + 1 + bounds[k + 1..].binary_search(&(base + e)).unwrap_or(0);
            let c = (cost.0, cost.1 + 1);
            if c < best[to].0 {
                best[to] = (c, k, true);
            }
        }
        // One cluster the dictionary does not know.
        let c = (cost.0 + 1, cost.1 + 1);
        if c < best[k + 1].0 {
            best[k + 1] = (c, k, false);
        }
    }
    let mut pieces = Vec::new();
    let mut k = n;
    while k > 0 {
        let (_, from, known) = best[k];
        pieces.push(Piece { bytes: bounds[from]..bounds[k], known, clusters: k - from });
        k = from;
    }
    pieces.reverse();
    // Consecutive unknown clusters are one unknown stretch.
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for p in pieces {
        match merged.last_mut() {
            Some(last) if !last.known && !p.known => {
                last.bytes.end = p.bytes.end;
                last.clusters += p.clusters;
            }
            _ => merged.push(p),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(run: &str) -> Vec<(&str, bool)> {
        segment(run).into_iter().map(|p| (&run[p.bytes], p.known)).collect()
    }

    #[test]
    fn the_dictionary_is_there() {
        assert!(word_list().is_some());
        let mut out = Vec::new();
        let text = "กรุงเทพมหานคร";
        let ends: Vec<usize> = text.grapheme_indices(true).map(|(i, g)| i + g.len()).collect();
        words_at(text, &ends, 0, &mut out);
        assert!(out.contains(&text.len()), "{out:?}");
    }

    #[test]
    fn compounds_the_dictionary_knows_stay_whole() {
        let w = words("ความสัมพันธ์ระหว่างกรุงเทพมหานครกับญี่ปุ่น");
        assert!(w.contains(&("กรุงเทพมหานคร", true)), "{w:?}");
        assert!(w.contains(&("ญี่ปุ่น", true)), "{w:?}");
        assert!(w.iter().all(|(_, known)| *known), "{w:?}");
    }

    #[test]
    fn unknown_stretches_are_marked() {
        // A transliterated name: no dictionary has นูร์เคนอฟ.
        let w = words("นายนูร์เคนอฟกล่าว");
        assert!(w.iter().any(|(_, known)| !known), "{w:?}");
        assert_eq!(w.first(), Some(&("นาย", true)), "{w:?}");
        assert_eq!(w.last(), Some(&("กล่าว", true)), "{w:?}");
        let joined: String = w.iter().map(|(s, _)| *s).collect();
        assert_eq!(joined, "นายนูร์เคนอฟกล่าว");
    }
}
