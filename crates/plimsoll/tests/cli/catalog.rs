//! `plimsoll rules`, `plimsoll explain` and `plimsoll --version`.

use crate::support::*;
use insta::assert_snapshot;

/// A row of `plimsoll rules`: code, name, severity and kind (about 65 columns), and a summary
/// of at most 100 characters.
const MAX_ROW_CHARS: usize = 170;

#[test]
fn rules_lists_the_catalog_as_a_table() {
    let (code, out, _) = run(plimsoll(&["rules"]));
    assert_eq!(code, 0);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    for column in ["CODE", "NAME", "SEVERITY", "KIND", "SUMMARY"] {
        assert!(header.contains(column), "{header}");
    }
    let tpl003 = out.lines().find(|l| l.starts_with("TPL003")).unwrap();
    assert!(
        tpl003.contains("unresolved-reference") && tpl003.contains("error"),
        "{tpl003}"
    );
}

#[test]
fn rules_summarises_each_rule_in_one_short_line() {
    let (code, out, _) = run(plimsoll(&["rules"]));
    assert_eq!(code, 0);
    for line in out.lines() {
        assert!(line.chars().count() <= MAX_ROW_CHARS, "{line}");
    }
    let ecs001 = out.lines().find(|l| l.starts_with("ECS001")).unwrap();
    assert!(
        ecs001.ends_with("Reports an ECS service whose rolling deployment can never progress."),
        "{ecs001}"
    );
    assert_snapshot!("rules", out);
}

#[test]
fn rules_as_json_has_every_field() {
    let (code, out, _) = run(plimsoll(&["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 4);
    for rule in rules {
        for key in ["code", "name", "severity", "kind", "summary", "help_uri"] {
            assert!(
                rule[key].as_str().is_some_and(|v| !v.is_empty()),
                "{key} in {rule}"
            );
        }
    }
    let codes: Vec<&str> = rules.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
}

#[test]
fn explain_prints_the_rule_page_by_code_or_name() {
    let (code, out, _) = run(plimsoll(&["explain", "tpl003"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "# TPL003 unresolved-reference\n\nDefault severity: **error** · Rust rule\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n## What it does\n") && out.contains("\n## Why is this bad?\n"),
        "{out}"
    );
    let (_, guard, _) = run(plimsoll(&["explain", "ECS005"]));
    assert!(
        guard.starts_with("# ECS005 ") && guard.contains("cfn-guard rule"),
        "{guard}"
    );
    let (_, by_name, _) = run(plimsoll(&["explain", "unresolved-reference"]));
    assert_eq!(by_name, out);
}

#[test]
fn explain_of_an_unknown_code_exits_2_with_suggestions() {
    let (code, out, err) = run(plimsoll(&["explain", "TPL03"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("unknown rule `TPL03`") && err.contains("did you mean TPL00"),
        "{err}"
    );
}

#[test]
fn version_names_the_package_version() {
    let (code, out, _) = run(plimsoll(&["--version"]));
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("plimsoll {}", env!("CARGO_PKG_VERSION"))
    );
}
