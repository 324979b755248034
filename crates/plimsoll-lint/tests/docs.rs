//! `docs/rules/` holds exactly the pages the rules' docs render to. Regenerate them with
//! `cargo xtask docs`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::{catalog, docs};
use std::path::Path;

#[test]
fn rule_pages_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let rules = catalog();
    let mut stale = Vec::new();
    let mut expected = vec!["README.md".to_owned()];
    if std::fs::read_to_string(dir.join("README.md")).ok() != Some(docs::index_page(&rules)) {
        stale.push("README.md".to_owned());
    }
    for rule in &rules {
        let name = docs::page_name(rule);
        if std::fs::read_to_string(dir.join(&name)).ok() != Some(docs::rule_page(rule)) {
            stale.push(name.clone());
        }
        expected.push(name);
    }
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected.contains(&name) {
            stale.push(format!("{name} (no such rule)"));
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale ({stale:?}); run `cargo xtask docs`"
    );
}
