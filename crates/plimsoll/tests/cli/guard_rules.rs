//! Users' guard rules from `--rules PATH` and `rules = […]`, and the built-in guard rules judged
//! with parameter values from `--parameters`.

use crate::support::*;

const TAGGING: &str = "\
let services = Resources.*[ Type == 'AWS::ECS::Service' ]

# code: ORG001
# name: untagged-service
# severity: warning
# fix: tag the service with the team that owns it
rule services_are_tagged when %services !empty {
    %services {
        Properties.Tags exists
        << every ECS service carries tags >>
    }
}
";

const CAPACITY: &str = "\
let counted = Resources.*[ Type == 'AWS::ECS::Service' Properties.DesiredCount exists ]

rule at_least_two_tasks when %counted !empty {
    %counted {
        when Properties.DesiredCount is_int {
            Properties.DesiredCount >= 2
            << a service runs at least two tasks >>
        }
    }
}
";

const BROKEN: &str = "\
rule services_are_tagged {
    Resources.* {
        Type ==
    }
}
";

const TEMPLATE: &str = "\
AWSTemplateFormatVersion: \"2010-09-09\"
Parameters:
  Count:
    Type: Number
    Default: 1
Resources:
  Api:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: !Ref Count
      Tags:
        - Key: team
          Value: payments
  Worker:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 3
";

/// `code line:column-line:column severity` of the users' findings in a JSON report.
fn user_findings(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap();
            code.starts_with("ORG") || code.starts_with("GUARD:")
        })
        .map(|d| {
            let range = &d["range"];
            format!(
                "{} {}:{}-{}:{} {}",
                d["code"].as_str().unwrap(),
                range["start"]["line"],
                range["start"]["column"],
                range["end"]["line"],
                range["end"]["column"],
                d["severity"].as_str().unwrap()
            )
        })
        .collect()
}

const EXPECTED: [&str; 2] = [
    "GUARD:at_least_two_tasks 10:21-10:31 error",
    "ORG001 14:3-14:9 warning",
];

#[test]
fn a_rules_directory_gives_findings_at_their_positions() {
    let dir = scratch(&[
        ("guard/tagging.guard", TAGGING),
        ("guard/team/capacity.guard", CAPACITY),
        ("guard/README.md", "not a rule file"),
        ("stack.yaml", TEMPLATE),
    ]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--rules", "guard", "stack.yaml"],
    ));
    assert_eq!(user_findings(&report), EXPECTED);
    assert_eq!(code, 1);
    let parameter = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "GUARD:at_least_two_tasks")
        .unwrap();
    assert!(
        parameter["message"]
            .as_str()
            .unwrap()
            .ends_with("(with the parameter default Count=1)"),
        "{parameter}"
    );
}

#[test]
fn rules_in_the_config_and_single_files_on_the_command_line() {
    let dir = scratch(&[
        ("plimsoll.toml", "rules = [\"guard/tagging.guard\"]\n"),
        ("guard/tagging.guard", TAGGING),
        ("more/capacity.guard", CAPACITY),
        ("stack.yaml", TEMPLATE),
    ]);
    let (_, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "stack.yaml"],
    ));
    assert_eq!(user_findings(&report), ["ORG001 14:3-14:9 warning"]);
    let (_, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--rules",
            "more/capacity.guard",
            "stack.yaml",
        ],
    ));
    assert_eq!(user_findings(&report), EXPECTED);
}

#[test]
fn a_broken_rule_file_is_a_usage_error_with_its_position() {
    let dir = scratch(&[("guard/broken.guard", BROKEN), ("stack.yaml", TEMPLATE)]);
    let (code, out, err) = run(plimsoll_in(
        dir.path(),
        &["check", "--rules", "guard", "stack.yaml"],
    ));
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("guard/broken.guard:3:16: syntax error"),
        "{err}"
    );
}

#[test]
fn deployment_percentages_from_parameters_use_defaults_and_overrides() {
    let template = "\
Parameters:
  MinHealthy:
    Type: Number
    Default: 150
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      DeploymentConfiguration:
        MinimumHealthyPercent: !Ref MinHealthy
        DeploymentCircuitBreaker: {Enable: true, Rollback: true}
";
    let dir = scratch(&[("stack.yaml", template), ("dev.cfg", "MinHealthy=50\n")]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--select", "ECS003", "stack.yaml"],
    ));
    assert_eq!((code, codes(&report)), (1, vec!["ECS003".to_owned()]));
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["range"]["start"]["line"], 10);
    assert_eq!(finding["range"]["start"]["column"], 32);
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("with the parameter default MinHealthy=150"),
        "{finding}"
    );
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--select",
            "ECS003",
            "--parameters",
            "dev.cfg",
            "stack.yaml",
        ],
    ));
    assert_eq!((code, codes(&report)), (0, Vec::<String>::new()));
}

/// cfn-guard panics (an `unwrap`) when a rule's regular expression reaches fancy-regex's
/// backtracking limit. The panic used to take its worker's results with it: "No problems found
/// in 0 templates.", exit 0. Now it is an error naming the file (exit 2), the file keeps its
/// other findings and the other files theirs, and no panic message clutters standard error.
#[test]
fn a_panic_in_guard_is_an_error_naming_the_file_and_loses_no_findings() {
    let panics = "\
Resources:
  T:
    Type: AWS::SNS::Topic
    Properties: {TopicName: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
  U:
    Type: AWS::SNS::Topic
    DependsOn: Missing
";
    let calm = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: Nowhere\n";
    let rule = "rule r when Resources exists {\n  Resources.*.Properties.TopicName IN [/^(a+)+(?!x)b$/]\n}\n";
    let dir = scratch(&[("t.yaml", panics), ("calm.yaml", calm), ("r.guard", rule)]);
    let args = [
        "check",
        "--no-config",
        "--rules",
        "r.guard",
        "t.yaml",
        "calm.yaml",
    ];
    let mut cmd = plimsoll_in(dir.path(), &args);
    cmd.env_remove("RUST_BACKTRACE");
    let (code, out, err) = run(cmd);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("in 2 templates"), "{out}");
    assert!(
        err.contains("error: t.yaml: internal error: the guard rules in r.guard"),
        "{err}"
    );
    assert!(
        !err.contains("panicked at") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );

    let mut cmd = plimsoll_in(dir.path(), &args);
    cmd.args(["-f", "json"]);
    let (code, report) = json(cmd);
    assert_eq!(code, 2);
    let by_file = |file: &str| -> Vec<String> {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["file"] == file)
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(by_file("t.yaml"), ["PLIMSOLL:internal-error", "TPL003"]);
    assert_eq!(by_file("calm.yaml"), ["GUARD:r", "TPL003"]);

    let mut cmd = plimsoll_in(dir.path(), &args);
    cmd.args(["-f", "sarif"]);
    let (code, out, _) = run(cmd);
    assert_eq!(code, 2);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(note.starts_with("t.yaml: internal error"), "{note}");
}
