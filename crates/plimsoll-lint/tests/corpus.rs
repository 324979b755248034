//! Lints every template of the shared corpus: no panic, the same findings one at a time and in
//! batches, and a count of findings per code, printed for review. The corpus is not part of
//! the repository, so the test is ignored by `cargo test`; the `corpus` stage of
//! `cargo xtask test` runs it (`cargo test -p plimsoll-lint --test corpus -- --ignored
//! --nocapture`), skipped with a message when no corpus is found and a failure in CI.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use plimsoll_lint::{Linter, ParameterValues, Settings};
use std::collections::BTreeMap;
use support::corpus_dir;

#[test]
#[ignore = "needs the shared corpus: run by `cargo xtask test --stage corpus`"]
fn every_corpus_template_lints_without_panicking() {
    let dir = corpus_dir().expect(
        "no corpus: set PLIMSOLL_CORPUS or put it at shared/corpus beside the checkout or above it",
    );
    let files = support::templates_under(&dir);
    assert!(
        files.len() > 1000,
        "expected the whole corpus, found {}",
        files.len()
    );
    let linter = Linter::new(Settings::default());
    let none = ParameterValues::new();
    let sources: Vec<String> = files
        .iter()
        .map(|file| String::from_utf8_lossy(&std::fs::read(file).expect("readable")).into_owned())
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    // Batches as the CLI makes them: guard runs once per batch, and nothing may change.
    for (batch, chunk) in sources.chunks(16).enumerate() {
        let inputs: Vec<(&str, &ParameterValues)> =
            chunk.iter().map(|s| (s.as_str(), &none)).collect();
        let together = linter.lint_many(&inputs);
        for (i, (source, diagnostics)) in chunk.iter().zip(together).enumerate() {
            let file = &files[batch * 16 + i];
            assert_eq!(
                diagnostics,
                linter.lint(source, &none),
                "{}: findings differ in a batch",
                file.display()
            );
            for diagnostic in diagnostics {
                *counts.entry(diagnostic.code.into_owned()).or_default() += 1;
            }
        }
    }
    println!("{} templates linted; findings per code:", files.len());
    for (code, count) in &counts {
        println!("  {code}: {count}");
    }
}
