//! One lint of the page's input: what the main thread asks and what it gets back, the same
//! whether the lint runs on the main thread or in the worker (as JSON text).
//!
//! A lint comes in two parts so that findings show at once and typing never waits: the quick
//! part runs the Rust rules (milliseconds), the complete part adds cfn-guard (the built-in packs
//! and the user's rules, which take far longer) and always runs in the worker.

use crate::state::LintInput;
use plimsoll_lint::guard::{self, RuleFile, RuleFileError};
use plimsoll_lint::{Analysis, Linter, RuleKind, Settings, catalog};
use plimsoll_report::{FileFindings, editor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Templates at least this large are linted in the worker, so typing never waits for a lint.
pub const WORKER_THRESHOLD: usize = 48 * 1024;

/// The name the user's guard rules go by in messages.
pub const RULES_NAME: &str = "your rules";

/// A lint to run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub revision: u64,
    pub source: String,
    pub parameters: BTreeMap<String, String>,
    pub guard_rules: String,
    /// Run cfn-guard too (the complete lint); otherwise only the Rust rules.
    pub complete: bool,
}

impl Request {
    pub fn new(revision: u64, input: &LintInput, complete: bool) -> Request {
        Request {
            revision,
            source: input.source.to_string(),
            parameters: input.parameters.clone(),
            guard_rules: input.guard_rules.to_string(),
            complete,
        }
    }
}

/// Why the user's guard rules could not be used, at a 1-based line and column of their text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl From<RuleFileError> for GuardError {
    fn from(e: RuleFileError) -> Self {
        GuardError {
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

/// A finished lint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub revision: u64,
    pub report: editor::Report,
    /// cfn-guard ran: this is the whole answer for the revision.
    pub complete: bool,
    pub guard_error: Option<GuardError>,
}

/// Settings of the quick lint: no cfn-guard rules, and no judgement on suppressions (which may
/// be of guard codes the quick lint does not know).
fn quick_settings() -> Settings {
    let mut ignore: Vec<String> = catalog()
        .into_iter()
        .filter(|m| m.kind == RuleKind::Guard)
        .map(|m| m.code.to_owned())
        .collect();
    ignore.push("TPL004".to_owned());
    Settings {
        ignore,
        ..Settings::default()
    }
}

/// The lint itself, and why the user's guard rules were not used (if they were not).
pub fn analyze(
    source: &str,
    parameters: &BTreeMap<String, String>,
    guard_rules: &str,
    complete: bool,
) -> (Analysis, Option<GuardError>) {
    if !complete {
        return (
            Linter::new(quick_settings()).analyze(source, parameters),
            None,
        );
    }
    let mut linter = Linter::new(Settings::default());
    let mut guard_error = None;
    if !guard_rules.trim().is_empty() {
        let file = RuleFile {
            name: RULES_NAME.to_owned(),
            text: guard_rules.to_owned(),
        };
        match guard::load_rules(&[file]) {
            Ok(pass) => linter = linter.with_pass(Box::new(pass)),
            Err(e) => guard_error = Some(GuardError::from(e)),
        }
    }
    (linter.analyze(source, parameters), guard_error)
}

/// Runs a request.
pub fn run(request: &Request) -> Response {
    let (analysis, guard_error) = analyze(
        &request.source,
        &request.parameters,
        &request.guard_rules,
        request.complete,
    );
    Response {
        revision: request.revision,
        report: editor::report(&request.source, &analysis),
        complete: request.complete,
        guard_error,
    }
}

/// Runs a request given as JSON text and answers with JSON text (the worker's protocol).
pub fn run_json(request: &str) -> String {
    let response = match serde_json::from_str::<Request>(request) {
        Ok(request) => run(&request),
        Err(e) => Response {
            complete: true,
            guard_error: Some(GuardError {
                line: 1,
                column: 1,
                message: format!("bad lint request: {e}"),
            }),
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
    let (analysis, _) = analyze(&input.source, &input.parameters, &input.guard_rules, true);
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
