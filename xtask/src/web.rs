//! `cargo xtask web`: builds the browser checker into `dist/`.
//!
//! `index.html` (repository root) and `web/static/` are copied as they are; the app's wasm
//! goes through wasm-bindgen and wasm-opt. Prints what a visitor downloads, raw and gzipped.

use crate::{cmd, wasm};
use std::path::{Path, PathBuf};

pub fn dist() -> PathBuf {
    cmd::root().join("dist")
}

pub fn run(_args: &[String]) -> Result<(), String> {
    build()?;
    report_sizes(&dist())
}

/// Builds the page into `dist/`.
pub fn build() -> Result<(), String> {
    let root = cmd::root();
    let dist = dist();
    let wasm_file = wasm::cargo_build("plimsoll-web")?;
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("cannot clear dist/: {e}"))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("cannot create dist/: {e}"))?;
    wasm::bindgen(&wasm_file, &dist, "web", "plimsoll_web", false)?;
    point_node_imports_at_stubs(&dist.join("plimsoll_web.js"))?;
    wasm::optimize(&dist.join("plimsoll_web_bg.wasm"))?;
    copy(&root.join("index.html"), &dist.join("index.html"))?;
    copy_dir(&root.join("web/static"), &dist)?;
    eprintln!("built {}", dist.display());
    Ok(())
}

/// cfn-guard's glue imports Node's `fs` and `path`, which the page never calls (templates and
/// rules arrive as text). The glue is pointed at our stub modules here rather than through an
/// import map, because the lint worker loads the same glue and workers ignore import maps.
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

/// Prints the size of every file the page loads, and the total of wasm + JS gzipped.
pub fn report_sizes(dist: &Path) -> Result<(), String> {
    let mut files: Vec<PathBuf> = Vec::new();
    collect(dist, &mut files);
    files.sort();
    let (mut raw_total, mut gz_total) = (0, 0);
    eprintln!("{:<34} {:>10} {:>10}", "file", "bytes", "gzip -9");
    for file in &files {
        let (raw, gz) = wasm::sizes(file)?;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(file)
            .display()
            .to_string();
        eprintln!("{name:<34} {raw:>10} {gz:>10}");
        if matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js")
        ) {
            raw_total += raw;
            gz_total += gz;
        }
    }
    eprintln!("{:<34} {raw_total:>10} {gz_total:>10}", "wasm + js");
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
