//! `cargo xtask fuzz`: runs the `cargo fuzz` targets under `fuzz/` for a fixed time each and
//! prints what they did (executions, coverage, corpus size).
//!
//! Seeds are copied at run time into `fuzz/corpus/seeds/` (ignored by git): the repository's
//! examples and rule fixtures, and the shared corpus when it is present. Each target keeps the
//! inputs it finds in `fuzz/corpus/<target>/`, so later runs start where earlier ones stopped.
//! A crash leaves its input in `fuzz/artifacts/<target>/` and fails the command.

use crate::commands::FuzzArgs;
use crate::{process, workspace};
use std::path::{Path, PathBuf};

/// What seeds a fuzz target's corpus.
#[derive(Clone, Copy)]
enum Seeds {
    /// The seed templates copied into `fuzz/corpus/seeds/`.
    Templates,
    /// A directory of inputs kept in the repository, relative to `fuzz/`.
    Dir(&'static str),
    /// Guard rule files (the built-in packs and the user-rule test files), each followed by
    /// a NUL and the user-rule test template, copied into `fuzz/corpus/seeds-guard/`.
    GuardRules,
    /// Nothing: the target draws its input from a grammar.
    None,
}

/// The fuzz targets (`fuzz/fuzz_targets/*.rs`) and what seeds them.
const TARGETS: &[(&str, Seeds)] = &[
    ("parse", Seeds::Templates),
    ("lint_bytes", Seeds::Templates),
    ("lint_grammar", Seeds::None),
    ("runner_properties", Seeds::Dir("seeds/runner_properties")),
    ("guard_rules", Seeds::GuardRules),
];

/// The toolchain cargo-fuzz needs (`-Z` flags for coverage instrumentation), pinned in
/// `installed_tools::NIGHTLY`; cargo-fuzz itself comes from setup's install, first on the `PATH`.
fn toolchain() -> String {
    format!("+{}", crate::installed_tools::NIGHTLY)
}

/// The names of the targets, for the command's arguments.
pub fn target_names() -> Vec<&'static str> {
    TARGETS.iter().map(|(t, _)| *t).collect()
}

pub fn run(args: &FuzzArgs) -> Result<(), String> {
    let seconds = args.seconds;
    let build_only = args.build_only;
    let mut chosen = args.targets.clone();
    if chosen.is_empty() {
        chosen = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    }
    // Debug assertions on: arithmetic overflow in span maths is a bug even where release
    // builds would wrap. No sanitizer: the code is safe Rust, and this doubles the speed.
    process::run(
        "cargo",
        &[
            &toolchain(),
            "fuzz",
            "build",
            "--debug-assertions",
            "--sanitizer",
            "none",
        ],
    )?;
    if build_only {
        return Ok(());
    }
    let root = workspace::root().join("fuzz");
    let seeds = root.join("corpus/seeds");
    let count = copy_seeds(&seeds)?;
    eprintln!("fuzz: {count} seed templates in {}", seeds.display());
    let guard_seeds = root.join("corpus/seeds-guard");
    let count = write_guard_seeds(&guard_seeds)?;
    eprintln!("fuzz: {count} seed rule files in {}", guard_seeds.display());
    let mut summaries = Vec::new();
    for target in &chosen {
        let seed_dir = match TARGETS.iter().find(|(t, _)| t == target).map(|(_, s)| *s) {
            Some(Seeds::Templates) => Some(seeds.clone()),
            Some(Seeds::Dir(dir)) => Some(root.join(dir)),
            Some(Seeds::GuardRules) => Some(guard_seeds.clone()),
            Some(Seeds::None) | None => None,
        };
        summaries.push(run_target(&root, target, seconds, seed_dir.as_ref())?);
    }
    println!("\n| target | seconds | executions | exec/s | coverage (edges) | features | corpus |");
    println!("|---|---|---|---|---|---|---|");
    for s in &summaries {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            s.target,
            seconds,
            s.executions,
            s.executions / seconds.max(1),
            s.coverage,
            s.features,
            s.corpus
        );
    }
    Ok(())
}

/// What libFuzzer reported at the end of one run.
#[derive(Debug, Default)]
struct Summary {
    target: String,
    executions: u64,
    coverage: u64,
    features: u64,
    corpus: u64,
}

fn run_target(
    root: &Path,
    target: &str,
    seconds: u64,
    seeds: Option<&PathBuf>,
) -> Result<Summary, String> {
    let corpus = root.join("corpus").join(target);
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let mut command = process::command("cargo");
    command
        .current_dir(workspace::root())
        .args([
            &toolchain(),
            "fuzz",
            "run",
            "--debug-assertions",
            "--sanitizer",
            "none",
        ])
        .arg(target)
        .arg(&corpus);
    if let Some(seeds) = seeds {
        command.arg(seeds);
    }
    command.args([
        "--",
        &format!("-max_total_time={seconds}"),
        // A single input that takes 10 s or 2 GB is a finding, like a panic.
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-max_len=1048576",
        "-print_final_stats=1",
    ]);
    eprintln!("\n$ {}", process::describe(&command));
    let output = command
        .output()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(60).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "fuzz target `{target}` failed ({}); the input is in fuzz/artifacts/{target}/:\n{}",
            output.status,
            tail.join("\n")
        ));
    }
    let summary = summarize(target, &log);
    eprintln!(
        "fuzz: {target}: {} executions, coverage {}, corpus {}",
        summary.executions, summary.coverage, summary.corpus
    );
    Ok(summary)
}

/// Reads libFuzzer's last status line (`#N DONE cov: C ft: F corp: K/…`) and final stats.
fn summarize(target: &str, log: &str) -> Summary {
    let mut summary = Summary {
        target: target.to_owned(),
        ..Summary::default()
    };
    let field = |line: &str, name: &str| -> Option<u64> {
        let mut words = line.split_whitespace();
        words.find(|w| *w == name)?;
        words.next()?.split('/').next()?.parse().ok()
    };
    for line in log.lines() {
        if line.starts_with('#') {
            summary.coverage = field(line, "cov:").unwrap_or(summary.coverage);
            summary.features = field(line, "ft:").unwrap_or(summary.features);
            summary.corpus = field(line, "corp:").unwrap_or(summary.corpus);
        }
        if let Some(n) = line
            .strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse().ok())
        {
            summary.executions = n;
        }
    }
    summary
}

/// Copies seed templates into `dir` (flat, one file each), replacing what was there.
fn copy_seeds(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let root = workspace::root();
    let mut sources = vec![
        root.join("examples"),
        root.join("crates/plimsoll-lint/tests/fixtures"),
    ];
    sources.extend(crate::corpus::dir());
    let mut files: Vec<PathBuf> = sources
        .iter()
        .flat_map(|source| crate::corpus::templates(source))
        .collect();
    files.sort();
    for (i, file) in files.iter().enumerate() {
        let name = format!(
            "{i:05}-{}",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        std::fs::copy(file, dir.join(name)).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(files.len())
}

/// Writes one seed per guard rule file of the repository (the built-in packs under `rules/`
/// and the user-rule test files): its text, a NUL, and the user-rule test template.
fn write_guard_seeds(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let root = workspace::root();
    let user_rules = root.join("crates/plimsoll-lint/tests/user-rules");
    let template = user_rules.join("template.yaml");
    let template = std::fs::read(&template).map_err(|e| format!("{}: {e}", template.display()))?;
    let mut files = Vec::new();
    let mut dirs = vec![root.join("rules"), user_rules];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "guard") {
                files.push(path);
            }
        }
    }
    files.sort();
    for (i, file) in files.iter().enumerate() {
        let mut seed = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        seed.push(0);
        seed.extend_from_slice(&template);
        let name = format!(
            "{i:03}-{}",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        std::fs::write(dir.join(name), seed).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libfuzzer_status_lines_are_read() {
        let log = "\
#2	INITED cov: 10 ft: 11 corp: 1/1b exec/s: 0 rss: 30Mb
#52345	DONE   cov: 1234 ft: 5678 corp: 321/45Kb lim: 4096 exec/s: 872 rss: 120Mb
Done 52345 runs in 61 second(s)
stat::number_of_executed_units: 52345
stat::peak_rss_mb:              120
";
        let s = summarize("lint_bytes", log);
        assert_eq!(
            (s.executions, s.coverage, s.features, s.corpus),
            (52345, 1234, 5678, 321)
        );
    }
}
