//! Which characters the theme's fonts can print, for the checks of the data
//! and of the markup.

use std::cell::Cell;

use super::fonts::FontBook;

/// The fonts text is printed with, as far as the data checks need them.
pub struct Glyphs<'b> {
    book: &'b FontBook,
    /// The four styles of the main family: text may be set in any of them.
    styles: [usize; 4],
    /// The answer for each character of the Basic Multilingual Plane once
    /// found (0 unknown, 1 printable, 2 not): a data folder of 20,000
    /// interactions holds millions of characters but only a few hundred
    /// different ones, each otherwise looked up in four styles every time.
    known: Vec<Cell<u8>>,
}

impl<'b> Glyphs<'b> {
    pub fn new(book: &'b FontBook) -> Glyphs<'b> {
        let styles =
            [book.styled(false, false), book.styled(true, false), book.styled(false, true), book.styled(true, true)];
        Glyphs { book, styles, known: vec![Cell::new(0); 0x1_0000] }
    }

    /// Whether every style can print `c` (its own face or a fallback).
    pub fn can_print(&self, c: char) -> bool {
        let Some(known) = self.known.get(c as usize) else { return self.look_up(c) };
        match known.get() {
            1 => true,
            2 => false,
            _ => {
                let yes = self.look_up(c);
                known.set(if yes { 1 } else { 2 });
                yes
            }
        }
    }

    fn look_up(&self, c: char) -> bool {
        self.styles.iter().all(|&s| self.book.face_for(c, s).is_some())
    }

    /// The font names, for messages.
    pub fn describe(&self) -> String {
        self.book.describe()
    }
}

/// A character no text may hold: control characters other than line
/// breaks and tabs, and the two noncharacters XML refuses.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}
