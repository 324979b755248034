//! Where built binaries and the test tools live: outside the repository, so nothing installed
//! is ever committed and a fresh clone reuses what the machine already has.
//!
//! Every tool a stage runs is installed by `cargo xtask setup` into [`tools_dir`] (or
//! `web/node_modules`), at a pinned version, and is run from there: by absolute path, and for
//! the programs those tools start themselves, through [`search_path`], which puts the tools'
//! directories first. Only cargo/rustup, node/npm, python3, git and apt come from the machine.

use crate::workspace;
use std::ffi::OsString;
use std::path::PathBuf;

/// The nightly toolchain `cargo fuzz` builds with (`-Z` flags for coverage instrumentation).
pub const NIGHTLY: &str = "nightly-2026-05-19";
/// The cargo-fuzz release setup installs.
pub const CARGO_FUZZ_VERSION: &str = "0.13.1";
/// The Python tools (pre-commit, jsonschema, cargo-lambda, moto) with every dependency pinned.
pub const PYTHON_REQUIREMENTS: &str = "xtask/python-requirements.txt";

/// `$PLIMSOLL_TOOLS_DIR`, or `$HOME/.cache/plimsoll/tools`: every tool setup installs.
pub fn tools_dir() -> PathBuf {
    tools_dir_from(
        std::env::var_os("PLIMSOLL_TOOLS_DIR"),
        std::env::var_os("HOME"),
    )
}

fn tools_dir_from(overridden: Option<OsString>, home: Option<OsString>) -> PathBuf {
    if let Some(dir) = overridden.filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = home.map_or_else(std::env::temp_dir, PathBuf::from);
    home.join(".cache/plimsoll/tools")
}

/// The `wasm-bindgen` crate version in Cargo.lock, which the CLI must match exactly.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(workspace::root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    locked_version(&lock, "wasm-bindgen").ok_or_else(|| "wasm-bindgen is not in Cargo.lock".into())
}

/// The version of `package` in the text of a Cargo.lock.
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == name
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
        {
            return Some(version.trim_matches('"').to_owned());
        }
    }
    None
}

/// The install root of the wasm-bindgen CLI: one per version, so a bump installs beside it.
pub fn wasm_bindgen_root() -> Result<PathBuf, String> {
    Ok(tools_dir().join(format!("wasm-bindgen-{}", wasm_bindgen_version()?)))
}

/// A program of the wasm-bindgen CLI (`wasm-bindgen`, `wasm-bindgen-test-runner`).
pub fn wasm_bindgen_bin(name: &str) -> Result<PathBuf, String> {
    Ok(wasm_bindgen_root()?.join("bin").join(name))
}

/// The install root of cargo-fuzz.
pub fn cargo_fuzz_root() -> PathBuf {
    tools_dir().join(format!("cargo-fuzz-{CARGO_FUZZ_VERSION}"))
}

/// The project's Python virtual environment.
pub fn venv() -> PathBuf {
    tools_dir().join("venv")
}

/// A program installed in the virtual environment (`python`, `pre-commit`, `moto_server`, …).
pub fn venv_bin(name: &str) -> PathBuf {
    venv().join("bin").join(name)
}

/// The directories of the installed tools, searched before the machine's `PATH`.
pub fn bin_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    dirs.extend(wasm_bindgen_root().ok().map(|r| r.join("bin")));
    dirs.push(cargo_fuzz_root().join("bin"));
    dirs.push(venv().join("bin"));
    dirs.push(workspace::root().join("web/node_modules/.bin"));
    dirs
}

/// `PATH` for the commands xtask starts: the installed tools first, then the machine's.
pub fn search_path() -> OsString {
    path_with(&bin_dirs(), &std::env::var_os("PATH").unwrap_or_default())
}

fn path_with(first: &[PathBuf], machine: &OsString) -> OsString {
    let dirs = first
        .iter()
        .cloned()
        .chain(std::env::split_paths(machine).filter(|d| !first.contains(d)));
    std::env::join_paths(dirs).unwrap_or_else(|_| machine.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tools_directory_can_be_moved() {
        let home = Some(OsString::from("/home/u"));
        assert_eq!(
            tools_dir_from(None, home.clone()),
            PathBuf::from("/home/u/.cache/plimsoll/tools")
        );
        assert_eq!(
            tools_dir_from(Some("/tmp/empty".into()), home.clone()),
            PathBuf::from("/tmp/empty")
        );
        assert_eq!(
            tools_dir_from(Some(OsString::new()), home),
            PathBuf::from("/home/u/.cache/plimsoll/tools")
        );
    }

    #[test]
    fn installed_tools_come_before_the_machines() {
        let tools = [PathBuf::from("/t/venv/bin"), PathBuf::from("/t/fuzz/bin")];
        let path = path_with(&tools, &OsString::from("/usr/bin:/t/venv/bin:/bin"));
        assert_eq!(
            path,
            OsString::from("/t/venv/bin:/t/fuzz/bin:/usr/bin:/bin")
        );
    }

    #[test]
    fn the_cli_version_is_read_from_the_lock_file() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "wasm-bindgen-cli"), None);
        // The workspace's own lock file has it.
        assert!(wasm_bindgen_version().is_ok_and(|v| v.starts_with("0.2.")));
    }

    #[test]
    fn the_docs_name_the_pins_the_code_uses() {
        for doc in ["fuzz/README.md", "docs/toolchain.md"] {
            let text =
                std::fs::read_to_string(crate::workspace::root().join(doc)).unwrap_or_default();
            assert!(text.contains(NIGHTLY), "{doc} should name {NIGHTLY}");
            assert!(
                !text.contains("+nightly "),
                "{doc} should use the pinned nightly, not `+nightly`"
            );
        }
        let toolchain = std::fs::read_to_string(crate::workspace::root().join("docs/toolchain.md"))
            .unwrap_or_default();
        assert!(toolchain.contains(CARGO_FUZZ_VERSION));
    }
}
