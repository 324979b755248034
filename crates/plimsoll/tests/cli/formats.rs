//! Every output format on the same fixtures.

use crate::support::*;
use insta::assert_snapshot;

#[test]
fn text_is_rustc_style_with_excerpts_carets_help_and_a_summary() {
    let (code, out, _) = run(plimsoll(&["check", TYPOS, DUPLICATE, CLEAN]));
    assert_eq!(code, 1);
    assert!(!out.contains('\x1b'), "no colours off a terminal");
    assert_snapshot!("text", out);
}

#[test]
fn text_colours_only_when_asked_and_never_with_no_color() {
    let (_, out, _) = run(plimsoll(&["check", "--color", "always", TYPOS]));
    assert!(out.contains("\x1b[1;31merror[TPL003]\x1b[0m"), "{out}");
    let mut cmd = plimsoll(&["check", "--color", "always", TYPOS]);
    cmd.env("NO_COLOR", "1");
    let (_, out, _) = run(cmd);
    assert!(!out.contains('\x1b'), "{out}");
    assert!(out.contains("error[TPL003]"));
}

#[test]
fn json_follows_the_contract() {
    let (code, out, _) = run(plimsoll(&[
        "check", "--format", "json", TYPOS, DUPLICATE, CLEAN,
    ]));
    assert_eq!(code, 1);
    assert_snapshot!("json", out);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(
        report["summary"],
        serde_json::json!({"files": 3, "errors": 4, "warnings": 0, "infos": 0})
    );
    for d in report["diagnostics"].as_array().unwrap() {
        for key in [
            "file", "code", "rule", "severity", "message", "path", "range",
        ] {
            assert!(d.get(key).is_some(), "{key} missing in {d}");
        }
        assert!(d["range"]["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["range"]["end"]["column"].as_u64().unwrap() >= 1);
    }
}

/// The README's row for `--format json` and docs/output.md name every field a diagnostic has.
#[test]
fn the_docs_name_every_field_of_a_json_diagnostic() {
    let (_, report) = json(plimsoll(&[
        "check",
        "--format",
        "json",
        "examples",
        "crates/plimsoll/tests/fixtures",
    ]));
    let mut fields = std::collections::BTreeSet::new();
    for d in report["diagnostics"].as_array().unwrap() {
        fields.extend(d.as_object().unwrap().keys().cloned());
    }
    assert!(fields.contains("labels"), "{fields:?}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `json` |"))
        .unwrap();
    let (_, listed) = row.split_once("\"diagnostics\": [{").unwrap();
    let (listed, _) = listed.split_once('}').unwrap();
    let listed: Vec<&str> = listed.split(", ").collect();
    let contract = std::fs::read_to_string(root().join("docs/output.md")).unwrap();
    for field in &fields {
        assert!(
            listed.contains(&field.as_str()),
            "README omits `{field}`: {row}"
        );
        assert!(
            contract.contains(&format!("\"{field}\": ")),
            "docs/output.md omits `{field}`"
        );
    }
}

#[test]
fn sarif_has_rules_results_and_relative_locations() {
    let (code, out, _) = run(plimsoll(&[
        "check",
        "--format",
        "sarif",
        "./crates/plimsoll/tests/fixtures",
    ]));
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let tpl003 = rules.iter().find(|r| r["id"] == "TPL003").unwrap();
    assert_eq!(tpl003["name"], "unresolved-reference");
    assert_eq!(
        tpl003["helpUri"],
        "https://github.com/plimsoll-dev/plimsoll/blob/main/docs/rules/TPL003.md"
    );
    assert_eq!(tpl003["defaultConfiguration"]["level"], "error");
    assert!(
        tpl003["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("### What it does")
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let first = &results[0];
    assert_eq!(first["ruleId"], "TPL002");
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "TPL002"
    );
    let location = &first["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "crates/plimsoll/tests/fixtures/duplicate.json"
    );
    assert_eq!(
        location["physicalLocation"]["region"],
        serde_json::json!({"startLine": 4, "startColumn": 5, "endLine": 4, "endColumn": 12})
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "/Resources/Queue"
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_reports_unreadable_files_as_notifications() {
    let (code, out, _) = run(plimsoll(&[
        "check",
        "--format",
        "sarif",
        CLEAN,
        "missing.yaml",
    ]));
    assert_eq!(code, 2);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let text = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(text.contains("missing.yaml"), "{text}");
}

#[test]
fn junit_has_a_suite_per_template_and_a_failure_per_finding() {
    let (code, out, _) = run(plimsoll(&[
        "check",
        "--format",
        "junit",
        TYPOS,
        CLEAN,
        "missing.yaml",
    ]));
    assert_eq!(code, 2);
    assert_snapshot!("junit", out);
}

#[test]
fn github_annotations_escape_properties_and_data() {
    let (code, out, _) = run(plimsoll(&["check", "--format", "github", TYPOS, DUPLICATE]));
    assert_eq!(code, 1);
    assert_snapshot!("github", out);
}

#[test]
fn output_goes_to_a_file_when_asked() {
    let dir = scratch(&[]);
    let file = dir.path().join("report.json");
    let (code, out, _) = run(plimsoll(&[
        "check",
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
        TYPOS,
    ]));
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(codes(&report), ["TPL003", "TPL003", "TPL003"]);
}
