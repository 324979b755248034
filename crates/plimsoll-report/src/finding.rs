//! One shape for a finding in every document that lists them, generic over the position type:
//! the JSON report's positions are lines and character columns ([`crate::json::Position`]),
//! the editor model's add UTF-16 offsets ([`crate::editor::Location`]).

use crate::typescript::typescript;
use plimsoll_lint::{Applicability, Diagnostic, Severity};
use plimsoll_template::Span;
use serde::{Deserialize, Serialize};

typescript! {
    /// A half-open range of the source.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Range<P> {
        pub start: P,
        pub end: P,
    }
}

typescript! {
    /// One finding.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Finding<P> {
        /// Stable rule code, e.g. `ECS001`.
        pub code: String,
        /// Kebab-case rule name, e.g. `deployment-deadlock`.
        pub rule: String,
        pub severity: Severity,
        pub message: String,
        /// JSON pointer of the node the finding is about, e.g. `/Resources/Api/Properties`.
        pub path: String,
        /// The AWS CDK construct path of the resource the finding is on, in a synthesized
        /// template (`WebStack/Web/Service/Service`).
        #[serde(rename = "cdkPath", default, skip_serializing_if = "Option::is_none")]
        pub cdk_path: Option<String>,
        pub range: Range<P>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub help: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub labels: Vec<Label<P>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub fix: Option<Fix<P>>,
    }
}

typescript! {
    /// A secondary range that explains a finding ("first defined here").
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Label<P> {
        pub message: String,
        pub range: Range<P>,
    }
}

typescript! {
    /// A suggested change; `unsafe` fixes change behaviour and need review.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Fix<P> {
        pub message: String,
        pub applicability: Applicability,
        pub edits: Vec<Edit<P>>,
    }
}

typescript! {
    /// One replacement of a range.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Edit<P> {
        pub range: Range<P>,
        pub replacement: String,
    }
}

impl<P> Finding<P> {
    /// `d` with its spans turned into ranges by `range`.
    pub fn new(d: &Diagnostic, range: impl Fn(Span) -> Range<P>) -> Finding<P> {
        Finding {
            code: d.code.to_string(),
            rule: d.rule.to_string(),
            severity: d.severity,
            message: d.message.clone(),
            path: d.path.clone(),
            cdk_path: d.cdk_path.clone(),
            range: range(d.span),
            help: d.help.clone(),
            labels: d
                .labels
                .iter()
                .map(|l| Label {
                    message: l.message.clone(),
                    range: range(l.span),
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| Fix {
                message: f.message.clone(),
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| Edit {
                        range: range(e.span),
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
            }),
        }
    }
}
