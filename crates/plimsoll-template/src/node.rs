//! The positioned node tree: an arena of nodes with spans, parents and JSON-pointer paths.

use crate::Span;
use std::borrow::Cow;
use std::fmt;

/// Index of a node in its [`Document`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub(crate) u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One mapping entry. Keys are always strings (scalar keys are read as their text).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: NodeId,
}

/// The value of a node. Short-form tags are already rewritten: `!Ref X` is `{"Ref": "X"}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<NodeId>),
    Map(Vec<Entry>),
}

const NO_PARENT: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) span: Span,
    /// The containing node, or `NO_PARENT` for the root.
    pub(crate) parent: u32,
    /// Position in the parent's item or entry list.
    pub(crate) slot: u32,
}

impl Node {
    pub(crate) fn new(value: Value, span: Span) -> Node {
        Node {
            value,
            span,
            parent: NO_PARENT,
            slot: 0,
        }
    }
}

/// Whether the text was JSON or YAML (detected from its first significant character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

/// A parsed template: every node with its span, reachable from the root.
#[derive(Clone, Debug)]
pub struct Document {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: Option<NodeId>,
    pub(crate) format: Format,
}

impl Document {
    pub fn root(&self) -> Option<NodeRef<'_>> {
        self.root.map(|id| self.node(id))
    }

    /// The node with this id. Ids come from this document, so the index is in range.
    pub fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef { doc: self, id }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Number of nodes in the arena (including ones orphaned by duplicate keys).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn data(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }
}

/// A node together with its document: the handle rules navigate with.
#[derive(Clone, Copy)]
pub struct NodeRef<'d> {
    doc: &'d Document,
    id: NodeId,
}

impl fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeRef({} at {:?})", self.path(), self.span())
    }
}

impl PartialEq for NodeRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.doc, other.doc) && self.id == other.id
    }
}

impl<'d> NodeRef<'d> {
    pub fn id(self) -> NodeId {
        self.id
    }

    pub fn document(self) -> &'d Document {
        self.doc
    }

    pub fn value(self) -> &'d Value {
        &self.doc.data(self.id).value
    }

    pub fn span(self) -> Span {
        self.doc.data(self.id).span
    }

    pub fn parent(self) -> Option<NodeRef<'d>> {
        let parent = self.doc.data(self.id).parent;
        (parent != NO_PARENT).then(|| self.doc.node(NodeId(parent)))
    }

    /// The mapping entry holding this node, when its parent is a mapping.
    pub fn entry(self) -> Option<&'d Entry> {
        let parent = self.parent()?;
        match parent.value() {
            Value::Map(entries) => entries.get(self.doc.data(self.id).slot as usize),
            _ => None,
        }
    }

    /// The key this node is stored under, when its parent is a mapping.
    pub fn key(self) -> Option<&'d str> {
        self.entry().map(|e| e.key.as_str())
    }

    /// The span of the key this node is stored under, or the node's own span.
    pub fn key_span(self) -> Span {
        self.entry().map_or(self.span(), |e| e.key_span)
    }

    /// The span from this node's key (if any) to the end of the node.
    pub fn entry_span(self) -> Span {
        self.key_span().cover(self.span())
    }

    pub fn is_null(self) -> bool {
        matches!(self.value(), Value::Null)
    }

    pub fn is_map(self) -> bool {
        matches!(self.value(), Value::Map(_))
    }

    pub fn is_seq(self) -> bool {
        matches!(self.value(), Value::Seq(_))
    }

    pub fn is_scalar(self) -> bool {
        !self.is_map() && !self.is_seq()
    }

    /// The string, only for string nodes.
    pub fn as_str(self) -> Option<&'d str> {
        match self.value() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of any scalar as CloudFormation reads it (numbers and booleans as strings).
    pub fn scalar_text(self) -> Option<Cow<'d, str>> {
        match self.value() {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Float(f) => Some(Cow::Owned(f.to_string())),
            Value::Bool(b) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            Value::Null | Value::Seq(_) | Value::Map(_) => None,
        }
    }

    /// An integer, also from an integral float or a string like `"100"` (CloudFormation
    /// accepts both for integer properties).
    pub fn as_i64(self) -> Option<i64> {
        match self.value() {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// A number, also from a numeric string.
    pub fn as_f64(self) -> Option<f64> {
        match self.value() {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::String(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
            _ => None,
        }
    }

    /// A boolean, also from the strings `"true"` and `"false"` in any case.
    pub fn as_bool(self) -> Option<bool> {
        match self.value() {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The entries of a mapping (empty for other nodes).
    pub fn entries(self) -> impl Iterator<Item = (&'d str, NodeRef<'d>)> + 'd {
        let doc = self.doc;
        self.map_entries()
            .iter()
            .map(move |e| (e.key.as_str(), doc.node(e.value)))
    }

    /// The raw entries of a mapping, with key spans (empty for other nodes).
    pub fn map_entries(self) -> &'d [Entry] {
        match self.value() {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (empty for other nodes).
    pub fn items(self) -> impl Iterator<Item = NodeRef<'d>> + 'd {
        let doc = self.doc;
        let items: &'d [NodeId] = match self.value() {
            Value::Seq(items) => items,
            _ => &[],
        };
        items.iter().map(move |&id| doc.node(id))
    }

    /// Items of a sequence, or the node itself when it is not a sequence: CloudFormation
    /// accepts a single value where a list is expected in many places (Action, Resource…).
    pub fn one_or_many(self) -> impl Iterator<Item = NodeRef<'d>> + 'd {
        let single = (!self.is_seq()).then_some(self);
        self.items().chain(single)
    }

    /// Number of items or entries; 0 for scalars.
    pub fn len(self) -> usize {
        match self.value() {
            Value::Seq(items) => items.len(),
            Value::Map(entries) => entries.len(),
            _ => 0,
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The value under `key` in a mapping (the first one, when the key is duplicated).
    pub fn get(self, key: &str) -> Option<NodeRef<'d>> {
        self.map_entries()
            .iter()
            .find(|e| e.key == key)
            .map(|e| self.doc.node(e.value))
    }

    /// The item at `index` of a sequence.
    pub fn at(self, index: usize) -> Option<NodeRef<'d>> {
        match self.value() {
            Value::Seq(items) => items.get(index).map(|&id| self.doc.node(id)),
            _ => None,
        }
    }

    /// Follows a chain of keys.
    pub fn get_path(self, keys: &[&str]) -> Option<NodeRef<'d>> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// `Some((name, argument))` when this node is an intrinsic function call: a mapping with a
    /// single key that is `Ref`, `Condition` or starts with `Fn::`.
    pub fn intrinsic(self) -> Option<(&'d str, NodeRef<'d>)> {
        match self.map_entries() {
            [entry] if is_intrinsic_name(&entry.key) => {
                Some((entry.key.as_str(), self.doc.node(entry.value)))
            }
            _ => None,
        }
    }

    /// The JSON pointer (RFC 6901) of this node from the root, e.g. `/Resources/Api/Type`.
    pub fn path(self) -> String {
        let mut segments: Vec<Cow<'d, str>> = Vec::new();
        let mut node = self;
        while let Some(parent) = node.parent() {
            let slot = self.doc.data(node.id).slot as usize;
            match parent.value() {
                Value::Map(entries) => {
                    let key = entries.get(slot).map_or("", |e| e.key.as_str());
                    segments.push(Cow::Borrowed(key));
                }
                _ => segments.push(Cow::Owned(slot.to_string())),
            }
            node = parent;
        }
        let mut path = String::new();
        for segment in segments.iter().rev() {
            path.push('/');
            push_pointer_segment(&mut path, segment);
        }
        path
    }

    /// The deepest node under this one whose span contains `span` (this node if none does).
    /// Used to give a logical path to findings that have only a position.
    pub fn enclosing(self, span: Span) -> NodeRef<'d> {
        let mut node = self;
        loop {
            let child = node
                .items()
                .chain(node.entries().map(|(_, v)| v))
                .find(|c| c.entry_span().contains(span));
            match child {
                Some(child) => node = child,
                None => return node,
            }
        }
    }

    /// Depth below the root (the root is 0).
    pub fn depth(self) -> usize {
        let mut depth = 0;
        let mut node = self;
        while let Some(parent) = node.parent() {
            depth += 1;
            node = parent;
        }
        depth
    }
}

/// Whether a mapping key names an intrinsic function.
pub fn is_intrinsic_name(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// Appends `segment` escaped for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn push_pointer_segment(path: &mut String, segment: &str) {
    for c in segment.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}
