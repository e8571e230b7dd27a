//! Font faces: Sarabun compiled into the binary (so it runs from any
//! directory), or TTF/OTF files a theme names, with a fallback list for
//! characters the main faces lack.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use harfrust::Font;

use crate::error::{Error, Result};
use crate::typeset::style::Theme;

const BUILTIN: &[(&str, &[u8])] = &[
    ("Sarabun-Regular", include_bytes!("../../../fonts/Sarabun-Regular.ttf")),
    ("Sarabun-Bold", include_bytes!("../../../fonts/Sarabun-Bold.ttf")),
    ("Sarabun-Italic", include_bytes!("../../../fonts/Sarabun-Italic.ttf")),
    ("Sarabun-BoldItalic", include_bytes!("../../../fonts/Sarabun-BoldItalic.ttf")),
    ("NotoSans-Regular", include_bytes!("../../../fonts/NotoSans-Regular.ttf")),
    ("NotoSansKR-Regular", include_bytes!("../../../fonts/NotoSansKR-Regular.ttf")),
];

/// Index of a face in a [`FontBook`].
pub type FaceId = usize;

pub struct Face {
    /// Where it came from, for messages ("builtin:Sarabun-Bold" or a path).
    pub name: String,
    pub bytes: Cow<'static, [u8]>,
    pub font: Font,
    pub units_per_em: f32,
    /// Ascender and descender (negative) in font units.
    pub ascender: f32,
    pub descender: f32,
    /// The cmap for Latin (U+0000-024F) and Thai (U+0E00-0E7F), read once:
    /// nearly every character of a document, looked up several times each
    /// (font choice, itemizing, ToUnicode). Entry = glyph + 1, 0 = none.
    common: Vec<u32>,
    /// Other characters, looked up as met.
    cmap_cache: RefCell<HashMap<char, Option<u16>>>,
}

const LATIN_END: u32 = 0x250;
const THAI: std::ops::Range<u32> = 0x0E00..0x0E80;

/// Index of `c` in `Face::common`, if it is in those ranges.
fn common_index(c: u32) -> Option<usize> {
    if c < LATIN_END {
        Some(c as usize)
    } else if THAI.contains(&c) {
        Some((LATIN_END + c - THAI.start) as usize)
    } else {
        None
    }
}

impl Face {
    fn load(spec: &str, base_dir: &Path) -> Result<Face> {
        let bytes: Cow<'static, [u8]> = if let Some(name) = spec.strip_prefix("builtin:") {
            BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, b)| Cow::Borrowed(*b)).ok_or_else(|| {
                let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                Error::with_help(
                    format!("there is no built-in font `{name}`"),
                    format!("built-in fonts: {}", names.join(", ")),
                )
            })?
        } else {
            let path = base_dir.join(spec);
            Cow::Owned(std::fs::read(&path).map_err(|e| Error::io(&path, "read font", e))?)
        };
        let source: harfrust::font::Source = match &bytes {
            Cow::Borrowed(b) => (*b).into(),
            Cow::Owned(v) => v.clone().into(),
        };
        let font = Font::new(source, 0).ok_or_else(|| {
            Error::with_help(
                format!("`{spec}` is not a TrueType or OpenType font"),
                "name a .ttf or .otf file in the theme's [fonts]",
            )
        })?;
        let m = font.metrics();
        let upem = m.units_per_em as f32;
        let (asc, desc) = m
            .typo_line
            .filter(|_| m.use_typo_metrics)
            .or(m.hhea_line)
            .map(|l| (l.ascender.to_f64() as f32, l.descender.to_f64() as f32))
            .unwrap_or((upem * 0.8, -upem * 0.2));
        let charmap = font.charmap();
        let common = (0..LATIN_END).chain(THAI).map(|c| charmap.map_unicode(c).map_or(0, |g| g.to_u32() + 1)).collect();
        Ok(Face {
            name: spec.to_string(),
            bytes,
            font,
            units_per_em: upem,
            ascender: asc,
            descender: desc,
            common,
            cmap_cache: RefCell::new(HashMap::new()),
        })
    }

    pub fn has_char(&self, c: char) -> bool {
        self.nominal_glyph(c).is_some()
    }

    /// The advance the PDF's `/W` array gives a glyph (pdf/fonts.rs writes
    /// it, content.rs advances the pen by it): thousandths of an em,
    /// truncated, as viewers compute positions from it.
    pub fn pdf_width(&self, gid: u16) -> f32 {
        let w = self.font.glyph_metrics().h_advance(harfrust::GlyphId::new(gid as u32));
        (w * 1000.0 / self.units_per_em).trunc()
    }

    /// The glyph the font's cmap gives a character, if any.
    pub fn nominal_glyph(&self, c: char) -> Option<u16> {
        if let Some(i) = common_index(c as u32) {
            return self.common[i].checked_sub(1).map(|g| g as u16);
        }
        if let Some(g) = self.cmap_cache.borrow().get(&c) {
            return *g;
        }
        let g = self.font.charmap().map_unicode(c as u32).map(|g| g.to_u32() as u16);
        self.cmap_cache.borrow_mut().insert(c, g);
        g
    }
}

/// The faces a document may use: four styles of the main family, then fallbacks.
pub struct FontBook {
    pub faces: Vec<Face>,
    /// regular, bold, italic, bold-italic
    family: [FaceId; 4],
    fallbacks: Vec<FaceId>,
}

impl FontBook {
    pub fn from_theme(theme: &Theme) -> Result<FontBook> {
        let f = &theme.fonts;
        let regular = f.regular.clone().unwrap_or_else(|| "builtin:Sarabun-Regular".into());
        let specs = [
            regular.clone(),
            f.bold.clone().unwrap_or_else(|| regular.clone()),
            f.italic.clone().unwrap_or_else(|| regular.clone()),
            f.bold_italic.clone().or_else(|| f.bold.clone()).unwrap_or_else(|| regular.clone()),
        ];
        let mut faces: Vec<Face> = Vec::new();
        let index = |spec: &str, faces: &mut Vec<Face>| -> Result<FaceId> {
            if let Some(i) = faces.iter().position(|face| face.name == spec) {
                return Ok(i);
            }
            faces.push(Face::load(spec, &theme.base_dir)?);
            Ok(faces.len() - 1)
        };
        let mut family = [0; 4];
        for (slot, spec) in family.iter_mut().zip(&specs) {
            *slot = index(spec, &mut faces)?;
        }
        let mut fallbacks = Vec::new();
        for spec in f.fallback.iter().flatten() {
            fallbacks.push(index(spec, &mut faces)?);
        }
        Ok(FontBook { faces, family, fallbacks })
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id]
    }

    pub fn styled(&self, bold: bool, italic: bool) -> FaceId {
        self.family[(bold as usize) | ((italic as usize) << 1)]
    }

    /// The face that draws `c`: the styled face if it can, else the first
    /// fallback that can. Characters that never draw ink (spaces, joiners) go
    /// with the styled face.
    pub fn face_for(&self, c: char, styled: FaceId) -> Option<FaceId> {
        if self.faces[styled].has_char(c) || is_invisible(c) {
            return Some(styled);
        }
        self.fallbacks.iter().copied().find(|&f| self.faces[f].has_char(c))
    }

    /// Names of all faces, for an error message about a missing glyph.
    pub fn describe(&self) -> String {
        self.faces.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Characters that need no glyph of their own.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}') || c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_family_covers_thai_and_latin() {
        let theme = Theme::load(None).unwrap();
        let book = FontBook::from_theme(&theme).unwrap();
        // Four Sarabun faces, then Noto Sans and Noto Sans KR as fallbacks.
        assert_eq!(book.faces.len(), 6);
        let r = book.styled(false, false);
        for c in "กขฃ ฤๅ ๑๒๓ ABC ฿ “”–".chars() {
            assert_eq!(book.face_for(c, r), Some(r), "{c}");
        }
        assert_eq!(book.face_for('Д', r), Some(4));
        assert_eq!(book.face_for('서', r), Some(5));
        assert_eq!(book.face_for('中', r), Some(5)); // Noto Sans KR has the common Hanja
        assert_eq!(book.face_for('\u{1F600}', r), None);
        assert_eq!(book.face(r).units_per_em, 1000.0);
    }
}
