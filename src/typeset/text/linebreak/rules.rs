//! The Thai rules a line break must follow, as penalties (a break that
//! costs more is taken only when the cheaper ones space the lines worse) and
//! prohibitions (the break is not offered at all). From the W3C Thai Layout
//! Requirements (thai-lreq) and the practice of Thai official documents.
//! No library knows these rules, so they are written here.

use std::collections::BTreeMap;
use std::ops::Range;

use super::dictionary::{self, Piece};

/// A place a line may break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opportunity {
    /// Byte offset: the line ends before it.
    pub at: usize,
    /// What the break costs (TeX-like: its square is added to the demerits).
    pub penalty: f32,
    /// A `'\n'` in the text: the line must end here.
    pub forced: bool,
}

/// Penalties, in the units of TeX's `\penalty` (a hyphenation costs 50 there).
pub mod penalty {
    /// After a space: where Thai most naturally breaks (spaces end phrases).
    pub const SPACE: f32 = 0.0;
    /// Between two Thai words with no space: fine, but a space is better.
    pub const THAI_WORD: f32 = 30.0;
    /// After a word that forms a compound with the next (ความ|สัมพันธ์,
    /// การ|ประชุม, ผู้|แทน, กรุง|โซล): the two read as one word.
    pub const COMPOUND: f32 = 250.0;
    /// Between Thai words when one of them is a single short syllable,
    /// which is often part of a compound the dictionary lists in pieces.
    pub const SHORT_WORD: f32 = 80.0;
    /// After a word that leads into the next (และ ที่ ของ ...).
    pub const CONNECTIVE: f32 = 2500.0;
    /// Between a number and a word after it that is not its unit.
    pub const AFTER_NUMBER: f32 = 120.0;
    /// Between a month and its year ("ธันวาคม | 2566").
    pub const MONTH_YEAR: f32 = 700.0;
    /// At a space inside a protected name (given name | family name, city | country).
    pub const NAME_PART: f32 = 450.0;
    /// Between the dictionary words of a long part of a protected name that
    /// the dictionary knows throughout (an organisation written without spaces).
    pub const NAME_WORD: f32 = 600.0;
    /// Inside or at the edge of a word no dictionary knows, between syllables.
    pub const UNKNOWN_WORD: f32 = 3000.0;
    /// Between grapheme clusters of a word too wide for its line.
    pub const EMERGENCY: f32 = 5000.0;
}

/// Thai runs of one text, segmented, and what each boundary inside them is.
#[derive(Debug)]
pub struct ThaiRuns<'t> {
    text: &'t str,
    /// Offset -> is this boundary touching a word the dictionary does not know?
    bounds: BTreeMap<usize, Boundary>,
    /// Words as found, by start offset (for the rules on the words around a break).
    words: BTreeMap<usize, Piece>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Boundary {
    /// Between two dictionary words.
    Word,
    /// Next to, or inside, a stretch the dictionary does not know.
    Unknown,
}

impl<'t> ThaiRuns<'t> {
    pub fn new(text: &'t str) -> ThaiRuns<'t> {
        ThaiRuns { text, bounds: BTreeMap::new(), words: BTreeMap::new() }
    }

    /// Segment one run of Thai letters of the text.
    pub fn add(&mut self, run: Range<usize>) {
        let text = self.text;
        let pieces: Vec<Piece> = dictionary::segment(&text[run.clone()])
            .into_iter()
            .map(|p| Piece { bytes: p.bytes.start + run.start..p.bytes.end + run.start, ..p })
            .collect();
        // A word of one or two clusters next to an unknown stretch is most
        // likely a syllable of the same foreign word (ฮา|ลา|ล, คา|ซัค|สถาน):
        // the unknown stretch takes it in, and so on outwards.
        let mut foreign: Vec<bool> = pieces.iter().map(|p| !p.known).collect();
        // Three or more one-syllable words in a row that the dictionary
        // happens to know are most likely a transliteration spelt out of
        // Thai syllables (อัส|ตา|นา): one foreign word.
        let short = |p: &Piece| p.clusters <= 2;
        let mut k = 0;
        while k < pieces.len() {
            let run = pieces[k..].iter().take_while(|p| p.known && short(p)).count();
            if run >= 3 {
                foreign[k..k + run].iter_mut().for_each(|f| *f = true);
            }
            k += run.max(1);
        }
        loop {
            let mut grew = false;
            for i in 0..pieces.len() {
                let next_to = (i > 0 && foreign[i - 1]) || foreign.get(i + 1) == Some(&true);
                if !foreign[i] && pieces[i].clusters <= 2 && next_to {
                    foreign[i] = true;
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        // Inside a foreign word (both sides foreign), or next to what the
        // dictionary does not know: the break is a last resort. At the outer
        // edge of a syllable it took in, the break is between words.
        for i in 1..pieces.len() {
            let unknown = !pieces[i - 1].known || !pieces[i].known || (foreign[i - 1] && foreign[i]);
            let kind = if unknown { Boundary::Unknown } else { Boundary::Word };
            self.bounds.insert(pieces[i].bytes.start, kind);
        }
        for p in &pieces {
            if !p.known {
                for b in syllable_breaks(text, p.bytes.clone()) {
                    self.bounds.insert(b, Boundary::Unknown);
                }
            }
            self.words.insert(p.bytes.start, p.clone());
        }
    }

    /// Every boundary inside the runs where a line could break.
    pub fn boundaries(&self) -> impl Iterator<Item = usize> + '_ {
        self.bounds.keys().copied()
    }

    /// The word that ends at boundary `at`, if one does.
    fn word_before(&self, at: usize) -> Option<&Piece> {
        self.words.range(..at).next_back().map(|(_, p)| p).filter(|p| p.bytes.end == at)
    }

    /// The word that starts at boundary `at`, if one does.
    fn word_after(&self, at: usize) -> Option<&Piece> {
        self.words.get(&at)
    }

    fn word(&self, p: Option<&Piece>) -> &'t str {
        p.map_or("", |p| &self.text[p.bytes.clone()])
    }

    fn boundary(&self, at: usize) -> Option<Boundary> {
        self.bounds.get(&at).copied()
    }
}

/// Where a word no dictionary knows may break between syllables: between
/// grapheme clusters where Thai spelling allows it, but never before a
/// cluster silenced by ์ (นูร์), never after ั or ็ (their final consonant
/// follows), and never so that a piece of one cluster is left.
fn syllable_breaks(text: &str, word: Range<usize>) -> Vec<usize> {
    let w = &text[word.clone()];
    let clusters: Vec<(usize, &str)> = unicode_segmentation::UnicodeSegmentation::grapheme_indices(w, true).collect();
    let mut out = Vec::new();
    for k in 2..clusters.len().saturating_sub(1) {
        let (at, next) = clusters[k];
        let prev = clusters[k - 1].1;
        let silenced = next.contains('\u{0E4C}');
        let needs_final = prev.contains('\u{0E31}') || prev.contains('\u{0E47}');
        if !silenced && !needs_final && super::thai_allows(w, at) {
            out.push(word.start + at);
        }
    }
    out
}

/// Titles and honorifics that stay on the line of the name after them.
const TITLES: &[&str] = &[
    "นาย",
    "นาง",
    "นางสาว",
    "คุณ",
    "ท่าน",
    "ด.ช.",
    "ด.ญ.",
    "ดร.",
    "ศ.",
    "รศ.",
    "ผศ.",
    "นพ.",
    "พญ.",
    "พล.อ.",
    "พล.ต.อ.",
    "พ.ต.อ.",
    "ม.ร.ว.",
    "ม.ล.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "H.E.",
];

/// Words that lead into the next: a line should not end with them.
const CONNECTIVES: &[&str] = &[
    "และ",
    "หรือ",
    "ที่",
    "ของ",
    "ใน",
    "แต่",
    "กับ",
    "แห่ง",
    "โดย",
    "ซึ่ง",
    "เพื่อ",
    "จาก",
    "ถึง",
    "ต่อ",
    "ได้แก่",
    "ระหว่าง",
    "ตาม",
    "ว่า",
];

/// Words that make a compound with the word after them.
const PREFIXES: &[&str] = &[
    "ความ",
    "การ",
    "ผู้",
    "นัก",
    "ชาว",
    "กรุง",
    "นคร",
    "เมือง",
    "จังหวัด",
    "เครื่อง",
    "ช่าง",
    "หัว",
    "ประ",
    "สภา",
    "สำนัก",
    "สำนักงาน",
    "ศูนย์",
    "องค์",
    "คณะ",
    "ชุด",
    "ท่า",
    "เจ้า",
    "แม่",
    "พ่อ",
    "ลูก",
    "ร่วม",
    "ต่าง",
    "สมาคม",
    "บริษัท",
    "โรง",
    "ห้อง",
    "วัด",
];

/// Units, currencies, counters and months: never apart from the number before them.
const UNITS: &[&str] = &[
    "บาท",
    "ดอลลาร์",
    "เหรียญ",
    "ยูโร",
    "วอน",
    "เทงเก",
    "เยน",
    "หยวน",
    "ล้าน",
    "พัน",
    "หมื่น",
    "แสน",
    "ร้อย",
    "กิโลเมตร",
    "กม.",
    "เมตร",
    "ม.",
    "เซนติเมตร",
    "ซม.",
    "ตารางกิโลเมตร",
    "ตร.กม.",
    "ตารางเมตร",
    "ตร.ม.",
    "ไร่",
    "กิโลกรัม",
    "กก.",
    "ตัน",
    "ลิตร",
    "คน",
    "ราย",
    "ครั้ง",
    "วัน",
    "คืน",
    "เดือน",
    "ปี",
    "ชั่วโมง",
    "ชม.",
    "นาที",
    "วินาที",
    "สัปดาห์",
    "แห่ง",
    "ฉบับ",
    "ประเทศ",
    "เมือง",
    "โครงการ",
    "หน่วย",
    "ชิ้น",
    "เล่ม",
    "ลำ",
    "คัน",
    "เที่ยว",
    "ห้อง",
    "องค์กร",
    "หน่วยงาน",
    "เท่า",
    "ท่าน",
    "รุ่น",
    "ชั้น",
    "ข้อ",
    "เรื่อง",
    "ด้าน",
    "%",
    "km",
    "kg",
    "USD",
    "THB",
    "KZT",
    "KRW",
    "baht",
];

/// Words a number follows and stays with ("ร้อยละ 30", "พ.ศ. 2547").
const BEFORE_NUMBER: &[&str] = &[
    "ร้อยละ",
    "พ.ศ.",
    "ค.ศ.",
    "เลขที่",
    "หมายเลข",
    "ข้อ",
    "มาตรา",
    "ครั้งที่",
    "ฉบับที่",
    "ลำดับที่",
    "อันดับ",
    "วันที่",
    "ที่",
    "No.",
    "เวลา",
];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{0E50}'..='\u{0E59}').contains(&c)
}

/// Does the word end with a number ("25", "(1,200", "2566")?
fn ends_with_number(w: &str) -> bool {
    w.chars().next_back().is_some_and(is_digit)
}

/// Does the word start with a number ("30", "2,500)")?
fn starts_with_number(w: &str) -> bool {
    w.chars().next().is_some_and(is_digit)
}

fn is_month(w: &str) -> bool {
    crate::thai::MONTHS.contains(&w) || crate::thai::MONTHS_SHORT.contains(&w)
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '“' | '‘' | '«' | '"' | '\'')
}

fn is_closing(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '”' | '’' | '»' | ',' | '.' | ':' | ';' | '!' | '?' | '%' | 'ๆ' | 'ฯ' | '"' | '\'')
}

/// Weigh each break position (ascending, excluding 0, ending with the text's
/// length) by the rules; positions the rules forbid are left out.
pub fn weigh(
    text: &str,
    positions: &[usize],
    thai: &ThaiRuns<'_>,
    names: &[Range<usize>],
    nobr: &[Range<usize>],
) -> Vec<Opportunity> {
    let inside = |ranges: &[Range<usize>], b: usize| ranges.iter().any(|r| r.start < b && b < r.end);
    let mut out = Vec::with_capacity(positions.len());
    for (k, &b) in positions.iter().enumerate() {
        if b == text.len() {
            out.push(Opportunity { at: b, penalty: 0.0, forced: true });
            continue;
        }
        let prev = if k == 0 { 0 } else { positions[k - 1] };
        let next = positions.get(k + 1).copied().unwrap_or(text.len());
        let left_raw = &text[prev..b];
        let forced = left_raw.ends_with('\n');
        if forced {
            out.push(Opportunity { at: b, penalty: 0.0, forced: true });
            continue;
        }
        if !super::thai_allows(text, b) {
            continue;
        }
        let left = left_raw.trim_end();
        let spaced = left.len() < left_raw.len();
        let right = text[b..next].trim_end();
        // The strictest of the names around the break: a country name kept
        // whole inside a long organisation name stays whole.
        let in_name = names
            .iter()
            .filter(|r| r.start < b && b < r.end)
            .map(|r| {
                if spaced {
                    InName::AtSpace
                } else if long_known_part(text, r.clone(), b, thai) {
                    InName::InLongPart
                } else {
                    InName::InWord
                }
            })
            .max_by_key(|n| *n as u8)
            .unwrap_or(InName::No);
        if let Some(p) = penalty_at(thai, b, left, right, spaced, in_name, inside(nobr, b)) {
            out.push(Opportunity { at: b, penalty: p, forced: false });
        }
    }
    out
}

/// Does `right` start with letters silenced by ์ (ร์, ณ์, ทร์)? They close
/// the syllable before them and never start a line.
fn silenced_start(right: &str) -> bool {
    for c in right.chars().take(3) {
        match c {
            '\u{0E4C}' => return true,
            '\u{0E01}'..='\u{0E2E}' => {}
            _ => return false,
        }
    }
    false
}

/// Where a break falls with respect to a protected name, from the most
/// lenient to the strictest.
#[derive(Debug, Clone, Copy, PartialEq)]
enum InName {
    No,
    /// Between dictionary words of a long part of it (see [`long_known_part`]).
    InLongPart,
    /// At one of the name's own spaces.
    AtSpace,
    InWord,
}

/// Is `b` inside a part (between spaces) of the name `name` that is longer
/// than a personal or country name (over 18 clusters) and made only of dictionary
/// words? Such a part is an organisation or a place written as one
/// compound, which Thai breaks between its words; a transliterated name,
/// or a short one, is never broken.
fn long_known_part(text: &str, name: Range<usize>, b: usize, thai: &ThaiRuns<'_>) -> bool {
    let start = text[name.start..b].rfind(' ').map_or(name.start, |i| name.start + i + 1);
    let end = text[b..name.end].find(' ').map_or(name.end, |i| b + i);
    let clusters = unicode_segmentation::UnicodeSegmentation::graphemes(&text[start..end], true).count();
    clusters > 18 && thai.boundary(b) == Some(Boundary::Word) && thai.words.range(start..end).all(|(_, p)| p.known)
}

/// The penalty of a break at `b` between the words `left` and `right`
/// (`spaced`: a space ends `left`), or `None` where it is forbidden.
fn penalty_at(
    thai: &ThaiRuns<'_>,
    b: usize,
    left: &str,
    right: &str,
    spaced: bool,
    in_name: InName,
    in_nobr: bool,
) -> Option<f32> {
    use penalty::*;
    let last = left.chars().next_back()?;
    let first = right.chars().next()?;
    if silenced_start(right) {
        return None;
    }
    // The word the line would end with, without marks before it: "(ณ" ends with ณ.
    let in_word = |c: char| c.is_ascii_alphanumeric() || c == '.' || ('\u{0E01}'..='\u{0E5B}').contains(&c);
    let start = left.char_indices().rev().take_while(|&(_, c)| in_word(c)).last().map_or(left.len(), |(i, _)| i);
    let word = &left[start..];
    if in_nobr || is_closing(first) || is_opening(last) || word == "ณ" {
        return None;
    }
    // A range of numbers ("7-12 กุมภาพันธ์", "2566-2567") stays whole.
    if matches!(last, '-' | '–') && is_digit(first) {
        return None;
    }
    if TITLES.iter().any(|t| word == *t || (t.ends_with('.') && word.ends_with(t))) {
        return None;
    }
    let unit = UNITS.iter().any(|u| right.starts_with(u)) || is_month(right);
    if ends_with_number(left) && unit {
        return None;
    }
    if starts_with_number(right) && BEFORE_NUMBER.iter().any(|w| left == *w || left.ends_with(w)) {
        return None;
    }
    let mut p = if spaced { SPACE } else { THAI_WORD };
    match in_name {
        InName::No => {}
        InName::AtSpace => p = p.max(NAME_PART),
        InName::InLongPart => p = p.max(NAME_WORD),
        InName::InWord => return None,
    }
    if starts_with_number(right) && (is_month(left) || left == "ปี") {
        p = p.max(MONTH_YEAR);
    } else if ends_with_number(left) {
        p = p.max(AFTER_NUMBER);
    }
    if CONNECTIVES.contains(&word) {
        p = p.max(CONNECTIVE);
    }
    if !spaced && thai.boundary(b).is_some() {
        let short = |w: Option<&Piece>| w.is_some_and(|w| w.clusters <= 3);
        let (before, after) = (thai.word_before(b), thai.word_after(b));
        if PREFIXES.contains(&thai.word(before)) {
            p = p.max(COMPOUND);
        } else if short(before) || (short(after) && !CONNECTIVES.contains(&thai.word(after))) {
            // A connective starting the next line is where Thai breaks best.
            p = p.max(SHORT_WORD);
        }
    }
    if thai.boundary(b) == Some(Boundary::Unknown) {
        p = p.max(UNKNOWN_WORD);
    }
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with `|` at each allowed break (not the end), and the
    /// penalty of the break at `at`.
    fn breaks(text: &str, names: &[&str]) -> (String, Vec<(String, f32)>) {
        let names: Vec<Range<usize>> = names.iter().filter_map(|n| text.find(n).map(|s| s..s + n.len())).collect();
        let ops = super::super::opportunities(text, &names, &[]);
        let mut marked = String::new();
        let mut prev = 0;
        let mut list = Vec::new();
        for o in ops.iter().filter(|o| o.at < text.len()) {
            marked.push_str(&text[prev..o.at]);
            marked.push('|');
            list.push((text[prev..o.at].trim_end().to_string(), o.penalty));
            prev = o.at;
        }
        marked.push_str(&text[prev..]);
        (marked, list)
    }

    fn penalty_after(list: &[(String, f32)], word: &str) -> Option<f32> {
        list.iter().find(|(w, _)| w.ends_with(word)).map(|(_, p)| *p)
    }

    #[test]
    fn never_before_mai_yamok_or_paiyannoi_nor_after_opening_marks() {
        let (m, _) = breaks("เด็กๆ เล่นกันที่กรุงเทพฯ และ (กรุงโซล) ด้วย", &[]);
        assert!(!m.contains("|ๆ") && !m.contains("|ฯ"), "{m}");
        assert!(!m.contains("(|") && !m.contains("|)"), "{m}");
    }

    #[test]
    fn never_after_na_nor_between_title_and_name() {
        let (m, _) =
            breaks("จัดงาน ณ กรุงเทพมหานคร โดยมีนายนูร์ลาน นูร์เคนอฟ และ ดร. สมชาย ใจดี เป็นประธาน", &["นูร์ลาน นูร์เคนอฟ"]);
        assert!(!m.contains("ณ |"), "{m}");
        assert!(!m.contains("นาย|"), "{m}");
        assert!(!m.contains("ดร. |"), "{m}");
        // Inside a protected name's words: never; at its own space: at a high cost.
        assert!(!m.contains("นูร์|ลาน") && !m.contains("นูร์|เคนอฟ"), "{m}");
    }

    #[test]
    fn a_protected_name_breaks_only_at_its_spaces_at_a_high_penalty() {
        let (_, list) = breaks("พบกับนูร์ลาน นูร์เคนอฟ ที่ศาลาว่าการ", &["นูร์ลาน นูร์เคนอฟ"]);
        assert_eq!(penalty_after(&list, "นูร์ลาน"), Some(penalty::NAME_PART));
    }

    #[test]
    fn numbers_stay_with_units_days_with_months() {
        let (m, list) = breaks("ระยะทาง 25 กิโลเมตร ค่าใช้จ่าย 1,200 บาท ร้อยละ 30 เมื่อวันที่ 21 ธันวาคม 2566 รวม 3 วัน", &[]);
        for bad in ["25 |", "1,200 |", "ร้อยละ |", "21 |", "3 |"] {
            assert!(!m.contains(bad), "{bad} in {m}");
        }
        assert_eq!(penalty_after(&list, "ธันวาคม"), Some(penalty::MONTH_YEAR));
    }

    #[test]
    fn connectives_at_a_line_end_cost_more_than_other_words() {
        let (m, list) = breaks("กรุงเทพมหานครและกรุงโซลร่วมกันจัดงานเทศกาลเพื่อกระชับความร่วมมือ", &[]);
        let _ = m;
        assert_eq!(penalty_after(&list, "และ"), Some(penalty::CONNECTIVE));
        assert_eq!(penalty_after(&list, "เพื่อ"), Some(penalty::CONNECTIVE));
        let plain = penalty_after(&list, "เทศกาล").unwrap();
        assert!(plain < penalty::CONNECTIVE, "{list:?}");
        // A compound the dictionary lists in pieces holds together.
        assert_eq!(penalty_after(&list, "กรุง"), Some(penalty::COMPOUND), "{m}");
        // Compounds the dictionary knows are not broken at all.
        assert!(!m.contains("ความ|สัมพันธ์") && !m.contains("ร่วม|มือ"), "{m}");
    }

    #[test]
    fn unknown_words_break_only_between_syllables_at_a_high_penalty() {
        let (m, list) = breaks("อาหารฮาลาลจากสาธารณรัฐคาซัคสถาน", &[]);
        // Every break touching the foreign words costs the unknown-word penalty.
        for (w, p) in &list {
            if w.ends_with("ฮา") || w.ends_with("ลา") || w.ends_with("คา") || w.ends_with("ซัค") {
                assert_eq!(*p, penalty::UNKNOWN_WORD, "{w} in {m}");
            }
        }
        // At the outer edge of the foreign word the break is between words.
        assert!(penalty_after(&list, "อาหาร").is_some_and(|p| p < penalty::UNKNOWN_WORD), "{m}");
        assert!(!m.contains("ซั|ค"), "{m}");
    }

    #[test]
    fn a_transliteration_spelt_out_of_thai_syllables_is_one_foreign_word() {
        // อัส, ตา and นา are all words, อัสตานา is not.
        let (m, list) = breaks("รองนายกเทศมนตรีกรุงอัสตานากล่าว", &[]);
        for (w, p) in &list {
            if w.ends_with("อัส") || w.ends_with("ตา") {
                assert_eq!(*p, penalty::UNKNOWN_WORD, "{w} in {m}");
            }
        }
    }

    #[test]
    fn never_before_letters_silenced_by_thanthakhat() {
        let (m, _) = breaks("เผยแพร่โดย นิกรณ์ สมศรี และ Dr.บาอูร์ชาน คัสซึมบาเยฟ", &[]);
        assert!(!m.contains("|ณ์") && !m.contains("|ร์"), "{m}");
    }

    #[test]
    fn syllable_breaks_respect_thai_spelling() {
        let text = "นูร์เคนอฟ";
        for b in syllable_breaks(text, 0..text.len()) {
            let (l, r) = (&text[..b], &text[b..]);
            assert!(!r.starts_with("ร์") && !l.ends_with('เ') && !l.ends_with('ั'), "{l}|{r}");
        }
    }
}
