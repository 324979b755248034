//! Inputs shared by the benchmarks: the corpus and the synthetic series.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Every corpus template as text (`PLIMSOLL_CORPUS`, or `shared/corpus` beside the checkout).
pub fn corpus() -> Vec<(PathBuf, String)> {
    let dir = std::env::var_os("PLIMSOLL_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|a| a.join("shared/corpus"))
                .find(|d| d.is_dir())
        })
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json" | "template")
            ) && let Ok(bytes) = std::fs::read(&path)
            {
                files.push((path, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    files.sort();
    files
}

/// One synthetic template: its resource count, format (`yaml`/`json`) and text.
pub struct Synthetic {
    pub resources: usize,
    pub format: String,
    pub text: String,
}

/// The templates `cargo xtask synth` wrote to `PLIMSOLL_SYNTH`, smallest first.
pub fn synthetic() -> Vec<Synthetic> {
    let Some(dir) = std::env::var_os("PLIMSOLL_SYNTH") else {
        return Vec::new();
    };
    let mut out: Vec<Synthetic> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_name()?.to_str()?;
            let (size, format) = name.strip_prefix("synth-")?.split_once('.')?;
            Some(Synthetic {
                resources: size.parse().ok()?,
                format: format.to_owned(),
                text: std::fs::read_to_string(&path).ok()?,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.format, a.resources).cmp(&(&b.format, b.resources)));
    out
}
