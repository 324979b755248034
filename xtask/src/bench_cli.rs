//! `cargo xtask bench-cli`: `plimsoll check` against cfn-lint and cfn-guard on the shared
//! corpus, all in one run: wall time, CPU time and peak memory (`/usr/bin/time -v`) as ratios,
//! and startup time (`hyperfine`) of `plimsoll --version` against `cfn-lint --version`.
//!
//! cfn-guard stops at the first file it cannot read, so every tool gets the same file list:
//! the corpus templates cfn-guard reads on its own. cfn-guard runs a trivial rule, which is
//! the least work it can do per template; plimsoll runs every rule. Tools not on PATH are
//! looked for in `$HOME/.cache/plimsoll/tools/bin` (`cargo install cfn-guard --version 3.2.1
//! --root $HOME/.cache/plimsoll/tools`).

use crate::tools::{self, capture};
use std::path::{Path, PathBuf};
use std::process::Command;

const TRIVIAL_RULE: &str = "rule has_resources {\n  Resources exists\n}\n";

/// One measured run.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub wall: f64,
    pub cpu: f64,
    pub max_rss_kb: u64,
    pub exit: i32,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let corpus = match args {
        [flag, dir] if flag == "--corpus" => PathBuf::from(dir),
        [] => crate::corpus::dir()
            .ok_or("no corpus found: pass --corpus DIR or set PLIMSOLL_CORPUS")?,
        _ => return Err("usage: cargo xtask bench-cli [--corpus DIR]".into()),
    };
    let plimsoll = tools::plimsoll(true)?;
    let guard = find_tool("cfn-guard").ok_or("cfn-guard not found (see xtask/src/bench_cli.rs)")?;
    let lint = find_tool("cfn-lint").ok_or("cfn-lint not found (pip install cfn-lint)")?;
    let dir = tools::scratch("bench-cli")?;
    let rule = dir.join("trivial.guard");
    std::fs::write(&rule, TRIVIAL_RULE).map_err(|e| e.to_string())?;

    let all = crate::corpus::templates(&corpus);
    let files: Vec<PathBuf> = all
        .iter()
        .filter(|f| guard_reads(&guard, &rule, f))
        .cloned()
        .collect();
    eprintln!(
        "bench-cli: {} of {} corpus templates are readable by cfn-guard; every tool gets those",
        files.len(),
        all.len()
    );

    let mut plimsoll_cmd = Command::new(&plimsoll);
    plimsoll_cmd
        .args(["check", "--format", "json", "--no-config"])
        .args(&files);
    let mut guard_cmd = Command::new(&guard);
    guard_cmd
        .args(["validate", "--show-summary", "none", "--rules"])
        .arg(&rule);
    for file in &files {
        guard_cmd.arg("--data").arg(file);
    }
    let mut lint_cmd = Command::new(&lint);
    lint_cmd.args(["--format", "parseable", "--"]).args(&files);

    let p = measure(&mut plimsoll_cmd, &dir.join("plimsoll.out"))?;
    let g = measure(&mut guard_cmd, &dir.join("guard.out"))?;
    let l = measure(&mut lint_cmd, &dir.join("cfn-lint.out"))?;
    let mut whole = Command::new(&plimsoll);
    whole
        .args(["check", "--format", "json", "--no-config"])
        .arg(&corpus);
    let w = measure(&mut whole, &dir.join("plimsoll-corpus.out"))?;

    println!(
        "\n{} templates ({} bytes), one run each:\n",
        files.len(),
        bytes(&files)
    );
    println!("| tool | wall s | CPU s | peak RSS MB | exit |");
    println!("|---|---|---|---|---|");
    for (name, m) in [
        ("plimsoll check (every rule)", &p),
        ("cfn-guard validate (trivial rule)", &g),
        ("cfn-lint", &l),
    ] {
        println!(
            "| {name} | {:.3} | {:.3} | {:.1} | {} |",
            m.wall,
            m.cpu,
            m.max_rss_kb as f64 / 1024.0,
            m.exit
        );
    }
    println!("\nratios (other / plimsoll):");
    println!(
        "  cfn-lint:  wall {:.0}x, CPU {:.0}x, memory {:.1}x",
        l.wall / p.wall,
        l.cpu / p.cpu.max(0.001),
        l.max_rss_kb as f64 / p.max_rss_kb as f64
    );
    println!(
        "  cfn-guard: wall {:.2}x, CPU {:.2}x, memory {:.2}x",
        g.wall / p.wall,
        g.cpu / p.cpu.max(0.001),
        g.max_rss_kb as f64 / p.max_rss_kb as f64
    );
    println!(
        "plimsoll on the whole corpus ({} templates, broken ones included): wall {:.3} s, CPU {:.3} s, peak RSS {:.1} MB",
        all.len(),
        w.wall,
        w.cpu,
        w.max_rss_kb as f64 / 1024.0
    );
    let (p, l) = startup(&plimsoll, &lint, &dir)?;
    println!(
        "startup (--version, hyperfine mean): plimsoll {:.2} ms, cfn-lint {:.0} ms: {:.0}x",
        p * 1000.0,
        l * 1000.0,
        l / p
    );
    Ok(())
}

/// `hyperfine` on `--version`, the cost of starting each tool: mean seconds of plimsoll and
/// of cfn-lint.
pub fn startup(plimsoll: &Path, lint: &Path, dir: &Path) -> Result<(f64, f64), String> {
    let json = dir.join("startup.json");
    let plimsoll_version = format!("{} --version", plimsoll.display());
    let lint_version = format!("{} --version", lint.display());
    let (code, out) = capture(
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
    eprintln!("bench-cli: timing {}", Path::new(&program).display());
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
    let local = tools::tools_dir().join("bin").join(name);
    if local.is_file() {
        return Some(local);
    }
    crate::cmd::output("which", &[name]).map(PathBuf::from)
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
