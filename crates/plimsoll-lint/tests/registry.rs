//! The catalog's own rules: every rule has a unique code, a kebab-case name, docs in the fixed
//! sections whose examples behave as they say, and fixtures.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use plimsoll_lint::catalog;
use std::collections::HashSet;
use std::path::Path;

const SECTIONS: [&str; 4] = ["What it does", "Why is this bad?", "Example", "Use instead"];

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = HashSet::new();
    for rule in catalog() {
        assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
        let (prefix, digits) = rule.code.split_at(3);
        assert!(
            ["ECS", "CFR", "IAM", "SCH", "TPL"].contains(&prefix)
                && digits.len() == 3
                && digits.bytes().all(|b| b.is_ascii_digit()),
            "bad code {}",
            rule.code
        );
    }
    let names: HashSet<_> = catalog().iter().map(|r| r.name).collect();
    assert_eq!(names.len(), catalog().len(), "rule names must be unique");
}

#[test]
fn names_are_kebab_case() {
    for rule in catalog() {
        let ok = !rule.name.is_empty()
            && !rule.name.starts_with('-')
            && !rule.name.ends_with('-')
            && !rule.name.contains("--")
            && rule
                .name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        assert!(ok, "{}: name `{}` is not kebab-case", rule.code, rule.name);
    }
}

#[test]
fn docs_have_the_fixed_sections_in_order() {
    for rule in catalog() {
        let markdown = rule.markdown();
        let mut at = 0;
        for section in SECTIONS {
            let heading = format!("### {section}\n");
            let found = markdown[at..].find(&heading);
            assert!(
                found.is_some(),
                "{}: missing or misplaced `{heading}`",
                rule.code
            );
            at += found.unwrap_or(0) + heading.len();
        }
        assert!(!rule.summary().is_empty(), "{}: empty summary", rule.code);
    }
}

#[test]
fn doc_examples_behave_as_documented() {
    for rule in catalog() {
        let bad = rule
            .example("Example")
            .unwrap_or_else(|| panic!("{}: no Example code", rule.code));
        let good = rule
            .example("Use instead")
            .unwrap_or_else(|| panic!("{}: no Use instead code", rule.code));
        let found = support::lint_only(rule.code, &bad, &support::parameters_in(&bad));
        assert!(
            found.iter().any(|d| d.code == rule.code),
            "{}: Example gives no finding",
            rule.code
        );
        let found = support::lint_only(rule.code, &good, &support::parameters_in(&good));
        assert!(
            !found.iter().any(|d| d.code == rule.code),
            "{}: Use instead gives {found:?}",
            rule.code
        );
    }
}

#[test]
fn every_rule_has_good_and_bad_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in catalog() {
        let dir = root.join(rule.code);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{}: no fixture directory {}", rule.code, dir.display()))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("bad")),
            "{}: no bad fixture",
            rule.code
        );
        assert!(
            names.iter().any(|n| n.starts_with("good")),
            "{}: no good fixture",
            rule.code
        );
    }
}

/// The `code:` of every `declare_rule!` under `src/rules/`, read from the source.
fn declared_codes() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut codes = Vec::new();
    for file in support::files_under(&root, &["rs"]) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (_, after) in text
            .match_indices("declare_rule! {")
            .map(|(at, _)| text.split_at(at))
        {
            let code = after
                .split_once("code: \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(code, _)| code.to_owned())
                .unwrap_or_else(|| panic!("{}: declare_rule! without a code", file.display()));
            codes.push(code);
        }
    }
    codes
}

#[test]
fn every_declared_rule_is_in_the_catalog() {
    let declared = declared_codes();
    assert!(declared.len() > 10, "found only {declared:?}");
    for code in declared {
        let meta = plimsoll_lint::lookup(&code);
        assert!(
            meta.is_some_and(|m| m.kind == plimsoll_lint::RuleKind::Rust),
            "{code} is declared under src/rules but is not a Rust rule of the catalog"
        );
    }
}

#[test]
fn only_the_registry_reaches_into_rules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in support::files_under(&src, &["rs"]) {
        let relative = file.strip_prefix(&src).unwrap();
        if relative.starts_with("rules") || relative == Path::new("registry.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for needle in ["crate::rules", "super::rules", " rules::"] {
            assert!(
                !text.contains(needle),
                "{} reaches into rules/ (`{needle}`): read it through the registry or the model",
                relative.display()
            );
        }
    }
}

/// The `.guard` files of a directory, by name.
fn guard_files(dir: &Path) -> Vec<(String, String)> {
    support::files_under(dir, &["guard"])
        .into_iter()
        .filter(|path| path.parent() == Some(dir))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn the_embedded_packs_are_the_packs_under_rules() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let top = guard_files(&crate_dir.join("../../rules"));
    let embedded = guard_files(&crate_dir.join("packs"));
    assert!(!top.is_empty(), "no packs under rules/");
    let names = |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&embedded),
        names(&top),
        "crates/plimsoll-lint/packs/ must hold exactly the packs of rules/"
    );
    for ((name, embedded), (_, top)) in embedded.iter().zip(&top) {
        assert!(
            embedded == top,
            "crates/plimsoll-lint/packs/{name} differs from rules/{name}: \
             cp rules/{name} crates/plimsoll-lint/packs/{name}"
        );
    }
}
