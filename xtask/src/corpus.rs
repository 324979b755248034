//! The shared corpus of real templates (over a thousand, not part of the repository) that the
//! `corpus` stage, the benchmarks and the fuzz seeds read when it is there.

use std::path::{Path, PathBuf};

/// `$PLIMSOLL_CORPUS`, or the first `shared/corpus` directory in the checkout's directory or
/// one of its ancestors (a clone beside a `shared/` directory finds it).
pub fn dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLIMSOLL_CORPUS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    crate::workspace::root()
        .ancestors()
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir())
}

/// Whether this run is CI's (`CI` set to anything but empty, `0` or `false`): there a missing
/// corpus is a failure, not a skip.
pub fn in_ci() -> bool {
    is_ci(std::env::var("CI").ok().as_deref())
}

fn is_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false"))
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

#[cfg(test)]
mod tests {
    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        for (value, ci) in [
            (None, false),
            (Some(""), false),
            (Some("0"), false),
            (Some("False"), false),
            (Some("true"), true),
            (Some("1"), true),
        ] {
            assert_eq!(super::is_ci(value), ci, "{value:?}");
        }
    }
}
