//! Finding files on disk: the one walker and the one corpus finder of this crate's tests,
//! benches and examples (those without `tests/support` include this file by `#[path]`).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The extensions a template file may have (as the CLI's directory search reads them).
pub const TEMPLATE_EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "template"];

/// `path` itself when it is a file with one of `extensions`, else every such file below it
/// (recursively), sorted. Unreadable directories are passed over.
pub fn files_under(path: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let wanted = |path: &Path| {
        path.extension()
            .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
    };
    let mut out = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                pending.push(entry.path());
            }
        } else if wanted(&path) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every template file at or below `path` ([`TEMPLATE_EXTENSIONS`]), sorted.
pub fn templates_under(path: &Path) -> Vec<PathBuf> {
    files_under(path, &TEMPLATE_EXTENSIONS)
}

/// `$PLIMSOLL_CORPUS`, or the first `shared/corpus` directory in the checkout's directory or
/// one of its ancestors.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLIMSOLL_CORPUS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir())
}
