//! Every crate of the workspace packages on its own: no source file embeds or includes a file
//! from outside its crate (`cargo package` would fail to build it). The guard packs users read
//! under `rules/` are embedded from the crate's copy in `packs/` (see `registry.rs`).

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use std::path::{Component, Path, PathBuf};

/// The paths a source file names in `include_str!`, `include_bytes!`, `include!` and
/// `#[path = …]`.
fn included_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for macro_name in [
        "include_str!(\"",
        "include_bytes!(\"",
        "include!(\"",
        "#[path = \"",
    ] {
        for (at, _) in text.match_indices(macro_name) {
            let rest = &text[at + macro_name.len()..];
            if let Some((path, _)) = rest.split_once('"') {
                out.push(path.to_owned());
            }
        }
    }
    out
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn no_crate_includes_a_file_from_outside_itself() {
    let workspace = normalize(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."));
    let crates: Vec<PathBuf> = std::fs::read_dir(workspace.join("crates"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    assert!(crates.len() >= 4, "{crates:?}");
    let mut checked = 0;
    for crate_dir in crates {
        for file in support::files_under(&crate_dir, &["rs"]) {
            let text = std::fs::read_to_string(&file).unwrap();
            for included in included_paths(&text) {
                let resolved = normalize(&file.parent().unwrap().join(&included));
                assert!(
                    resolved.starts_with(&crate_dir),
                    "{} includes `{included}`, outside {}: the crate would not package",
                    file.display(),
                    crate_dir.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no include found: the scan is broken");
}
