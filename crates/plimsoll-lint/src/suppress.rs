//! Suppressions in template `Metadata`: `plimsoll: {ignore: [CODE | {code, reason}]}` at the
//! top level (the whole template) or on a resource (findings inside it).

use crate::Diagnostic;
use crate::registry::unused_suppression;
use crate::registry::{self, RuleKind};
use crate::settings::{Settings, matches_code};
use crate::view::Template;
use plimsoll_template::NodeRef;

/// One ignore entry and where it applies.
struct Suppression<'d> {
    code: String,
    entry: NodeRef<'d>,
    /// Path prefix of the findings it covers (`""` for the whole template).
    scope: String,
    used: bool,
}

/// Whether this build runs guard rules (the `guard` feature).
const GUARD_RUNS: bool = cfg!(feature = "guard");

/// Removes suppressed findings and adds TPL004 for entries that matched nothing.
pub(crate) fn apply(
    template: &Template<'_>,
    settings: &Settings,
    pass_codes: &[&str],
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut suppressions = Vec::new();
    collect(
        template.root.get("Metadata"),
        String::new(),
        &mut suppressions,
    );
    for resource in &template.resources {
        let mut scope = String::from("/Resources/");
        plimsoll_template::push_pointer_segment(&mut scope, resource.name);
        collect(resource.node.get("Metadata"), scope, &mut suppressions);
    }
    if suppressions.is_empty() {
        return diagnostics;
    }
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let mut suppressed = false;
            for s in suppressions.iter_mut() {
                if matches_code(&s.code, &d.code) && in_scope(&d.path, &s.scope) {
                    s.used = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect();
    let catalog = registry::catalog();
    for s in suppressions.iter().filter(|s| !s.used) {
        let is_guard_code = s.code.starts_with("GUARD:");
        let covered: Vec<&str> = catalog
            .iter()
            .map(|m| m.code)
            .chain(pass_codes.iter().copied())
            .filter(|code| matches_code(&s.code, code))
            .collect();
        let known = is_guard_code || !covered.is_empty();
        // A suppression of rules that did not run (deselected, guard rules in a build without
        // cfn-guard, rules whose reference data the build leaves out) is not stale.
        let runs = |code: &str| {
            catalog
                .iter()
                .filter(|m| m.code == code)
                .all(|m| (GUARD_RUNS || m.kind != RuleKind::Guard) && m.needs.is_built_in())
        };
        let ran = (is_guard_code && GUARD_RUNS)
            || covered
                .iter()
                .any(|code| settings.is_enabled(code) && runs(code));
        if !known || ran {
            kept.push(unused_suppression::diagnostic(s.entry, &s.code, known));
        }
    }
    kept
}

fn in_scope(path: &str, scope: &str) -> bool {
    scope.is_empty()
        || path == scope
        || path
            .strip_prefix(scope)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn collect<'d>(metadata: Option<NodeRef<'d>>, scope: String, out: &mut Vec<Suppression<'d>>) {
    let Some(ignore) = metadata.and_then(|m| m.get_path(&["plimsoll", "ignore"])) else {
        return;
    };
    // An entry without a code is kept with an empty one, which matches nothing: it is
    // reported as a suppression that names no rule.
    for entry in ignore.one_or_many() {
        let code = entry
            .scalar_text()
            .or_else(|| entry.get("code").and_then(NodeRef::scalar_text))
            .unwrap_or_default();
        out.push(Suppression {
            code: code.trim().to_owned(),
            entry,
            scope: scope.clone(),
            used: false,
        });
    }
}
