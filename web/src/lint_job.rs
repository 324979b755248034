//! One lint of the page's input: what the main thread asks and what it gets back, the same
//! whether the lint runs on the main thread or in the worker (as JSON text).
//!
//! A lint comes in two parts so that findings show at once and typing never waits: the quick
//! part runs the Rust rules (milliseconds), the complete part adds cfn-guard (the built-in packs
//! and the user's rules, which take far longer) and always runs in the worker. The page's own
//! module is built without cfn-guard (the `guard` feature) and without the reference data the
//! SCH rules and IAM002, IAM003 and IAM006 read, so that it loads sooner: the worker loads the
//! module that has them after the first findings show. Without it a complete lint says that
//! guard was unavailable and reports the other Rust rules' findings.

use crate::rule_settings::RuleSettings;
use crate::state::LintInput;
use plimsoll_lint::guard::RuleFileError;
#[cfg(feature = "guard")]
use plimsoll_lint::guard::{self, RuleFile};
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
    /// The rules turned off and severities set in the page.
    #[serde(default)]
    pub rules: RuleSettings,
    /// Run cfn-guard too (the complete lint); otherwise only the Rust rules.
    pub complete: bool,
    /// Answer with the complete findings as a file to save, rather than a report.
    #[serde(default)]
    pub export: Option<ExportRequest>,
}

impl Request {
    pub fn new(revision: u64, input: &LintInput, complete: bool) -> Request {
        Request {
            revision,
            source: input.source.to_string(),
            parameters: input.parameters.clone(),
            guard_rules: input.guard_rules.to_string(),
            rules: input.rules.clone(),
            complete,
            export: None,
        }
    }

    /// The complete findings of `input` as a file in `format`, for a template called `file`.
    /// `file` names the template in the export; the export is saved as `save_as`.
    pub fn export(
        revision: u64,
        input: &LintInput,
        format: Export,
        file: &str,
        save_as: &str,
    ) -> Request {
        Request {
            export: Some(ExportRequest {
                format,
                file: file.to_owned(),
                save_as: save_as.to_owned(),
            }),
            ..Request::new(revision, input, true)
        }
    }
}

/// An export to make: the format, the template's file name (SARIF names it) and the name to
/// save the export as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub format: Export,
    pub file: String,
    pub save_as: String,
}

/// A finished export: the file to save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub format: Export,
    pub save_as: String,
    pub text: String,
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
    pub report: editor::LintResult,
    /// cfn-guard ran: this is the whole answer for the revision.
    pub complete: bool,
    pub guard_error: Option<GuardError>,
    /// A complete lint that could not run cfn-guard (its module did not load): the report
    /// holds the Rust rules' findings only.
    #[serde(default)]
    pub guard_unavailable: bool,
    /// The export asked for, instead of a report.
    #[serde(default)]
    pub export: Option<Exported>,
}

/// Settings of the quick lint: the user's, without cfn-guard rules, and no judgement on
/// suppressions (which may be of guard codes the quick lint does not know).
fn quick_settings(rules: &RuleSettings) -> Settings {
    let mut settings = rules.settings();
    settings.ignore.extend(
        catalog()
            .into_iter()
            .filter(|m| m.kind == RuleKind::Guard)
            .map(|m| m.code.to_owned()),
    );
    settings.ignore.push("TPL004".to_owned());
    settings
}

/// A lint's findings and what became of cfn-guard in it.
#[derive(Debug, Default)]
pub struct Lint {
    pub analysis: Analysis,
    /// Why the user's guard rules were not used.
    pub guard_error: Option<GuardError>,
    /// A complete lint was asked for, but this build has no cfn-guard.
    pub guard_unavailable: bool,
}

/// The lint itself: the Rust rules, and cfn-guard too when `complete`.
pub fn analyze(
    source: &str,
    parameters: &BTreeMap<String, String>,
    guard_rules: &str,
    rules: &RuleSettings,
    complete: bool,
) -> Lint {
    if complete {
        return complete_lint(source, parameters, guard_rules, rules);
    }
    Lint {
        analysis: Linter::new(quick_settings(rules)).analyze(source, parameters),
        ..Lint::default()
    }
}

/// The Rust rules, the built-in guard packs and the user's rules (unless they are broken).
#[cfg(feature = "guard")]
fn complete_lint(
    source: &str,
    parameters: &BTreeMap<String, String>,
    guard_rules: &str,
    rules: &RuleSettings,
) -> Lint {
    // The settings a `plimsoll.toml` with the same entries gives the CLI's linter.
    let mut linter = Linter::new(rules.settings());
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
    Lint {
        analysis: linter.analyze(source, parameters),
        guard_error,
        guard_unavailable: false,
    }
}

/// This build has no cfn-guard: the quick lint's findings, marked as all there is.
#[cfg(not(feature = "guard"))]
fn complete_lint(
    source: &str,
    parameters: &BTreeMap<String, String>,
    _guard_rules: &str,
    rules: &RuleSettings,
) -> Lint {
    Lint {
        analysis: Linter::new(quick_settings(rules)).analyze(source, parameters),
        guard_error: None,
        guard_unavailable: true,
    }
}

/// Runs a request.
pub fn run(request: &Request) -> Response {
    let lint = analyze(
        &request.source,
        &request.parameters,
        &request.guard_rules,
        &request.rules,
        request.complete,
    );
    respond(request, lint)
}

/// The answer to a request whose lint panicked (in wasm the panic aborts the module, which
/// throws its message): the quick lint's findings and an internal error that says the
/// complete lint stopped on this template. Complete, so the page does not wait for more.
pub fn failed(request: &Request, panic: &str) -> Response {
    let mut analysis =
        Linter::new(quick_settings(&request.rules)).analyze(&request.source, &request.parameters);
    let what = if request.complete {
        "the lint with the guard rules (built-in and yours)"
    } else {
        "the lint"
    };
    analysis
        .diagnostics
        .insert(0, plimsoll_lint::internal_error(what, panic));
    let mut response = respond(
        request,
        Lint {
            analysis,
            ..Lint::default()
        },
    );
    response.complete = true;
    response
}

fn respond(request: &Request, lint: Lint) -> Response {
    if let Some(export) = &request.export {
        return Response {
            revision: request.revision,
            complete: true,
            guard_error: lint.guard_error,
            guard_unavailable: lint.guard_unavailable,
            export: Some(Exported {
                format: export.format,
                save_as: export.save_as.clone(),
                text: export_text(&request.source, &lint.analysis, &export.file, export.format),
            }),
            ..Response::default()
        };
    }
    Response {
        revision: request.revision,
        report: editor::report(&request.source, &lint.analysis),
        complete: request.complete,
        guard_error: lint.guard_error,
        guard_unavailable: lint.guard_unavailable,
        export: None,
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

/// [`failed`] for the worker's protocol: the request as JSON text, the panic's message.
pub fn failed_json(request: &str, panic: &str) -> String {
    let request = serde_json::from_str::<Request>(request).unwrap_or_default();
    serde_json::to_string(&failed(&request, panic)).unwrap_or_default()
}

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// The findings of a lint as a JSON report or SARIF log, for a template called `file`.
fn export_text(source: &str, analysis: &Analysis, file: &str, format: Export) -> String {
    let files = [FileFindings {
        file,
        source,
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
