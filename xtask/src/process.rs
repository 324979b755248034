//! Running external commands with clear errors.
//!
//! Every command starts with the installed tools first on its `PATH` ([`command`]), so a
//! stage and whatever it starts run what setup installed, never another copy on the machine.

use crate::workspace;
use std::path::Path;
use std::process::Command;

/// A command whose `PATH` has the installed tools first (see `installed_tools::search_path`).
pub fn command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", crate::installed_tools::search_path());
    command
}

/// Runs `program args…` in `dir`, echoing the command, and fails on a non-zero exit.
pub fn run_in(dir: &Path, program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = command(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Runs a command at the repository root.
pub fn run(program: &str, args: &[&str]) -> Result<(), String> {
    run_in(&workspace::root(), program, args)
}

/// Runs `cargo args…` at the root with `env` added, echoing it, and fails with `what` failed.
pub fn cargo_with_env(
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
    what: &str,
) -> Result<(), String> {
    status(
        command("cargo")
            .args(args)
            .envs(env.iter().copied())
            .current_dir(workspace::root()),
        what,
    )
}

/// Runs a prepared command, echoing it, and fails on a non-zero exit with `what` failed.
pub fn status(command: &mut Command, what: &str) -> Result<(), String> {
    eprintln!("$ {}", describe(command));
    let status = command
        .status()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// The trimmed standard output of a command, or `None` when it cannot run or fails.
pub fn output(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Option<String> {
    let out = command(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// `program arg…` of a command, for echoing (its environment left out).
pub fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
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
