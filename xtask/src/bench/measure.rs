//! Timing one tool's run: wall time, CPU time and peak memory under `/usr/bin/time -v`, and the
//! startup time of `--version` under hyperfine. Tools not on PATH are looked for in
//! `$HOME/.cache/plimsoll/tools/bin` (`cargo install cfn-guard --version 3.2.1 --root
//! $HOME/.cache/plimsoll/tools`).

use crate::{installed_tools, process};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One measured run.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub wall: f64,
    pub cpu: f64,
    pub max_rss_kb: u64,
    pub exit: i32,
}

/// `hyperfine` on `--version`, the cost of starting each tool: mean seconds of plimsoll and
/// of cfn-lint.
pub fn startup(plimsoll: &Path, lint: &Path, dir: &Path) -> Result<(f64, f64), String> {
    let json = dir.join("startup.json");
    let plimsoll_version = format!("{} --version", plimsoll.display());
    let lint_version = format!("{} --version", lint.display());
    let (code, out) = process::capture(
        Command::new("hyperfine")
            .args(["--warmup", "3", "--min-runs", "20", "-N", "--export-json"])
            .arg(&json)
            .args([&plimsoll_version, &lint_version]),
    )?;
    if code != 0 {
        return Err(format!("hyperfine failed:\n{out}"));
    }
    let text = std::fs::read_to_string(&json).map_err(|e| e.to_string())?;
    let report: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mean = |i: usize| report["results"][i]["mean"].as_f64().unwrap_or(f64::NAN);
    Ok((mean(0), mean(1)))
}

/// Runs under `/usr/bin/time -v`, output to `out`.
pub fn measure(command: &mut Command, out: &Path) -> Result<Measure, String> {
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
    let stdout = std::fs::File::create(out).map_err(|e| e.to_string())?;
    eprintln!("bench: timing {}", Path::new(&program).display());
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(&program)
        .args(&args)
        .stdout(stdout)
        .output()
        .map_err(|e| format!("cannot run /usr/bin/time: {e}"))?;
    let report = String::from_utf8_lossy(&output.stderr);
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(|v| v.trim_start_matches(':').trim().to_owned())
            .ok_or_else(|| format!("no `{name}` in /usr/bin/time output:\n{report}"))
    };
    let seconds = |v: String| v.parse::<f64>().map_err(|e| format!("{v}: {e}"));
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")?;
    Ok(Measure {
        wall: clock(&wall).ok_or_else(|| format!("cannot read wall time `{wall}`"))?,
        cpu: seconds(field("User time (seconds)")?)? + seconds(field("System time (seconds)")?)?,
        max_rss_kb: field("Maximum resident set size (kbytes)")?
            .parse()
            .map_err(|e| format!("max RSS: {e}"))?,
        exit: field("Exit status")?.parse().unwrap_or(-1),
    })
}

/// `h:mm:ss` or `m:ss.cc` as seconds.
fn clock(text: &str) -> Option<f64> {
    text.split(':').try_fold(0.0, |total, part| {
        Some(total * 60.0 + part.parse::<f64>().ok()?)
    })
}

pub fn guard_reads(guard: &Path, rule: &Path, file: &Path) -> bool {
    Command::new(guard)
        .args(["validate", "--show-summary", "none", "--rules"])
        .arg(rule)
        .arg("--data")
        .arg(file)
        .output()
        .is_ok_and(|o| matches!(o.status.code(), Some(0 | 19)))
}

pub fn bytes(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

pub fn find_tool(name: &str) -> Option<PathBuf> {
    let local = installed_tools::tools_dir().join("bin").join(name);
    if local.is_file() {
        return Some(local);
    }
    process::output("which", &[name]).map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_time_clock_formats() {
        assert_eq!(clock("0:01.50"), Some(1.5));
        assert_eq!(clock("1:02:03"), Some(3723.0));
        assert_eq!(clock("x"), None);
    }
}
