//! Codes and prefixes in `--select`, `--ignore`, `--severity`, `plimsoll.toml` and template
//! `Metadata`: an empty one or one that matches no rule never turns rules off or down silently.

use crate::support::*;

/// A template with one finding: TPL003 on line 4.
const TEMPLATE: &str = "\
Resources:
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: Queu
";

fn usage_error(dir: &std::path::Path, flags: &[&str]) -> String {
    let mut args = vec!["check", "-f", "json"];
    args.extend(flags);
    args.push("t.yaml");
    let (code, out, err) = run(plimsoll_in(dir, &args));
    assert_eq!(code, 2, "{flags:?} is accepted:\n{out}{err}");
    assert!(out.is_empty(), "no report after a usage error: {out}");
    err
}

#[test]
fn an_empty_code_on_the_command_line_is_a_usage_error() {
    let dir = scratch(&[("t.yaml", TEMPLATE)]);
    let err = usage_error(dir.path(), &["--ignore", "ECS009,"]);
    assert!(err.contains("error: --ignore: an empty code"), "{err}");
    let err = usage_error(dir.path(), &["--ignore", ""]);
    assert!(err.contains("error: --ignore: an empty code"), "{err}");
    let err = usage_error(dir.path(), &["--select", "TPL003,"]);
    assert!(err.contains("error: --select: an empty code"), "{err}");
    let err = usage_error(dir.path(), &["--severity", "=info"]);
    assert!(err.contains("error: --severity: an empty code"), "{err}");
}

#[test]
fn an_empty_code_in_the_config_file_is_a_usage_error() {
    for config in [
        "ignore = [\"\"]\n",
        "ignore = [\" \"]\n",
        "select = [\"\"]\n",
        "[severity]\n\"\" = \"info\"\n",
    ] {
        let dir = scratch(&[("plimsoll.toml", config), ("t.yaml", TEMPLATE)]);
        let err = usage_error(dir.path(), &[]);
        assert!(
            err.contains("plimsoll.toml: ") && err.contains("an empty code"),
            "{config}: {err}"
        );
    }
}

#[test]
fn an_unknown_code_is_a_usage_error_with_the_nearest_code() {
    let dir = scratch(&[("t.yaml", TEMPLATE)]);
    let err = usage_error(dir.path(), &["--select", "NOPE"]);
    assert!(
        err.contains("error: --select: `NOPE` matches no rule"),
        "{err}"
    );
    assert!(err.contains("CFR, ECS, GUARD, IAM, SCH, TPL"), "{err}");
    let err = usage_error(dir.path(), &["--ignore", "ECS0009"]);
    assert!(err.contains("did you mean `ECS009`?"), "{err}");
    let err = usage_error(dir.path(), &["--severity", "TLP003=info"]);
    assert!(err.contains("did you mean `TPL003`?"), "{err}");
    let dir = scratch(&[
        ("plimsoll.toml", "ignore = [\"ECS09\"]\n"),
        ("t.yaml", TEMPLATE),
    ]);
    let err = usage_error(dir.path(), &[]);
    assert!(err.contains("plimsoll.toml: ignore: `ECS09`"), "{err}");
}

#[test]
fn known_codes_prefixes_and_all_still_work() {
    let dir = scratch(&[("t.yaml", TEMPLATE)]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--ignore",
            "ecs, IAM00 ",
            "--severity",
            "TPL=info",
            "t.yaml",
        ],
    ));
    assert_eq!((code, codes(&report)), (0, vec!["TPL003".to_owned()]));
    assert_eq!(report["diagnostics"][0]["severity"], "info");
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--ignore", "ALL", "t.yaml"],
    ));
    assert_eq!((code, codes(&report)), (0, Vec::<String>::new()));
}

#[test]
fn the_codes_of_the_users_guard_rules_are_known_once_loaded() {
    let rules = "# code: ORG001\nrule org_tagged {\n    Resources.*.Properties.Tags exists\n}\n\
                 rule uncoded {\n    Resources.*.Properties.Tags exists\n}\n";
    let dir = scratch(&[("org.guard", rules), ("t.yaml", TEMPLATE)]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--rules",
            "org.guard",
            "--select",
            "ORG,GUARD:uncoded",
            "--severity",
            "ORG001=warning",
            "t.yaml",
        ],
    ));
    assert_eq!(code, 1, "{report}");
    let mut found = codes(&report);
    found.sort();
    assert_eq!(found, ["GUARD:uncoded", "ORG001"]);
    let err = usage_error(dir.path(), &["--select", "ORG001"]);
    assert!(err.contains("`ORG001` matches no rule"), "{err}");
}

#[test]
fn the_codes_of_rules_named_in_the_config_file_are_known_to_its_selectors_and_the_flags() {
    let rules = "# code: ORG001\nrule org_tagged {\n    Resources.*.Properties.Tags exists\n}\n";
    let config = "rules = [\"guard/\"]\nselect = [\"ORG\"]\n[severity]\nORG = \"warning\"\n";
    let dir = scratch(&[
        ("guard/org.guard", rules),
        ("plimsoll.toml", config),
        ("t.yaml", TEMPLATE),
    ]);
    let (code, out, err) = run(plimsoll_in(dir.path(), &["check", "-f", "json", "t.yaml"]));
    assert!(err.is_empty(), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((code, codes(&report)), (0, vec!["ORG001".to_owned()]));
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    let (code, out, err) = run(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--ignore", "ORG0", "t.yaml"],
    ));
    assert!(err.is_empty(), "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((code, codes(&report)), (0, Vec::<String>::new()));
}

#[test]
fn an_empty_or_missing_code_in_metadata_is_a_finding_and_suppresses_nothing() {
    for ignore in [
        "ignore: [\"\"]",
        "ignore: \"\"",
        "ignore:\n          - code: \"\"\n            reason: everything",
        "ignore:\n          - reason: no code at all",
    ] {
        let template = format!(
            "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    DependsOn: Queu\n    Metadata:\n      plimsoll:\n        {ignore}\n"
        );
        let dir = scratch(&[("t.yaml", &template)]);
        let (code, report) = json(plimsoll_in(dir.path(), &["check", "-f", "json", "t.yaml"]));
        assert_eq!(code, 1, "{ignore}: {report}");
        assert_eq!(codes(&report), ["TPL003", "TPL004"], "{ignore}: {report}");
        let message = report["diagnostics"][1]["message"].as_str().unwrap();
        assert!(message.contains("names no rule code"), "{message}");
    }
}
