//! The `npm` stage: builds the npm package, type-checks a TypeScript program against its
//! declarations, runs the Node test that imports it and lints templates, and the one that runs
//! its `plimsoll` bin through `npm exec` on the packed tarball against the native CLI.

use crate::{node_modules, npm_package, process, workspace};
use std::path::{Path, PathBuf};

pub fn run() -> Result<(), String> {
    let package = npm_package::build()?;
    let root = workspace::root();
    let tests = root.join("crates/plimsoll-wasm/js-tests");
    let tsc = node_modules::bin("tsc")?;
    let project = type_check_project(&tests, &package)?;
    process::run_in(
        &tests,
        &tsc.to_string_lossy(),
        &["--project", &project.to_string_lossy()],
    )?;
    let native = workspace::plimsoll(false)?;
    process::status(
        process::command("node")
            .args(["--test", "package.test.mjs", "npx.test.mjs"])
            .current_dir(&tests)
            .env("PLIMSOLL_NPM_PACKAGE", &package)
            .env("PLIMSOLL_NATIVE_CLI", &native),
        "the npm package's Node tests",
    )
}

/// A TypeScript project beside the package that extends `js-tests/tsconfig.json` and resolves
/// `plimsoll` to the package just built, wherever the target directory is.
fn type_check_project(tests: &Path, package: &Path) -> Result<PathBuf, String> {
    let parent = package.parent().unwrap_or(package);
    let project = parent.join("tsconfig.types-check.json");
    let text = serde_json::json!({
        "extends": tests.join("tsconfig.json"),
        "compilerOptions": {
            "paths": { "plimsoll": [package.join("plimsoll.d.ts")] },
        },
        "files": [tests.join("types-check.ts")],
    });
    std::fs::write(&project, format!("{text:#}\n"))
        .map_err(|e| format!("cannot write {}: {e}", project.display()))?;
    Ok(project)
}
