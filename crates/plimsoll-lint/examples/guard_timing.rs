//! Measures what the built-in guard packs add to linting, per template:
//! `cargo run --release -p plimsoll-lint --example guard_timing -- PATH…`
//!
//! Each template is linted with every rule and again with the guard codes ignored (the guard
//! pass then returns before building anything); both runs are repeated and the fastest kept.
//! Prints the median and worst guard time per template and the share of the total.

use plimsoll_lint::{Linter, ParameterValues, RuleKind, Settings, catalog};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../tests/support/files.rs"]
mod files;

/// The fastest of a few runs, to keep scheduling noise out of small numbers.
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len().saturating_sub(1)) as f64 * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn main() {
    let mut files = Vec::new();
    for arg in std::env::args().skip(1) {
        files.extend(files::templates_under(Path::new(&arg)));
    }
    files.sort();
    let guard_codes: Vec<String> = catalog()
        .iter()
        .filter(|m| m.kind == RuleKind::Guard)
        .map(|m| m.code.to_owned())
        .collect();
    let with_guard = Linter::new(Settings::default());
    let without_guard = Linter::new(Settings {
        ignore: guard_codes,
        ..Settings::default()
    });
    let none = ParameterValues::new();
    // Warm up: the packs are read once per process, on first use.
    with_guard.lint("Resources: {}", &none);

    let mut guard_times = Vec::new();
    let (mut total_with, mut total_without) = (Duration::ZERO, Duration::ZERO);
    let mut worst: (Duration, PathBuf) = (Duration::ZERO, PathBuf::new());
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        let all = fastest(3, || {
            with_guard.lint(&source, &none);
        });
        let rust_only = fastest(3, || {
            without_guard.lint(&source, &none);
        });
        let guard = all.saturating_sub(rust_only);
        total_with += all;
        total_without += rust_only;
        if guard > worst.0 {
            worst = (guard, file.clone());
        }
        guard_times.push(guard);
    }
    guard_times.sort();
    let evaluated = guard_times
        .iter()
        .filter(|t| **t > Duration::from_micros(50))
        .count();
    println!("templates: {}", guard_times.len());
    println!("templates where guard ran (>50 µs): {evaluated}");
    let ran: Vec<Duration> = guard_times
        .iter()
        .copied()
        .filter(|t| *t > Duration::from_micros(50))
        .collect();
    println!(
        "guard per template where it ran: median {:?}",
        percentile(&ran, 0.5)
    );
    println!(
        "guard per template: median {:?}, p90 {:?}, worst {:?} ({})",
        percentile(&guard_times, 0.5),
        percentile(&guard_times, 0.9),
        worst.0,
        worst.1.display()
    );
    // cfn-guard's public API takes rules as text, so each evaluation parses the packs that
    // apply again: what parsing all three costs.
    let packs: Vec<(&str, String)> = ["ecs-deployment", "custom-resources", "iam"]
        .into_iter()
        .filter_map(|name| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../rules")
                .join(format!("{name}.guard"));
            Some((name, std::fs::read_to_string(path).ok()?))
        })
        .collect();
    let parse = fastest(20, || {
        for (name, text) in &packs {
            let _ = cfn_guard::commands::validate::parse_rules(text, name);
        }
    });
    println!("parsing the {} packs once: {parse:?}", packs.len());
    println!(
        "total lint time: {:?} with guard, {:?} without ({:.1}x)",
        total_with,
        total_without,
        total_with.as_secs_f64() / total_without.as_secs_f64().max(1e-9)
    );
}
