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
