//! Users' own guard rules: loaded once from rule files, run against the template as it would
//! deploy, and reported like every other finding, at the exact line and column.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::guard::{self, RuleFile};
use plimsoll_lint::{Diagnostic, Linter, ParameterValues, Settings};
use plimsoll_template::LineIndex;
use std::path::Path;

fn fixture(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/user-rules")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rule files of a directory, as the CLI reads them.
fn rule_files(dir: &str) -> Vec<RuleFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/user-rules");
    let mut names: Vec<String> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| guard::is_rule_file(name))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let relative = format!("{dir}/{name}");
            RuleFile {
                text: fixture(&relative),
                name: relative,
            }
        })
        .collect()
}

fn lint(
    files: &[RuleFile],
    settings: Settings,
    source: &str,
    overrides: &[(&str, &str)],
) -> Vec<Diagnostic> {
    let pass = guard::load_rules(files).unwrap();
    let parameters: ParameterValues = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Linter::new(settings)
        .with_pass(Box::new(pass))
        .lint(source, &parameters)
}

/// `line:column-line:column severity code [rule] path: message` for the users' findings.
fn render(source: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let index = LineIndex::new(source);
    diagnostics
        .iter()
        .filter(|d| d.code.starts_with("ORG") || d.code.starts_with("GUARD:"))
        .map(|d| {
            let (start, end) = (index.line_col(d.span.start), index.line_col(d.span.end));
            format!(
                "{}:{}-{}:{} {} {} [{}] {}: {}",
                start.line,
                start.column,
                end.line,
                end.column,
                d.severity,
                d.code,
                d.rule,
                d.path,
                d.message
            )
        })
        .collect()
}

#[test]
fn a_rule_directory_gives_findings_at_exact_positions() {
    let files = rule_files("team");
    assert_eq!(files.len(), 2);
    let source = fixture("template.yaml");
    let found = lint(&files, Settings::default(), &source, &[]);
    assert_eq!(
        render(&source, &found),
        [
            "10:21-10:31 error GUARD:at_least_two_tasks [at_least_two_tasks] \
             /Resources/Api/Properties/DesiredCount: a service runs at least two tasks, so one \
             can be replaced while the other serves (with the parameter default Count=1)",
            "14:3-14:9 warning ORG001 [untagged-service] /Resources/Worker: every ECS service \
             carries tags",
        ]
    );
    let org = found.iter().find(|d| d.code == "ORG001").unwrap();
    assert_eq!(
        org.help.as_deref(),
        Some("tag the service with the team that owns it")
    );
}

#[test]
fn user_rules_see_parameter_overrides() {
    let source = fixture("template.yaml");
    let found = lint(
        &rule_files("team"),
        Settings::default(),
        &source,
        &[("Count", "2")],
    );
    assert_eq!(
        render(&source, &found),
        [
            "14:3-14:9 warning ORG001 [untagged-service] /Resources/Worker: every ECS service carries tags"
        ]
    );
}

#[test]
fn user_codes_are_selected_ignored_and_suppressed_like_any_other() {
    let source = fixture("template.yaml");
    let files = rule_files("team");
    let ignore_guard = Settings {
        ignore: vec!["GUARD".into()],
        ..Settings::default()
    };
    let found = lint(&files, ignore_guard, &source, &[]);
    assert_eq!(render(&source, &found).len(), 1);
    assert_eq!(found.iter().filter(|d| d.code == "ORG001").count(), 1);

    let suppressed = source.replace(
        "  Worker:\n    Type: AWS::ECS::Service\n",
        "  Worker:\n    Type: AWS::ECS::Service\n    Metadata:\n      plimsoll:\n        ignore: [ORG001]\n",
    );
    let found = lint(&files, Settings::default(), &suppressed, &[]);
    assert!(!found.iter().any(|d| d.code == "ORG001"), "{found:?}");
    assert!(!found.iter().any(|d| d.code == "TPL004"), "{found:?}");

    // A stale suppression of a user code is reported as stale, not as an unknown code.
    let stale = suppressed.replace("ignore: [ORG001]", "ignore: [ORG001, ORG002]");
    let found = lint(&files, Settings::default(), &stale, &[]);
    let messages: Vec<&str> = found
        .iter()
        .filter(|d| d.code == "TPL004")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["`ORG002` is not a rule code, so this suppression matches nothing"]
    );
    let tagged = stale.replace(
        "      DesiredCount: 3\n",
        "      DesiredCount: 3\n      Tags: []\n",
    );
    let found = lint(&files, Settings::default(), &tagged, &[]);
    let messages: Vec<&str> = found
        .iter()
        .filter(|d| d.code == "TPL004")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "this suppression of ORG001 matches no finding",
            "`ORG002` is not a rule code, so this suppression matches nothing"
        ]
    );
}

#[test]
fn a_broken_rule_file_is_an_error_with_its_position() {
    let files = rule_files("broken");
    let error = guard::load_rules(&files).unwrap_err();
    assert_eq!(error.file, "broken/typo.guard");
    assert_eq!((error.line, error.column), (6, 35));
    assert!(
        error.message.starts_with("syntax error: "),
        "{}",
        error.message
    );
    assert!(
        error
            .to_string()
            .starts_with("broken/typo.guard:6:35: syntax error: "),
        "{error}"
    );
}

/// cfn-guard stops the whole evaluation when one document breaks a function (here
/// `json_parse` on text that is not JSON): that template gets the error, the others of its
/// batch their findings.
#[test]
fn a_template_guard_cannot_evaluate_does_not_cost_its_batch_their_findings() {
    let file = RuleFile {
        name: "doc.guard".into(),
        text: "let docs = Resources.*.Properties.Doc\nlet parsed = json_parse(%docs)\n\
               rule doc_a_is_one when %docs exists {\n    %parsed.a == 1\n}\n"
            .into(),
    };
    let linter =
        Linter::new(Settings::default()).with_pass(Box::new(guard::load_rules(&[file]).unwrap()));
    let none = ParameterValues::new();
    let broken = "Resources:\n  A:\n    Type: Custom::Doc\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:f\n      Doc: '{not json'\n";
    let failing = "Resources:\n  B:\n    Type: Custom::Doc\n    Properties:\n      ServiceToken: arn:aws:lambda:eu-west-1:123456789012:function:f\n      Doc: '{\"a\": 2}'\n";
    let passing = failing.replace("2}", "1}");
    let batch = linter.lint_many(&[(broken, &none), (failing, &none), (&passing, &none)]);
    let codes = |diagnostics: &[Diagnostic]| -> Vec<String> {
        diagnostics.iter().map(|d| d.code.to_string()).collect()
    };
    assert_eq!(codes(&batch[0]), ["GUARD:error"]);
    assert_eq!(codes(&batch[1]), ["GUARD:doc_a_is_one"]);
    assert_eq!(codes(&batch[2]), Vec::<String>::new());
    for (source, together) in [broken, failing, &passing].into_iter().zip(&batch) {
        assert_eq!(together, &linter.lint(source, &none));
    }
}

/// cfn-guard recurses without end on such a variable: the stack overflow would abort the
/// process (and kill the page in the browser). The rule file is refused instead.
#[test]
fn a_variable_defined_through_itself_is_an_error_not_a_crash() {
    let file = RuleFile {
        name: "loop.guard".into(),
        text: "let services = Resources.*[\n    Type == 'AWS::ECS::Service'\n    \
               Properties.Cluster == %clusters\n]\nlet clusters = %services.Properties.Cluster\n\
               rule r { %services !empty }\n"
            .into(),
    };
    let error = guard::load_rules(&[file]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "loop.guard:1:1: this refers back to itself \
         (%services → %clusters → %services): cfn-guard cannot evaluate it"
    );
}

#[test]
fn header_mistakes_and_clashing_names_are_errors() {
    let bad_severity = RuleFile {
        name: "org.guard".into(),
        text: "# severity: critical\nrule r { Resources exists }\n".into(),
    };
    let error = guard::load_rules(&[bad_severity]).unwrap_err();
    assert_eq!((error.line, error.column), (1, 13));
    assert!(error.message.contains("critical"));

    let first = RuleFile {
        name: "a.guard".into(),
        text: "rule same { Resources exists }\n".into(),
    };
    let second = RuleFile {
        name: "b.guard".into(),
        text: "\n\nrule same { Resources exists }\n".into(),
    };
    let error = guard::load_rules(&[first, second]).unwrap_err();
    assert_eq!(
        (error.file.as_str(), error.line, error.column),
        ("b.guard", 3, 1)
    );
    assert_eq!(error.message, "rule `same` is already defined in a.guard:1");

    let builtin = RuleFile {
        name: "c.guard".into(),
        text: "rule ECS005_missing_circuit_breaker { Resources exists }\n".into(),
    };
    let error = guard::load_rules(&[builtin]).unwrap_err();
    assert!(
        error.message.contains("the built-in rules"),
        "{}",
        error.message
    );
}

#[test]
fn rule_files_are_recognised_by_extension() {
    assert!(guard::is_rule_file("org.guard"));
    assert!(guard::is_rule_file("dir/all.ruleset"));
    assert!(!guard::is_rule_file("notes.md"));
}
