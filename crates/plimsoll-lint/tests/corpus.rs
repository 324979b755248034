//! Lints every template of the shared corpus (when it is present): no panic, and a count of
//! findings per code, printed for review (`cargo test -p plimsoll-lint --test corpus -- --nocapture`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use plimsoll_lint::Settings;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::corpus_dir;

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

#[test]
fn every_corpus_template_lints_without_panicking() {
    let Some(dir) = corpus_dir() else {
        eprintln!("corpus not found; set PLIMSOLL_CORPUS to run this test");
        return;
    };
    let mut files = Vec::new();
    templates(&dir, &mut files);
    files.sort();
    assert!(
        files.len() > 1000,
        "expected the whole corpus, found {}",
        files.len()
    );
    let settings = Settings::default();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("readable corpus file");
        let source = String::from_utf8_lossy(&bytes);
        for diagnostic in plimsoll_lint::lint(&source, &settings) {
            *counts.entry(diagnostic.code.into_owned()).or_default() += 1;
        }
    }
    println!("{} templates linted; findings per code:", files.len());
    for (code, count) in &counts {
        println!("  {code}: {count}");
    }
}
