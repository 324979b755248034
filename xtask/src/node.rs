//! The npm side of the web build and its tests: `web/package.json` pins binaryen (wasm-opt),
//! playwright-core (driving the system Chromium) and typescript (checking the npm package's
//! types). Installed with `npm ci` into `web/node_modules` (ignored by git), only when missing
//! or older than the lock file.

use crate::cmd;
use std::path::PathBuf;

fn dir() -> PathBuf {
    cmd::root().join("web")
}

/// Whether `web/node_modules` matches `web/package-lock.json`.
pub fn installed() -> bool {
    let modules = dir().join("node_modules");
    let stamp = modules.join(".package-lock.json");
    let newer = |a: &PathBuf, b: &PathBuf| {
        let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        matches!((modified(a), modified(b)), (Some(a), Some(b)) if a >= b)
    };
    ["wasm-opt", "tsc"]
        .iter()
        .all(|b| modules.join(".bin").join(b).exists())
        && modules.join("playwright-core").is_dir()
        && newer(&stamp, &dir().join("package-lock.json"))
}

pub fn install() -> Result<(), String> {
    cmd::run_in(&dir(), "npm", &["ci", "--no-audit", "--no-fund"])
}

/// A program from `web/node_modules/.bin`, installing the packages first if needed.
pub fn bin(name: &str) -> Result<PathBuf, String> {
    if !installed() {
        install()?;
    }
    let path = dir().join("node_modules/.bin").join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} is missing after npm ci", path.display()))
    }
}
