//! Lint time against parse-only time, on the largest corpus template and on the whole corpus.
//! Reading the YAML is the floor; the rules should cost little above it (target: lint ≤ 2×
//! parse). Run with `cargo bench -p plimsoll-lint --bench lint`; the corpus is found like the
//! corpus test finds it (`PLIMSOLL_CORPUS` or `shared/corpus` beside the checkout).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_lint::{Settings, lint};
use std::hint::black_box;

mod support;

fn benches(c: &mut Criterion) {
    let files = support::corpus();
    if files.is_empty() {
        eprintln!("corpus not found; set PLIMSOLL_CORPUS");
        return;
    }
    let settings = Settings::default();
    // Load lazily built data (IAM reference data, guard packs) before measuring.
    let _ = lint("Resources: {}", &settings);

    let (largest_path, largest) = files
        .iter()
        .max_by_key(|(_, text)| text.len())
        .map(|(p, t)| (p.clone(), t.as_str()))
        .unwrap_or_default();
    let mut group = c.benchmark_group(format!(
        "largest template ({}, {} bytes)",
        largest_path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy(),
        largest.len()
    ));
    group.throughput(Throughput::Bytes(largest.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| plimsoll_template::parse(black_box(largest)))
    });
    group.bench_function("lint", |b| b.iter(|| lint(black_box(largest), &settings)));
    group.finish();

    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group(format!("whole corpus ({} files)", files.len()));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("parse", |b| {
        b.iter(|| {
            for (_, text) in &files {
                black_box(plimsoll_template::parse(text));
            }
        })
    });
    group.bench_function("lint", |b| {
        b.iter(|| {
            for (_, text) in &files {
                black_box(lint(text, &settings));
            }
        })
    });
    group.finish();
}

criterion_group!(lint_benches, benches);
criterion_main!(lint_benches);
