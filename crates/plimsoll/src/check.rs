//! Checks the discovered inputs in parallel and collects a [`RunReport`].

use crate::discovery::{self, Input};
use crate::input_file::{self, Prefix, ReadError};
use crate::parameters::{ParameterPlan, TemplateParameters};
use crate::paths::display_name;
use crate::report::{Failure, FileReport, RunReport};
use plimsoll_lint::registry::SyntaxError;
use plimsoll_lint::{Analysis, Describe, Diagnostic, Linter};
use plimsoll_template::Span;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Inputs a worker lints together: cfn-guard parses the guard rules once per batch rather
/// than once per template (`Linter::lint_many`).
const BATCH: usize = 32;

/// A template larger than this is linted alone, so a batch holds little in memory.
const BATCH_BYTES: usize = 1 << 20;

/// What became of one input.
enum Outcome {
    Checked(Box<FileReport>),
    Skipped { name: String, explicit: bool },
    Failed(Failure),
}

/// Standard input's content and the name to show for it.
#[derive(Debug)]
pub struct Stdin {
    pub name: String,
    pub content: Result<Prefix, ReadError>,
}

impl Stdin {
    /// Reads standard input up to one byte past the template size limit (`closed`: it was
    /// closed when the process started, which is an error rather than an empty template).
    pub fn read(name: Option<String>, limit: usize, closed: bool) -> Stdin {
        Stdin {
            name: name.unwrap_or_else(|| "<stdin>".to_owned()),
            content: input_file::read_stdin_prefix(limit, closed),
        }
    }
}

/// Lints every input on all cores; the report is sorted by file name.
pub fn run(
    inputs: &[Input],
    stdin: Option<&Stdin>,
    linter: &Linter,
    parameters: &ParameterPlan,
) -> RunReport {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len())
        .max(1);
    // Batches small enough that every worker has several, and at most BATCH inputs.
    let size = (inputs.len() / (workers * 4)).clamp(1, BATCH);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(size, Ordering::Relaxed);
            let rest = inputs.get(start..).unwrap_or_default();
            if rest.is_empty() {
                return done;
            }
            let batch = &rest[..size.min(rest.len())];
            // The lint contains its own panics; one elsewhere costs this batch, reported.
            match plimsoll_lint::contained(|| check_batch(batch, stdin, linter, parameters)) {
                Ok(outcomes) => done.extend(outcomes),
                Err(panic) => done.extend(batch.iter().map(|input| failed(input, stdin, &panic))),
            }
        }
    };
    let outcomes = in_workers(workers, worker);

    let mut report = RunReport::default();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(file) => {
                // A lint step that panicked: the findings are incomplete, the run failed.
                report.failures.extend(
                    file.diagnostics
                        .iter()
                        .filter(|d| plimsoll_lint::is_internal_error(d))
                        .map(|d| Failure {
                            name: file.name.clone(),
                            message: format!("{}: {}", file.name, d.message),
                        }),
                );
                report.files.push(*file);
            }
            Outcome::Failed(failure) => report.failures.push(failure),
            Outcome::Skipped { name, explicit } => {
                if explicit {
                    report.skipped.push(name);
                }
            }
        }
    }
    report.files.sort_by(|a, b| a.name.cmp(&b.name));
    report.failures.sort_by(|a, b| a.name.cmp(&b.name));
    report.skipped.sort();
    report
}

fn check_batch(
    batch: &[Input],
    stdin: Option<&Stdin>,
    linter: &Linter,
    parameters: &ParameterPlan,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(batch.len());
    let mut pending: Vec<(usize, Template)> = Vec::new();
    for input in batch {
        match read(input, stdin, linter, parameters) {
            Err(outcome) => outcomes.push(Some(outcome)),
            Ok(template) if template.source.len() > BATCH_BYTES => {
                let analysis = linter
                    .analyze_many(
                        &[(&template.source, &template.values)],
                        Describe::PARAMETERS,
                    )
                    .pop()
                    .unwrap_or_default();
                outcomes.push(Some(template.checked(linter, analysis)));
            }
            Ok(template) => {
                pending.push((outcomes.len(), template));
                outcomes.push(None);
            }
        }
    }
    let sources: Vec<(&str, &TemplateParameters)> = pending
        .iter()
        .map(|(_, t)| (t.source.as_str(), &t.values))
        .collect();
    let results = linter.analyze_many(&sources, Describe::PARAMETERS);
    for ((slot, template), analysis) in pending.into_iter().zip(results) {
        outcomes[slot] = Some(template.checked(linter, analysis));
    }
    outcomes.into_iter().flatten().collect()
}

/// Runs `worker` on `workers` threads and gathers what they did. Where no thread can be
/// spawned (WASI, as the npm package's bin runs this CLI), or when one worker is enough, this
/// thread does all the work: the workers share one queue, so the result is the same.
fn in_workers(workers: usize, worker: impl Fn() -> Vec<Outcome> + Sync) -> Vec<Outcome> {
    if workers <= 1 {
        return worker();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map_while(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, &worker)
                    .ok()
            })
            .collect();
        let mut outcomes: Vec<Outcome> = handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec![worker_lost()]))
            .collect();
        // What the workers left: everything when none could be spawned.
        outcomes.extend(worker());
        outcomes
    })
}

/// An input whose batch panicked outside the lint (which contains its own panics).
fn failed(input: &Input, stdin: Option<&Stdin>, panic: &str) -> Outcome {
    let name = match input {
        Input::Stdin => stdin.map_or_else(|| "<stdin>".to_owned(), |s| s.name.clone()),
        Input::File { path, .. } => display_name(path),
    };
    Outcome::Failed(Failure {
        message: format!("{name}: internal error: checking it panicked: {panic}"),
        name,
    })
}

/// A worker thread that ended without its results (it cannot: batches are contained).
fn worker_lost() -> Outcome {
    Outcome::Failed(Failure {
        name: String::from("plimsoll"),
        message: String::from(
            "internal error: a lint worker stopped and its files were not checked",
        ),
    })
}

/// A template read and ready to lint.
struct Template {
    name: String,
    path: Option<PathBuf>,
    source: String,
    /// Where the first byte that is not UTF-8 was.
    invalid_utf8: Option<usize>,
    values: TemplateParameters,
}

impl Template {
    fn checked(self, linter: &Linter, analysis: Analysis) -> Outcome {
        let mut diagnostics = analysis.diagnostics;
        if let Some(offset) = self.invalid_utf8 {
            add_invalid_utf8(linter, offset, &mut diagnostics);
        }
        let parameters = analysis.parameters_known.then(|| {
            analysis
                .parameters
                .into_iter()
                .map(|p| (p.name, p.span))
                .collect()
        });
        Outcome::Checked(Box::new(FileReport {
            name: self.name,
            path: self.path,
            source: self.source,
            diagnostics,
            parameters,
            parameter_file: false,
        }))
    }
}

/// Reads an input; what became of it instead when it cannot be read or is no template.
fn read(
    input: &Input,
    stdin: Option<&Stdin>,
    linter: &Linter,
    parameters: &ParameterPlan,
) -> Result<Template, Outcome> {
    let limits = &linter.settings().limits;
    let (name, path, content, explicit) = match input {
        Input::Stdin => {
            let Some(stdin) = stdin else {
                return Err(Outcome::Failed(Failure {
                    name: "<stdin>".into(),
                    message: "standard input was not read".into(),
                }));
            };
            let content = match &stdin.content {
                Ok(prefix) => Ok(prefix.clone()),
                Err(e) => Err(e.to_string()),
            };
            (stdin.name.clone(), None, content, true)
        }
        Input::File { path, explicit } => (
            display_name(path),
            Some(path.clone()),
            input_file::read_prefix(path, limits.max_bytes).map_err(|e| e.to_string()),
            *explicit,
        ),
    };
    let prefix = match content {
        Ok(prefix) => prefix,
        Err(message) => {
            return Err(Outcome::Failed(Failure {
                message: format!("cannot read {name}: {message}"),
                name,
            }));
        }
    };
    let (over_limit, size) = (prefix.over_limit, prefix.size);
    let (source, invalid_utf8) = discovery::decode(prefix.bytes);
    if !discovery::is_template(&source, limits) {
        return Err(Outcome::Skipped { name, explicit });
    }
    if over_limit {
        // Only the start was read: the file is reported, not linted.
        return Err(Outcome::Checked(Box::new(FileReport {
            name,
            path,
            source: String::new(),
            diagnostics: too_large(linter, size).into_iter().collect(),
            parameters: None,
            parameter_file: false,
        })));
    }
    let values = match input {
        Input::Stdin => parameters.values_for(stdin.map(|s| Path::new(&s.name))),
        Input::File { path, .. } => parameters.values_for(Some(path)),
    };
    Ok(Template {
        name,
        path,
        source,
        invalid_utf8,
        values,
    })
}

/// TPL001 for a template over the size limit, of which only the start was read.
fn too_large(linter: &Linter, size: Option<u64>) -> Option<Diagnostic> {
    let settings = linter.settings();
    let meta = &SyntaxError::META;
    if !settings.is_enabled(meta.code) {
        return None;
    }
    let limit = settings.limits.max_bytes;
    let message = match size {
        Some(size) => format!("the template is {size} bytes; the limit is {limit} bytes"),
        None => format!("the template is larger than the limit of {limit} bytes"),
    };
    let diagnostic = Diagnostic::builder(meta, Span::at(0), "", message)
        .severity(settings.severity_for(meta.code, meta.severity))
        .build();
    Some(diagnostic)
}

/// Reports the first invalid byte as a syntax error; the rest of the file was linted with
/// replacement characters, so no finding is lost.
fn add_invalid_utf8(linter: &Linter, offset: usize, diagnostics: &mut Vec<Diagnostic>) {
    let settings = linter.settings();
    let meta = &SyntaxError::META;
    if !settings.is_enabled(meta.code) {
        return;
    }
    let start = offset as u32;
    let diagnostic = Diagnostic::builder(
        meta,
        Span::new(start, start + '\u{fffd}'.len_utf8() as u32),
        "",
        "the file is not valid UTF-8: this byte cannot be decoded",
    )
    .help("save the template as UTF-8; CloudFormation accepts nothing else")
    .severity(settings.severity_for(meta.code, meta.severity))
    .build();
    let at = diagnostics.partition_point(|d| (d.span.start, d.span.end) <= (start, start + 3));
    diagnostics.insert(at, diagnostic);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_a_positioned_syntax_error_and_the_rest_is_linted() {
        let linter = Linter::new(Default::default());
        let bytes = b"Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: caf\xe9}\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: Missing\n".to_vec();
        let (source, offset) = discovery::decode(bytes);
        let mut diagnostics = linter.lint(&source, &plimsoll_lint::ParameterValues::new());
        add_invalid_utf8(&linter, offset.unwrap(), &mut diagnostics);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_ref()).collect();
        assert_eq!(codes, ["TPL001", "TPL003"]);
        assert_eq!(diagnostics[0].span.text(&source), "\u{fffd}");
    }
}
