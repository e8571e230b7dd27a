//! Compiles the Thai word lists (data/thai-words: PyThaiNLP's and ICU's)
//! into one finite-state set that the line breaker embeds: looking words up
//! in it is a walk over bytes, with no start-up cost.

use std::path::PathBuf;

fn main() {
    let mut text = String::new();
    for source in ["data/thai-words/words_th.txt", "data/thai-words/icu_thaidict.txt"] {
        println!("cargo:rerun-if-changed={source}");
        text += &std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source} is part of the repository: {e}"));
        text.push('\n');
    }
    let thai_letter = |c: char| matches!(c, '\u{0E01}'..='\u{0E3A}' | '\u{0E40}'..='\u{0E4E}') && c != 'ๆ' && c != 'ฯ';
    // One byte a letter (its offset in the Thai block): a lookup then takes
    // one step per letter instead of three (UTF-8).
    let mut words: Vec<Vec<u8>> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        .filter(|w| !w.is_empty() && w.chars().all(thai_letter))
        .map(|w| w.chars().map(|c| (c as u32 - 0x0E00) as u8).collect())
        .collect();
    words.sort_unstable();
    words.dedup();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("thai-words.fst");
    let set = fst::Set::from_iter(words).expect("sorted, unique words");
    std::fs::write(out, set.as_fst().as_bytes()).expect("write the word set");
}
