//! The rule catalog: metadata and docs for every rule, Rust or guard.

use crate::Severity;
use crate::context::Context;
use crate::diagnostic::Diagnostic;
use serde::Serialize;

pub use crate::summary::MAX_CHARS as SUMMARY_MAX_CHARS;

/// Where a rule is implemented.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A Rust rule in `plimsoll-lint`.
    Rust,
    /// A cfn-guard rule in a built-in pack under `rules/`.
    Guard,
}

/// What the catalog knows about a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable code, never reused (`ECS001`).
    pub code: &'static str,
    /// Kebab-case name of the problem (`deployment-deadlock`).
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    pub kind: RuleKind,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead.
    pub docs: &'static str,
    /// The reference data the rule reads, which a build may leave out.
    #[serde(skip)]
    pub needs: Needs,
}

/// Reference data a rule reads. The browser page's first module goes without it, to load
/// sooner; its rules then stay silent until the complete lint runs them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Needs {
    #[default]
    Nothing,
    /// The CloudFormation resource schemas (the `schemas` feature).
    Schemas,
    /// The IAM reference data (the `iam-data` feature).
    IamData,
}

impl Needs {
    /// `self` unless it is `Nothing` (for [`declare_rule!`]'s optional `needs:`).
    #[doc(hidden)]
    pub const fn or(self, other: Needs) -> Needs {
        match self {
            Needs::Nothing => other,
            _ => self,
        }
    }

    /// Whether this build has the data.
    pub const fn is_built_in(self) -> bool {
        match self {
            Needs::Nothing => true,
            Needs::Schemas => cfg!(feature = "schemas"),
            Needs::IamData => cfg!(feature = "iam-data"),
        }
    }
}

impl RuleMeta {
    /// The first paragraph of "What it does", on one line.
    pub fn description(&self) -> String {
        let docs = self.docs;
        let body = docs
            .split_once("### What it does")
            .map_or(docs, |(_, rest)| rest);
        body.trim_start()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A one-line summary for tables: the description's first sentence, or its first clauses
    /// when that is long (at most [`SUMMARY_MAX_CHARS`] characters).
    pub fn summary(&self) -> String {
        crate::summary::one_line(&self.description())
    }

    /// The docs with the one leading space of doc comments removed from every line.
    pub fn markdown(&self) -> String {
        let mut out = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_owned() + "\n"
    }

    /// The first fenced code block under `### <section>` of the docs, if any.
    pub fn example(&self, section: &str) -> Option<String> {
        let markdown = self.markdown();
        let heading = format!("### {section}\n");
        let (_, after) = markdown.split_once(&heading)?;
        let after = after.split("\n### ").next().unwrap_or(after);
        let (_, fenced) = after.split_once("```")?;
        let (_, code) = fenced.split_once('\n')?;
        let (code, _) = code.split_once("```")?;
        Some(code.to_owned())
    }
}

/// A rule type's catalog entry. `declare_rule!` writes it; nothing else implements it.
pub trait Declared {
    fn meta(&self) -> &'static RuleMeta;
}

/// What a rule file writes for its rule type: the check itself.
pub trait Check: Send + Sync {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// A Rust rule: a declared type with a check. Every such type is one, and `rules::all()`
/// lists them; a rule left out of that list is never constructed, which rustc reports.
pub trait Rule: Declared + Check {}

impl<T: Declared + Check> Rule for T {}

/// Declares a rule type whose doc comment is its documentation, with its catalog entry
/// (`Type::META`, and the [`Declared`] impl that gives it to the registry). The rule file then
/// writes `impl Check for Type` and lists the type in `rules::all()`.
///
/// ```ignore
/// declare_rule! {
///     /// ### What it does
///     /// …
///     pub struct DeploymentDeadlock {
///         code: "ECS001",
///         name: "deployment-deadlock",
///         severity: Error,
///     }
/// }
///
/// impl Check for DeploymentDeadlock {
///     fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) { … }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $ty:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident
            $(, needs: $needs:ident)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        // A rule type that is never constructed is missing from `rules::all()` (or, for a
        // rule reported outside a check, from `rules::extra_metas()`): never run, never listed.
        #[deny(dead_code)]
        #[derive(Clone, Copy, Debug, Default)]
        $vis struct $ty;

        impl $ty {
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                code: $code,
                name: $name,
                severity: $crate::Severity::$severity,
                kind: $crate::RuleKind::Rust,
                docs: concat!($($doc, "\n"),*),
                needs: $crate::registry::Needs::Nothing $(.or($crate::registry::Needs::$needs))?,
            };
        }

        impl $crate::registry::Declared for $ty {
            fn meta(&self) -> &'static $crate::RuleMeta {
                &Self::META
            }
        }
    };
}

/// Rules whose findings are also made outside [`Check::check`]: parse problems (before a
/// template view exists), stale suppressions (after every rule ran) and the CLI's values for
/// parameters that no template of a run declares. The pipeline and the CLI reach them here,
/// so that nothing outside `rules/` depends on its layout.
pub use crate::rules::tpl::{SyntaxError, UnknownParameter, parse_findings, unknown_parameter};
pub(crate) use crate::rules::tpl::{syntax_error::not_a_mapping, unused_suppression};

/// The Rust rules that check a template view, in code order.
pub fn rules() -> &'static [&'static dyn Rule] {
    crate::rules::all()
}

/// Every rule in the catalog, Rust and guard, ordered by code.
pub fn catalog() -> Vec<&'static RuleMeta> {
    let mut all: Vec<&'static RuleMeta> = rules().iter().map(|r| r.meta()).collect();
    all.extend(crate::rules::extra_metas());
    all.extend(crate::guard::builtin_metas());
    all.sort_by_key(|m| m.code);
    all
}

/// The catalog entry for `code` (case-insensitive).
pub fn lookup(code: &str) -> Option<&'static RuleMeta> {
    catalog()
        .into_iter()
        .find(|m| m.code.eq_ignore_ascii_case(code))
}
