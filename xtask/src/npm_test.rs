//! The `npm` stage: builds the npm package, type-checks a TypeScript program against its
//! declarations, and runs the Node test that imports it and lints templates.

use crate::{cmd, node, npm};

pub fn run() -> Result<(), String> {
    let package = npm::build()?;
    let root = cmd::root();
    let tests = root.join("crates/plimsoll-wasm/js-tests");
    let tsc = node::bin("tsc")?;
    cmd::run_in(
        &tests,
        &tsc.to_string_lossy(),
        &["--project", "tsconfig.json"],
    )?;
    cmd::status(
        cmd::command("node")
            .args(["--test", "package.test.mjs"])
            .current_dir(&tests)
            .env("PLIMSOLL_NPM_PACKAGE", &package),
        "the npm package's Node test",
    )
}
