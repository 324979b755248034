//! `cargo xtask synth`: synthetic templates of an exact resource count, built from the
//! blocks real ECS stacks use, in YAML and JSON, for benchmarks at sizes the corpus lacks.
//! The output is deterministic; it goes to a directory outside the repository's tracked files.

mod application;
mod blocks;
mod tree;

use crate::commands::SynthArgs;
use std::path::{Path, PathBuf};
use tree::{Node, s};

/// The sizes `cargo xtask bench` measures.
pub const SERIES: &[usize] = &[100, 500, 2_000, 5_000];

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[value(alias = "yml")]
    Yaml,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// The default output directory: `synth/` under the cargo target directory.
pub fn default_dir() -> PathBuf {
    crate::workspace::target_dir().join("synth")
}

pub fn run(args: &SynthArgs) -> Result<(), String> {
    let out = args.out.clone().unwrap_or_else(default_dir);
    for path in write_all(&out, &args.sizes, &args.formats)? {
        println!("{}", path.display());
    }
    Ok(())
}

/// Writes `synth-<N>.<ext>` for every size and format into `dir`; returns the paths.
pub fn write_all(dir: &Path, sizes: &[usize], formats: &[Format]) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for &size in sizes {
        for &format in formats {
            let path = dir.join(format!("synth-{size}.{}", format.extension()));
            std::fs::write(&path, generate(size, format)?)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            paths.push(path);
        }
    }
    Ok(paths)
}

/// A template with exactly `resources` resources (at least the network's).
pub fn generate(resources: usize, format: Format) -> Result<String, String> {
    let mut all = blocks::network();
    let applications = resources.saturating_sub(all.len()) / application::RESOURCES;
    for i in 0..applications {
        all.extend(application::block(i)?);
    }
    let mut k = 0;
    while all.len() < resources {
        all.push(blocks::filler(k));
        k += 1;
    }
    let root = Node::Map(vec![
        ("AWSTemplateFormatVersion".into(), s("2010-09-09")),
        (
            "Description".into(),
            s(format!(
                "Synthetic ECS stack: {applications} services with migrations, {resources} resources"
            )),
        ),
        ("Parameters".into(), blocks::parameters()),
        ("Conditions".into(), blocks::conditions()),
        ("Resources".into(), Node::Map(all)),
    ]);
    Ok(match format {
        Format::Yaml => tree::to_yaml(&root),
        Format::Json => tree::to_json(&root),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_lint::{Settings, lint};
    use std::collections::BTreeMap;

    fn codes(source: &str) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for d in lint(source, &Settings::default()) {
            *counts.entry(d.code.into_owned()).or_default() += 1;
        }
        counts
    }

    #[test]
    fn templates_have_the_exact_resource_count_in_both_formats() {
        assert_eq!(blocks::network().len(), 9);
        assert_eq!(application::block(0).unwrap().len(), application::RESOURCES);
        for size in [9, 100, 137] {
            for format in [Format::Yaml, Format::Json] {
                let text = generate(size, format).unwrap();
                let parsed = plimsoll_template::parse(&text);
                assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
                let root = parsed.document.root().unwrap();
                assert_eq!(root.get("Resources").unwrap().len(), size);
            }
        }
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(
            generate(500, Format::Yaml).unwrap(),
            generate(500, Format::Yaml).unwrap()
        );
    }

    #[test]
    fn the_planted_mistakes_are_found_and_nothing_else() {
        // 100 resources: the network and 7 applications (0..=6): a deadlock (1), a mutable
        // tag (3), a missing ServiceTimeout (5), a ServiceToken that is a name (6 is healthy).
        let yaml = codes(&generate(100, Format::Yaml).unwrap());
        let expected: BTreeMap<String, usize> = [("CFR005", 1), ("ECS001", 1), ("ECS007", 2)]
            .into_iter()
            .map(|(c, n)| (c.to_owned(), n))
            .collect();
        assert_eq!(yaml, expected);
        assert_eq!(codes(&generate(100, Format::Json).unwrap()), expected);
        let larger = codes(&generate(500, Format::Yaml).unwrap());
        for code in ["CFR002", "CFR005", "ECS001", "ECS007", "ECS009"] {
            assert!(larger.contains_key(code), "{code} missing from {larger:?}");
        }
        assert!(!larger.contains_key("TPL003"), "{larger:?}");
    }
}
