//! Every rule's fixtures: `fixtures/<CODE>/bad-*.{yaml,json}` must give at least one finding of
//! that code and `good-*` none. The findings of each fixture are kept as a snapshot, and a
//! snapshot without its fixture fails the test. A `<fixture>.params` file beside a fixture
//! holds parameter overrides as `Key=Value` lines.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root)
        .expect("fixtures directory")
        .flatten()
    {
        let code = dir.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(dir.path())
            .expect("rule fixtures")
            .flatten()
        {
            let path = file.path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push((code.clone(), path));
            }
        }
    }
    out.sort();
    out
}

fn snapshot_name(code: &str, path: &Path) -> String {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    format!("{code}__{stem}")
}

#[test]
fn fixtures_give_the_expected_findings() {
    let fixtures = fixtures();
    assert!(!fixtures.is_empty());
    for (code, path) in &fixtures {
        let source = std::fs::read_to_string(path).expect("fixture text");
        let parameters = support::parameters_beside(path);
        let diagnostics = support::lint_only(code, &source, &parameters);
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let of_code = diagnostics
            .iter()
            .filter(|d| d.code == code.as_str())
            .count();
        if stem.starts_with("bad") {
            assert!(of_code > 0, "{} should give {code}", path.display());
        } else if stem.starts_with("good") {
            assert_eq!(of_code, 0, "{} should not give {code}", path.display());
        } else {
            panic!("{}: fixture names start with bad or good", path.display());
        }
        let rendered = support::render(&source, &diagnostics);
        insta::with_settings!({
            snapshot_path => "snapshots",
            prepend_module_to_snapshot => false,
            description => path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string(),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(snapshot_name(code, path), rendered);
        });
    }
}

#[test]
fn every_snapshot_has_its_fixture() {
    let expected: Vec<String> = fixtures()
        .iter()
        .map(|(code, path)| format!("{}.snap", snapshot_name(code, path)))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let orphans: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap") && name.contains("__"))
        .filter(|name| !expected.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}
