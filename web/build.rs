//! Embeds the templates under `examples/` for the page's example gallery.

use std::fmt::Write;
use std::path::PathBuf;

/// Shown first, in this order; the other examples follow by name. A problem comes first: a
/// newcomer's first click should show what Plimsoll finds, not "No findings".
const FIRST: &[&str] = &[
    "deployment-deadlock",
    "mutable-image-tag",
    "broad-iam",
    "healthy-ecs-service",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = manifest.join("../examples");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    let rank = |p: &PathBuf| {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        (
            FIRST.iter().position(|f| *f == stem).unwrap_or(FIRST.len()),
            stem.to_owned(),
        )
    };
    files.sort_by_key(rank);
    let mut code = String::from("pub static EXAMPLES: &[(&str, &str)] = &[\n");
    for file in &files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let path = file.canonicalize().unwrap_or_else(|_| file.clone());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("examples.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
