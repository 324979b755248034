//! `cargo xtask bench`: the criterion benchmarks of `plimsoll-lint` (parse and lint on the
//! synthetic series, each rule alone) and, in the same run, `plimsoll check` against cfn-lint,
//! cfn-guard (with the built-in packs under `rules/`) and checkov on the corpus and on the
//! synthetic templates. Writes a Markdown report (`target/bench/report.md`, or `--out FILE`;
//! `--readme` also puts it into the README's Performance section)
//! of wall time, CPU time and peak memory with ratios to Plimsoll, the lint time per resource
//! across the synthetic series, and the startup time of `--version`.
//!
//! A peer that is not installed is skipped and named in the report. checkov is looked for on
//! PATH and in `$HOME/.cache/plimsoll/checkov-venv/bin` (`python3 -m venv` there, then
//! `pip install checkov`); cfn-guard and cfn-lint as `measure::find_tool` says.

mod criterion;
pub mod measure;
mod readme;
mod report;

use crate::commands::BenchArgs;
use crate::{process, synth, workspace};
use measure::Measure;
use report::{Row, Workload};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The peers in report order, after Plimsoll.
const PEERS: &[&str] = &["cfn-guard", "cfn-lint", "checkov"];

pub fn run(args: &BenchArgs) -> Result<(), String> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| workspace::target_dir().join("bench/report.md"));
    let (with_criterion, into_readme, only_series, limit) = (
        !args.skip_criterion,
        args.readme,
        args.only_series,
        args.limit,
    );
    let corpus = args
        .corpus
        .clone()
        .or_else(crate::corpus::dir)
        .ok_or("no corpus found: pass --corpus DIR or set PLIMSOLL_CORPUS")?;
    let load_at_start = report::load_average();
    let dir = workspace::scratch("bench")?;
    let synth_dir = dir.join("synth");
    let formats = [synth::Format::Yaml, synth::Format::Json];
    let synthetic = synth::write_all(&synth_dir, synth::SERIES, &formats)?;

    let series = if with_criterion {
        criterion::run(&synth_dir, only_series)?
    } else {
        Vec::new()
    };

    let plimsoll = workspace::plimsoll(true)?;
    let guard_rules = guard_packs()?;
    let peers: Vec<(&str, Option<PathBuf>)> = PEERS.iter().map(|p| (*p, find(p))).collect();

    let mut workloads = Vec::new();
    let all = crate::corpus::templates(&corpus);
    let readable: Vec<PathBuf> = match peers[0].1.as_ref() {
        // cfn-guard stops at the first file it cannot read: every tool gets the same files.
        Some(guard) => all
            .iter()
            .filter(|f| measure::guard_reads(guard, &guard_rules[0], f))
            .cloned()
            .collect(),
        None => all.clone(),
    };
    workloads.push(Workload {
        name: format!("corpus ({} of {} templates)", readable.len(), all.len()),
        bytes: measure::bytes(&readable),
        files: readable,
    });
    for path in synthetic {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        workloads.push(Workload {
            name,
            bytes: measure::bytes(std::slice::from_ref(&path)),
            files: vec![path],
        });
    }

    let mut rows = Vec::new();
    for (i, workload) in workloads.iter().enumerate() {
        let log = |tool: &str| dir.join(format!("{i}-{tool}.out"));
        let base = time(
            &plimsoll_cmd(&plimsoll, &workload.files),
            &log("plimsoll"),
            limit,
        )?;
        rows.push(Row::new(workload, "plimsoll", base, base));
        for (peer, path) in &peers {
            let Some(path) = path else { continue };
            let command = match *peer {
                "cfn-guard" => guard_cmd(path, &guard_rules, &workload.files),
                "cfn-lint" => lint_cmd(path, &workload.files),
                _ => checkov_cmd(path, &workload.files),
            };
            let m = time(&command, &log(peer), limit)?;
            rows.push(Row::new(workload, peer, m, base));
        }
    }

    let startup = match &peers[1].1 {
        Some(lint) => Some(measure::startup(&plimsoll, lint, &dir)?),
        None => None,
    };
    let missing: Vec<&str> = peers
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(n, _)| *n)
        .collect();
    let text = report::markdown(&report::BenchResults {
        rows: &rows,
        series: &series,
        startup,
        missing: &missing,
        guard_rules: &guard_rules,
        versions: versions(&plimsoll, &peers),
        limit,
        load_at_start,
    });
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("{text}");
    eprintln!("bench: report written to {}", out.display());
    if into_readme {
        let path = crate::workspace::root().join("README.md");
        let readme =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, readme::splice(&readme, &text)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("bench: report written into {}", path.display());
    }
    Ok(())
}

/// A command with its program and arguments, run later under `/usr/bin/time`.
fn time(command: &Command, out: &Path, limit: u64) -> Result<Measure, String> {
    // `timeout` waits for the tool, so `/usr/bin/time` still sees its CPU time and peak memory.
    // It signals its whole process group, itself included: TERM, which it survives (KILL would
    // end it before the tool and leave `/usr/bin/time` with timeout's own figures), then KILL
    // for a tool that ignores TERM.
    let mut timed = Command::new("timeout");
    timed
        .args(["--signal=TERM", "--kill-after=10", &limit.to_string()])
        .arg(command.get_program())
        .args(command.get_args());
    measure::measure(&mut timed, out)
}

fn plimsoll_cmd(plimsoll: &Path, files: &[PathBuf]) -> Command {
    let mut command = Command::new(plimsoll);
    command
        .args(["check", "--format", "json", "--no-config"])
        .args(files);
    command
}

fn guard_cmd(guard: &Path, rules: &[PathBuf], files: &[PathBuf]) -> Command {
    let mut command = Command::new(guard);
    command.args(["validate", "--show-summary", "none"]);
    for rule in rules {
        command.arg("--rules").arg(rule);
    }
    for file in files {
        command.arg("--data").arg(file);
    }
    command
}

fn lint_cmd(lint: &Path, files: &[PathBuf]) -> Command {
    let mut command = Command::new(lint);
    command.args(["--format", "parseable", "--"]).args(files);
    command
}

fn checkov_cmd(checkov: &Path, files: &[PathBuf]) -> Command {
    let mut command = Command::new(checkov);
    command.args([
        "--framework",
        "cloudformation",
        "--quiet",
        "--compact",
        "--skip-download",
        "--output",
        "json",
        "--file",
    ]);
    command.args(files);
    command
}

/// The built-in guard packs (`rules/*.guard`), sorted.
fn guard_packs() -> Result<Vec<PathBuf>, String> {
    let dir = crate::workspace::root().join("rules");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "guard"))
        .collect();
    packs.sort();
    if packs.is_empty() {
        return Err(format!("no guard rule packs in {}", dir.display()));
    }
    Ok(packs)
}

fn find(peer: &str) -> Option<PathBuf> {
    if peer == "checkov" {
        let home = std::env::var_os("HOME").map(PathBuf::from)?;
        let venv = home.join(".cache/plimsoll/checkov-venv/bin/checkov");
        if venv.is_file() {
            return Some(venv);
        }
    }
    measure::find_tool(peer)
}

/// `--version` of each tool, first line.
fn versions(plimsoll: &Path, peers: &[(&str, Option<PathBuf>)]) -> Vec<String> {
    let version = |path: &Path| {
        let (_, text) = process::capture(Command::new(path).arg("--version")).unwrap_or_default();
        text.lines().next().unwrap_or("?").trim().to_owned()
    };
    let mut out = vec![format!("plimsoll: {}", version(plimsoll))];
    for (name, path) in peers {
        if let Some(path) = path {
            out.push(format!("{name}: {}", version(path)));
        }
    }
    out
}
