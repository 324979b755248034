//! Lexical path handling shared by the config, parameter globs and printers.

use std::path::{Component, Path, PathBuf};

/// Removes `.` and resolves `..` lexically (without touching the filesystem), so that
/// `./x/../stacks/a.yml` and `stacks/a.yml` compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` when it lies under it (both made absolute against `cwd`).
pub fn relative_to(path: &Path, base: &Path, cwd: &Path) -> Option<PathBuf> {
    let absolute = normalize(&cwd.join(path));
    absolute
        .strip_prefix(normalize(&cwd.join(base)))
        .ok()
        .map(Path::to_path_buf)
}

/// The path as the user wrote it, with `/` separators and no leading `./`.
pub fn display_name(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut name = text.as_str();
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_lexically() {
        assert_eq!(normalize(Path::new("./a/../b/./c")), PathBuf::from("b/c"));
        assert_eq!(normalize(Path::new("../a")), PathBuf::from("../a"));
        assert_eq!(normalize(Path::new("/r/a/..")), PathBuf::from("/r"));
    }

    #[test]
    fn relative_paths_under_a_base() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            relative_to(Path::new("../stacks/a.yml"), Path::new("/repo"), cwd),
            Some(PathBuf::from("stacks/a.yml"))
        );
        assert_eq!(
            relative_to(Path::new("/elsewhere/a.yml"), Path::new("/repo"), cwd),
            None
        );
    }

    #[test]
    fn names_drop_leading_dot_slash() {
        assert_eq!(display_name(Path::new("./a/b.yaml")), "a/b.yaml");
        assert_eq!(display_name(Path::new("../b.yaml")), "../b.yaml");
    }
}
