//! Diagnostics: plain owned data built with a builder; rendering lives at the edges.

use crate::registry::RuleMeta;
use plimsoll_template::{NodeRef, Span};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How serious a finding is. Belongs to the rule; users may raise or lower it in settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "info" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span that explains the finding ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One text replacement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Whether a fix keeps the template's meaning as the author intended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Safe to apply without review.
    Safe,
    /// Changes behaviour; review before applying.
    Unsafe,
}

/// A suggested change to the template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// The source with this fix's edits applied; `None` when an edit falls outside the source
    /// or off a character boundary, or two edits overlap.
    pub fn apply(&self, source: &str) -> Option<String> {
        Fix::apply_all(source, [self])
    }

    /// The source with the edits of every fix applied at once (`None` as for [`Fix::apply`]).
    pub fn apply_all<'f>(source: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> Option<String> {
        let mut edits: Vec<&Edit> = fixes.into_iter().flat_map(|f| &f.edits).collect();
        // From the end, so that each edit's span still means the original text.
        edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
        let mut text = source.to_owned();
        let mut limit = source.len();
        for edit in edits {
            let (start, end) = (edit.span.start as usize, edit.span.end as usize);
            if start > end
                || end > limit
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                return None;
            }
            text.replace_range(start..end, &edit.replacement);
            limit = start;
        }
        Some(text)
    }
}

/// One finding: what, where (byte span and logical path), how bad, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Cow<'static, str>,
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub span: Span,
    /// JSON pointer of the node the finding is about, e.g. `/Resources/Api/Properties`.
    pub path: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The construct path of the resource the finding is on, in a template the AWS CDK
    /// synthesized (`Metadata: aws:cdk:path`); set after the rules ran (see `cdk`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cdk_path: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `rule` at `span` and `path`.
    pub fn builder(
        rule: &'static RuleMeta,
        span: Span,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> DiagnosticBuilder {
        DiagnosticBuilder(Diagnostic {
            code: Cow::Borrowed(rule.code),
            rule: Cow::Borrowed(rule.name),
            severity: rule.severity,
            message: message.into(),
            help: None,
            span,
            path: path.into(),
            labels: Vec::new(),
            fix: None,
            cdk_path: None,
        })
    }

    /// A diagnostic of `rule` about `node` (its span and path).
    pub fn at(
        rule: &'static RuleMeta,
        node: NodeRef<'_>,
        message: impl Into<String>,
    ) -> DiagnosticBuilder {
        Diagnostic::builder(rule, node.span(), node.path(), message)
    }
}

/// Builds a [`Diagnostic`] step by step.
#[derive(Debug)]
#[must_use = "call .build() to get the diagnostic"]
pub struct DiagnosticBuilder(Diagnostic);

impl DiagnosticBuilder {
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.0.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.0.fix = Some(fix);
        self
    }

    /// Overrides the rule's default severity (for rules whose severity depends on the case).
    pub fn severity(mut self, severity: Severity) -> Self {
        self.0.severity = severity;
        self
    }

    /// Points the diagnostic at another span, keeping its path.
    pub fn span(mut self, span: Span) -> Self {
        self.0.span = span;
        self
    }

    pub fn build(self) -> Diagnostic {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::{Applicability, Edit, Fix};
    use plimsoll_template::Span;

    fn fix(edits: &[(u32, u32, &str)]) -> Fix {
        Fix {
            message: String::from("fix"),
            applicability: Applicability::Safe,
            edits: edits
                .iter()
                .map(|&(start, end, replacement)| Edit {
                    span: Span::new(start, end),
                    replacement: replacement.to_owned(),
                })
                .collect(),
        }
    }

    #[test]
    fn edits_apply_against_the_original_offsets_in_any_order() {
        let source = "Name: app\nTag: latest\n";
        let fixed = fix(&[(0, 4, "Id"), (15, 21, "v1.2"), (6, 9, "api")]).apply(source);
        assert_eq!(fixed.as_deref(), Some("Id: api\nTag: v1.2\n"));
        let both = Fix::apply_all(source, [&fix(&[(15, 21, "v2")]), &fix(&[(0, 4, "Id")])]);
        assert_eq!(both.as_deref(), Some("Id: app\nTag: v2\n"));
    }

    #[test]
    fn edits_out_of_bounds_off_a_character_or_overlapping_are_refused() {
        assert_eq!(fix(&[(2, 9, "x")]).apply("abc"), None);
        assert_eq!(fix(&[(2, 1, "x")]).apply("abc"), None);
        assert_eq!(fix(&[(1, 2, "x")]).apply("é"), None);
        assert_eq!(fix(&[(0, 2, "x"), (1, 3, "y")]).apply("abcd"), None);
        assert_eq!(
            fix(&[(0, 1, "x"), (1, 2, "y")]).apply("ab").as_deref(),
            Some("xy")
        );
    }
}
