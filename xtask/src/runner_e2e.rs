//! `cargo xtask runner-e2e` (and the `runner-e2e` test stage): the runner's end-to-end test.
//!
//! Runs the ignored integration test `crates/plimsoll-runner/tests/e2e.rs`, which starts
//! `moto_server` (as ECS), `cargo lambda watch --only-lambda-apis` (as the Lambda Runtime API)
//! running the runner's `bootstrap`, and a local HTTP server as the ResponseURL, and stops them
//! all when done. moto and cargo-lambda come from the project's venv, first on the test's `PATH`.
//!
//! The bootstrap is the one cargo builds for the test (`CARGO_BIN_EXE_bootstrap`), with the
//! whole workspace's features as in the `unit` stage, so this stage reuses that build instead
//! of compiling the AWS SDK again; the release zips, cross-compiled with zig, are
//! `cargo xtask lambda`'s job.

use crate::{linted_build, process, setup};

pub fn run() -> Result<(), String> {
    setup::ensure(&[setup::PYTHON_TOOLS])?;
    let args = [
        "test",
        "--workspace",
        "--test",
        "e2e",
        "--",
        "--ignored",
        "--test-threads=1",
        "--nocapture",
    ];
    if linted_build::is_on() {
        // The test run's linted build has the test binary already.
        linted_build::cargo(&args, "the runner's end-to-end test")
    } else {
        process::run("cargo", &args)
    }
}
