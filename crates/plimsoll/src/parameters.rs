//! Which parameter overrides apply to which template.
//!
//! Sources apply in order, later ones winning: the config file's `[[parameters]]` entries whose
//! glob matches the template, then `--parameters FILE`, then `--parameter KEY=VALUE`.
//!
//! Each file is read once and shared: a template gets the list of layers that apply to it, and
//! a lookup asks them from the last to the first. Nothing is copied per template, however large
//! the files and however many the templates.

use crate::input_file::{self, FILE_LIMIT};
use crate::paths::normalize;
use globset::{Glob, GlobMatcher};
use plimsoll_lint::excerpt::{self, EXCERPT_CHARS, excerpt};
use plimsoll_lint::{ParameterLookup, ParameterValues, parse_parameter_entries};
use plimsoll_template::Span;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where parameter values come from, before the files are read.
#[derive(Debug)]
pub enum ParameterSource {
    /// A file for the templates matching a glob (relative to the config file's directory).
    Glob { pattern: String, file: PathBuf },
    /// A file for every template.
    File(PathBuf),
    /// One value for every template.
    Value(String, String),
}

/// The parameter files, read once, and the globs that choose them.
#[derive(Debug, Default)]
pub struct ParameterPlan {
    /// The directory globs are relative to.
    base: PathBuf,
    cwd: PathBuf,
    layers: Vec<Layer>,
}

/// One source of values: the templates it applies to, its values and where they came from.
#[derive(Debug)]
pub struct Layer {
    /// `None`: every template.
    pub glob: Option<GlobMatcher>,
    pub values: Arc<ParameterValues>,
    pub origin: Origin,
}

/// Where a layer's values were written.
#[derive(Debug)]
pub enum Origin {
    /// A parameter file: its path, its text and where each key is in it.
    File {
        path: PathBuf,
        text: String,
        keys: Vec<(String, Span)>,
    },
    /// `--parameter KEY=VALUE`.
    CommandLine,
}

/// The overrides for one template: the layers that apply to it, later ones winning.
#[derive(Clone, Debug, Default)]
pub struct TemplateParameters {
    layers: Vec<Arc<ParameterValues>>,
}

impl ParameterLookup for TemplateParameters {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.layers
            .iter()
            .rev()
            .find_map(|layer| layer.lookup(name))
    }

    /// None: every value the CLI takes applies to every template a source matches, so it is
    /// checked across them (`unknown_parameters`), not per template.
    fn given_names(&self) -> Vec<&str> {
        Vec::new()
    }
}

impl ParameterPlan {
    /// Reads every parameter file; an unreadable or malformed file is an error naming it.
    pub fn load(
        base: &Path,
        cwd: &Path,
        sources: Vec<ParameterSource>,
    ) -> Result<ParameterPlan, String> {
        let mut layers = Vec::with_capacity(sources.len());
        for source in sources {
            layers.push(match source {
                ParameterSource::Glob { pattern, file } => {
                    let glob = Glob::new(&pattern).map_err(|e| {
                        format!(
                            "parameters: templates = \"{}\": {}",
                            excerpt(&pattern, EXCERPT_CHARS),
                            excerpt::message(&e.kind().to_string())
                        )
                    })?;
                    read(Some(glob.compile_matcher()), &file)?
                }
                ParameterSource::File(file) => read(None, &file)?,
                ParameterSource::Value(key, value) => Layer {
                    glob: None,
                    values: Arc::new(ParameterValues::from([(key, value)])),
                    origin: Origin::CommandLine,
                },
            });
        }
        Ok(ParameterPlan {
            base: normalize(base),
            cwd: cwd.to_path_buf(),
            layers,
        })
    }

    /// The overrides for one template (`None` for standard input without a file name: only
    /// the sources without a glob apply).
    pub fn values_for(&self, template: Option<&Path>) -> TemplateParameters {
        let layers = self
            .applying_to(template)
            .map(|layer| Arc::clone(&layer.values))
            .collect();
        TemplateParameters { layers }
    }

    /// The sources, in order.
    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }

    /// The directory the globs are relative to.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// The sources that apply to a template.
    pub fn applying_to(&self, template: Option<&Path>) -> impl Iterator<Item = &Layer> {
        let relative = template.map(|t| self.relative(t));
        self.layers
            .iter()
            .filter(move |layer| match (&layer.glob, &relative) {
                (None, _) => true,
                (Some(glob), Some(path)) => glob.is_match(path),
                (Some(_), None) => false,
            })
    }

    /// A template's path as the globs see it.
    pub fn relative(&self, template: &Path) -> PathBuf {
        crate::paths::relative_to(template, &self.base, &self.cwd)
            .unwrap_or_else(|| normalize(&self.cwd.join(template)))
    }
}

fn read(glob: Option<GlobMatcher>, file: &Path) -> Result<Layer, String> {
    let text = input_file::read_text(file, FILE_LIMIT)
        .map_err(|e| format!("cannot read parameter file {}: {e}", file.display()))?;
    let entries = parse_parameter_entries(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let keys = entries
        .iter()
        .map(|e| (e.key.clone(), e.key_span))
        .collect();
    let values = entries.into_iter().map(|e| (e.key, e.value)).collect();
    Ok(Layer {
        glob,
        values: Arc::new(values),
        origin: Origin::File {
            path: file.to_path_buf(),
            text,
            keys,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_sources_win_and_globs_are_relative_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("stacks/dev")).unwrap();
        std::fs::write(root.join("dev.cfg"), "Tag=dev\nCount=1\n").unwrap();
        std::fs::write(
            root.join("all.json"),
            r#"{"Parameters": {"Count": "3", "Env": "any"}}"#,
        )
        .unwrap();
        let plan = ParameterPlan::load(
            root,
            &root.join("stacks"),
            vec![
                ParameterSource::Glob {
                    pattern: "stacks/dev/*.yml".into(),
                    file: root.join("dev.cfg"),
                },
                ParameterSource::File(root.join("all.json")),
                ParameterSource::Value("Env".into(), "cli".into()),
            ],
        )
        .unwrap();
        let dev = plan.values_for(Some(Path::new("./dev/../dev/api.yml")));
        assert_eq!(dev.lookup("Tag"), Some("dev"));
        assert_eq!(dev.lookup("Count"), Some("3"));
        assert_eq!(dev.lookup("Env"), Some("cli"));
        let other = plan.values_for(Some(Path::new("prod/api.yml")));
        assert_eq!(other.lookup("Tag"), None);
        assert_eq!(other.lookup("Env"), Some("cli"));
        let stdin = plan.values_for(None);
        assert_eq!(stdin.lookup("Tag"), None);
    }

    #[test]
    fn templates_share_the_files_values_instead_of_copying_them() {
        let dir = tempfile::tempdir().unwrap();
        let text: String = (0..1000).map(|i| format!("P{i}=v{i}\n")).collect();
        std::fs::write(dir.path().join("many.cfg"), text).unwrap();
        let plan = ParameterPlan::load(
            dir.path(),
            dir.path(),
            vec![ParameterSource::File(dir.path().join("many.cfg"))],
        )
        .unwrap();
        let a = plan.values_for(Some(Path::new("a.yaml")));
        let b = plan.values_for(Some(Path::new("b.yaml")));
        assert!(Arc::ptr_eq(&a.layers[0], &b.layers[0]));
        assert!(Arc::ptr_eq(&a.layers[0], &plan.layers[0].values));
        assert_eq!(b.lookup("P999"), Some("v999"));
    }

    #[test]
    fn bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.cfg");
        let err = ParameterPlan::load(dir.path(), dir.path(), vec![ParameterSource::File(missing)])
            .unwrap_err();
        assert!(err.contains("missing.cfg"), "{err}");
        std::fs::write(dir.path().join("bad.cfg"), "A=1\nnope\n").unwrap();
        let err = ParameterPlan::load(
            dir.path(),
            dir.path(),
            vec![ParameterSource::File(dir.path().join("bad.cfg"))],
        )
        .unwrap_err();
        assert!(err.contains("bad.cfg: line 2"), "{err}");
    }
}
