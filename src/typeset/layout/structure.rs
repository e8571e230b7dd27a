//! The document's logical structure, for a tagged PDF (PDF/UA): a tree of
//! nodes in reading order (headings, paragraphs, lists, tables, figures,
//! links, the contents), built as the blocks are laid out. Every item drawn
//! on a page says which node it belongs to, or that it is an artifact
//! (running heads, page numbers, stamps, the watermark, rules, borders,
//! table header rows repeated on a later page): see [`Tag`].

/// A node of the structure tree: its index in [`Structure::nodes`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The document: the root every other node descends from.
    pub const ROOT: NodeId = NodeId(0);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Which header cells a table header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Column,
    Row,
}

/// What a node is: the standard structure types of PDF (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// Heading level 1 to 3.
    Heading(u8),
    Paragraph,
    List {
        ordered: bool,
    },
    ListItem,
    /// A list item's marker (bullet or number).
    Label,
    /// A list item's content.
    ListBody,
    Table,
    TableHead,
    TableBody,
    TableRow,
    HeaderCell {
        scope: Scope,
        colspan: usize,
    },
    DataCell {
        colspan: usize,
    },
    Figure,
    Caption,
    Link,
    /// Text in another language than its paragraph's.
    Span,
    Contents,
    ContentsItem,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: Option<NodeId>,
    /// In reading order.
    pub children: Vec<NodeId>,
    /// A figure's alternative text; a link's description (for its annotations).
    pub alt: Option<String>,
    /// Language (BCP 47), when it differs from the document's.
    pub lang: Option<String>,
}

/// The structure tree. Nodes are only ever added; a node no longer
/// reachable from the root (a block laid out again) is simply not written.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub nodes: Vec<Node>,
}

impl Default for Structure {
    fn default() -> Self {
        let root = Node { role: Role::Document, parent: None, children: Vec::new(), alt: None, lang: None };
        Structure { nodes: vec![root] }
    }
}

impl Structure {
    /// A new node, the last child of `parent`.
    pub fn add(&mut self, role: Role, parent: NodeId) -> NodeId {
        let id = self.detached(role, parent);
        self.nodes[parent.index()].children.push(id);
        id
    }

    /// A new node, the first child of `parent` (a list item's label, known
    /// only once its content is laid out).
    pub fn add_first(&mut self, role: Role, parent: NodeId) -> NodeId {
        let id = self.detached(role, parent);
        self.nodes[parent.index()].children.insert(0, id);
        id
    }

    fn detached(&mut self, role: Role, parent: NodeId) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node { role, parent: Some(parent), children: Vec::new(), alt: None, lang: None });
        id
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.index()]
    }

    /// The language `id` is in: its own or its nearest ancestor's (None: the document's).
    pub fn lang(&self, id: NodeId) -> Option<&str> {
        let mut at = Some(id);
        while let Some(n) = at {
            let node = self.node(n);
            if let Some(l) = &node.lang {
                return Some(l);
            }
            at = node.parent;
        }
        None
    }
}

/// Kinds of artifact: drawn, but not part of the text a reader follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Artifact {
    /// Rules and borders.
    Layout,
    /// Fills behind text.
    Background,
    /// A photo the markup gives no description (`alt=""`, or neither alt nor caption).
    Decoration,
    /// The running header and the classification stamped at the top.
    Header,
    /// The running footer (page numbers) and the classification at the bottom.
    Footer,
    Watermark,
    /// A table's header rows repeated at the top of a page it continues on.
    Repeated,
}

/// What an item on a page is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Node(NodeId),
    Artifact(Artifact),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_reading_order_and_inherit_language() {
        let mut s = Structure::default();
        let p = s.add(Role::Paragraph, NodeId::ROOT);
        let item = s.add(Role::ListItem, NodeId::ROOT);
        let body = s.add(Role::ListBody, item);
        let label = s.add_first(Role::Label, item);
        assert_eq!(s.node(NodeId::ROOT).children, vec![p, item]);
        assert_eq!(s.node(item).children, vec![label, body]);
        assert_eq!(s.node(label).parent, Some(item));
        s.node_mut(item).lang = Some("en".into());
        assert_eq!(s.lang(body), Some("en"));
        assert_eq!(s.lang(p), None);
    }
}
