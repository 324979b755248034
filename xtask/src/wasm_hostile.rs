//! The hostile-input tests of the lint core built for wasm32 and run under Node by
//! wasm-bindgen's test runner: what the browser checker and the npm package execute.

use crate::cmd;
use std::process::Command;

pub fn run() -> Result<(), String> {
    if cmd::output("wasm-bindgen-test-runner", &["--version"]).is_none() {
        return Err(
            "wasm-bindgen-test-runner not found: cargo install wasm-bindgen-cli --version \
             <the wasm-bindgen version in Cargo.lock>"
                .into(),
        );
    }
    let args = [
        "test",
        "--package",
        "plimsoll-lint",
        "--target",
        "wasm32-unknown-unknown",
        "--test",
        "hostile",
    ];
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new("cargo")
        .args(args)
        .current_dir(cmd::root())
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the hostile-input tests failed in wasm ({status})"))
    }
}
