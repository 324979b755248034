//! The cost of each rule alone: lint with only that rule selected, against lint with none
//! (parsing, the template view and suppressions), on the 2,000-resource synthetic template
//! (`PLIMSOLL_SYNTH`, see `series.rs`) or, without it, the largest corpus template.

use criterion::{Criterion, criterion_group, criterion_main};
use plimsoll_lint::{Settings, catalog, lint};
use std::hint::black_box;

mod support;

fn only(code: &str) -> Settings {
    Settings {
        select: vec![code.to_owned()],
        ..Settings::default()
    }
}

fn benches(c: &mut Criterion) {
    let (name, text) = match support::synthetic()
        .into_iter()
        .find(|t| t.resources == 2_000 && t.format == "yaml")
    {
        Some(t) => ("synth-2000.yaml".to_owned(), t.text),
        None => match support::corpus().into_iter().max_by_key(|(_, t)| t.len()) {
            Some((path, text)) => (path.display().to_string(), text),
            None => {
                eprintln!("no input: set PLIMSOLL_SYNTH or PLIMSOLL_CORPUS");
                return;
            }
        },
    };
    let _ = lint("Resources: {}", &Settings::default());
    let mut group = c.benchmark_group(format!("each rule alone on {name}"));
    group.sample_size(10);
    group.bench_function("no rule", |b| {
        let settings = only("NONE");
        b.iter(|| lint(black_box(&text), &settings))
    });
    group.bench_function("every rule", |b| {
        let settings = Settings::default();
        b.iter(|| lint(black_box(&text), &settings))
    });
    for rule in catalog() {
        let settings = only(rule.code);
        group.bench_function(rule.code, |b| b.iter(|| lint(black_box(&text), &settings)));
    }
    group.finish();
}

criterion_group!(rule_benches, benches);
criterion_main!(rule_benches);
