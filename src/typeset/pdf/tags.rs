//! Tagged PDF (PDF/UA-1): the structure tree the layout built, written as
//! structure elements in reading order, each pointing at its marked content
//! (MCIDs, by page) and its link annotations (OBJR); the parent tree that
//! leads back from each MCID and annotation to its element; and what the
//! catalog, pages and annotations need to say about it.
//!
//! Written by hand on lopdf: printpdf has no tagging, and the structure is
//! a few dictionaries per node.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::text_string;
use crate::error::{Error, Result};
use crate::typeset::layout::{NodeId, Role, Scope, Structure, Tag};

/// The standard structure type of a role (ISO 32000-1, 14.8.4).
pub(super) fn structure_type(role: Role) -> &'static str {
    match role {
        Role::Document => "Document",
        Role::Heading(1) => "H1",
        Role::Heading(2) => "H2",
        Role::Heading(_) => "H3",
        Role::Paragraph => "P",
        Role::List { .. } => "L",
        Role::ListItem => "LI",
        Role::Label => "Lbl",
        Role::ListBody => "LBody",
        Role::Table => "Table",
        Role::TableHead => "THead",
        Role::TableBody => "TBody",
        Role::TableRow => "TR",
        Role::HeaderCell { .. } => "TH",
        Role::DataCell { .. } => "TD",
        Role::Figure => "Figure",
        Role::Caption => "Caption",
        Role::Link => "Link",
        Role::Span => "Span",
        Role::Contents => "TOC",
        Role::ContentsItem => "TOCI",
    }
}

/// What a page's marked content refers to, for the structure tree.
#[derive(Debug, Default)]
pub(super) struct PageMarks {
    /// The node of each marked-content sequence (its index is its MCID).
    pub mcids: Vec<NodeId>,
    /// The tag of each link annotation, in the order of the page's /Annots.
    pub links: Vec<Tag>,
}

/// Where a piece of content is: page index, then MCID (content order).
type Position = (usize, usize);

/// What each node holds directly, gathered from the pages.
#[derive(Default, Clone)]
struct Held {
    /// Its marked content, in page and content order.
    content: Vec<Position>,
    /// Its link annotations: page index and annotation object.
    annotations: Vec<(usize, ObjectId)>,
    /// The first content of the node or any descendant.
    first: Option<Position>,
}

/// Write the structure tree of a document whose pages (`page_ids`) have
/// the marked content and link annotations `marks` describe, and hook it
/// into the catalog (`root`), the pages and the annotations.
pub(super) fn write(
    lo: &mut Document,
    root: ObjectId,
    tree: &Structure,
    marks: &[PageMarks],
    page_ids: &[ObjectId],
) -> Result<()> {
    let order = reachable(tree);
    let mut ids: Vec<Option<ObjectId>> = vec![None; tree.nodes.len()];
    for &n in &order {
        ids[n.index()] = Some(lo.new_object_id());
    }
    let annotations = link_annotations(lo, marks, page_ids);
    let mut held = vec![Held::default(); tree.nodes.len()];
    for (page, m) in marks.iter().enumerate() {
        for (mcid, node) in m.mcids.iter().enumerate() {
            held[node.index()].content.push((page, mcid));
        }
    }
    for &(page, annot, node) in &annotations {
        held[node.index()].annotations.push((page, annot));
    }
    // Children come after their parent in `order`: backwards, each node's
    // first content is known before its parent's.
    for &n in order.iter().rev() {
        let own = held[n.index()].content.first().copied();
        let kids = tree.node(n).children.iter().filter_map(|c| held[c.index()].first);
        held[n.index()].first = own.into_iter().chain(kids).min();
    }
    let tree_root = lo.new_object_id();
    for &n in &order {
        let parent = tree.node(n).parent.and_then(|p| ids[p.index()]).unwrap_or(tree_root);
        let element = element(tree, n, parent, &ids, &held, page_ids);
        lo.objects.insert(ids[n.index()].unwrap_or(tree_root), Object::Dictionary(element));
    }
    let next_key = parent_tree(lo, tree, &ids, marks, &annotations, page_ids)?;
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    if let Some(document) = ids[NodeId::ROOT.index()] {
        root_dict.set("K", Object::Reference(document));
    }
    root_dict.set("ParentTree", Object::Reference(next_key.0));
    root_dict.set("ParentTreeNextKey", Object::Integer(next_key.1));
    lo.objects.insert(tree_root, Object::Dictionary(root_dict));
    let catalog =
        lo.get_object_mut(root).and_then(Object::as_dict_mut).map_err(|e| Error::other(format!("PDF catalog: {e}")))?;
    catalog.set("StructTreeRoot", Object::Reference(tree_root));
    catalog.set("MarkInfo", Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]));
    Ok(())
}

/// The nodes reachable from the root, parents before children, in reading order.
fn reachable(tree: &Structure) -> Vec<NodeId> {
    let mut order = Vec::with_capacity(tree.nodes.len());
    let mut stack = vec![NodeId::ROOT];
    while let Some(n) = stack.pop() {
        order.push(n);
        stack.extend(tree.node(n).children.iter().rev());
    }
    order
}

/// Each page's link annotations with their Link nodes: (page index,
/// annotation, node), in page order.
fn link_annotations(lo: &Document, marks: &[PageMarks], page_ids: &[ObjectId]) -> Vec<(usize, ObjectId, NodeId)> {
    let mut out = Vec::new();
    for (page, (&id, m)) in page_ids.iter().zip(marks).enumerate() {
        let Ok(Object::Array(annots)) = lo.get_dictionary(id).and_then(|d| d.get(b"Annots")) else {
            continue;
        };
        for (annot, tag) in annots.iter().zip(&m.links) {
            if let (Object::Reference(a), Tag::Node(node)) = (annot, tag) {
                out.push((page, *a, *node));
            }
        }
    }
    out
}

/// The element of node `n`: type, parent, kids in reading order (its own
/// marked content interleaved with its children by where each starts),
/// and its attributes.
fn element(
    tree: &Structure,
    n: NodeId,
    parent: ObjectId,
    ids: &[Option<ObjectId>],
    held: &[Held],
    page_ids: &[ObjectId],
) -> Dictionary {
    let node = tree.node(n);
    let h = &held[n.index()];
    // The page most of its marked content is on is named once, as /Pg.
    let home = h.content.first().map(|&(page, _)| page);
    let content = |(page, mcid): Position| {
        if Some(page) == home {
            Object::Integer(mcid as i64)
        } else {
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Type", Object::Name(b"MCR".to_vec())),
                ("Pg", Object::Reference(page_ids[page])),
                ("MCID", Object::Integer(mcid as i64)),
            ]))
        }
    };
    let mut kids = Vec::new();
    let mut own = h.content.iter().copied().peekable();
    for child in &node.children {
        let Some(child_id) = ids[child.index()] else { continue };
        if let Some(at) = held[child.index()].first {
            while let Some(p) = own.next_if(|&p| p < at) {
                kids.push(content(p));
            }
        }
        kids.push(Object::Reference(child_id));
    }
    kids.extend(own.map(content));
    for &(page, annot) in &h.annotations {
        kids.push(Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"OBJR".to_vec())),
            ("Obj", Object::Reference(annot)),
            ("Pg", Object::Reference(page_ids[page])),
        ])));
    }
    let mut d = Dictionary::new();
    d.set("S", Object::Name(structure_type(node.role).as_bytes().to_vec()));
    d.set("P", Object::Reference(parent));
    if let Some(page) = home {
        d.set("Pg", Object::Reference(page_ids[page]));
    }
    match kids.len() {
        0 => {}
        1 => d.set("K", kids.remove(0)),
        _ => d.set("K", Object::Array(kids)),
    }
    if let (Some(alt), Role::Figure) = (&node.alt, node.role) {
        d.set("Alt", text_string(alt));
    }
    if let Some(lang) = &node.lang {
        d.set("Lang", text_string(lang));
    }
    if let Some(attributes) = attributes(node.role) {
        d.set("A", attributes);
    }
    d
}

/// Layout attributes of lists (their numbering) and table cells (scope, span).
fn attributes(role: Role) -> Option<Dictionary> {
    let name = |n: &str| Object::Name(n.as_bytes().to_vec());
    let (owner, mut entries) = match role {
        Role::List { ordered } => ("List", vec![("ListNumbering", name(if ordered { "Decimal" } else { "Disc" }))]),
        Role::HeaderCell { scope, .. } => {
            ("Table", vec![("Scope", name(if scope == Scope::Column { "Column" } else { "Row" }))])
        }
        Role::DataCell { .. } => ("Table", vec![]),
        _ => return None,
    };
    if let Role::HeaderCell { colspan, .. } | Role::DataCell { colspan } = role
        && colspan > 1
    {
        entries.push(("ColSpan", Object::Integer(colspan as i64)));
    }
    if entries.is_empty() {
        return None;
    }
    entries.insert(0, ("O", name(owner)));
    Some(Dictionary::from_iter(entries))
}

/// The parent tree (a number tree, one node: keys 0.. are the pages,
/// each with its MCIDs' elements; the annotations follow), and the page
/// and annotation entries that lead into it. Returns the tree and the
/// next free key.
fn parent_tree(
    lo: &mut Document,
    tree: &Structure,
    ids: &[Option<ObjectId>],
    marks: &[PageMarks],
    annotations: &[(usize, ObjectId, NodeId)],
    page_ids: &[ObjectId],
) -> Result<(ObjectId, i64)> {
    let element = |n: &NodeId| ids[n.index()].map_or(Object::Null, Object::Reference);
    let mut nums = Vec::new();
    for (page, (&id, m)) in page_ids.iter().zip(marks).enumerate() {
        let dict =
            lo.get_object_mut(id).and_then(Object::as_dict_mut).map_err(|e| Error::other(format!("PDF page: {e}")))?;
        // Keyboard order follows the structure.
        dict.set("Tabs", Object::Name(b"S".to_vec()));
        if !m.mcids.is_empty() {
            dict.set("StructParents", Object::Integer(page as i64));
            nums.push(Object::Integer(page as i64));
            nums.push(Object::Array(m.mcids.iter().map(element).collect()));
        }
    }
    let mut key = page_ids.len() as i64;
    for (_, annot, node) in annotations {
        let d = lo
            .get_object_mut(*annot)
            .and_then(Object::as_dict_mut)
            .map_err(|e| Error::other(format!("PDF link: {e}")))?;
        d.set("StructParent", Object::Integer(key));
        // What the link is, for readers who do not see it.
        if let Some(alt) = &tree.node(*node).alt {
            d.set("Contents", text_string(alt.trim()));
        }
        nums.push(Object::Integer(key));
        nums.push(element(node));
        key += 1;
    }
    let tree = lo.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    Ok((tree, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_reads_its_content_and_children_in_order() {
        // A paragraph whose first line has a link in its middle, going on
        // on the next page: P [0, Link, 2, MCR page 1 / 0].
        let mut tree = Structure::default();
        let p = tree.add(Role::Paragraph, NodeId::ROOT);
        let link = tree.add(Role::Link, p);
        let ids: Vec<Option<ObjectId>> = vec![Some((1, 0)), Some((2, 0)), Some((3, 0))];
        let mut held = vec![Held::default(); 3];
        held[p.index()] = Held { content: vec![(0, 0), (0, 2), (1, 0)], annotations: vec![], first: Some((0, 0)) };
        held[link.index()] = Held { content: vec![(0, 1)], annotations: vec![(0, (9, 0))], first: Some((0, 1)) };
        let pages = [(10, 0), (11, 0)];
        let d = element(&tree, p, (1, 0), &ids, &held, &pages);
        assert_eq!(d.get(b"S").unwrap().as_name().unwrap(), b"P");
        assert_eq!(d.get(b"Pg").unwrap().as_reference().unwrap(), (10, 0));
        let k = d.get(b"K").unwrap().as_array().unwrap();
        assert_eq!(k[0].as_i64().unwrap(), 0);
        assert_eq!(k[1].as_reference().unwrap(), (3, 0));
        assert_eq!(k[2].as_i64().unwrap(), 2);
        let mcr = k[3].as_dict().unwrap();
        assert_eq!(mcr.get(b"Pg").unwrap().as_reference().unwrap(), (11, 0));
        let d = element(&tree, link, (2, 0), &ids, &held, &pages);
        let k = d.get(b"K").unwrap().as_array().unwrap();
        assert_eq!(k[1].as_dict().unwrap().get(b"Obj").unwrap().as_reference().unwrap(), (9, 0));
    }

    #[test]
    fn header_cells_have_their_scope_and_span() {
        let a = attributes(Role::HeaderCell { scope: Scope::Row, colspan: 2 }).unwrap();
        assert_eq!(a.get(b"O").unwrap().as_name().unwrap(), b"Table");
        assert_eq!(a.get(b"Scope").unwrap().as_name().unwrap(), b"Row");
        assert_eq!(a.get(b"ColSpan").unwrap().as_i64().unwrap(), 2);
        assert!(attributes(Role::DataCell { colspan: 1 }).is_none());
        let list = attributes(Role::List { ordered: true }).unwrap();
        assert_eq!(list.get(b"ListNumbering").unwrap().as_name().unwrap(), b"Decimal");
    }
}
