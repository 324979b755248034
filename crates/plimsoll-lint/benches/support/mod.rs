//! Inputs shared by the benchmarks: the corpus and the synthetic series.

#![allow(dead_code)]

#[path = "../../tests/support/files.rs"]
mod files;

use std::path::PathBuf;

/// Every corpus template as text (`PLIMSOLL_CORPUS`, or `shared/corpus` beside the checkout).
pub fn corpus() -> Vec<(PathBuf, String)> {
    let dir = files::corpus_dir().unwrap_or_default();
    files::templates_under(&dir)
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            Some((path, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
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
