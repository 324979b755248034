//! Runs the criterion benchmarks of `plimsoll-lint` on the synthetic series and reads back
//! the mean parse and lint time of each template from criterion's `estimates.json`.

use crate::workspace;
use std::path::Path;
use std::process::Command;

/// Criterion's mean time for one synthetic template.
#[derive(Debug, Clone)]
pub struct Point {
    pub format: String,
    pub resources: usize,
    pub parse_ns: f64,
    pub lint_ns: f64,
}

/// `cargo bench -p plimsoll-lint` (series, each rule, corpus; or only the series, which the
/// report reads) with `PLIMSOLL_SYNTH` set.
pub fn run(synth_dir: &Path, only_series: bool) -> Result<Vec<Point>, String> {
    let benches = if only_series {
        ["--bench", "series"]
    } else {
        ["--benches", ""]
    };
    let status = Command::new("cargo")
        .current_dir(workspace::root())
        .env("PLIMSOLL_SYNTH", synth_dir)
        .args(["bench", "-p", "plimsoll-lint"])
        .args(benches.iter().filter(|a| !a.is_empty()))
        .arg("--")
        // Short windows: the series spans 50× in size, and the machine is shared.
        .args(["--warm-up-time", "1", "--measurement-time", "2"])
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err(format!("cargo bench failed: {status}"));
    }
    let root = workspace::target_dir().join("criterion");
    let mut points = Vec::new();
    for format in ["yaml", "json"] {
        for &resources in crate::synth::SERIES {
            let mean = |function: &str| {
                let path = root
                    .join(format!("synthetic {format}"))
                    .join(function)
                    .join(resources.to_string())
                    .join("new/estimates.json");
                mean_ns(&path)
            };
            points.push(Point {
                format: format.to_owned(),
                resources,
                parse_ns: mean("parse")?,
                lint_ns: mean("lint")?,
            });
        }
    }
    Ok(points)
}

fn mean_ns(path: &Path) -> Result<f64, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["mean"]["point_estimate"]
        .as_f64()
        .ok_or_else(|| format!("{}: no mean", path.display()))
}
