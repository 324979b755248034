//! `cargo xtask runner-e2e` (and the `runner-e2e` test stage): the runner's end-to-end test.
//!
//! Builds the real release `bootstrap` for x86_64 with cargo-lambda, then runs the ignored
//! integration test `crates/plimsoll-runner/tests/e2e.rs`, which starts `moto_server` (as
//! ECS), `cargo lambda watch --only-lambda-apis` (as the Lambda Runtime API) running that
//! bootstrap, and a local HTTP server as the ResponseURL, and stops them all when done.
//! moto and cargo-lambda come from the project's venv, first on the test's `PATH`.

use crate::{cmd, setup, tools};

pub fn run(_args: &[String]) -> Result<(), String> {
    setup::ensure(&[setup::PYTHON_TOOLS])?;
    crate::lambda::build("x86_64")?;
    let bootstrap = tools::target_dir()
        .join("x86_64-unknown-linux-gnu")
        .join("release")
        .join("bootstrap");
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
