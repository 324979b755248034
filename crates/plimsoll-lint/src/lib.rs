//! Rules that keep CloudFormation stacks running ECS safe to deploy.
//!
//! [`lint`] reads a template (YAML or JSON), builds a typed view and an evaluator, runs every
//! enabled rule, applies the template's suppressions and returns the findings sorted by
//! position. No I/O: the CLI, the npm package and the browser checker all call this crate, and
//! it builds for `wasm32-unknown-unknown`.
//!
//! The `guard` feature (on by default) adds cfn-guard: the built-in rule packs under `rules/`
//! run with the Rust rules, and users' rule files load through `guard::load_rules`. Without it
//! only the Rust rules run; the catalog still lists and documents every rule. The `schemas`
//! feature (on by default) embeds the CloudFormation resource schemas the SCH rules read
//! ([`schema`]); without it those rules are silent.

pub mod analysis;
mod byte_reader;
pub mod cdk;
pub mod config_text;
mod contain;
pub mod context;
pub mod diagnostic;
pub mod docs;
pub mod eval;
pub mod excerpt;
mod graph;
pub mod guard;
pub mod iam;
pub mod model;
pub mod parameter_file;
pub mod registry;
pub mod rollout;
mod rules;
pub mod scenario;
pub mod schema;
pub mod settings;
pub mod suggest;
mod summary;
mod suppress;
#[cfg(test)]
mod test_support;
pub mod view;

pub use analysis::{Analysis, ParameterInfo};
pub use contain::{
    INTERNAL_ERROR, contained, describe_panic, internal_error, is_internal_error,
    panic_is_contained, record_panic,
};
pub use context::Context;
pub use diagnostic::{Applicability, Diagnostic, DiagnosticBuilder, Edit, Fix, Label, Severity};
pub use parameter_file::{
    ParameterEntry, ParameterFileError, parse_parameter_entries, parse_parameter_file,
};
pub use registry::{Check, Declared, Needs, Rule, RuleKind, RuleMeta, catalog, lookup};
pub use settings::{ParameterLookup, ParameterValues, Settings};

use eval::Evaluator;
use plimsoll_template::{Parsed, Span, parse_with_limits};
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

    /// What the pass is, for the finding that says it panicked ("the guard rules in r.guard").
    fn describe(&self) -> String {
        String::from("a pass of rules")
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

/// What [`Linter::analyze_many`] describes besides the findings: the parameters panel's data
/// and the rollout picture's. Each costs a pass over the template; ask only for what is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Describe {
    /// The declared parameters ([`Analysis::parameters`], and `parameters_known`).
    pub parameters: bool,
    /// The rolling deployments of the ECS services ([`Analysis::services`]).
    pub rollouts: bool,
}

impl Describe {
    /// The findings alone.
    pub const NOTHING: Describe = Describe {
        parameters: false,
        rollouts: false,
    };
    /// The parameters but no rollouts (the CLI: TPL008 across templates needs the names).
    pub const PARAMETERS: Describe = Describe {
        parameters: true,
        rollouts: false,
    };
    /// Everything the browser checker shows.
    pub const ALL: Describe = Describe {
        parameters: true,
        rollouts: true,
    };
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
        self.analyze_many(&[(source, parameters)], Describe::ALL)
            .pop()
            .unwrap_or_default()
    }

    /// Lints several templates, each exactly as [`Linter::lint`] would. Faster than one at a
    /// time where guard rules apply: cfn-guard parses them once for all the templates.
    pub fn lint_many<P: ParameterLookup + ?Sized>(
        &self,
        templates: &[(&str, &P)],
    ) -> Vec<Vec<Diagnostic>> {
        self.analyze_many(templates, Describe::NOTHING)
            .into_iter()
            .map(|analysis| analysis.diagnostics)
            .collect()
    }

    /// Lints several templates and describes what `describe` asks for (the rest of each
    /// [`Analysis`] stays empty). A step that panics on a template (see `contain`) costs that
    /// template the step's findings and nothing else.
    pub fn analyze_many<P: ParameterLookup + ?Sized>(
        &self,
        templates: &[(&str, &P)],
        describe: Describe,
    ) -> Vec<Analysis> {
        let limits = &self.settings.limits;
        // Per template: the steps that panicked, reported whatever the settings.
        let mut internal: Vec<Vec<Diagnostic>> = vec![Vec::new(); templates.len()];
        let parsed: Vec<Option<Parsed>> = templates
            .iter()
            .zip(&mut internal)
            .map(|((source, _), errors)| {
                contained(|| parse_with_limits(source, limits))
                    .map_err(|panic| errors.push(internal_error("the template parser", &panic)))
                    .ok()
            })
            .collect();
        let mut outs: Vec<Vec<Diagnostic>> = parsed
            .iter()
            .map(|p| match p {
                Some(p) => registry::parse_findings(&p.document, &p.diagnostics),
                None => Vec::new(),
            })
            .collect();
        // The templates that parsed completely into a mapping; the others stop here.
        let views: Vec<Option<Template>> = parsed
            .iter()
            .zip(&mut outs)
            .zip(&mut internal)
            .map(|((p, out), errors)| {
                let p = p.as_ref().filter(|p| p.is_complete())?;
                match p.document.root() {
                    Some(root) if root.is_map() => contained(|| Template::new(root))
                        .map_err(|panic| errors.push(internal_error("the template view", &panic)))
                        .ok(),
                    other => {
                        let span = other.map_or(Span::at(0), |r| r.span());
                        out.push(registry::not_a_mapping(span));
                        None
                    }
                }
            })
            .collect();
        let evaluators: Vec<Option<Evaluator>> = views
            .iter()
            .zip(templates)
            .zip(&mut internal)
            .map(|((view, (_, parameters)), errors)| {
                let view = view.as_ref()?;
                contained(|| Evaluator::new(view, *parameters))
                    .map_err(|panic| errors.push(internal_error("the evaluator", &panic)))
                    .ok()
            })
            .collect();
        let contexts: Vec<Option<Context>> = (0..templates.len())
            .map(|i| {
                let parsed = parsed[i].as_ref()?;
                Some(Context {
                    source: templates[i].0,
                    document: &parsed.document,
                    template: views[i].as_ref()?,
                    eval: evaluators[i].as_ref()?,
                    settings: &self.settings,
                    parse_diagnostics: &parsed.diagnostics,
                    schema_values: Default::default(),
                })
            })
            .collect();

        for ((cx, out), errors) in contexts.iter().zip(&mut outs).zip(&mut internal) {
            if let Some(cx) = cx {
                self.run_rules(cx, out, errors);
            }
        }
        self.run_passes(&contexts, &mut outs, &mut internal);
        // Resources whose condition is false at base, under values that deploy them.
        self.lint_scenarios(templates, &contexts, &mut outs, &mut internal);

        let pass_codes: Vec<&str> = self.passes.iter().flat_map(|p| p.codes()).collect();
        outs.into_iter()
            .zip(&contexts)
            .zip(internal)
            .map(|((out, cx), mut errors)| {
                let mut analysis = match cx {
                    Some(cx) => self.finish_template(cx, describe, &pass_codes, out, &mut errors),
                    None => Analysis {
                        diagnostics: self.finish(out),
                        ..Analysis::default()
                    },
                };
                // First, at the document start, and whatever the settings say.
                errors.append(&mut analysis.diagnostics);
                analysis.diagnostics = errors;
                analysis
            })
            .collect()
    }

    /// The enabled Rust rules on one template; a rule that panics costs its own findings.
    fn run_rules(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>, errors: &mut Vec<Diagnostic>) {
        for rule in registry::rules() {
            let meta = rule.meta();
            if !self.settings.is_enabled(meta.code) {
                continue;
            }
            let before = out.len();
            if let Err(panic) = contained(|| rule.check(cx, out)) {
                out.truncate(before);
                let what = format!("rule {} ({})", meta.code, meta.name);
                errors.push(internal_error(&what, &panic));
            }
        }
    }

    /// The built-in guard packs and the extra passes, once over every template with a context.
    fn run_passes(
        &self,
        contexts: &[Option<Context<'_>>],
        outs: &mut [Vec<Diagnostic>],
        internal: &mut [Vec<Diagnostic>],
    ) {
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
        let mut live_errors: Vec<Vec<Diagnostic>> = live
            .iter()
            .map(|(i, _)| std::mem::take(&mut internal[*i]))
            .collect();
        #[cfg(feature = "guard")]
        run_contained(
            guard::builtin_pass(),
            &cxs,
            &mut live_outs,
            &mut live_errors,
        );
        for pass in &self.passes {
            run_contained(pass.as_ref(), &cxs, &mut live_outs, &mut live_errors);
        }
        for ((i, _), (out, errors)) in live.iter().zip(live_outs.into_iter().zip(live_errors)) {
            outs[*i] = out;
            internal[*i] = errors;
        }
    }

    /// Suppressions, settings and what the page shows besides the findings, for a template
    /// the rules ran on.
    fn finish_template(
        &self,
        cx: &Context<'_>,
        describe: Describe,
        pass_codes: &[&str],
        out: Vec<Diagnostic>,
        errors: &mut Vec<Diagnostic>,
    ) -> Analysis {
        let mut step = |what: &str, panic: String| errors.push(internal_error(what, &panic));
        let diagnostics =
            contained(|| suppress::apply(cx.template, &self.settings, pass_codes, out))
                .unwrap_or_else(|panic| {
                    step("applying the template's suppressions", panic);
                    Vec::new()
                });
        let mut diagnostics = diagnostics;
        let keep_internals = self.settings.cdk_internals;
        if let Err(panic) =
            contained(|| cdk::annotate(cx.template, keep_internals, &mut diagnostics))
        {
            step("reading the CDK construct paths", panic);
        }
        let mut parameters_known = false;
        let mut parameters = Vec::new();
        if describe.parameters {
            match contained(|| analysis::parameters(cx.template)) {
                Ok(read) => (parameters, parameters_known) = (read, true),
                Err(panic) => step("reading the parameters", panic),
            }
        }
        let mut services = Vec::new();
        if describe.rollouts {
            services = contained(|| rollout::services(cx.eval)).unwrap_or_else(|panic| {
                step("the rollout simulation", panic);
                Vec::new()
            });
        }
        Analysis {
            diagnostics: self.finish(diagnostics),
            parameters,
            services,
            parameters_known,
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

/// Runs a pass on a batch of templates. When it panics, it runs again on each template alone,
/// so that the template it cannot check costs the others nothing; that template keeps the
/// findings of every other step and gets an internal error instead of the pass's findings.
fn run_contained(
    pass: &dyn Pass,
    cxs: &[&Context<'_>],
    outs: &mut [Vec<Diagnostic>],
    errors: &mut [Vec<Diagnostic>],
) {
    let before: Vec<usize> = outs.iter().map(Vec::len).collect();
    let Err(panic) = contained(|| pass.run_many(cxs, outs)) else {
        return;
    };
    for (((cx, out), len), errors) in cxs.iter().zip(outs).zip(before).zip(errors) {
        out.truncate(len);
        let alone = match cxs.len() {
            1 => Err(panic.clone()),
            _ => contained(|| pass.run(cx, out)),
        };
        if let Err(panic) = alone {
            out.truncate(len);
            errors.push(internal_error(&pass.describe(), &panic));
        }
    }
}
