//! `cargo xtask runner-e2e` (and the `runner-e2e` test stage): the runner's end-to-end test.
//!
//! Builds the runner's `bootstrap` for this machine with the dev profile, then runs the ignored
//! integration test `crates/plimsoll-runner/tests/e2e.rs`, which starts `moto_server` (as
//! ECS), `cargo lambda watch --only-lambda-apis` (as the Lambda Runtime API) running that
//! bootstrap, and a local HTTP server as the ResponseURL, and stops them all when done.
//! moto and cargo-lambda come from the project's venv, first on the test's `PATH`.
//!
//! The dev profile shares its dependencies with the `unit` stage, so this stage costs seconds
//! after it instead of a release build of the AWS SDK from scratch; the code under test is the
//! same. The release zips, cross-compiled with zig, are `cargo xtask lambda`'s job.

use crate::{cmd, setup, tools};

pub fn run(_args: &[String]) -> Result<(), String> {
    setup::ensure(&[setup::PYTHON_TOOLS])?;
    cmd::run(
        "cargo",
        &[
            "build",
            "--package",
            "plimsoll-runner",
            "--bin",
            "bootstrap",
        ],
    )?;
    let bootstrap = tools::target_dir().join("debug").join("bootstrap");
    if !bootstrap.is_file() {
        return Err(format!("no bootstrap at {}", bootstrap.display()));
    }
    cmd::status(
        cmd::command("cargo")
            .args([
                "test",
                "--package",
                "plimsoll-runner",
                "--test",
                "e2e",
                "--",
                "--ignored",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("PLIMSOLL_RUNNER_BOOTSTRAP", &bootstrap)
            .current_dir(cmd::root()),
        "the runner's end-to-end test",
    )
}
