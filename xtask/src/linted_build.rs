//! Builds that run clippy's lints while they compile.
//!
//! `cargo clippy` checks every dependency once more in check mode before the tests build them
//! for real: on a cold cache that second pass over the dependencies cost minutes. Here the
//! workspace's own crates are compiled by `clippy-driver` (cargo's `RUSTC_WORKSPACE_WRAPPER`,
//! which is how `cargo clippy` itself works), so one build both lints them with `-D warnings`
//! and produces the test binaries. Dependencies are built by plain rustc, as any build has them.

use crate::process;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the builds xtask makes for other purposes (the wasm modules, the CLI the SARIF stage
/// runs) lint as they compile: the test run turns it on, so those builds reuse or share the
/// linted artifacts instead of compiling the workspace a second way, and the wasm32 crates
/// need no clippy pass of their own.
static ON: AtomicBool = AtomicBool::new(false);

/// Every target of the workspace, test binaries and the CLI included, built and linted: the
/// `clippy` stage's build, which later stages reuse.
pub const WORKSPACE: [&str; 4] = ["test", "--workspace", "--all-targets", "--no-run"];

/// From now on, [`is_on`] is true.
pub fn turn_on() {
    ON.store(true, Ordering::Relaxed);
}

pub fn is_on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// The separator `clippy-driver` expects between the arguments in `CLIPPY_ARGS`.
const CLIPPY_ARGS_SEPARATOR: &str = "__CLIPPY_HACKERY__";

/// The lint arguments, as `cargo clippy -- -D warnings` passes them.
const LINT_ARGS: [&str; 2] = ["-D", "warnings"];

/// `clippy-driver` of the toolchain cargo runs, which rustup installs with clippy.
fn clippy_driver() -> Result<PathBuf, String> {
    process::output("rustup", &["which", "clippy-driver"])
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .ok_or_else(|| {
            "clippy-driver not found: install clippy with `rustup component add clippy`".to_owned()
        })
}

/// The environment that makes cargo compile the workspace's crates with clippy's lints.
pub fn env() -> Result<Vec<(&'static str, OsString)>, String> {
    let args: String = LINT_ARGS
        .iter()
        .map(|arg| format!("{arg}{CLIPPY_ARGS_SEPARATOR}"))
        .collect();
    Ok(vec![
        ("RUSTC_WORKSPACE_WRAPPER", clippy_driver()?.into_os_string()),
        ("CLIPPY_ARGS", OsString::from(args)),
    ])
}

/// Runs `cargo args…` at the root with the workspace's crates compiled under clippy.
pub fn cargo(args: &[&str], what: &str) -> Result<(), String> {
    let env = env()?;
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    process::cargo_with_env(args, &env, what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Builds a one-file crate with `cargo test --no-run` under [`env`]; true when it built.
    fn builds(name: &str, main: &str) -> bool {
        let dir = std::env::temp_dir().join(format!("xtask-linted-{}-{name}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nedition = \"2024\"\n[workspace]\n"),
        )
        .unwrap();
        std::fs::write(dir.join("src/main.rs"), main).unwrap();
        let status = Command::new("cargo")
            .args(["test", "--no-run", "--quiet", "--offline"])
            .envs(env().expect("clippy is installed where the tests run"))
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .current_dir(&dir)
            .status()
            .unwrap();
        std::fs::remove_dir_all(&dir).ok();
        status.success()
    }

    #[test]
    fn a_clippy_warning_fails_the_build_and_clean_code_builds() {
        assert!(builds(
            "clean",
            "fn main() {\n    println!(\"{}\", 1 + 1);\n}\n"
        ));
        assert!(!builds(
            "flagged",
            "fn main() {\n    let v: Vec<u8> = Vec::new();\n    println!(\"{}\", v.len() == 0);\n}\n"
        ));
    }
}
