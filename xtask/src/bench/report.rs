//! The Markdown report of `cargo xtask bench`.

use super::criterion::Point;
use super::measure::Measure;
use std::fmt::Write;
use std::path::PathBuf;

/// The files one row of the table measures.
pub struct Workload {
    pub name: String,
    pub files: Vec<PathBuf>,
    pub bytes: u64,
}

/// One tool on one workload, with Plimsoll's run on the same workload.
pub struct Row {
    pub workload: String,
    pub tool: String,
    pub run: Measure,
    pub plimsoll: Measure,
}

impl Row {
    pub fn new(workload: &Workload, tool: &str, run: Measure, plimsoll: Measure) -> Row {
        Row {
            workload: format!("{} ({})", workload.name, size(workload.bytes)),
            tool: tool.to_owned(),
            run,
            plimsoll,
        }
    }
}

/// What one `cargo xtask bench` run measured, for the Markdown report.
pub struct BenchResults<'a> {
    pub rows: &'a [Row],
    pub series: &'a [Point],
    /// Mean `--version` seconds of plimsoll and cfn-lint.
    pub startup: Option<(f64, f64)>,
    pub missing: &'a [&'a str],
    pub guard_rules: &'a [PathBuf],
    pub versions: Vec<String>,
    pub limit: u64,
    /// The one-minute load average when the run began.
    pub load_at_start: String,
}

pub fn markdown(report: &BenchResults) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", machine(&report.load_at_start));
    let _ = writeln!(out, "Tools: {}.", report.versions.join("; "));
    let packs: Vec<String> = report
        .guard_rules
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    let _ = writeln!(
        out,
        "cfn-guard runs the built-in packs ({}); plimsoll runs every rule. \
         One run per cell; ratios are the tool's figure over Plimsoll's on the same input. \
         A run still going after {} s is stopped: its figures are what it used until then, and \
         its ratios are lower bounds (>).",
        packs.join(", "),
        report.limit
    );
    if !report.missing.is_empty() {
        let _ = writeln!(
            out,
            "Not installed, skipped: {}.",
            report.missing.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\n| input | tool | wall s | CPU s | peak RSS MB | wall × | CPU × | memory × | exit |"
    );
    let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for row in report.rows {
        let (r, p) = (&row.run, &row.plimsoll);
        let stopped = stopped(r, report.limit);
        let bound = if stopped { ">" } else { "" };
        let _ = writeln!(
            out,
            "| {} | {} | {:.3}{} | {:.3} | {:.1} | {bound}{} | {bound}{} | {bound}{} | {} |",
            row.workload,
            row.tool,
            r.wall,
            if stopped { " (stopped at limit)" } else { "" },
            r.cpu,
            r.max_rss_kb as f64 / 1024.0,
            ratio(r.wall, p.wall),
            ratio(r.cpu, p.cpu),
            ratio(r.max_rss_kb as f64, p.max_rss_kb as f64),
            if stopped {
                "–".to_owned()
            } else {
                r.exit.to_string()
            }
        );
    }
    if let Some((plimsoll, lint)) = report.startup {
        let _ = writeln!(
            out,
            "\nStartup (`--version`, hyperfine mean): plimsoll {:.2} ms, cfn-lint {:.0} ms ({}).",
            plimsoll * 1000.0,
            lint * 1000.0,
            ratio(lint, plimsoll)
        );
    }
    let synthetic: Vec<(&Row, usize)> = report
        .rows
        .iter()
        .filter(|r| r.tool == "plimsoll")
        .filter_map(|r| Some((r, resources(&r.workload)?)))
        .collect();
    if !synthetic.is_empty() {
        let _ = writeln!(
            out,
            "\nplimsoll check against template size (the runs above, process start included):\n\n\
             | template | wall ms | CPU ms | CPU µs per resource | peak RSS MB |\n\
             |---|---:|---:|---:|---:|"
        );
        for (row, n) in synthetic {
            let _ = writeln!(
                out,
                "| {} | {:.0} | {:.0} | {:.1} | {:.1} |",
                row.workload,
                row.run.wall * 1e3,
                row.run.cpu * 1e3,
                row.run.cpu * 1e6 / n as f64,
                row.run.max_rss_kb as f64 / 1024.0
            );
        }
    }
    if !report.series.is_empty() {
        let _ = writeln!(
            out,
            "\nLint time against template size (criterion mean, in process):\n\n\
             | format | resources | parse ms | lint ms | lint µs per resource |\n\
             |---|---:|---:|---:|---:|"
        );
        for p in report.series {
            let _ = writeln!(
                out,
                "| {} | {} | {:.2} | {:.2} | {:.1} |",
                p.format,
                p.resources,
                p.parse_ns / 1e6,
                p.lint_ns / 1e6,
                p.lint_ns / 1e3 / p.resources as f64
            );
        }
    }
    out
}

/// Whether `timeout` stopped the run (exit 124 after TERM, 137 after KILL) at the limit.
fn stopped(run: &Measure, limit: u64) -> bool {
    matches!(run.exit, 124 | 137) || run.wall >= limit as f64
}

fn ratio(other: f64, plimsoll: f64) -> String {
    if plimsoll <= 0.0 {
        return "–".into();
    }
    let r = other / plimsoll;
    if r >= 10.0 {
        format!("{r:.0}×")
    } else {
        format!("{r:.2}×")
    }
}

/// The resource count in a synthetic workload's name (`synth-2000.yaml (1.2 MB)`).
fn resources(workload: &str) -> Option<usize> {
    workload
        .strip_prefix("synth-")?
        .split('.')
        .next()?
        .parse()
        .ok()
}

/// `1.8 MB`, or `43 KB` below a megabyte.
fn size(bytes: u64) -> String {
    if bytes >= 1_048_576 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.0} KB", bytes as f64 / 1024.0)
    }
}

/// The one-minute load average.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}

/// Date, CPU model and count, memory and load, for the report's heading line.
fn machine(load_at_start: &str) -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(String::new, |kb| {
            format!(", {:.0} GB RAM", kb / 1_048_576.0)
        });
    let date = crate::process::output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    format!(
        "Measured {date} on {model}, {cores} cores{memory}; load average {load_at_start} at the \
         start, {} at the end.",
        load_average()
    )
}
