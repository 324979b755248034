//! `cargo xtask web`: builds the browser checker into `dist/`.
//!
//! `index.html` (repository root) and `web/static/` are copied as they are. `plimsoll-web` is
//! built twice, each through wasm-bindgen and wasm-opt: the page's module (`plimsoll_web`, the
//! `app` feature: the app and the Rust rules) and the module the lint worker loads after the
//! first findings show (`plimsoll_guard`, the `guard`, `schemas` and `iam-data` features: the
//! complete lint with cfn-guard, the resource schemas and the IAM reference data). The code editor (`web/editor/editor.js` with
//! CodeMirror, pinned in `web/package-lock.json`) is bundled and minified by esbuild into
//! `editor.js`. Prints what a visitor downloads, raw and gzipped, before the first findings and
//! after.

use crate::{node_modules, process, wasm, workspace};
use std::path::{Path, PathBuf};

pub fn dist() -> PathBuf {
    workspace::root().join("dist")
}

pub fn run() -> Result<(), String> {
    build()?;
    report_page_sizes(&dist())
}

/// The page's module: what `index.html` preloads and `boot.js` starts.
const PAGE: &str = "plimsoll_web";
/// The worker's module with cfn-guard and the resource schemas, loaded after the first
/// findings.
const GUARD: &str = "plimsoll_guard";

/// Builds the page into `dist/`.
pub fn build() -> Result<(), String> {
    let root = workspace::root();
    let dist = dist();
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("cannot create dist/: {e}"))?;
    for (name, features) in [(PAGE, "app"), (GUARD, "guard,schemas,iam-data")] {
        let wasm_file = wasm::cargo_build_with(
            "plimsoll-web",
            &["--no-default-features", "--features", features],
        )?;
        wasm::bindgen(&wasm_file, &dist, "web", name, false)?;
        point_node_imports_at_stubs(&dist.join(format!("{name}.js")))?;
        wasm::optimize(&dist.join(format!("{name}_bg.wasm")))?;
    }
    copy(&root.join("index.html"), &dist.join("index.html"))?;
    copy_dir(&root.join("web/static"), &dist)?;
    bundle_editor(&dist)?;
    eprintln!("built {}", dist.display());
    Ok(())
}

/// Bundles the code editor and its dependencies into one minified module, `editor.js`.
fn bundle_editor(dist: &Path) -> Result<(), String> {
    let esbuild = node_modules::bin("esbuild")?;
    let entry = workspace::root().join("web/editor/editor.js");
    let out = dist.join("editor.js");
    process::run(
        esbuild.to_str().unwrap_or("esbuild"),
        &[
            entry.to_str().unwrap_or_default(),
            "--bundle",
            "--format=esm",
            "--minify",
            "--target=es2022",
            "--log-level=warning",
            &format!("--outfile={}", out.display()),
        ],
    )
}

/// cfn-guard's glue imports Node's `fs` and `path`, which the page never calls (templates and
/// rules arrive as text). The glue's imports are rewritten to the stub modules in
/// `web/static/stubs/`: the lint worker loads that glue, and a worker cannot be given an
/// import map.
fn point_node_imports_at_stubs(glue: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    let text = text
        .replace("from 'fs';", "from './stubs/fs.js';")
        .replace("from 'path';", "from './stubs/path.js';");
    if let Some(bare) = text
        .lines()
        .filter(|l| l.starts_with("import "))
        .find(|l| !l.contains("from './"))
    {
        return Err(format!(
            "the glue imports a module the page does not serve: {bare}"
        ));
    }
    std::fs::write(glue, text).map_err(|e| format!("{}: {e}", glue.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
            copy_dir(&path, &target)?;
        } else {
            copy(&path, &target)?;
        }
    }
    Ok(())
}

/// What the lint worker loads after the first findings show: the worker itself, the module
/// with cfn-guard and the stubs its glue imports.
fn loaded_later(name: &str) -> bool {
    name == "worker.js" || name.starts_with(GUARD) || name.starts_with("stubs/")
}

/// Prints the size of every file the page loads, and the totals of wasm + JS gzipped: what
/// loads before the first findings, and what the worker loads after them.
fn report_page_sizes(dist: &Path) -> Result<(), String> {
    report(dist, loaded_later)
}

/// Prints the size of every file in `dir`, and the total of wasm + JS gzipped.
pub fn report_sizes(dir: &Path) -> Result<(), String> {
    report(dir, |_| false)
}

fn report(dir: &Path, later: fn(&str) -> bool) -> Result<(), String> {
    let mut files: Vec<PathBuf> = Vec::new();
    collect(dir, &mut files);
    files.sort();
    // Raw and gzipped bytes of wasm + JS: [at first, later].
    let mut totals = [(0, 0); 2];
    eprintln!("{:<34} {:>10} {:>10}", "file", "bytes", "gzip -9");
    for file in &files {
        let (raw, gz) = wasm::sizes(file)?;
        let name = file.strip_prefix(dir).unwrap_or(file).display().to_string();
        let lazy = later(&name);
        let mark = if lazy { " (later)" } else { "" };
        eprintln!("{:<34} {raw:>10} {gz:>10}", format!("{name}{mark}"));
        if matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js")
        ) {
            let total = &mut totals[usize::from(lazy)];
            total.0 += raw;
            total.1 += gz;
        }
    }
    let [(raw, gz), (later_raw, later_gz)] = totals;
    if later_raw == 0 {
        eprintln!("{:<34} {raw:>10} {gz:>10}", "wasm + js");
    } else {
        eprintln!(
            "{:<34} {raw:>10} {gz:>10}",
            "wasm + js before first findings"
        );
        eprintln!(
            "{:<34} {later_raw:>10} {later_gz:>10}",
            "wasm + js loaded later"
        );
    }
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
