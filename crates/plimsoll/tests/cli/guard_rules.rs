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
