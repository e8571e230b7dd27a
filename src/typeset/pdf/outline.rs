//! The document outline (bookmarks), nested as the headings are: h2 under
//! the h1 before it, h3 under the h2. printpdf writes flat bookmarks only.

use lopdf::{Dictionary, Object, ObjectId};

use super::text_string;
use crate::typeset::layout::OutlineEntry;

/// An outline item: its object, its heading, its children (node indices).
struct Node {
    id: ObjectId,
    entry: usize,
    children: Vec<usize>,
}

/// The outline of `entries` written into `lo`; returns its root.
pub(super) fn build_outline(
    lo: &mut lopdf::Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    page_height: f32,
) -> ObjectId {
    let root_id = lo.new_object_id();
    let (nodes, top) = tree(lo, entries);
    let items = Items { nodes: &nodes, entries, pages, page_height };
    items.write(lo, &top, root_id);
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"Outlines".to_vec()));
    root.set("First", Object::Reference(nodes[top[0]].id));
    root.set("Last", Object::Reference(nodes[*top.last().unwrap_or(&top[0])].id));
    root.set("Count", Object::Integer(top.len() as i64));
    lo.objects.insert(root_id, Object::Dictionary(root));
    root_id
}

/// Each heading under the last one of a higher level before it: the nodes,
/// and the top-level ones.
fn tree(lo: &mut lopdf::Document, entries: &[OutlineEntry]) -> (Vec<Node>, Vec<usize>) {
    let mut nodes: Vec<Node> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // node indices of open ancestors
    for (i, e) in entries.iter().enumerate() {
        let id = lo.new_object_id();
        nodes.push(Node { id, entry: i, children: Vec::new() });
        let n = nodes.len() - 1;
        while stack.last().is_some_and(|&p| entries[nodes[p].entry].level >= e.level) {
            stack.pop();
        }
        match stack.last() {
            Some(&p) => nodes[p].children.push(n),
            None => top.push(n),
        }
        stack.push(n);
    }
    (nodes, top)
}

/// What writing the items needs.
struct Items<'a> {
    nodes: &'a [Node],
    entries: &'a [OutlineEntry],
    pages: &'a [ObjectId],
    page_height: f32,
}

impl Items<'_> {
    /// How many items lie below node `n`.
    fn count(&self, n: usize) -> i64 {
        self.nodes[n].children.iter().map(|&c| 1 + self.count(c)).sum()
    }

    /// The items `kids` of `parent`, each pointing at its heading's place on its page.
    fn write(&self, lo: &mut lopdf::Document, kids: &[usize], parent: ObjectId) {
        let nodes = self.nodes;
        for (k, &n) in kids.iter().enumerate() {
            let e = &self.entries[nodes[n].entry];
            let page = self.pages.get(e.page).copied().unwrap_or(self.pages[0]);
            let mut d = Dictionary::new();
            d.set("Title", text_string(&e.title));
            d.set("Parent", Object::Reference(parent));
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(self.page_height - e.y + 4.0),
                    Object::Null,
                ]),
            );
            if k > 0 {
                d.set("Prev", Object::Reference(nodes[kids[k - 1]].id));
            }
            if k + 1 < kids.len() {
                d.set("Next", Object::Reference(nodes[kids[k + 1]].id));
            }
            let children = &nodes[n].children;
            if let (Some(&f), Some(&l)) = (children.first(), children.last()) {
                d.set("First", Object::Reference(nodes[f].id));
                d.set("Last", Object::Reference(nodes[l].id));
                // Negative: closed below h1, so the panel opens with the sections.
                let c = self.count(n);
                d.set("Count", Object::Integer(if e.level >= 1 { -c } else { c }));
            }
            lo.objects.insert(nodes[n].id, Object::Dictionary(d));
            self.write(lo, children, nodes[n].id);
        }
    }
}
