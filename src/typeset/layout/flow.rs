//! The vertical flow: blocks become a list of entries (lines, table rows,
//! photos, spaces), each saying whether a page may break before it.
//! Pagination reads nothing else.

use super::Item;

/// One unit of vertical flow.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub height: f32,
    pub items: Vec<Item>,
    pub kind: Kind,
    /// May a page break come right before this entry?
    pub break_before: bool,
    /// A table body row: its table's header rows are repeated above it when it starts a page.
    pub table: Option<usize>,
    pub outline: Option<(u8, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Content,
    /// Vertical space, dropped at the top of a page.
    Space,
    PageBreak,
}

impl Entry {
    pub fn content(height: f32, items: Vec<Item>) -> Entry {
        Entry { height, items, kind: Kind::Content, break_before: true, table: None, outline: None }
    }
    pub fn space(height: f32) -> Entry {
        Entry { height, items: Vec::new(), kind: Kind::Space, break_before: true, table: None, outline: None }
    }
}

/// A column of entries being filled: the document's body, or a table
/// cell's content (each cell has its own, so what a heading holds with it
/// never reaches across a cell's edge).
#[derive(Debug, Default)]
pub(super) struct Flow {
    pub entries: Vec<Entry>,
    /// How many more content entries must stay on the page of the one
    /// before them (after a heading).
    pub keep: u8,
}

impl Flow {
    /// Adds an entry, held to the one before while a heading keeps it.
    pub fn push(&mut self, mut e: Entry) {
        if self.keep > 0 {
            e.break_before = false;
            if e.kind == Kind::Content {
                self.keep -= 1;
            }
        }
        self.entries.push(e);
    }

    /// A forced page break; keep-with-next never holds it back.
    pub fn page_break(&mut self) {
        self.entries.push(Entry { kind: Kind::PageBreak, ..Entry::space(0.0) });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
