//! Running the binary the way users do, from a chosen directory, with a clean environment.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The repository root (the root package's manifest directory).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `plimsoll ARGS…` run at the repository root, where no `plimsoll.toml` applies.
pub fn plimsoll(args: &[&str]) -> Command {
    plimsoll_in(&root(), args)
}

/// `plimsoll ARGS…` run in `dir`.
pub fn plimsoll_in(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plimsoll"));
    cmd.current_dir(dir).args(args).env_remove("NO_COLOR");
    cmd
}

/// A shell script run in `dir`, for what a test cannot arrange otherwise (closed descriptors, a
/// memory limit); the script finds the binary in `$PLIMSOLL`. It is killed after a minute, so
/// a hang fails the test instead of stalling the suite.
pub fn shell_in(dir: &Path, script: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.current_dir(dir)
        .args(["-c", script])
        .env("PLIMSOLL", env!("CARGO_BIN_EXE_plimsoll"))
        .env_remove("NO_COLOR")
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

/// Caps the address space of what the script runs next at 4 GB, so an unbounded read fails
/// fast instead of taking the machine's memory.
pub const MEMORY_CAP: &str = "ulimit -v 4194304;";

/// Standard output of a finished command, as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(mut cmd: Command) -> (i32, String, String) {
    let output = cmd.output().expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        stderr(&output),
    )
}

/// The JSON report of a command run with `--format json`.
pub fn json(cmd: Command) -> (i32, serde_json::Value) {
    let (code, out, err) = run(cmd);
    let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, value)
}

/// The codes in a JSON report, in order.
pub fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The file of each diagnostic in a JSON report, in order.
pub fn files(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|d| d["file"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A scratch directory with the given files (paths relative to it).
pub fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("plimsoll-cli-")
        .tempdir()
        .expect("temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("directories");
        std::fs::write(path, text).expect("write");
    }
    dir
}

pub const TYPOS: &str = "crates/plimsoll/tests/fixtures/typos.yaml";
pub const CLEAN: &str = "crates/plimsoll/tests/fixtures/clean.yaml";
pub const DUPLICATE: &str = "crates/plimsoll/tests/fixtures/duplicate.json";
pub const WORKFLOW: &str = "crates/plimsoll/tests/fixtures/workflow.yml";

/// A small template with one unresolved reference (TPL003) on line 5.
pub const ONE_TYPO: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    DependsOn: Queu\n  Queue:\n    Type: AWS::SQS::Queue\n";
