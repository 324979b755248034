//! Idempotent installation of everything the tests need on a fresh machine.
//!
//! Each step checks first and installs only what is missing, so a warm machine pays nothing.

use crate::cmd;

/// One installable tool: how to tell it is present, and how to install it.
struct Step {
    name: &'static str,
    present: fn() -> bool,
    install: fn() -> Result<(), String>,
}

fn steps() -> Vec<Step> {
    vec![Step {
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
    }]
}

pub fn run(_args: &[String]) -> Result<(), String> {
    for step in steps() {
        if (step.present)() {
            eprintln!("setup: {} already present", step.name);
        } else {
            eprintln!("setup: installing {}", step.name);
            (step.install)()?;
        }
    }
    Ok(())
}
