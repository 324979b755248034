//! Idempotent installation of everything the tests need on a fresh machine.
//!
//! Each step checks first and installs only what is missing, so a warm machine pays nothing.

use crate::{cmd, fuzz, precommit, sarif};

/// One installable tool: how to tell it is present, and how to install it.
pub struct Step {
    pub name: &'static str,
    pub present: fn() -> bool,
    pub install: fn() -> Result<(), String>,
}

fn steps() -> Vec<Step> {
    let mut steps = vec![
        Step {
            name: "rust targets (wasm32, aarch64 linux)",
            present: || {
                cmd::output("rustup", &["target", "list", "--installed"]).is_some_and(|t| {
                    t.contains("wasm32-unknown-unknown") && t.contains("aarch64-unknown-linux-gnu")
                })
            },
            install: || {
                cmd::run(
                    "rustup",
                    &[
                        "target",
                        "add",
                        "wasm32-unknown-unknown",
                        "aarch64-unknown-linux-gnu",
                    ],
                )
            },
        },
        Step {
            name: "pre-commit",
            present: precommit::is_installed,
            install: precommit::install,
        },
        Step {
            name: "SARIF validator (npm @microsoft/sarif-multitool)",
            present: sarif::is_installed,
            install: sarif::install,
        },
        Step {
            name: "Python jsonschema (SARIF schema check)",
            present: || cmd::output("python3", &["-c", "import jsonschema"]).is_some(),
            install: || {
                cmd::run(
                    "python3",
                    &["-m", "pip", "install", "--quiet", "jsonschema"],
                )
            },
        },
        Step {
            name: "nightly toolchain (cargo fuzz)",
            present: || cmd::output("cargo", &[fuzz::TOOLCHAIN, "--version"]).is_some(),
            install: || {
                cmd::run(
                    "rustup",
                    &["toolchain", "install", "nightly", "--profile", "minimal"],
                )
            },
        },
        Step {
            name: "cargo-fuzz",
            present: || {
                cmd::output("cargo", &["fuzz", "--version"])
                    .is_some_and(|v| v.contains(fuzz::CARGO_FUZZ_VERSION))
            },
            install: || {
                cmd::run(
                    "cargo",
                    &[
                        "install",
                        "cargo-fuzz",
                        "--locked",
                        "--version",
                        fuzz::CARGO_FUZZ_VERSION,
                    ],
                )
            },
        },
        Step {
            name: "npm packages for the web build and tests (binaryen, playwright-core, typescript)",
            present: crate::node::installed,
            install: crate::node::install,
        },
        Step {
            name: "chromium (headless browser for the page's tests)",
            present: || std::path::Path::new("/usr/bin/chromium").exists(),
            install: || {
                cmd::run("apt-get", &["update"])?;
                cmd::run("apt-get", &["install", "-y", "chromium"])
            },
        },
    ];
    steps.extend(crate::runner_e2e::setup_steps());
    steps
}

/// Runs only the named steps (each still checks first).
pub fn ensure(names: &[&str]) -> Result<(), String> {
    run_steps(steps().into_iter().filter(|s| names.contains(&s.name)))
}

pub fn run(_args: &[String]) -> Result<(), String> {
    run_steps(steps().into_iter())
}

fn run_steps(steps: impl Iterator<Item = Step>) -> Result<(), String> {
    for step in steps {
        if (step.present)() {
            eprintln!("setup: {} already present", step.name);
        } else {
            eprintln!("setup: installing {}", step.name);
            (step.install)()?;
        }
    }
    Ok(())
}
