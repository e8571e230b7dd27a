//! Tables: column widths from `<col>`, rows that never split, header rows
//! repeated at the top of each page the table continues on.

use crate::error::Result;
use crate::typeset::markup::{Block, Cell, Row, Table};
use crate::typeset::style::Color;

use super::{Artifact, Builder, Entry, Flow, Frame, Item, Kind, NodeId, Role, Scope, Tag};

/// The element (th/td) and classes (the row's, then the cell's) that style a cell.
fn cell_style(row: &Row, cell: &Cell) -> (&'static str, Vec<String>) {
    let element = if cell.header { "th" } else { "td" };
    let mut classes = row.classes.clone();
    classes.extend(cell.classes.iter().cloned());
    (element, classes)
}

/// A laid-out cell: x, width, content height, items, fill.
type CellBox = (f32, f32, f32, Vec<Item>, Option<Color>);

/// Where a table's cells go: the left edge of each column (and the right
/// edge of the last), the padding in cells, the borders.
struct Grid {
    col_x: Vec<f32>,
    pad: f32,
    border: f32,
    border_color: Color,
}

impl Builder<'_> {
    pub(super) fn table(&mut self, t: &Table, frame: &Frame, out: &mut Flow) -> Result<()> {
        let (x, width) = (frame.x, frame.width);
        let rule = self.theme.rule("table").layered(&self.theme.class_rule(&t.classes));
        let border = rule.border_width.map_or(0.6, |l| l.0);
        let border_color = rule.border_color.unwrap_or(Color([0.5; 3]));
        let pad = rule.padding.map_or(4.0, |l| l.0);
        let widths = self.column_widths(t, width, pad)?;
        let mut col_x = vec![x];
        for w in &widths {
            let last = *col_x.last().unwrap_or(&x);
            col_x.push(last + w);
        }
        let table_index = self.table_heads.len();
        self.table_heads.push(Vec::new());
        if let Some(b) = rule.space_before {
            out.push(Entry::space(b.0));
        }
        let table = self.tree.add(Role::Table, frame.parent);
        let grid = Grid { col_x, pad, border, border_color };
        let mut head = Vec::new();
        let thead = (!t.head.is_empty()).then(|| self.tree.add(Role::TableHead, table));
        for (i, row) in t.head.iter().enumerate() {
            let tr = self.tree.add(Role::TableRow, thead.unwrap_or(table));
            let mut e = self.row(row, true, &grid, tr)?;
            e.break_before = i == 0;
            head.push(e.clone());
            out.push(e);
        }
        let tbody = (!t.body.is_empty()).then(|| self.tree.add(Role::TableBody, table));
        for (i, row) in t.body.iter().enumerate() {
            let tr = self.tree.add(Role::TableRow, tbody.unwrap_or(table));
            let mut e = self.row(row, false, &grid, tr)?;
            // The header stays with the first body row.
            e.break_before = t.head.is_empty() || i > 0;
            e.table = (!t.head.is_empty()).then_some(table_index);
            out.push(e);
        }
        self.table_heads[table_index] = head;
        if let Some(a) = rule.space_after {
            out.push(Entry::space(a.0));
        }
        Ok(())
    }

    /// Column widths from `<col>`, widened where a cell holds a word or
    /// name that would not fit otherwise (a name is never cut inside a
    /// word): the extra room comes from the columns that can spare it.
    fn column_widths(&mut self, t: &Table, width: f32, pad: f32) -> Result<Vec<f32>> {
        let mut widths: Vec<f32> = t.columns.iter().map(|f| f * width).collect();
        let mut need = vec![0.0f32; widths.len()];
        for row in t.head.iter().chain(&t.body) {
            let mut col = 0usize;
            for cell in &row.cells {
                if cell.colspan == 1 && col < need.len() {
                    let (element, classes) = cell_style(row, cell);
                    need[col] = need[col].max(self.min_width(&cell.blocks, element, &classes)? + 2.0 * pad);
                }
                col += cell.colspan;
            }
        }
        // The extra room comes from what other columns can spare; when it
        // is not enough for all, the columns short by least are served first,
        // so that as few cells as possible must cut a word.
        let spare: f32 = widths.iter().zip(&need).map(|(w, n)| (w - n).max(0.0)).sum();
        let mut short: Vec<(usize, f32)> =
            widths.iter().zip(&need).enumerate().filter(|(_, (w, n))| n > w).map(|(k, (w, n))| (k, n - w)).collect();
        short.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut left = spare;
        let mut given = 0.0f32;
        for (k, deficit) in short {
            let d = deficit.min(left);
            widths[k] += d;
            left -= d;
            given += d;
        }
        if given > 0.0 {
            let take = given / spare;
            for (w, n) in widths.iter_mut().zip(&need) {
                if *n < *w {
                    *w -= (*w - *n) * take;
                }
            }
        }
        Ok(widths)
    }

    /// A row (`in_head`: of the table's header) under the structure node `tr`.
    fn row(&mut self, row: &Row, in_head: bool, grid: &Grid, tr: NodeId) -> Result<Entry> {
        let Grid { col_x, pad, border, border_color } = grid;
        let (pad, border, border_color) = (*pad, *border, *border_color);
        let mut cells: Vec<CellBox> = Vec::new();
        let mut col = 0usize;
        for cell in &row.cells {
            let end = (col + cell.colspan).min(col_x.len() - 1);
            let (cx, cw) = (col_x[col], col_x[end] - col_x[col]);
            col = end;
            let (element, classes) = cell_style(row, cell);
            let fill = self.theme.style(element, &classes).background;
            let colspan = cell.colspan;
            let role = match (in_head, cell.header) {
                (true, _) => Role::HeaderCell { scope: Scope::Column, colspan },
                (false, true) => Role::HeaderCell { scope: Scope::Row, colspan },
                (false, false) => Role::DataCell { colspan },
            };
            let node = self.tree.add(role, tr);
            let column = Frame { cell: Some((element, classes)), ..Frame::column(0.0, (cw - 2.0 * pad).max(1.0)) };
            let frame = column.under(node, &cell.blocks);
            // A cell is a flow of its own.
            let mut flow = Flow::default();
            self.blocks(&cell.blocks, &frame, &mut flow)?;
            let mut entries = flow.entries;
            // Stack the cell's entries; spaces at its top and bottom do not count.
            while entries.last().is_some_and(|e| e.kind == Kind::Space) {
                entries.pop();
            }
            let mut y = 0.0;
            let mut items = Vec::new();
            for e in entries.into_iter().skip_while(|e| e.kind == Kind::Space) {
                for mut item in e.items {
                    item.shift(cx + pad, pad + y);
                    items.push(item);
                }
                y += e.height;
            }
            cells.push((cx, cw, y, items, fill));
        }
        let height = cells.iter().map(|c| c.2).fold(0.0, f32::max) + 2.0 * pad;
        // The row's fills and borders first, in the order they overlap,
        // then its cells' content: one artifact in the tagged content
        // instead of two per cell (a tenth of a table's tagging cost).
        let (mut items, mut content) = (Vec::new(), Vec::new());
        for (cx, cw, _, cell_items, fill) in cells {
            if fill.is_some() {
                let tag = Tag::Artifact(Artifact::Background);
                items.push(Item::Rect { x: cx, y: 0.0, w: cw, h: height, fill, stroke: None, tag });
            }
            content.extend(cell_items);
            items.push(Item::Rect {
                x: cx,
                y: 0.0,
                w: cw,
                h: height,
                fill: None,
                stroke: Some((border_color, border)),
                tag: Tag::Artifact(Artifact::Layout),
            });
        }
        items.append(&mut content);
        Ok(Entry::content(height, items))
    }
}

impl Builder<'_> {
    /// The widest piece of the cell's paragraphs that no line break may cut.
    fn min_width(&mut self, blocks: &[Block], element: &str, cell_classes: &[String]) -> Result<f32> {
        let mut widest = 0.0f32;
        for block in blocks {
            if let Block::Paragraph { classes, content, pos } = block {
                let mut all = cell_classes.to_vec();
                all.extend(classes.iter().cloned());
                let rule = self.theme.style(element, &all);
                let st = self.styled_text(content, &rule);
                let w =
                    super::paragraph::min_content_width(&mut self.ctx, &st).map_err(|e| self.layout_error(e, *pos))?;
                widest = widest.max(w + rule.indent.map_or(0.0, |l| l.0));
            }
        }
        Ok(widest)
    }
}
