//! `cargo xtask runner-e2e` (and the `runner-e2e` test stage): the runner's end-to-end test.
//!
//! Builds the real release `bootstrap` for x86_64 with cargo-lambda, then runs the ignored
//! integration test `crates/plimsoll-runner/tests/e2e.rs`, which starts `moto_server` (as
//! ECS), `cargo lambda watch --only-lambda-apis` (as the Lambda Runtime API) running that
//! bootstrap, and a local HTTP server as the ResponseURL, and stops them all when done.

use crate::cmd;
use crate::setup::Step;

fn pip_install(spec: &str) -> Result<(), String> {
    cmd::run("python3", &["-m", "pip", "install", "--quiet", spec])
}

/// The tools the runner's build and end-to-end test need.
pub fn setup_steps() -> Vec<Step> {
    vec![
        Step {
            name: "cargo-lambda",
            present: || cmd::output("cargo-lambda", &["--version"]).is_some(),
            install: || pip_install("cargo-lambda==1.9.2"),
        },
        Step {
            name: "moto_server",
            present: || {
                cmd::output("python3", &["-c", "import moto.server, flask, flask_cors"]).is_some()
                    && cmd::output("which", &["moto_server"]).is_some()
            },
            install: || pip_install("moto[server]==5.2.1"),
        },
    ]
}

pub fn run(_args: &[String]) -> Result<(), String> {
    crate::setup::ensure(&["cargo-lambda", "moto_server"])?;
    crate::lambda::build("x86_64")?;
    let bootstrap = crate::lambda::target_dir()
        .join("x86_64-unknown-linux-gnu")
        .join("release")
        .join("bootstrap");
    if !bootstrap.is_file() {
        return Err(format!("no bootstrap at {}", bootstrap.display()));
    }
    let status = std::process::Command::new("cargo")
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
        .current_dir(cmd::root())
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("runner end-to-end test failed ({status})"))
    }
}
