//! Tables: column widths from `<col>`, rows that never split, header rows
//! repeated at the top of each page the table continues on.

use crate::error::Result;
use crate::markup::{Row, Table};
use crate::theme::Color;

use super::{Builder, Entry, Item, Kind};

impl Builder<'_> {
    pub(super) fn table(&mut self, t: &Table, x: f32, width: f32, out: &mut Vec<Entry>) -> Result<()> {
        let rule = self.theme.rule("table").layered(&self.theme.class_rule(&t.classes));
        let border = rule.border_width.map_or(0.6, |l| l.0);
        let border_color = rule.border_color.unwrap_or(Color([0.5; 3]));
        let pad = rule.padding.map_or(4.0, |l| l.0);
        let mut col_x = vec![x];
        for w in &t.columns {
            let last = *col_x.last().unwrap_or(&x);
            col_x.push(last + w * width);
        }
        let table_index = self.table_headers.len();
        self.table_headers.push(Vec::new());
        if let Some(b) = rule.space_before {
            self.push(out, Entry::space(b.0));
        }
        let mut head = Vec::new();
        for (i, row) in t.head.iter().enumerate() {
            let mut e = self.row(row, &col_x, pad, border, border_color)?;
            e.break_before = i == 0;
            head.push(e.clone());
            self.push(out, e);
        }
        for (i, row) in t.body.iter().enumerate() {
            let mut e = self.row(row, &col_x, pad, border, border_color)?;
            // The header stays with the first body row.
            e.break_before = t.head.is_empty() || i > 0;
            e.table = (!t.head.is_empty()).then_some(table_index);
            self.push(out, e);
        }
        self.table_headers[table_index] = head;
        if let Some(a) = rule.space_after {
            self.push(out, Entry::space(a.0));
        }
        Ok(())
    }

    fn row(&mut self, row: &Row, col_x: &[f32], pad: f32, border: f32, border_color: Color) -> Result<Entry> {
        let mut cells: Vec<(f32, f32, f32, Vec<Item>, Option<Color>)> = Vec::new(); // x, w, content height, items, fill
        let mut col = 0usize;
        let saved = (self.keep, self.cell.take());
        for cell in &row.cells {
            let end = (col + cell.colspan).min(col_x.len() - 1);
            let (cx, cw) = (col_x[col], col_x[end] - col_x[col]);
            col = end;
            let element = if cell.header { "th" } else { "td" };
            let mut classes = row.classes.clone();
            classes.extend(cell.classes.iter().cloned());
            let fill = self.theme.style(element, &classes).background;
            self.cell = Some((element, classes));
            self.keep = 0;
            let mut entries = Vec::new();
            self.blocks(&cell.blocks, 0.0, (cw - 2.0 * pad).max(1.0), &mut entries)?;
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
        (self.keep, self.cell) = saved;
        let height = cells.iter().map(|c| c.2).fold(0.0, f32::max) + 2.0 * pad;
        let mut items = Vec::new();
        for (cx, cw, _, cell_items, fill) in cells {
            if fill.is_some() {
                items.push(Item::Rect { x: cx, y: 0.0, w: cw, h: height, fill, stroke: None });
            }
            items.extend(cell_items);
            items.push(Item::Rect {
                x: cx,
                y: 0.0,
                w: cw,
                h: height,
                fill: None,
                stroke: Some((border_color, border)),
            });
        }
        Ok(Entry::content(height, items))
    }
}
