//! One lint of the page's input: what the main thread asks and what it gets back, the same
//! whether the lint runs on the main thread or in the worker (as JSON text).

use crate::state::LintInput;
use plimsoll_lint::{Analysis, Linter, Settings};
use plimsoll_report::{FileFindings, editor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Templates at least this large are linted in the worker, so typing never waits for a lint.
pub const WORKER_THRESHOLD: usize = 48 * 1024;

/// A lint to run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub revision: u64,
    pub source: String,
    pub parameters: BTreeMap<String, String>,
    pub guard_rules: String,
}

impl Request {
    pub fn new(revision: u64, input: &LintInput) -> Request {
        Request {
            revision,
            source: input.source.to_string(),
            parameters: input.parameters.clone(),
            guard_rules: input.guard_rules.to_string(),
        }
    }
}

/// A finished lint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub revision: u64,
    pub report: editor::Report,
    /// Why the user's guard rules could not be used.
    pub guard_error: Option<String>,
}

/// The lint itself, and why the user's guard rules were not used (if they were not).
pub fn analyze(
    source: &str,
    parameters: &BTreeMap<String, String>,
    guard_rules: &str,
) -> (Analysis, Option<String>) {
    let linter = Linter::new(Settings::default());
    let guard_error = (!guard_rules.trim().is_empty())
        .then(|| "guard rules are not supported by this build".to_owned());
    (linter.analyze(source, parameters), guard_error)
}

/// Runs a request.
pub fn run(request: &Request) -> Response {
    let (analysis, guard_error) =
        analyze(&request.source, &request.parameters, &request.guard_rules);
    Response {
        revision: request.revision,
        report: editor::report(&request.source, &analysis),
        guard_error,
    }
}

/// Runs a request given as JSON text and answers with JSON text (the worker's protocol).
pub fn run_json(request: &str) -> String {
    let response = match serde_json::from_str::<Request>(request) {
        Ok(request) => run(&request),
        Err(e) => Response {
            guard_error: Some(format!("bad lint request: {e}")),
            ..Response::default()
        },
    };
    serde_json::to_string(&response).unwrap_or_default()
}

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    Json,
    Sarif,
}

impl Export {
    pub fn extension(self) -> &'static str {
        match self {
            Export::Json => "plimsoll.json",
            Export::Sarif => "sarif",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Export::Json => "application/json",
            Export::Sarif => "application/sarif+json",
        }
    }
}

/// The findings for `input` as a JSON report or SARIF log, for a file called `file`.
pub fn export(input: &LintInput, file: &str, format: Export) -> String {
    let (analysis, _) = analyze(&input.source, &input.parameters, &input.guard_rules);
    let files = [FileFindings {
        file,
        source: &input.source,
        diagnostics: &analysis.diagnostics,
    }];
    match format {
        Export::Json => plimsoll_report::json::to_string(&files),
        Export::Sarif => plimsoll_report::sarif::to_string(&files),
    }
}

/// The name an export is saved under: the opened file's stem, or `template`.
pub fn export_name(file_name: Option<&str>, format: Export) -> String {
    let stem = file_name
        .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n))
        .map(|n| n.rsplit_once('.').map_or(n, |(stem, _)| stem))
        .filter(|n| !n.is_empty())
        .unwrap_or("template");
    format!("{stem}.{}", format.extension())
}
