//! The table of contents: a line per heading with its page number at the
//! right margin. The numbers are known only after a first pagination, so
//! the contents are laid out twice (see `Builder::contents_again`).

use crate::error::Result;
use crate::typeset::markup::{Block, Inline, Pos};
use crate::typeset::style::{Align, StyleRule};

use super::{Builder, Entry, Flow, Frame, Item, Role, Tag, Tagger, Target};

/// What the contents need: the document's headings, and their pages once known.
pub(super) struct Toc {
    /// Headings at the top level of the document (level, text), in order:
    /// those are the ones in the outline; headings inside lists or cells are not.
    headings: Vec<(u8, Vec<Inline>)>,
    /// Does the document have a `<contents>`?
    pub used: bool,
    /// Page number (1-based) of each heading, once the first pass knows them.
    pub pages: Option<Vec<usize>>,
}

impl Toc {
    pub fn new(blocks: &[Block]) -> Toc {
        let headings = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, content, .. } => Some((*level, content.clone())),
                _ => None,
            })
            .collect();
        Toc { headings, used: false, pages: None }
    }
}

impl Builder<'_> {
    /// One line per heading down to `depth`: its text, then its page number
    /// at the right margin ("00" until the pages are known). Each is a link
    /// to its heading (TOC, an item per heading, holding a Link).
    pub(super) fn contents(&mut self, depth: u8, frame: &Frame, out: &mut Flow) -> Result<()> {
        self.toc.used = true;
        let (x, width) = (frame.x, frame.width);
        let headings = self.toc.headings.clone();
        let toc = self.tree.add(Role::Contents, frame.parent);
        for (i, (level, content)) in headings.iter().enumerate() {
            if *level > depth {
                continue;
            }
            let rule = self
                .theme
                .style("p", &[format!("toc{level}")])
                .layered(&StyleRule { align: Some(Align::Left), ..Default::default() });
            let page = self.toc.pages.as_ref().and_then(|p| p.get(i)).copied();
            let number = self.theme.numeral(&page.map_or("00".to_string(), |n| n.to_string()));
            let indent = 18.0 * (*level as f32 - 1.0);
            let number_room = 40.0;
            let mut lines = self.lines(content, &rule, width - indent - number_room, Pos::default())?;
            let entry = self.tree.add(Role::ContentsItem, toc);
            let link = self.tree.add(Role::Link, entry);
            let title = crate::typeset::markup::plain_text(content).replace('\n', " ");
            self.tree.node_mut(link).alt = Some(format!("{title} หน้า {number}"));
            let (mut tagger, tag) = (Tagger::flat(link), Tag::Node(link));
            let last = lines.len() - 1;
            for (k, line) in lines.drain(..).enumerate() {
                let mut items = Vec::new();
                tagger.line_items(&line, x + indent, 0.0, &mut items, &mut self.tree);
                if k == last {
                    items.push(self.single_line(&number, &rule, x, width, line.baseline, Align::Right, tag)?);
                }
                let (w, h) = (width - indent, line.height);
                items.push(Item::Link { x: x + indent, y: 0.0, w, h, target: Target::Heading(i), tag });
                out.push(Entry::content(line.height, items));
            }
        }
        if let Some(a) = self.theme.style("p", &[]).space_after {
            out.push(Entry::space(a.0));
        }
        Ok(())
    }
}
