//! Templates the AWS CDK synthesized (`examples/cdk/cdk.out`): the cloud assembly is walked as
//! CDK users run it, findings carry the construct path, and findings on the resources the
//! framework generates are reported only when asked.

use crate::support::*;
use std::collections::BTreeSet;

const ASSEMBLY: &str = "examples/cdk/cdk.out";

/// The (code, resource) of each finding, from its JSON pointer.
fn on_resources(report: &serde_json::Value) -> BTreeSet<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            let resource = path.split('/').nth(2).unwrap_or_default().to_owned();
            (d["code"].as_str().unwrap().to_owned(), resource)
        })
        .collect()
}

#[test]
fn the_assembly_is_checked_as_its_stack_templates_alone() {
    let (_, report) = json(plimsoll(&["check", "-f", "json", ASSEMBLY]));
    let checked: BTreeSet<String> = files(&report).into_iter().collect();
    assert_eq!(
        checked,
        BTreeSet::from([format!("{ASSEMBLY}/WebStack.template.json")])
    );
    assert_eq!(report["summary"]["files"], 1, "{report:#}");
}

#[test]
fn every_finding_names_its_construct_and_the_frameworks_resources_are_left_out() {
    let (code, report) = json(plimsoll(&["check", "-f", "json", ASSEMBLY]));
    assert_eq!(code, 1, "{report:#}");
    for d in report["diagnostics"].as_array().unwrap() {
        let cdk_path = d["cdkPath"].as_str().unwrap_or_else(|| panic!("{d:#}"));
        assert!(cdk_path.starts_with("WebStack/"), "{d:#}");
    }
    let found = on_resources(&report);
    assert!(
        found.contains(&("ECS001".into(), "WebServiceD04B5F3E".into())),
        "{found:?}"
    );
    // The user's own custom resource is reported; the framework's are not.
    assert!(
        found.contains(&("CFR005".into(), "RunMigration".into())),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(_, r)| r.contains("AutoDeleteObjects") || r.contains("RestrictDefault")),
        "{found:?}"
    );
}

#[test]
fn the_flag_and_the_config_key_report_the_frameworks_resources_too() {
    let (_, hidden) = json(plimsoll(&["check", "-f", "json", ASSEMBLY]));
    let (_, flagged) = json(plimsoll(&[
        "check",
        "-f",
        "json",
        "--cdk-internals",
        ASSEMBLY,
    ]));
    let extra: BTreeSet<_> = on_resources(&flagged)
        .difference(&on_resources(&hidden))
        .cloned()
        .collect();
    assert_eq!(
        extra,
        BTreeSet::from([
            (
                "CFR005".into(),
                "UploadsAutoDeleteObjectsCustomResource9FEBEEBB".into()
            ),
            (
                "CFR005".into(),
                "VpcRestrictDefaultSecurityGroupCustomResourceC73DA2BE".into()
            ),
        ])
    );

    let template =
        std::fs::read_to_string(root().join(ASSEMBLY).join("WebStack.template.json")).unwrap();
    let dir = scratch(&[
        ("plimsoll.toml", "cdk-internals = true\n"),
        ("WebStack.template.json", &template),
    ]);
    let (_, configured) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "WebStack.template.json"],
    ));
    assert_eq!(on_resources(&configured), on_resources(&flagged));
}

#[test]
fn text_and_sarif_name_the_construct() {
    let (_, text, _) = run(plimsoll(&["check", "--color", "never", ASSEMBLY]));
    assert!(
        text.contains("= note: CDK construct WebStack/Web/Service/Service"),
        "{text}"
    );
    let (_, sarif, _) = run(plimsoll(&["check", "-f", "sarif", ASSEMBLY]));
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let logical = &result["locations"][0]["logicalLocations"];
        assert_eq!(logical[1]["kind"], "resource", "{result:#}");
        assert!(
            logical[1]["fullyQualifiedName"]
                .as_str()
                .unwrap()
                .starts_with("WebStack/"),
            "{result:#}"
        );
    }
}
