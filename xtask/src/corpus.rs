//! The shared corpus of real templates the benchmarks, fuzz seeds and browser tests read.

use std::path::{Path, PathBuf};

/// `$PLIMSOLL_CORPUS`, or a `shared/corpus` directory beside the checkout or above it.
pub fn dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLIMSOLL_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    crate::cmd::root()
        .ancestors()
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir())
}

/// Every file with a template extension (`.yaml`, `.yml`, `.json`, `.template`) under `dir`,
/// sorted.
pub fn templates(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json" | "template")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
