//! A file's real path (symbolic links and `..` resolved): what makes two names one file, and
//! what keeps the files a `plimsoll.toml` names inside its directory. The standard library for
//! WASI (where the npm package's `plimsoll` bin runs this CLI) has no `canonicalize`, so there
//! the path is resolved link by link, as the kernel does.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Links followed before giving up, as Linux does (`ELOOP` after 40).
const MAX_LINKS: usize = 40;

/// The real, absolute path of an existing file; an error when it is missing or a link loops.
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    #[cfg(not(target_os = "wasi"))]
    return path.canonicalize();
    #[cfg(target_os = "wasi")]
    return resolve_links(path);
}

/// [`real_path`] from `symlink_metadata` and `read_link` alone: each component in turn, a link
/// replaced by its target (relative to the link's directory), `..` taken after the links
/// before it are resolved.
#[cfg_attr(not(target_os = "wasi"), allow(dead_code))]
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::env::current_dir()?.join(path);
    let mut todo: Vec<PathBuf> = Vec::new();
    push_components(&mut todo, &absolute);
    let mut real = PathBuf::from("/");
    let mut links = 0;
    while let Some(part) = todo.pop() {
        match part.components().next() {
            Some(Component::RootDir) => real = PathBuf::from("/"),
            Some(Component::ParentDir) => {
                if !std::fs::metadata(&real)?.is_dir() {
                    return Err(io::ErrorKind::NotADirectory.into());
                }
                real.pop();
            }
            Some(Component::Normal(name)) => {
                let next = real.join(name);
                if std::fs::symlink_metadata(&next)?.file_type().is_symlink() {
                    links += 1;
                    if links > MAX_LINKS {
                        return Err(io::Error::other("too many levels of symbolic links"));
                    }
                    push_components(&mut todo, &std::fs::read_link(&next)?);
                } else {
                    real = next;
                }
            }
            Some(Component::CurDir | Component::Prefix(_)) | None => {}
        }
    }
    Ok(real)
}

/// Puts `path`'s components on the stack so that its first is popped first.
fn push_components(todo: &mut Vec<PathBuf>, path: &Path) {
    todo.extend(
        path.components()
            .rev()
            .map(|c| PathBuf::from(c.as_os_str())),
    );
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// Resolving link by link agrees with the kernel (`canonicalize`) on every kind of name.
    #[test]
    fn agrees_with_the_kernel() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("repo/stacks")).unwrap();
        std::fs::create_dir_all(root.join("elsewhere")).unwrap();
        std::fs::write(root.join("repo/stacks/a.yaml"), "").unwrap();
        std::fs::write(root.join("elsewhere/secret"), "").unwrap();
        symlink("stacks/a.yaml", root.join("repo/relative")).unwrap();
        symlink(root.join("elsewhere/secret"), root.join("repo/absolute")).unwrap();
        symlink("../elsewhere", root.join("repo/up")).unwrap();
        symlink("up/../repo/stacks", root.join("repo/through")).unwrap();
        symlink("chain1", root.join("repo/chain0")).unwrap();
        symlink("relative", root.join("repo/chain1")).unwrap();
        symlink("loop", root.join("repo/loop")).unwrap();
        symlink("missing", root.join("repo/dangling")).unwrap();
        for name in [
            "repo/stacks/a.yaml",
            "repo/./stacks/../stacks/a.yaml",
            "repo/relative",
            "repo/absolute",
            "repo/up/secret",
            "repo/up/../repo/stacks/a.yaml",
            "repo/through/a.yaml",
            "repo/chain0",
            "repo",
        ] {
            let path = root.join(name);
            assert_eq!(
                resolve_links(&path).unwrap(),
                path.canonicalize().unwrap(),
                "{name}"
            );
        }
        for name in [
            "repo/loop",
            "repo/dangling",
            "repo/missing",
            "repo/stacks/a.yaml/x",
            "repo/stacks/a.yaml/..",
        ] {
            let path = root.join(name);
            assert!(path.canonicalize().is_err(), "{name}");
            assert!(resolve_links(&path).is_err(), "{name}");
        }
    }
}
