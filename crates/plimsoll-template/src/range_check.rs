//! A self-check of the tree's positions: every scalar's span holds exactly that scalar.
//!
//! Findings point at node spans, and editors and carets show them. A span that runs over a
//! trailing comment, or stops short, shows the wrong text. Tests run this over every template
//! the project has and over large corpora of real ones.

use crate::{Document, NodeId, NodeRef, Span, Value, parse};

/// A scalar or key whose span, read on its own, is not what the tree holds there.
#[derive(Debug, PartialEq)]
pub struct RangeMismatch {
    /// The JSON pointer of the node (for a key: of its value).
    pub path: String,
    pub span: Span,
    /// The text the span covers.
    pub text: String,
    /// What the tree holds there.
    pub expected: String,
}

/// What a span should read as.
#[derive(Clone, Copy)]
enum Expected<'d> {
    Value(&'d Value),
    /// Keys are read as their text (`5:` is the key "5").
    Key(&'d str),
}

/// Every scalar value and mapping key of `document` (parsed from `source`) whose span's text,
/// parsed on its own, is not that value or key. Empty when every range is exact.
pub fn range_mismatches(document: &Document, source: &str) -> Vec<RangeMismatch> {
    let mut out = Vec::new();
    for index in 0..document.node_count() {
        let node = document.node(NodeId(index as u32));
        if node.is_scalar() || node.is_null() {
            check(
                node,
                node.span(),
                source,
                Expected::Value(node.value()),
                &mut out,
            );
        }
        for entry in node.map_entries() {
            let value = document.node(entry.value);
            check(
                value,
                entry.key_span,
                source,
                Expected::Key(&entry.key),
                &mut out,
            );
        }
    }
    out
}

/// Records a mismatch when the text of `span` does not read as `expected`.
fn check(
    node: NodeRef<'_>,
    span: Span,
    source: &str,
    expected: Expected<'_>,
    out: &mut Vec<RangeMismatch>,
) {
    let text = span.text(source);
    // A literal or folded block scalar's span is its content lines, without the `|` or `>`
    // that says how they are read: there, its words must be the value's words.
    if let Expected::Value(Value::String(value)) = expected
        && (value.contains('\n') || text.contains('\n'))
        && value
            .split_whitespace()
            .eq(block_content(text).split_whitespace())
    {
        return;
    }
    let reparsed = parse(text);
    let root = reparsed.document.root();
    let matches = (reparsed.is_complete()
        || matches!(expected, Expected::Key(key) if is_tag_of(text, key)))
        && match (root, expected) {
            // An empty span is a value left out (`Key:`), which reads as null.
            (None, Expected::Value(Value::Null)) => true,
            (None, Expected::Value(Value::String(s))) => s.is_empty(),
            // The key of a short form is its tag: `!GetAtt` for `Fn::GetAtt`.
            (_, Expected::Key(key)) if is_tag_of(text, key) => true,
            (Some(root), Expected::Key(key)) => root.scalar_text().as_deref() == Some(key),
            (Some(root), Expected::Value(value)) => root.value() == value,
            (None, _) => false,
        };
    if !matches {
        out.push(RangeMismatch {
            path: node.path(),
            span,
            text: text.to_owned(),
            expected: match expected {
                Expected::Value(value) => format!("{value:?}"),
                Expected::Key(key) => format!("key {key:?}"),
            },
        });
    }
}

/// Whether `text` is the short-form tag of the intrinsic function `key`.
fn is_tag_of(text: &str, key: &str) -> bool {
    text.strip_prefix('!') == Some(key.strip_prefix("Fn::").unwrap_or(key))
}

/// The text of a block scalar after its header (`|`, `>-`, `|+2`…), when it has one.
fn block_content(text: &str) -> &str {
    match text.strip_prefix(['|', '>']) {
        Some(rest) => {
            rest.trim_start_matches(['+', '-', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
        }
        None => text,
    }
}
