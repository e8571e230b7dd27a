//! Shaping with harfrust (the HarfBuzz project's Rust port), one run per
//! script and face: a string that mixes Latin and Thai is shaped as separate
//! runs so each gets its own script's substitutions and mark positioning.

use std::collections::HashMap;

use harfrust::{Buffer, Direction, Language, Script, ShapeOptions, ShapePlan, ShaperFont};

use crate::typeset::text::fonts::{FaceId, FontBook};

/// One positioned glyph, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    /// Byte offset, in the text handed to [`Shaper::shape`], of the cluster
    /// this glyph belongs to.
    pub cluster: usize,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
}

/// Writing systems briefpack tells apart when splitting runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunScript {
    Thai,
    Latin,
}

impl RunScript {
    fn harfrust(self) -> Script {
        match self {
            RunScript::Thai => Script::THAI,
            RunScript::Latin => Script::LATIN,
        }
    }
}

/// The script of a character, or None for characters every script shares
/// (spaces, digits, punctuation), which join the run around them.
pub fn char_script(c: char) -> Option<RunScript> {
    match c as u32 {
        0x0E01..=0x0E3A | 0x0E40..=0x0E4E => Some(RunScript::Thai),
        // Thai digits and ฿ are Thai-specific but position like common characters.
        0x0E3F | 0x0E4F..=0x0E5B => None,
        _ if c.is_alphabetic() => Some(RunScript::Latin),
        _ => None,
    }
}

/// Caches a shaping plan per face and script (building one costs more than
/// shaping a line), and the glyphs of every text shaped: a document repeats
/// many (running headers and footers, the classification on every page,
/// names in tables), and shaping is the largest part of layout.
pub struct Shaper<'b> {
    pub book: &'b FontBook,
    plans: HashMap<(FaceId, RunScript), ShapePlan>,
    shaped: HashMap<(FaceId, RunScript), HashMap<String, Vec<Glyph>>>,
    thai: Language,
}

impl<'b> Shaper<'b> {
    pub fn new(book: &'b FontBook) -> Self {
        Shaper { book, plans: HashMap::new(), shaped: HashMap::new(), thai: "th".parse().expect("valid language tag") }
    }

    /// Shape `text` (one face, one script) and return its glyphs in visual order.
    pub fn shape(&mut self, face: FaceId, script: RunScript, text: &str) -> Vec<Glyph> {
        if let Some(glyphs) = self.shaped.get(&(face, script)).and_then(|m| m.get(text)) {
            return glyphs.clone();
        }
        let glyphs = self.shape_anew(face, script, text);
        self.shaped.entry((face, script)).or_default().insert(text.to_string(), glyphs.clone());
        glyphs
    }

    fn shape_anew(&mut self, face: FaceId, script: RunScript, text: &str) -> Vec<Glyph> {
        let font = &self.book.face(face).font;
        let lang = (script == RunScript::Thai).then_some(&self.thai);
        let plan = self
            .plans
            .entry((face, script))
            .or_insert_with(|| ShapePlan::new(font, Direction::LeftToRight, Some(script.harfrust()), lang, &[]));
        let shaper_font = ShaperFont::new(font);
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_script(Some(script.harfrust()));
        buffer.set_language(lang.cloned());
        // The plan matches the buffer's properties by construction, so this
        // cannot fail; an empty result would show up as missing text in tests.
        if harfrust::shape(&shaper_font, &mut buffer, ShapeOptions::new().plan(Some(plan))).is_err() {
            return Vec::new();
        }
        buffer
            .glyph_infos()
            .iter()
            .zip(buffer.glyph_positions())
            .map(|(info, pos)| Glyph {
                gid: info.glyph_id as u16,
                cluster: info.cluster as usize,
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::style::Theme;

    #[test]
    fn sara_am_after_tone_mark_forms_ligature() {
        let theme = Theme::load(None).unwrap();
        let book = FontBook::from_theme(&theme).unwrap();
        let mut s = Shaper::new(&book);
        let face = book.styled(false, false);
        let g = s.shape(face, RunScript::Thai, "น้ำ");
        // น, the nikhahit+mai tho ligature, sara aa.
        assert_eq!(g.len(), 3, "{g:?}");
        let name =
            |gid: u16| book.face(face).font.glyph_name(harfrust::GlyphId::new(gid as u32)).map(|n| n.to_string());
        assert_eq!(name(g[1].gid).as_deref(), Some("uni0E4D0E49"));
        // ์ over ิ is lowered by GPOS.
        let g = s.shape(face, RunScript::Thai, "ดิ์");
        assert!(g[2].y_offset < 0, "{g:?}");
    }

    #[test]
    fn a_text_shaped_again_gives_the_same_glyphs() {
        let theme = Theme::load(None).unwrap();
        let book = FontBook::from_theme(&theme).unwrap();
        let mut s = Shaper::new(&book);
        let (regular, bold) = (book.styled(false, false), book.styled(true, false));
        let first = s.shape(regular, RunScript::Thai, "กรุงเทพมหานคร");
        assert_eq!(s.shape(regular, RunScript::Thai, "กรุงเทพมหานคร"), first);
        // Another face or text is shaped anew, not taken from the memo.
        assert_eq!(
            s.shape(bold, RunScript::Thai, "กรุงเทพมหานคร"),
            Shaper::new(&book).shape(bold, RunScript::Thai, "กรุงเทพมหานคร")
        );
        assert_ne!(s.shape(bold, RunScript::Thai, "กรุงเทพมหานคร"), first);
        assert_eq!(s.shape(regular, RunScript::Thai, "น้ำ").len(), 3);
    }
}
