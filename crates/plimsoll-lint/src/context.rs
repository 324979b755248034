//! What a rule sees: the source, the template view, the evaluator and the settings.

use crate::eval::Evaluator;
use crate::settings::Settings;
use crate::view::Template;
use plimsoll_template::{Document, NodeRef, ParseDiagnostic, Span};

/// Everything a rule may read. Rules never do I/O.
#[derive(Debug)]
pub struct Context<'a> {
    pub source: &'a str,
    pub document: &'a Document,
    pub template: &'a Template<'a>,
    pub eval: &'a Evaluator<'a, 'a>,
    pub settings: &'a Settings,
    /// Problems found while parsing (duplicate keys, unknown tags…).
    pub parse_diagnostics: &'a [ParseDiagnostic],
    /// The resources' values paired with their schema shapes, walked once for every SCH rule
    /// (`crate::schema::walk::for_each_value`).
    pub schema_values: SchemaValues,
}

/// Each schema-typed resource's values with their shapes, walked on first use. Nodes are kept
/// by id (of `document`), so the context stays covariant in its lifetime.
pub type SchemaValues = std::cell::OnceCell<Vec<crate::schema::walk::Walked>>;

impl<'a> Context<'a> {
    /// The span of `needle` inside `node`'s source text, or the node's span when it is not
    /// found there verbatim (escaped or folded strings).
    pub fn span_of_text_in(&self, node: NodeRef<'_>, needle: &str) -> Span {
        let span = node.span();
        match span.text(self.source).find(needle) {
            Some(at) => Span::new(
                span.start + at as u32,
                span.start + (at + needle.len()) as u32,
            ),
            None => span,
        }
    }

    /// The span of the key a mapping value is written under, without its quotes; the whole
    /// key's span when the name is not written verbatim (escaped).
    pub fn key_name_span(&self, node: NodeRef<'_>) -> Span {
        let key_span = node.key_span();
        let Some(key) = node.key() else {
            return key_span;
        };
        match key_span.text(self.source).find(key) {
            Some(at) => Span::new(
                key_span.start + at as u32,
                key_span.start + (at + key.len()) as u32,
            ),
            None => key_span,
        }
    }
}
