//! Compiles the Thai word list (data/thai-words/words_th.txt) into a
//! finite-state set that the line breaker embeds: looking words up in it is
//! a walk over bytes, with no start-up cost.

use std::path::PathBuf;

fn main() {
    let source = "data/thai-words/words_th.txt";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("data/thai-words/words_th.txt is part of the repository");
    let thai_letter = |c: char| matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E4E}') && c != 'ๆ' && c != 'ฯ';
    let mut words: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        .filter(|w| !w.is_empty() && w.chars().all(thai_letter))
        .collect();
    words.sort_unstable();
    words.dedup();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("thai-words.fst");
    let set = fst::Set::from_iter(words).expect("sorted, unique words");
    std::fs::write(out, set.as_fst().as_bytes()).expect("write the word set");
}
