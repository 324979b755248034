//! The npm package's operations on plain data (JSON text in, serializable values out).

use plimsoll_lint::guard::{self, RuleFile, RuleFileError};
use plimsoll_lint::settings::entry_problem;
use plimsoll_lint::{Linter, ParameterValues, RuleKind, Settings, Severity, catalog, lookup};
use plimsoll_report::editor;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `options` argument of `lint`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Codes or prefixes to run (empty: every rule).
    pub select: Vec<String>,
    /// Codes or prefixes not to run.
    pub ignore: Vec<String>,
    /// Severity per code or prefix.
    pub severity: BTreeMap<String, Severity>,
    /// Parameter values overriding the template's defaults (strings, numbers, booleans or
    /// lists for `CommaDelimitedList`).
    pub parameters: BTreeMap<String, Value>,
    /// The user's own cfn-guard rule files, run with the built-in packs.
    pub guard_rules: Vec<GuardRuleFile>,
    /// Report findings on the resources the AWS CDK framework generates too.
    pub cdk_internals: bool,
}

/// A cfn-guard rule file given to `lint`: a name for messages and its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuardRuleFile {
    pub name: String,
    pub text: String,
}

impl Options {
    /// Parses the options' JSON text; empty text means the defaults.
    pub fn parse(text: &str) -> Result<Options, String> {
        if text.trim().is_empty() {
            return Ok(Options::default());
        }
        serde_json::from_str(text)
            .map_err(|e| format!("invalid lint options: {}", without_position(&e)))
    }

    pub fn settings(&self) -> Settings {
        Settings {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            cdk_internals: self.cdk_internals,
            ..Settings::default()
        }
    }

    pub fn parameter_values(&self) -> Result<ParameterValues, String> {
        self.parameters
            .iter()
            .map(|(name, value)| Ok((name.clone(), parameter_text(name, value)?)))
            .collect()
    }
}

/// serde_json's message without its " at line 1 column 15": the options are an object the
/// caller built, not text they wrote, so the position points at nothing they can see.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&position).unwrap_or(&text).to_owned()
}

fn parameter_text(name: &str, value: &Value) -> Result<String, String> {
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        Value::Array(items) => items
            .iter()
            .map(scalar)
            .collect::<Option<Vec<_>>>()
            .map(|items| items.join(",")),
        other => scalar(other),
    }
    .ok_or_else(|| {
        format!("parameter `{name}` must be a string, number, boolean or a list of them")
    })
}

/// Why `lint` could not run: bad options, or a guard rule file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LintError {
    Options(String),
    /// At a 1-based line and column (in characters) of the named file.
    Rules(RuleFileError),
}

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LintError::Options(message) => f.write_str(message),
            LintError::Rules(error) => error.fmt(f),
        }
    }
}

/// Lints `source` with the options given as JSON text.
pub fn lint(source: &str, options: &str) -> Result<editor::LintResult, LintError> {
    let options = Options::parse(options).map_err(LintError::Options)?;
    let parameters = options.parameter_values().map_err(LintError::Options)?;
    let mut linter = Linter::new(options.settings());
    if !options.guard_rules.is_empty() {
        let files: Vec<RuleFile> = options
            .guard_rules
            .iter()
            .map(|f| RuleFile {
                name: f.name.clone(),
                text: f.text.clone(),
            })
            .collect();
        let pass = guard::load_rules(&files).map_err(LintError::Rules)?;
        linter = linter.with_pass(Box::new(pass));
    }
    check_codes(&options, &linter.codes()).map_err(LintError::Options)?;
    let analysis = linter.analyze(source, &parameters);
    Ok(editor::report(source, &analysis))
}

/// Refuses an empty code (it would match every rule) or one that matches no rule, in
/// `select`, `ignore` or `severity`.
fn check_codes(options: &Options, known: &[&str]) -> Result<(), String> {
    let lists = [
        ("select", options.select.iter().collect::<Vec<_>>()),
        ("ignore", options.ignore.iter().collect()),
        ("severity", options.severity.keys().collect()),
    ];
    for (option, codes) in lists {
        for code in codes {
            if let Some(problem) = entry_problem(code, known) {
                return Err(format!("invalid lint options: {option}: {problem}"));
            }
        }
    }
    Ok(())
}

/// A catalog entry as `rules()` returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub kind: RuleKind,
    pub summary: String,
}

pub fn rules() -> Vec<RuleInfo> {
    catalog()
        .into_iter()
        .map(|m| RuleInfo {
            code: m.code,
            name: m.name,
            severity: m.severity,
            kind: m.kind,
            summary: m.summary(),
        })
        .collect()
}

/// The rule's page as Markdown: title, default severity and kind, then its documentation.
pub fn explain(code: &str) -> Option<String> {
    lookup(code.trim()).map(plimsoll_lint::docs::rule_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_when_absent_and_reject_unknown_fields() {
        assert_eq!(Options::parse("").unwrap(), Options::default());
        assert_eq!(Options::parse("{}").unwrap(), Options::default());
        let err = Options::parse(r#"{"selct": ["ECS"]}"#).unwrap_err();
        assert!(err.contains("selct"), "{err}");
        let err = Options::parse(r#"{"severity": {"ECS001": "fatal"}}"#).unwrap_err();
        assert!(err.contains("fatal"), "{err}");
        for options in [
            r#"{"selct": ["ECS"]}"#,
            r#"{"select": "ECS"}"#,
            r#"{"ignore": [1]}"#,
        ] {
            let err = Options::parse(options).unwrap_err();
            assert!(!err.contains(" line ") && !err.contains("column"), "{err}");
        }
    }

    #[test]
    fn parameters_accept_scalars_and_lists() {
        let options = Options::parse(
            r#"{"parameters": {"Count": 2, "Tag": "abc", "On": true, "Subnets": ["a", "b"]}}"#,
        )
        .unwrap();
        let values = options.parameter_values().unwrap();
        assert_eq!(values["Count"], "2");
        assert_eq!(values["Tag"], "abc");
        assert_eq!(values["On"], "true");
        assert_eq!(values["Subnets"], "a,b");
        let bad = Options::parse(r#"{"parameters": {"X": {"a": 1}}}"#).unwrap();
        assert!(bad.parameter_values().unwrap_err().contains("`X`"));
    }

    #[test]
    fn lint_reports_findings_with_positions_and_honours_ignore() {
        let source = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: Nope\n";
        let report = lint(source, "").unwrap();
        let finding = report.findings.iter().find(|f| f.code == "TPL003").unwrap();
        assert_eq!(finding.range.start.line, 4);
        assert_eq!(report.counts.errors, report.findings.len());
        let quiet = lint(source, r#"{"ignore": ["TPL"]}"#).unwrap();
        assert!(quiet.findings.is_empty());
        let info = lint(source, r#"{"severity": {"TPL003": "info"}}"#).unwrap();
        assert_eq!(info.findings[0].severity, Severity::Info);
    }

    #[test]
    fn cdk_findings_carry_the_construct_path_and_the_frameworks_are_shown_on_request() {
        let source = r#"{"Resources": {
          "Q": {"Type": "AWS::SQS::Queue", "DependsOn": "Nope",
                "Metadata": {"aws:cdk:path": "App/Queue/Resource"}},
          "M": {"Type": "AWS::CDK::Metadata", "DependsOn": "Gone",
                "Metadata": {"aws:cdk:path": "App/CDKMetadata/Default"}}
        }}"#;
        let report = lint(source, "").unwrap();
        let paths: Vec<Option<&str>> = report
            .findings
            .iter()
            .map(|f| f.cdk_path.as_deref())
            .collect();
        assert_eq!(paths, [Some("App/Queue/Resource")]);
        let all = lint(source, r#"{"cdkInternals": true}"#).unwrap();
        assert_eq!(all.findings.len(), 2);
        assert_eq!(
            all.findings[1].cdk_path.as_deref(),
            Some("App/CDKMetadata/Default")
        );
    }

    #[test]
    fn a_parameter_the_template_does_not_declare_is_reported_with_the_closest_name() {
        let source = "Parameters:\n  ApplicationImageTag:\n    Type: String\n    Default: latest\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n";
        let report = lint(source, r#"{"parameters": {"ImageTag": "97e4abf"}}"#).unwrap();
        let finding = report.findings.iter().find(|f| f.code == "TPL008").unwrap();
        assert!(
            finding.message.contains("`ImageTag`")
                && finding
                    .message
                    .contains("did you mean `ApplicationImageTag`?"),
            "{}",
            finding.message
        );
        assert_eq!(finding.range.start.line, 2);
        let declared = lint(
            source,
            r#"{"parameters": {"ApplicationImageTag": "97e4abf"}}"#,
        );
        assert!(
            !declared
                .unwrap()
                .findings
                .iter()
                .any(|f| f.code == "TPL008")
        );
    }

    #[test]
    fn empty_and_unknown_codes_are_option_errors() {
        let source = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: Nope\n";
        for options in [
            r#"{"ignore": ["TPL004", ""]}"#,
            r#"{"select": ["NOPE"]}"#,
            r#"{"severity": {"": "info"}}"#,
        ] {
            let Err(LintError::Options(message)) = lint(source, options) else {
                panic!("{options} is accepted");
            };
            assert!(message.contains("matches no rule"), "{message}");
        }
        let rules =
            "# code: ORG001\nrule ORG001_tagged {\n    Resources.*.Properties.Tags exists\n}\n";
        let own = serde_json::json!({
            "guardRules": [{"name": "org.guard", "text": rules}],
            "ignore": ["ORG001"],
        });
        assert!(lint(source, &own.to_string()).is_ok());
    }

    #[test]
    fn guard_rules_report_with_positions_and_broken_ones_say_where() {
        let source = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
        let rules = "# code: ORG001\n# severity: warning\nrule ORG001_tagged {\n    Resources.*.Properties.Tags exists\n}\n";
        let options = serde_json::json!({"guardRules": [{"name": "org.guard", "text": rules}]});
        let report = lint(source, &options.to_string()).unwrap();
        let own = report.findings.iter().find(|f| f.code == "ORG001").unwrap();
        assert_eq!(own.severity, Severity::Warning);
        assert_eq!(own.range.start.line, 2);
        let broken = serde_json::json!({"guardRules": [{"name": "org.guard", "text": "rule x {\n  Resources.\n}\n"}]});
        let Err(LintError::Rules(error)) = lint(source, &broken.to_string()) else {
            panic!("a broken rule file is an error");
        };
        assert_eq!(error.file, "org.guard");
        assert_eq!(error.line, 2);
        assert!(error.to_string().starts_with("org.guard:2:"), "{error}");
    }

    #[test]
    fn garbage_is_a_finding_not_an_error() {
        let report = lint("{{{: [\u{0}", "").unwrap();
        assert!(report.findings.iter().any(|f| f.code == "TPL001"));
    }

    #[test]
    fn rules_and_explain_come_from_the_catalog() {
        let all = rules();
        assert!(all.iter().any(|r| r.code == "TPL003"));
        assert!(all.windows(2).all(|w| w[0].code < w[1].code));
        let docs = explain("tpl003").unwrap();
        assert!(
            docs.starts_with("# TPL003 unresolved-reference\n\nDefault severity: **error**"),
            "{docs}"
        );
        assert!(docs.contains("\n## What it does\n"), "{docs}");
        assert!(explain("NOPE999").is_none());
    }
}
