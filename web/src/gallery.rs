//! The example gallery: the templates under `examples/`, embedded at build time.

use plimsoll_template::parse;
use std::sync::OnceLock;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

/// One example template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    /// The file name under `examples/`.
    pub file: &'static str,
    pub source: &'static str,
}

impl Example {
    /// The template's `Description`, or the file name made readable.
    pub fn title(&self) -> String {
        let parsed = parse(self.source);
        parsed
            .document
            .root()
            .and_then(|root| root.get("Description"))
            .and_then(|d| d.scalar_text().map(|t| t.into_owned()))
            .unwrap_or_else(|| {
                let stem = self.file.rsplit_once('.').map_or(self.file, |(s, _)| s);
                stem.replace(['-', '_'], " ")
            })
    }
}

/// An example with its title, worked out once (titles need a parse).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub example: Example,
    pub title: String,
}

/// Every example, the most telling first.
pub fn examples() -> &'static [Entry] {
    static ALL: OnceLock<Vec<Entry>> = OnceLock::new();
    ALL.get_or_init(|| {
        embedded::EXAMPLES
            .iter()
            .map(|&(file, source)| {
                let example = Example { file, source };
                Entry {
                    title: example.title(),
                    example,
                }
            })
            .collect()
    })
}

/// The example with this file name.
pub fn find(file: &str) -> Option<Example> {
    examples()
        .iter()
        .map(|e| e.example)
        .find(|e| e.file == file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_descriptions_or_names() {
        let e = Example {
            file: "a-b.yaml",
            source: "Description: A healthy stack\nResources: {}\n",
        };
        assert_eq!(e.title(), "A healthy stack");
        let e = Example {
            file: "broad-iam.yaml",
            source: "Resources: {}\n",
        };
        assert_eq!(e.title(), "broad iam");
    }

    #[test]
    fn every_embedded_example_is_a_template_that_lints() {
        assert!(
            examples().len() >= 4,
            "the gallery shows the examples/ templates"
        );
        for example in examples().iter().map(|e| e.example) {
            let found = plimsoll_lint::lint(example.source, &plimsoll_lint::Settings::default());
            assert!(
                found.iter().all(|d| d.code != "TPL001"),
                "{} does not parse: {found:?}",
                example.file
            );
        }
    }
}
