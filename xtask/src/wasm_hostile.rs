//! The hostile-input tests of the lint core built for wasm32 and run under Node by
//! wasm-bindgen's test runner (installed by setup with the CLI): what the browser checker and
//! the npm package execute.
use crate::{installed_tools, process};

pub fn run() -> Result<(), String> {
    let runner = installed_tools::wasm_bindgen_bin("wasm-bindgen-test-runner")?;
    if process::output(&runner, &["--version"]).is_none() {
        return Err(format!(
            "wasm-bindgen-test-runner is missing at {} (run `cargo xtask setup`)",
            runner.display()
        ));
    }
    process::cargo_with_env(
        &[
            "test",
            "--package",
            "plimsoll-lint",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "hostile",
        ],
        &[(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            runner.as_os_str(),
        )],
        "the hostile-input tests in wasm",
    )
}
