//! Where the repository and the build outputs are, and the scratch directories stages use.

use crate::process;
use std::path::{Path, PathBuf};

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The cargo target directory (`CARGO_TARGET_DIR`, or `target/` in the repository).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// A fresh, empty scratch directory for one stage, under the target directory.
pub fn scratch(name: &str) -> Result<PathBuf, String> {
    let dir = target_dir().join("xtask").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Builds the `plimsoll` binary (`release` or the dev profile) and returns its path.
pub fn plimsoll(release: bool) -> Result<PathBuf, String> {
    if !release && crate::linted_build::is_on() {
        // The test run's linted build already made it (a no-op unless sources changed since).
        crate::linted_build::cargo(&crate::linted_build::WORKSPACE, "the linted build")?;
        return Ok(target_dir().join("debug").join("plimsoll"));
    }
    let mut args = vec![
        "build",
        "--quiet",
        "--package",
        "plimsoll",
        "--bin",
        "plimsoll",
    ];
    if release {
        args.push("--release");
    }
    process::run("cargo", &args)?;
    Ok(target_dir()
        .join(if release { "release" } else { "debug" })
        .join("plimsoll"))
}

/// `[workspace.package] version` from the root Cargo.toml: every crate's and package's version.
pub fn version() -> Result<String, String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    manifest
        .split("[workspace.package]")
        .nth(1)
        .ok_or("no [workspace.package] in Cargo.toml")?
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.trim().strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .ok_or_else(|| "no version in [workspace.package]".into())
}
