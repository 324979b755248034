//! TPL008 across the templates of a run: a value given for a parameter that no template it
//! applies to declares. CloudFormation refuses such a value, and a misspelt name leaves the
//! rules checking the default instead.
//!
//! One file is often shared by many stacks, each declaring some of its parameters; a value is
//! reported only when none of them declares it, so the file is not reported once per stack:
//! - a parameter file (`--parameters FILE`, `[[parameters]]` in `plimsoll.toml`): once, at the
//!   key's line in the file. A config entry's glob applies it to templates this run may not
//!   check (pre-commit names only the staged ones); those are read to see what they declare
//!   before a value is reported.
//! - `--parameter KEY=VALUE`: in each checked template, at the declared parameter it most
//!   likely meant (else its first one, else its start).
//!
//! Nothing is reported for a source that applies to a template whose parameters are unknown
//! (it did not parse): that template may declare the name.

use crate::discovery::{self, Input};
use crate::input_file::{self, FILE_LIMIT};
use crate::parameters::{Layer, Origin, ParameterPlan};
use crate::paths::{display_name, relative_to};
use crate::report::{FileReport, RunReport};
use plimsoll_lint::registry::UnknownParameter;
use plimsoll_lint::registry::unknown_parameter::{HELP, in_template, suggestion};
use plimsoll_lint::{Diagnostic, Linter};
use plimsoll_template::{Limits, Span, parse_with_limits};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Most "did you mean" searches in a run. Each compares a key with every declared name, so a
/// file of a hundred thousand wrong keys took minutes; past this, keys are reported without one.
const MAX_SUGGESTIONS: usize = 1_000;

/// Most keys of one parameter file reported one by one; the rest are counted in one more
/// finding, so that a file meant for other stacks (or a hostile one, 16 MiB of keys) gives a
/// readable report in bounded memory.
const MAX_PER_FILE: usize = 100;

/// Adds the TPL008 findings of the run to `report`: in the templates, and in entries of their
/// own for parameter files.
pub fn check(plan: &ParameterPlan, report: &mut RunReport, linter: &Linter, cwd: &Path) {
    let settings = linter.settings();
    let meta = &UnknownParameter::META;
    if !settings.is_enabled(meta.code) {
        return;
    }
    let severity = settings.severity_for(meta.code, meta.severity);
    let templates: Vec<usize> = (0..report.files.len())
        .filter(|&i| !report.files[i].parameter_file)
        .collect();
    let mut reported: HashSet<(PathBuf, String)> = HashSet::new();
    let mut file_entries: Vec<FileReport> = Vec::new();
    let mut suggestions_left = MAX_SUGGESTIONS;
    for layer in plan.layers() {
        let applied: Vec<usize> = templates
            .iter()
            .copied()
            .filter(|&i| {
                plan.applying_to(Some(glob_path(&report.files[i])))
                    .any(|l| std::ptr::eq(l, layer))
            })
            .collect();
        let Some(declared) = declared_by(report, &applied) else {
            continue;
        };
        let mut unknown: Vec<&str> = layer
            .values
            .keys()
            .map(String::as_str)
            .filter(|key| !declared.contains(*key))
            .collect();
        if unknown.is_empty() || applied.is_empty() {
            continue;
        }
        let mut declared = declared;
        if layer.glob.is_some() {
            let checked: Vec<&Path> = applied
                .iter()
                .filter_map(|&i| report.files[i].path.as_deref())
                .collect();
            let Some(elsewhere) = declared_elsewhere(plan, layer, &checked, &settings.limits)
            else {
                continue;
            };
            unknown.retain(|key| !elsewhere.contains(*key));
            declared.extend(elsewhere);
        }
        match &layer.origin {
            Origin::File { path, text, keys } => {
                // The last time the file gives a key is the value that counts.
                let last_span: HashMap<&str, Span> =
                    keys.iter().map(|(k, span)| (k.as_str(), *span)).collect();
                // In the file's order, so the first reported are the first the file gives.
                let mut unknown = unknown;
                unknown.sort_by_cached_key(|key| last_span.get(key).map(|span| span.start));
                let mut diagnostics = Vec::new();
                let mut beyond: Vec<&str> = Vec::new();
                for key in unknown {
                    if !reported.insert((path.clone(), key.to_owned())) {
                        continue;
                    }
                    if diagnostics.len() == MAX_PER_FILE {
                        beyond.push(key);
                        continue;
                    }
                    let span = last_span.get(key).copied().unwrap_or(Span::at(0));
                    let near = if suggestions_left > 0 {
                        suggestions_left -= 1;
                        suggestion(key, declared.iter().map(String::as_str))
                    } else {
                        None
                    };
                    let d = in_file(key, span, applied.len(), near);
                    diagnostics.push(with_severity(d, severity));
                }
                if let Some(first) = beyond.first() {
                    let span = last_span.get(first).copied().unwrap_or(Span::at(0));
                    let d = more_in_file(first, beyond.len(), span, applied.len());
                    diagnostics.push(with_severity(d, severity));
                }
                if diagnostics.is_empty() {
                    continue;
                }
                match file_entries
                    .iter_mut()
                    .find(|f| f.path.as_ref() == Some(path))
                {
                    Some(entry) => entry.diagnostics.extend(diagnostics),
                    None => file_entries.push(FileReport {
                        name: shown(path, cwd),
                        path: Some(path.clone()),
                        source: text.clone(),
                        diagnostics,
                        parameters: None,
                        parameter_file: true,
                    }),
                }
            }
            Origin::CommandLine => {
                for &i in &applied {
                    let file = &mut report.files[i];
                    let names: Vec<(&str, Span)> = file
                        .parameters
                        .iter()
                        .flatten()
                        .map(|(name, span)| (name.as_str(), *span))
                        .collect();
                    let found: Vec<Diagnostic> = unknown
                        .iter()
                        .map(|key| in_template(key, &names, "`--parameter` gives a value"))
                        .map(|d| with_severity(d, severity))
                        .collect();
                    file.diagnostics.extend(found);
                    file.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
                }
            }
        }
    }
    for entry in &mut file_entries {
        entry
            .diagnostics
            .sort_by_key(|d| (d.span.start, d.span.end));
    }
    report.files.extend(file_entries);
    report.files.sort_by(|a, b| a.name.cmp(&b.name));
}

/// The path a template's globs were matched against (standard input: its name).
fn glob_path(file: &FileReport) -> &Path {
    file.path.as_deref().unwrap_or(Path::new(&file.name))
}

/// Every parameter the templates declare, or `None` when one of them is unknown.
fn declared_by(report: &RunReport, templates: &[usize]) -> Option<BTreeSet<String>> {
    let mut declared = BTreeSet::new();
    for &i in templates {
        let parameters = report.files[i].parameters.as_ref()?;
        declared.extend(parameters.iter().map(|(name, _)| name.clone()));
    }
    Some(declared)
}

/// The parameters declared by the templates a glob source matches under the config's
/// directory that this run did not check; `None` when one of them cannot be read or parsed.
fn declared_elsewhere(
    plan: &ParameterPlan,
    layer: &Layer,
    checked: &[&Path],
    limits: &Limits,
) -> Option<BTreeSet<String>> {
    let glob = layer.glob.as_ref()?;
    let checked: HashSet<PathBuf> = checked.iter().map(|p| identity(p)).collect();
    let mut declared = BTreeSet::new();
    for input in discovery::discover(&[plan.base().to_path_buf()]).inputs {
        let Input::File { path, .. } = input else {
            continue;
        };
        if !glob.is_match(plan.relative(&path)) || checked.contains(&identity(&path)) {
            continue;
        }
        let text = input_file::read_text(&path, FILE_LIMIT).ok()?;
        if !discovery::is_template(&text, limits) {
            continue;
        }
        let parsed = parse_with_limits(&text, limits);
        if !parsed.is_complete() {
            return None;
        }
        let parameters = parsed.document.root().and_then(|r| r.get("Parameters"));
        declared.extend(
            parameters
                .into_iter()
                .flat_map(|p| p.entries())
                .map(|(name, _)| name.to_owned()),
        );
    }
    Some(declared)
}

fn identity(path: &Path) -> PathBuf {
    crate::real_path::real_path(path).unwrap_or_else(|_| path.to_path_buf())
}

/// TPL008 at a key of a parameter file, with the declared name it may have meant.
fn in_file(key: &str, span: Span, templates: usize, near: Option<&str>) -> Diagnostic {
    let mut message = format!("{} the parameter `{key}`", not_declared_by(templates));
    if let Some(near) = near {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    Diagnostic::builder(&UnknownParameter::META, span, "", message)
        .help(HELP)
        .build()
}

/// One TPL008 for the `count` keys past [`MAX_PER_FILE`], at the first of them.
fn more_in_file(first: &str, count: usize, span: Span, templates: usize) -> Diagnostic {
    let message = format!(
        "{count} more parameters that {}, from `{first}` on (only the first {MAX_PER_FILE} are \
         reported one by one)",
        not_declared_by(templates)
    );
    Diagnostic::builder(&UnknownParameter::META, span, "", message)
        .help(HELP)
        .build()
}

/// "the template this file applies to does not declare", or its plural.
fn not_declared_by(templates: usize) -> String {
    match templates {
        1 => String::from("the template this file applies to does not declare"),
        n => format!("none of the {n} templates this file applies to declares"),
    }
}

fn with_severity(mut diagnostic: Diagnostic, severity: plimsoll_lint::Severity) -> Diagnostic {
    diagnostic.severity = severity;
    diagnostic
}

/// A parameter file's name as the user would write it: relative to the working directory when
/// inside it.
fn shown(path: &Path, cwd: &Path) -> String {
    relative_to(path, cwd, cwd).map_or_else(|| display_name(path), |p| display_name(&p))
}
