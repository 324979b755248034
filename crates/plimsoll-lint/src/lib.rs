//! Rules that keep CloudFormation stacks running ECS safe to deploy.
//!
//! [`lint`] reads a template (YAML or JSON), builds a typed view and an evaluator, runs every
//! enabled rule, applies the template's suppressions and returns the findings sorted by
//! position. No I/O: the CLI, the npm package and the browser checker all call this crate, and
//! it builds for `wasm32-unknown-unknown`.
//!
//! The `guard` feature (on by default) adds cfn-guard: the built-in rule packs under `rules/`
//! run with the Rust rules, and users' rule files load through `guard::load_rules`. Without it
//! only the Rust rules run; the catalog still lists and documents every rule.

pub mod analysis;
pub mod context;
pub mod diagnostic;
pub mod docs;
pub mod eval;
pub mod excerpt;
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
pub use settings::{ParameterLookup, ParameterValues, Settings};

use eval::Evaluator;
use plimsoll_template::{Span, parse_with_limits};
use view::Template;

/// A set of checks that reports findings of many codes at once (a guard rule pack, see
/// `guard::load_rules`).
pub trait Pass: Send + Sync + std::fmt::Debug {
    fn run(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);

    /// Runs on several templates, `outs[i]` collecting the findings on `cxs[i]`: a pass with
    /// a cost per call (cfn-guard parses its rules at every evaluation) pays it once.
    fn run_many(&self, cxs: &[&Context<'_>], outs: &mut [Vec<Diagnostic>]) {
        for (cx, out) in cxs.iter().zip(outs) {
            self.run(cx, out);
        }
    }

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

    /// Every code a finding can have: the catalog's, the passes' (users' guard rules) and
    /// `GUARD:error`. A `select`, `ignore` or `severity` entry matching none of them is a
    /// mistake (see `settings::entry_problem`).
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = catalog().iter().map(|m| m.code).collect();
        codes.extend(self.passes.iter().flat_map(|p| p.codes()));
        // What cfn-guard reports when it cannot evaluate the rules on a template.
        codes.push("GUARD:error");
        codes
    }

    /// Lints one template.
    pub fn lint<P: ParameterLookup + ?Sized>(
        &self,
        source: &str,
        parameters: &P,
    ) -> Vec<Diagnostic> {
        self.analyze(source, parameters).diagnostics
    }

    /// Lints one template and describes what it declares (parameters, ECS services).
    pub fn analyze<P: ParameterLookup + ?Sized>(&self, source: &str, parameters: &P) -> Analysis {
        self.analyze_many(&[(source, parameters)])
            .pop()
            .unwrap_or_default()
    }

    /// Lints several templates, each exactly as [`Linter::lint`] would. Faster than one at a
    /// time where guard rules apply: cfn-guard parses them once for all the templates.
    pub fn lint_many<P: ParameterLookup + ?Sized>(
        &self,
        templates: &[(&str, &P)],
    ) -> Vec<Vec<Diagnostic>> {
        self.analyze_many(templates)
            .into_iter()
            .map(|analysis| analysis.diagnostics)
            .collect()
    }

    /// [`Linter::analyze`] for several templates.
    pub fn analyze_many<P: ParameterLookup + ?Sized>(
        &self,
        templates: &[(&str, &P)],
    ) -> Vec<Analysis> {
        let limits = &self.settings.limits;
        let parsed: Vec<_> = templates
            .iter()
            .map(|(source, _)| parse_with_limits(source, limits))
            .collect();
        let mut outs: Vec<Vec<Diagnostic>> = parsed
            .iter()
            .map(|p| rules::tpl::parse_findings(&p.document, &p.diagnostics))
            .collect();
        // The templates that parsed completely into a mapping; the others stop here.
        let views: Vec<Option<Template>> = parsed
            .iter()
            .zip(&mut outs)
            .map(|(p, out)| {
                if !p.is_complete() {
                    return None;
                }
                match p.document.root() {
                    Some(root) if root.is_map() => Some(Template::new(root)),
                    other => {
                        let span = other.map_or(Span::at(0), |r| r.span());
                        out.push(rules::tpl::syntax_error::not_a_mapping(span));
                        None
                    }
                }
            })
            .collect();
        let evaluators: Vec<Option<Evaluator>> = views
            .iter()
            .zip(templates)
            .map(|(view, (_, parameters))| view.as_ref().map(|t| Evaluator::new(t, *parameters)))
            .collect();
        let contexts: Vec<Option<Context>> = (0..templates.len())
            .map(|i| {
                Some(Context {
                    source: templates[i].0,
                    document: &parsed[i].document,
                    template: views[i].as_ref()?,
                    eval: evaluators[i].as_ref()?,
                    settings: &self.settings,
                    parse_diagnostics: &parsed[i].diagnostics,
                })
            })
            .collect();

        for (cx, out) in contexts.iter().zip(&mut outs) {
            let Some(cx) = cx else { continue };
            for rule in rules::all() {
                if self.settings.is_enabled(rule.meta().code) {
                    rule.check(cx, out);
                }
            }
        }
        let live: Vec<(usize, &Context)> = contexts
            .iter()
            .enumerate()
            .filter_map(|(i, cx)| Some((i, cx.as_ref()?)))
            .collect();
        let cxs: Vec<&Context> = live.iter().map(|(_, cx)| *cx).collect();
        let mut live_outs: Vec<Vec<Diagnostic>> = live
            .iter()
            .map(|(i, _)| std::mem::take(&mut outs[*i]))
            .collect();
        #[cfg(feature = "guard")]
        guard::builtin_pass().run_many(&cxs, &mut live_outs);
        for pass in &self.passes {
            pass.run_many(&cxs, &mut live_outs);
        }
        for ((i, _), out) in live.iter().zip(live_outs) {
            outs[*i] = out;
        }

        let pass_codes: Vec<&str> = self.passes.iter().flat_map(|p| p.codes()).collect();
        outs.into_iter()
            .zip(&contexts)
            .map(|(out, cx)| match cx {
                Some(cx) => Analysis {
                    diagnostics: self.finish(suppress::apply(
                        cx.template,
                        &self.settings,
                        &pass_codes,
                        out,
                    )),
                    parameters: analysis::parameters(cx.template),
                    services: rollout::services(cx.eval),
                },
                None => Analysis {
                    diagnostics: self.finish(out),
                    ..Analysis::default()
                },
            })
            .collect()
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
