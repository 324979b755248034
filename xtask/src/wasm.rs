//! Building wasm packages: cargo for wasm32 → wasm-bindgen (the CLI setup installs at the
//! version in Cargo.lock) → wasm-opt from the npm package `binaryen` (Debian's binaryen 108
//! breaks the output).

use crate::{installed_tools, linted_build, node_modules, process, workspace};
use std::path::{Path, PathBuf};

/// The profile wasm builds use: release, optimised for size (see the root Cargo.toml).
pub const PROFILE: &str = "wasm-release";
const TARGET: &str = "wasm32-unknown-unknown";
/// The target of the CLI that the npm package's bin runs under Node's WASI.
pub const WASI_TARGET: &str = "wasm32-wasip1";

/// Builds `package` for wasm32 and returns its `.wasm`.
pub fn cargo_build(package: &str) -> Result<PathBuf, String> {
    cargo_build_with(package, &[])
}

/// Builds `package` for wasm32 with extra cargo arguments (features) and returns its `.wasm`,
/// which the next build of the package overwrites.
pub fn cargo_build_with(package: &str, extra: &[&str]) -> Result<PathBuf, String> {
    let mut args = vec!["--package", package];
    args.extend_from_slice(extra);
    build_for(TARGET, &args, &package.replace('-', "_"))
}

/// The `plimsoll` CLI built for WASI (`wasm32-wasip1`), which the npm package's bin runs.
pub fn cargo_build_cli_for_wasi() -> Result<PathBuf, String> {
    build_for(
        WASI_TARGET,
        &["--package", "plimsoll", "--bin", "plimsoll"],
        "plimsoll",
    )
}

/// `cargo build --target TARGET --profile wasm-release ARGS…`; the `.wasm` named `name`.
fn build_for(target: &str, extra: &[&str], name: &str) -> Result<PathBuf, String> {
    let mut args = vec!["build", "--target", target, "--profile", PROFILE];
    args.extend_from_slice(extra);
    if linted_build::is_on() {
        linted_build::cargo(&args, &format!("the linted {target} build of {name}"))?;
    } else {
        process::run("cargo", &args)?;
    }
    let file = workspace::target_dir()
        .join(target)
        .join(PROFILE)
        .join(format!("{name}.wasm"));
    if file.is_file() {
        Ok(file)
    } else {
        Err(format!("cargo did not produce {}", file.display()))
    }
}

/// Runs wasm-bindgen on `wasm` into `out_dir` for a JS target (`web`, `nodejs`).
pub fn bindgen(
    wasm: &Path,
    out_dir: &Path,
    js_target: &str,
    out_name: &str,
    typescript: bool,
) -> Result<(), String> {
    let wanted = installed_tools::wasm_bindgen_version()?;
    let program = installed_tools::wasm_bindgen_bin("wasm-bindgen")?;
    let installed = process::output(&program, &["--version"]).unwrap_or_default();
    if installed.split_whitespace().nth(1) != Some(wanted.as_str()) {
        return Err(format!(
            "wasm-bindgen {wanted} is missing at {} (run `cargo xtask setup`)",
            program.display()
        ));
    }
    let wasm = wasm.to_string_lossy();
    let out = out_dir.to_string_lossy();
    let mut args = vec![
        wasm.as_ref(),
        "--target",
        js_target,
        "--out-dir",
        out.as_ref(),
        "--out-name",
        out_name,
    ];
    if !typescript {
        args.push("--no-typescript");
    }
    process::run(&program.to_string_lossy(), &args)
}

/// Optimises a wasm file in place for size.
pub fn optimize(wasm: &Path) -> Result<(), String> {
    let wasm_opt = node_modules::bin("wasm-opt")?;
    let file = wasm.to_string_lossy();
    process::run(
        &wasm_opt.to_string_lossy(),
        &[
            "-Oz",
            // What rustc's wasm32 target emits by default.
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            file.as_ref(),
            "-o",
            file.as_ref(),
        ],
    )
}

/// The size of a file and of its gzip -9 compression, in bytes.
pub fn sizes(file: &Path) -> Result<(u64, u64), String> {
    let raw = std::fs::metadata(file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .len();
    let out = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    Ok((raw, out.stdout.len() as u64))
}
