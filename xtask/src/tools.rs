//! Where built binaries and downloaded test tools live: outside the repository, so nothing
//! installed is ever committed and a fresh clone reuses what the machine already has.

use crate::cmd;
use std::path::PathBuf;
use std::process::Command;

/// The cargo target directory (`CARGO_TARGET_DIR`, or `target/` in the repository).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| cmd::root().join("target"))
}

/// `$HOME/.cache/plimsoll/tools`: tools the tests install (the SARIF validator, cfn-guard).
pub fn tools_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, PathBuf::from);
    home.join(".cache/plimsoll/tools")
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
    cmd::run("cargo", &args)?;
    Ok(target_dir()
        .join(if release { "release" } else { "debug" })
        .join("plimsoll"))
}

/// Runs a command and returns (exit code, stdout + stderr), failing only if it cannot start.
pub fn capture(command: &mut Command) -> Result<(i32, String), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Ok((output.status.code().unwrap_or(-1), text))
}
