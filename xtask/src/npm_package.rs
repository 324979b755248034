//! `cargo xtask npm`: the npm package (`$CARGO_TARGET_DIR/npm/plimsoll/`): package.json, the
//! .wasm, the CommonJS glue for Node and the TypeScript declarations, and the `plimsoll` bin
//! (`bin/plimsoll.js`, which runs the CLI built for WASI, `bin/plimsoll.wasm`).

use crate::{wasm, workspace};
use std::path::PathBuf;

/// The package directory, under the cargo target directory like every other build output.
pub fn dir() -> PathBuf {
    workspace::target_dir().join("npm/plimsoll")
}

pub fn run() -> Result<(), String> {
    build()?;
    let dir = dir();
    crate::web::report_sizes(&dir)?;
    println!("{}", dir.display());
    Ok(())
}

/// Builds the package directory and returns it.
pub fn build() -> Result<PathBuf, String> {
    let root = workspace::root();
    let out = dir();
    let wasm_file = wasm::cargo_build("plimsoll-wasm")?;
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    wasm::bindgen(&wasm_file, &out, "nodejs", "plimsoll", true)?;
    wasm::optimize(&out.join("plimsoll_bg.wasm"))?;
    let types = out.join("plimsoll.d.ts");
    let text = std::fs::read_to_string(&types).map_err(|e| format!("{}: {e}", types.display()))?;
    std::fs::write(&types, without_classes_and_enums(&text))
        .map_err(|e| format!("{}: {e}", types.display()))?;
    add_bin(&root, &out)?;
    let readme = root.join("crates/plimsoll-wasm/README.md");
    std::fs::copy(&readme, out.join("README.md"))
        .map_err(|e| format!("cannot copy {}: {e}", readme.display()))?;
    std::fs::write(
        out.join("package.json"),
        package_json(&workspace::version()?),
    )
    .map_err(|e| format!("cannot write package.json: {e}"))?;
    Ok(out)
}

/// The `plimsoll` command: its script and the CLI it runs, built for WASI and optimised.
fn add_bin(root: &std::path::Path, out: &std::path::Path) -> Result<(), String> {
    let cli = wasm::cargo_build_cli_for_wasi()?;
    let bin = out.join("bin");
    std::fs::create_dir_all(&bin).map_err(|e| format!("cannot create {}: {e}", bin.display()))?;
    let script = root.join("crates/plimsoll-wasm/bin/plimsoll.js");
    for (from, to) in [(&script, "plimsoll.js"), (&cli, "plimsoll.wasm")] {
        std::fs::copy(from, bin.join(to))
            .map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    }
    wasm::optimize(&bin.join("plimsoll.wasm"))
}

/// The declarations without classes and enums: the package's API is its functions and the
/// interfaces of `lint_result.d.ts` and `types.d.ts`; classes and enums come from cfn-guard's own bindings, which the
/// package does not offer (and whose `Symbol.dispose` older TypeScript setups cannot read).
fn without_classes_and_enums(d_ts: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in d_ts.lines() {
        if skipping {
            skipping = line != "}";
            continue;
        }
        if line.starts_with("export class ") || line.starts_with("export enum ") {
            // Its doc comment goes with it.
            if out.last() == Some(&" */") {
                while let Some(doc) = out.pop() {
                    if doc == "/**" {
                        break;
                    }
                }
            }
            skipping = true;
            continue;
        }
        out.push(line);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
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
  "bin": {{ "plimsoll": "bin/plimsoll.js" }},
  "files": ["plimsoll.js", "plimsoll_bg.wasm", "plimsoll.d.ts", "bin/plimsoll.js", "bin/plimsoll.wasm", "README.md"],
  "engines": {{ "node": ">=18" }}
}}
"#
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn classes_and_enums_and_their_docs_leave_the_declarations() {
        let d_ts = "export interface A {\n  x: number;\n}\n\nexport enum E {\n    X = 0,\n}\n\n/**\n * Doc.\n */\nexport class B {\n    free(): void;\n}\nexport function lint(source: string): A;\n";
        assert_eq!(
            super::without_classes_and_enums(d_ts),
            "export interface A {\n  x: number;\n}\n\n\nexport function lint(source: string): A;\n"
        );
    }
}
