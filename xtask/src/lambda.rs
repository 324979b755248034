//! `cargo xtask lambda`: the runner's `bootstrap` zips for arm64 and x86_64, built with
//! cargo-lambda (from the project's venv; it cross-compiles with zig) into
//! `$CARGO_TARGET_DIR/lambda/<arch>/`.

use crate::commands::LambdaArgs;
use crate::process;
use std::path::PathBuf;

/// The Lambda architectures and cargo-lambda's flag for each.
pub const ARCHES: &[(&str, &str)] = &[("arm64", "--arm64"), ("x86_64", "--x86-64")];

/// Builds the zip for one architecture (`arm64` or `x86_64`); returns its path.
pub fn build(arch: &str) -> Result<PathBuf, String> {
    let (_, flag) = ARCHES
        .iter()
        .find(|(a, _)| *a == arch)
        .ok_or_else(|| format!("unknown architecture `{arch}` (arm64 or x86_64)"))?;
    let out = crate::workspace::target_dir().join("lambda").join(arch);
    let out_str = out.to_string_lossy().into_owned();
    process::run(
        "cargo",
        &[
            "lambda",
            "build",
            "--release",
            flag,
            "--package",
            "plimsoll-runner",
            "--bin",
            "bootstrap",
            "--output-format",
            "zip",
            "--lambda-dir",
            &out_str,
            "--flatten",
            "bootstrap",
            // cargo-lambda's default optimisations include panic=abort, which would kill the
            // process on a panic instead of answering FAILED; the workspace's release profile
            // already sets LTO, one codegen unit and strip.
            "--disable-optimizations",
        ],
    )?;
    let zip = out.join("bootstrap.zip");
    if zip.is_file() {
        Ok(zip)
    } else {
        Err(format!(
            "cargo lambda build did not produce {}",
            zip.display()
        ))
    }
}

/// `cargo xtask lambda [--arch arm64|x86_64]…`
pub fn run(args: &LambdaArgs) -> Result<(), String> {
    let mut arches = args.arches.clone();
    if arches.is_empty() {
        arches = ARCHES.iter().map(|(a, _)| (*a).to_owned()).collect();
    }
    crate::setup::ensure(&[crate::setup::PYTHON_TOOLS])?;
    for arch in &arches {
        let zip = build(arch)?;
        let size = std::fs::metadata(&zip).map(|m| m.len()).unwrap_or(0);
        eprintln!("lambda: {} ({size} bytes)", zip.display());
    }
    Ok(())
}
