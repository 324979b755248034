//! Checks the discovered inputs in parallel and collects a [`Report`].

use crate::discovery::{self, Input};
use crate::parameters::ParameterPlan;
use crate::paths::display_name;
use crate::report::{Failure, FileReport, Report};
use plimsoll_lint::rules::tpl::SyntaxError;
use plimsoll_lint::{Diagnostic, Linter};
use plimsoll_template::Span;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What became of one input.
enum Outcome {
    Checked(FileReport),
    Skipped { name: String, explicit: bool },
    Failed(Failure),
}

/// Standard input's content and the name to show for it.
#[derive(Debug)]
pub struct Stdin {
    pub name: String,
    pub bytes: std::io::Result<Vec<u8>>,
}

impl Stdin {
    /// Reads all of standard input.
    pub fn read(name: Option<String>) -> Stdin {
        let mut bytes = Vec::new();
        let result = std::io::stdin().read_to_end(&mut bytes).map(|_| bytes);
        Stdin {
            name: name.unwrap_or_else(|| "<stdin>".to_owned()),
            bytes: result,
        }
    }
}

/// Lints every input on all cores; the report is sorted by file name.
pub fn run(
    inputs: &[Input],
    stdin: Option<&Stdin>,
    linter: &Linter,
    parameters: &ParameterPlan,
) -> Report {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len())
        .max(1);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else {
                return done;
            };
            done.push(check_one(input, stdin, linter, parameters));
        }
    };
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });

    let mut report = Report::default();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(file) => report.files.push(file),
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

fn check_one(
    input: &Input,
    stdin: Option<&Stdin>,
    linter: &Linter,
    parameters: &ParameterPlan,
) -> Outcome {
    let (name, path, bytes, explicit) = match input {
        Input::Stdin => {
            let Some(stdin) = stdin else {
                return Outcome::Failed(Failure {
                    name: "<stdin>".into(),
                    message: "standard input was not read".into(),
                });
            };
            let bytes = match &stdin.bytes {
                Ok(bytes) => Ok(bytes.clone()),
                Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
            };
            (stdin.name.clone(), None, bytes, true)
        }
        Input::File { path, explicit } => (
            display_name(path),
            Some(path.clone()),
            std::fs::read(path),
            *explicit,
        ),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => {
            return Outcome::Failed(Failure {
                message: format!("cannot read {name}: {}", describe(&e)),
                name,
            });
        }
    };
    let (source, invalid_utf8) = discovery::decode(bytes);
    if !discovery::is_template(&source, explicit, &linter.settings().limits) {
        return Outcome::Skipped { name, explicit };
    }
    let values = match input {
        Input::Stdin => parameters.values_for(stdin.map(|s| Path::new(&s.name))),
        Input::File { path, .. } => parameters.values_for(Some(path)),
    };
    let mut diagnostics = linter.lint(&source, &values);
    if let Some(offset) = invalid_utf8 {
        add_invalid_utf8(linter, offset, &mut diagnostics);
    }
    Outcome::Checked(FileReport {
        name,
        path,
        source,
        diagnostics,
    })
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

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_a_positioned_syntax_error_and_the_rest_is_linted() {
        let linter = Linter::new(Default::default());
        let bytes = b"Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: caf\xe9}\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: Missing\n".to_vec();
        let (source, offset) = discovery::decode(bytes);
        let mut diagnostics = linter.lint(&source, &Default::default());
        add_invalid_utf8(&linter, offset.unwrap(), &mut diagnostics);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_ref()).collect();
        assert_eq!(codes, ["TPL001", "TPL003"]);
        assert_eq!(diagnostics[0].span.text(&source), "\u{fffd}");
    }
}
