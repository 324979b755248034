//! Running the rules under the extra scenarios of every template in one batch.

use super::{Scenario, keep, plan};
use crate::context::Context;
use crate::diagnostic::Diagnostic;
use crate::eval::Evaluator;
use crate::settings::ParameterLookup;
use crate::{Linter, contained, internal_error};

impl Linter {
    /// Runs the Rust rules and the passes under each template's extra scenarios (one batch
    /// for the passes, so cfn-guard parses its rules once) and adds to `outs[i]` the findings
    /// on resources only those scenarios deploy. A step that panics costs only that step.
    pub(crate) fn lint_scenarios<P: ParameterLookup + ?Sized>(
        &self,
        templates: &[(&str, &P)],
        contexts: &[Option<Context<'_>>],
        outs: &mut [Vec<Diagnostic>],
        internal: &mut [Vec<Diagnostic>],
    ) {
        let mut plans: Vec<(usize, Scenario)> = Vec::new();
        for (i, cx) in contexts.iter().enumerate() {
            let Some(cx) = cx else { continue };
            match contained(|| plan(cx.template, cx.eval, templates[i].1)) {
                Ok(scenarios) => plans.extend(scenarios.into_iter().map(|s| (i, s))),
                Err(panic) => internal[i].push(internal_error("the scenario search", &panic)),
            }
        }
        if plans.is_empty() {
            return;
        }
        let mut errors: Vec<Vec<Diagnostic>> = vec![Vec::new(); plans.len()];
        let evaluators: Vec<Option<Evaluator>> = plans
            .iter()
            .zip(&mut errors)
            .map(|((i, scenario), errors)| {
                let cx = contexts[*i].as_ref()?;
                let overrides = templates[*i].1;
                contained(|| Evaluator::assuming(cx.template, overrides, &scenario.assumed))
                    .map_err(|panic| errors.push(internal_error("the evaluator", &panic)))
                    .ok()
            })
            .collect();
        let scenario_cxs: Vec<Option<Context>> = plans
            .iter()
            .zip(&evaluators)
            .map(|((i, _), ev)| {
                let cx = contexts[*i].as_ref()?;
                Some(Context {
                    source: cx.source,
                    document: cx.document,
                    template: cx.template,
                    eval: ev.as_ref()?,
                    settings: cx.settings,
                    parse_diagnostics: cx.parse_diagnostics,
                    schema_values: Default::default(),
                })
            })
            .collect();
        let mut found: Vec<Vec<Diagnostic>> = vec![Vec::new(); plans.len()];
        for ((cx, out), errors) in scenario_cxs.iter().zip(&mut found).zip(&mut errors) {
            if let Some(cx) = cx {
                self.run_rules(cx, out, errors);
            }
        }
        self.run_passes(&scenario_cxs, &mut found, &mut errors);
        for (((i, scenario), cx), (found, errors)) in plans
            .iter()
            .zip(&scenario_cxs)
            .zip(found.into_iter().zip(errors))
        {
            for error in errors {
                if !internal[*i].contains(&error) {
                    internal[*i].push(error);
                }
            }
            let (Some(base), Some(cx)) = (contexts[*i].as_ref(), cx) else {
                continue;
            };
            match contained(|| keep(base.eval, cx.eval, scenario, &outs[*i], found)) {
                Ok(kept) => outs[*i].extend(kept),
                Err(panic) => {
                    internal[*i].push(internal_error("reporting a scenario's findings", &panic))
                }
            }
        }
    }
}
