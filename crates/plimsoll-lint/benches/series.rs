//! Parse and lint time on the synthetic series (100 to 5,000 resources, YAML and JSON), to
//! show how time grows with template size. `cargo xtask bench` writes the templates and sets
//! `PLIMSOLL_SYNTH`; by hand: `cargo xtask synth --out DIR` then
//! `PLIMSOLL_SYNTH=DIR cargo bench -p plimsoll-lint --bench series`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use plimsoll_lint::{Settings, lint};
use std::hint::black_box;

mod support;

fn benches(c: &mut Criterion) {
    let series = support::synthetic();
    if series.is_empty() {
        eprintln!("no synthetic templates: run `cargo xtask synth` and set PLIMSOLL_SYNTH");
        return;
    }
    let settings = Settings::default();
    let _ = lint("Resources: {}", &settings);
    for format in ["yaml", "json"] {
        let mut group = c.benchmark_group(format!("synthetic {format}"));
        group.sample_size(10);
        for t in series.iter().filter(|t| t.format == format) {
            group.throughput(Throughput::Elements(t.resources as u64));
            group.bench_with_input(
                BenchmarkId::new("parse", t.resources),
                &t.text,
                |b, text| b.iter(|| plimsoll_template::parse(black_box(text))),
            );
            group.bench_with_input(BenchmarkId::new("lint", t.resources), &t.text, |b, text| {
                b.iter(|| lint(black_box(text), &settings))
            });
        }
        group.finish();
    }
}

criterion_group!(series_benches, benches);
criterion_main!(series_benches);
