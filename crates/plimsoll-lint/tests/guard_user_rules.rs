//! Users' own guard rules: loaded once from rule files, run against the template as it would
//! deploy, and reported like every other finding, at the exact line and column.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

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
        .map(|d| format!("{}: {}", support::headline(&index, d), d.message))
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

/// cfn-guard panics (an `unwrap` in its regex matching) when a pattern reaches fancy-regex's
/// backtracking limit. The panic is contained: that template gets an internal error naming the
/// rule file and keeps every other finding (the Rust rules', the built-in packs'); the other
/// templates of its batch get exactly what they get alone.
#[test]
fn a_panic_in_guard_costs_only_that_templates_findings_of_that_rule_file() {
    let file = RuleFile {
        name: "r.guard".into(),
        text: "rule r when Resources exists {\n  Resources.*.Properties.TopicName IN [/^(a+)+(?!x)b$/]\n}\n".into(),
    };
    let linter =
        Linter::new(Settings::default()).with_pass(Box::new(guard::load_rules(&[file]).unwrap()));
    let none = ParameterValues::new();
    let panics = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n  U:\n    Type: AWS::SNS::Topic\n    DependsOn: Missing\n  S:\n    Type: AWS::ECS::Service\n    Properties: {Cluster: c, DesiredCount: 2, TaskDefinition: arn:aws:ecs:eu-west-1:1:task-definition/a:1}\n";
    let failing =
        "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: other}\n";
    let batch = linter.lint_many(&[(panics, &none), (failing, &none)]);
    let codes = |diagnostics: &[Diagnostic]| -> Vec<String> {
        diagnostics.iter().map(|d| d.code.to_string()).collect()
    };
    let first = codes(&batch[0]);
    assert_eq!(first[0], plimsoll_lint::INTERNAL_ERROR, "{first:?}");
    assert!(first.contains(&"TPL003".to_owned()), "{first:?}");
    assert!(
        first.contains(&"ECS005".to_owned()),
        "the built-in packs ran: {first:?}"
    );
    assert!(!first.contains(&"GUARD:r".to_owned()), "{first:?}");
    let error = &batch[0][0];
    assert!(plimsoll_lint::is_internal_error(error));
    assert!(
        error
            .message
            .starts_with("internal error: the guard rules in r.guard stopped"),
        "{}",
        error.message
    );
    assert_eq!(codes(&batch[1]), ["GUARD:r"]);
    for (source, together) in [panics, failing].into_iter().zip(&batch) {
        assert_eq!(together, &linter.lint(source, &none));
    }
    // Settings do not hide it: the lint did not finish.
    let quiet = Linter::new(Settings {
        select: vec!["GUARD:r".into()],
        ..Settings::default()
    })
    .with_pass(Box::new(
        guard::load_rules(&[RuleFile {
            name: "r.guard".into(),
            text: "rule r when Resources exists {\n  Resources.*.Properties.TopicName IN [/^(a+)+(?!x)b$/]\n}\n".into(),
        }])
        .unwrap(),
    ));
    assert_eq!(
        codes(&quiet.lint(panics, &none)),
        [plimsoll_lint::INTERNAL_ERROR]
    );
}

/// A pass (any code, ours or a dependency's) that panics on one template of a batch: the
/// batch runs again template by template, so only that one loses the pass's findings.
#[test]
fn a_pass_that_panics_on_one_template_costs_the_batch_nothing() {
    #[derive(Debug)]
    struct Fragile;
    impl plimsoll_lint::Pass for Fragile {
        fn run(&self, cx: &plimsoll_lint::Context<'_>, out: &mut Vec<Diagnostic>) {
            let mut ran = plimsoll_lint::internal_error("a marker", "not a panic");
            ran.code = "TEST:ran".into();
            out.push(ran);
            assert!(!cx.source.contains("Fragile"), "fragile template");
        }
        fn describe(&self) -> String {
            "the fragile pass".into()
        }
    }
    let linter = Linter::new(Settings::default()).with_pass(Box::new(Fragile));
    let none = ParameterValues::new();
    let fragile = "Resources:\n  Fragile:\n    Type: AWS::SQS::Queue\n    DependsOn: Missing\n";
    let sound = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n";
    let batch = linter.lint_many(&[(sound, &none), (fragile, &none), (sound, &none)]);
    let messages = |diagnostics: &[Diagnostic]| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect()
    };
    assert_eq!(batch[0], batch[2]);
    assert_eq!(batch[0], linter.lint(sound, &none));
    assert_eq!(batch[0][0].code, "TEST:ran");
    assert_eq!(batch[1], linter.lint(fragile, &none));
    let found = messages(&batch[1]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("PLIMSOLL:internal-error internal error: the fragile pass stopped"),
        "{found:?}"
    );
    assert!(
        found[0].ends_with("it panicked: fragile template"),
        "{found:?}"
    );
    assert!(found[1].starts_with("TPL003 "), "{found:?}");
}

/// A rule without a `<< message >>` is reported with its name, the resource, its failed clause in
/// words and the failing value, never cfn-guard's own text, which quotes every property of the object it stopped at.
#[test]
fn findings_without_a_message_name_the_property_and_its_value_only() {
    let rules = "# code: ORG101\nrule tagged {\n    Resources.*[ Type == 'AWS::ECS::Service' ].Properties.Tags exists\n}\n\
                 # code: ORG102\nrule small {\n    Resources.*[ Type == 'AWS::ECS::Service' ].Properties.DesiredCount <= 2\n}\n\
                 # code: ORG103\nrule ec2 {\n    Resources.*[ Type == 'AWS::ECS::Service' ].Properties.LaunchType in ['EC2', 'EXTERNAL']\n}\n\
                 # code: ORG104\nrule configured {\n    Resources.*[ Type == 'AWS::ECS::Service' ].Properties.DeploymentConfiguration {\n        MinimumHealthyPercent >= 50\n    }\n}\n\
                 # code: ORG105\nrule named {\n    Resources.*[ Type == 'AWS::ECS::Service' ].Properties.ServiceName == /^svc-/\n}\n";
    let files = [RuleFile {
        name: "org.guard".into(),
        text: rules.into(),
    }];
    let secret = "do-not-echo-this-property";
    let source = format!(
        "Resources:\n  Service:\n    Type: AWS::ECS::Service\n    Properties:\n      DesiredCount: 5\n      \
         LaunchType: FARGATE\n      ServiceName: api\n      PlatformVersion: {secret}\n"
    );
    let found = lint(&files, Settings::default(), &source, &[]);
    let mut messages: Vec<String> = found
        .iter()
        .filter(|d| d.code.starts_with("ORG"))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    messages.sort();
    assert_eq!(
        messages,
        [
            "ORG101 rule `tagged` on `Service`: `Tags` is missing",
            "ORG102 rule `small` on `Service`: `DesiredCount` is 5, expected at most 2",
            "ORG103 rule `ec2` on `Service`: `LaunchType` is \"FARGATE\", expected one of [\"EC2\",\"EXTERNAL\"]",
            "ORG104 rule `configured` on `Service`: `DeploymentConfiguration` is missing",
            "ORG105 rule `named` on `Service`: `ServiceName` is \"api\", expected to match \"/^svc-/\"",
        ]
    );
    for message in &messages {
        assert!(!message.contains(secret), "{message}");
    }
}
