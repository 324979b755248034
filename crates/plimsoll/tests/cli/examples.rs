//! The examples the README, docs and browser gallery use: the healthy stack is clean under
//! every rule, and each problem template reports exactly the codes its header promises
//! (`# plimsoll-expect: CODE …`); a promised code the catalog does not have is a mistake.

use crate::support::*;
use std::collections::BTreeSet;

fn catalog_codes() -> BTreeSet<String> {
    let (_, out, _) = run(plimsoll(&["rules", "--format", "json"]));
    let rules: serde_json::Value = serde_json::from_str(&out).unwrap();
    rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

fn expected(path: &std::path::Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("# plimsoll-expect:"))
        .unwrap_or_else(|| panic!("{} has no `# plimsoll-expect:` line", path.display()));
    line.split_whitespace()
        .filter(|c| !c.starts_with('('))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_example_reports_exactly_what_it_promises() {
    let catalog = catalog_codes();
    let mut examples: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    examples.sort();
    assert!(examples.len() >= 6, "{examples:?}");
    for example in examples {
        let name = example.strip_prefix(root()).unwrap().display().to_string();
        let (code, report) = json(plimsoll(&["check", "-f", "json", &name]));
        let found: BTreeSet<String> = codes(&report).into_iter().collect();
        let promised = expected(&example);
        let unknown: Vec<&String> = promised.difference(&catalog).collect();
        assert!(
            unknown.is_empty(),
            "{name} promises codes the catalog does not have: {unknown:?}"
        );
        assert_eq!(found, promised, "{name}");
        assert_eq!(code, i32::from(report["summary"]["errors"] != 0), "{name}");
    }
}

#[test]
fn the_readme_command_prints_findings_for_the_examples_directory() {
    let (code, out, _) = run(plimsoll(&["check", "examples/"]));
    assert_eq!(code, 1);
    assert!(out.contains("error[TPL003]"), "{out}");
    assert!(out.contains("examples/broken-references.yaml"), "{out}");
    assert!(!out.contains("healthy-ecs-service.yaml"), "{out}");
}

/// The runner's own deployment template must pass Plimsoll's own checks, rule packs included.
#[test]
fn the_runner_template_reports_nothing() {
    let path = "crates/plimsoll-runner/template.yaml";
    let (code, report) = json(plimsoll(&["check", "-f", "json", path]));
    assert_eq!(codes(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    assert_eq!(code, 0, "{report:#}");
}

/// The README passes `examples/dev.cfg` to `aws cloudformation deploy --parameter-overrides
/// $(cat dev.cfg)`: the shell splits it into words and the AWS CLI refuses any word without
/// `=` (a comment line's `#` and its words included), so every word must be `Key=Value`.
#[test]
fn the_parameter_file_example_works_with_the_aws_cli_as_the_readme_shows() {
    let text = std::fs::read_to_string(root().join("examples/dev.cfg")).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    assert!(!words.is_empty());
    for word in &words {
        let key = word.split_once('=').map(|(key, _)| key);
        assert!(
            key.is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric())),
            "`{word}` is not a Key=Value word the AWS CLI accepts"
        );
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("--parameter-overrides $(cat dev.cfg)"));
    // And Plimsoll reads it: the commit it gives replaces the template's `latest`.
    let (code, report) = json(plimsoll(&[
        "check",
        "-f",
        "json",
        "--parameters",
        "examples/dev.cfg",
        "examples/mutable-image-tag.yaml",
    ]));
    assert_eq!((code, codes(&report)), (0, Vec::<String>::new()));
}
