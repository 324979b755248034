//! Every range is exact: in every template the repository holds (rule fixtures, the third-party
//! stacks the tests use, the examples), each scalar's and key's span, read on its own, is that
//! scalar or key — no trailing comment, no missing quote. The `corpus` stage runs the same
//! check over the shared corpus (`plimsoll-lint/tests/corpus.rs`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_template::{parse, range_mismatches};
use std::path::{Path, PathBuf};

fn templates(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            templates(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json" | "template")
        ) {
            out.push(path);
        }
    }
}

/// The inexact ranges in `files`, one line each, and how many files parsed completely (the
/// others are templates of syntax errors, whose trees stop early).
fn inexact_ranges(files: &[PathBuf]) -> (usize, Vec<String>) {
    let (mut checked, mut wrong) = (0, Vec::new());
    for file in files {
        let source = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let parsed = parse(&source);
        if !parsed.is_complete() {
            continue;
        }
        checked += 1;
        for mismatch in range_mismatches(&parsed.document, &source) {
            wrong.push(format!(
                "{}: {} {:?} holds {}",
                file.display(),
                mismatch.path,
                mismatch.text,
                mismatch.expected
            ));
        }
    }
    (checked, wrong)
}

#[test]
fn every_range_in_the_repositorys_templates_is_exactly_its_value() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/plimsoll-lint/tests",
        "crates/plimsoll/tests",
        "examples",
        "rules/tests",
    ] {
        templates(&root.join(dir), &mut files);
    }
    assert!(
        files.len() > 100,
        "expected the fixtures, found {}",
        files.len()
    );
    let (_, wrong) = inexact_ranges(&files);
    assert!(
        wrong.is_empty(),
        "{} inexact ranges:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_quoted_scalar_before_a_comment_ends_at_its_quote() {
    let source =
        "Action:\n  - 'ssmmessages:*' # why\n  - \"logs:*\"   # and why\nKey: 'it''s' # c\n";
    let parsed = parse(source);
    assert!(range_mismatches(&parsed.document, source).is_empty());
    let root = parsed.document.root().unwrap();
    let first = root.get("Action").unwrap().at(0).unwrap();
    assert_eq!(first.span().text(source), "'ssmmessages:*'");
    assert_eq!(root.get("Key").unwrap().span().text(source), "'it''s'");
}

#[test]
#[ignore = "needs the shared corpus: run by `cargo xtask test --stage corpus`"]
fn every_range_in_the_shared_corpus_is_exactly_its_value() {
    let dir = std::env::var_os("PLIMSOLL_CORPUS").expect("the corpus stage sets PLIMSOLL_CORPUS");
    let mut files = Vec::new();
    templates(Path::new(&dir), &mut files);
    assert!(
        files.len() > 1000,
        "expected the whole corpus, found {}",
        files.len()
    );
    let (checked, wrong) = inexact_ranges(&files);
    println!(
        "ranges: {checked} complete templates of {} checked",
        files.len()
    );
    assert!(
        wrong.is_empty(),
        "{} inexact ranges:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
