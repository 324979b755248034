//! `cargo xtask npm`: the npm package (`target/npm/plimsoll/`): package.json, the .wasm, the
//! CommonJS glue for Node and the TypeScript declarations.

use crate::{cmd, wasm};
use std::path::PathBuf;

pub fn dir() -> PathBuf {
    cmd::root().join("target/npm/plimsoll")
}

pub fn run(_args: &[String]) -> Result<(), String> {
    build()?;
    let dir = dir();
    crate::web::report_sizes(&dir)?;
    println!("{}", dir.display());
    Ok(())
}

/// Builds the package directory and returns it.
pub fn build() -> Result<PathBuf, String> {
    let root = cmd::root();
    let out = dir();
    let wasm_file = wasm::cargo_build("plimsoll-wasm")?;
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    wasm::bindgen(&wasm_file, &out, "nodejs", "plimsoll", true)?;
    wasm::optimize(&out.join("plimsoll_bg.wasm"))?;
    let readme = root.join("crates/plimsoll-wasm/README.md");
    std::fs::copy(&readme, out.join("README.md"))
        .map_err(|e| format!("cannot copy {}: {e}", readme.display()))?;
    std::fs::write(
        out.join("package.json"),
        package_json(&workspace_version()?),
    )
    .map_err(|e| format!("cannot write package.json: {e}"))?;
    Ok(out)
}

/// `[workspace.package] version` from the root Cargo.toml.
fn workspace_version() -> Result<String, String> {
    let manifest = std::fs::read_to_string(cmd::root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let section = manifest
        .split("[workspace.package]")
        .nth(1)
        .ok_or("no [workspace.package] in Cargo.toml")?;
    section
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.trim().strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .ok_or_else(|| "no version in [workspace.package]".into())
}

fn package_json(version: &str) -> String {
    format!(
        r#"{{
  "name": "plimsoll",
  "version": "{version}",
  "description": "Lint CloudFormation templates for the settings that make ECS deployments deadlock, drop traffic or hang a stack",
  "license": "MIT OR Apache-2.0",
  "repository": {{ "type": "git", "url": "https://github.com/plimsoll-dev/plimsoll" }},
  "keywords": ["cloudformation", "ecs", "lint", "aws", "wasm"],
  "main": "plimsoll.js",
  "types": "plimsoll.d.ts",
  "files": ["plimsoll.js", "plimsoll_bg.wasm", "plimsoll.d.ts", "README.md"],
  "engines": {{ "node": ">=18" }}
}}
"#
    )
}
