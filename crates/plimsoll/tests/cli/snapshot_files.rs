//! Every snapshot under `tests/cli/snapshots/` belongs to an `assert_snapshot!("name", …)` of
//! the module its file name gives (`cli__<module>__<name>.snap`): a renamed or deleted test
//! leaves no stale snapshot behind.

use crate::support::*;
use std::collections::BTreeSet;

/// The snapshot files the test modules can write: `cli__<module>__<name>.snap` for each
/// `assert_snapshot!("<name>"` in `<module>.rs`.
fn expected() -> BTreeSet<String> {
    let dir = root().join("crates/plimsoll/tests/cli");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (at, needle) in text.match_indices("assert_snapshot!(\"") {
            let rest = &text[at + needle.len()..];
            if let Some((name, _)) = rest.split_once('"') {
                names.insert(format!("cli__{module}__{name}.snap"));
            }
        }
    }
    names
}

#[test]
fn every_snapshot_belongs_to_a_test() {
    let expected = expected();
    assert!(expected.len() >= 5, "{expected:?}");
    let dir = root().join("crates/plimsoll/tests/cli/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap") && !expected.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots no test writes (delete them or restore the test): {orphans:?}"
    );
}
