//! Rules that keep CloudFormation stacks running ECS safe to deploy.
//!
//! [`lint`] reads a template (YAML or JSON), builds a typed view and an evaluator, runs every
//! enabled rule, applies the template's suppressions and returns the findings sorted by
//! position. No I/O: the CLI, the npm package and the browser checker all call this crate, and
//! it builds for `wasm32-unknown-unknown`.

pub mod analysis;
pub mod context;
pub mod diagnostic;
pub mod docs;
pub mod eval;
mod graph;
pub mod guard;
pub mod iam;
pub mod parameter_file;
pub mod registry;
pub mod rollout;
pub mod rules;
pub mod settings;
pub mod suggest;
mod suppress;
pub mod view;

pub use analysis::{Analysis, ParameterInfo};
pub use context::Context;
pub use diagnostic::{Applicability, Diagnostic, DiagnosticBuilder, Edit, Fix, Label, Severity};
pub use parameter_file::{ParameterFileError, parse_parameter_file};
pub use registry::{Rule, RuleKind, RuleMeta, catalog, lookup};
pub use settings::{ParameterValues, Settings};

use eval::Evaluator;
use plimsoll_template::{Span, parse_with_limits};
use view::Template;

/// A set of checks that reports findings of many codes at once (a guard rule pack, see
/// [`guard::load_rules`]).
pub trait Pass: Send + Sync + std::fmt::Debug {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);

    /// Codes this pass reports beyond the catalog's, so suppressions of them are known codes.
    fn codes(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// Lints one template with the given settings and the template's own parameter defaults.
pub fn lint(source: &str, settings: &Settings) -> Vec<Diagnostic> {
    Linter::new(settings.clone()).lint(source, &ParameterValues::new())
}

/// Lints one template and describes its parameters and services, for the browser checker.
pub fn analyze(source: &str, settings: &Settings, parameters: &ParameterValues) -> Analysis {
    Linter::new(settings.clone()).analyze(source, parameters)
}

/// Lints one template with parameter values overriding the template's defaults.
pub fn lint_with_parameters(
    source: &str,
    settings: &Settings,
    parameters: &ParameterValues,
) -> Vec<Diagnostic> {
    Linter::new(settings.clone()).lint(source, parameters)
}

/// Settings plus extra passes, built once and used for many templates.
#[derive(Debug, Default)]
pub struct Linter {
    settings: Settings,
    passes: Vec<Box<dyn Pass>>,
}

impl Linter {
    pub fn new(settings: Settings) -> Linter {
        Linter {
            settings,
            passes: Vec::new(),
        }
    }

    /// Adds a pass (users' guard rules) that runs after the Rust rules and the built-in guard
    /// packs.
    pub fn with_pass(mut self, pass: Box<dyn Pass>) -> Linter {
        self.passes.push(pass);
        self
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Lints one template.
    pub fn lint(&self, source: &str, parameters: &ParameterValues) -> Vec<Diagnostic> {
        self.analyze(source, parameters).diagnostics
    }

    /// Lints one template and describes what it declares (parameters, ECS services).
    pub fn analyze(&self, source: &str, parameters: &ParameterValues) -> Analysis {
        let parsed = parse_with_limits(source, &self.settings.limits);
        let mut out = rules::tpl::parse_findings(&parsed.document, &parsed.diagnostics);
        let stop = |out| Analysis {
            diagnostics: self.finish(out),
            ..Analysis::default()
        };
        if !parsed.is_complete() {
            return stop(out);
        }
        let root = match parsed.document.root() {
            Some(root) if root.is_map() => root,
            other => {
                let span = other.map_or(Span::at(0), |r| r.span());
                out.push(rules::tpl::syntax_error::not_a_mapping(span));
                return stop(out);
            }
        };
        let template = Template::new(root);
        let evaluator = Evaluator::new(&template, parameters);
        let cx = Context {
            source,
            document: &parsed.document,
            template: &template,
            eval: &evaluator,
            settings: &self.settings,
            parse_diagnostics: &parsed.diagnostics,
        };
        for rule in rules::all() {
            if self.settings.is_enabled(rule.meta().code) {
                rule.check(&cx, &mut out);
            }
        }
        guard::builtin_pass().run(&cx, &mut out);
        for pass in &self.passes {
            pass.run(&cx, &mut out);
        }
        let pass_codes: Vec<&str> = self.passes.iter().flat_map(|p| p.codes()).collect();
        let out = suppress::apply(&template, &self.settings, &pass_codes, out);
        Analysis {
            diagnostics: self.finish(out),
            parameters: analysis::parameters(&template),
            services: rollout::services(&evaluator),
        }
    }

    /// Drops disabled codes, applies severity overrides and sorts by position.
    fn finish(&self, mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
        out.retain(|d| self.settings.is_enabled(&d.code));
        for d in &mut out {
            d.severity = self.settings.severity_for(&d.code, d.severity);
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.code, &a.message).cmp(&(
                b.span.start,
                b.span.end,
                &b.code,
                &b.message,
            ))
        });
        out.dedup();
        out
    }
}
