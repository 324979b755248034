//! The `no-guard` stage: the lint core without cfn-guard (the `guard` feature off), as the
//! browser page's own module builds it: clippy on every target, the core's
//! unit tests, and the page's lint jobs, which then say guard was unavailable.
//! (Its wasm32 build, linted too, is the `web-e2e` stage's job.)

use crate::linted_build;

/// The packages and features the stage builds: the core without `guard` and the page with
/// `app` alone, in one feature resolution, so their shared dependencies build once.
const WITHOUT_GUARD: [&str; 7] = [
    "--package",
    "plimsoll-lint",
    "--package",
    "plimsoll-web",
    "--no-default-features",
    "--features",
    "plimsoll-web/app",
];

pub fn run() -> Result<(), String> {
    // Linted as it builds (see `linted_build`), then the tests from the same build: the core's
    // unit tests and the page's lint jobs.
    let build: Vec<&str> = ["test"]
        .into_iter()
        .chain(WITHOUT_GUARD)
        .chain(["--all-targets", "--no-run"])
        .collect();
    linted_build::cargo(&build, "the linted build without guard")?;
    let tests: Vec<&str> = ["test"]
        .into_iter()
        .chain(WITHOUT_GUARD)
        .chain(["--lib", "--test", "lint_job", "--test", "render"])
        .collect();
    linted_build::cargo(&tests, "the tests without guard")
}
