//! Builds the [`Linter`] for a `check` run from the resolved configuration: the settings, and
//! the users' guard rules (`rules = […]` in `plimsoll.toml`, `--rules PATH`) read from disk and
//! checked once before any template is linted.

use crate::config::Resolved;
use crate::input_file::{self, FILE_LIMIT};
use plimsoll_lint::Linter;
use plimsoll_lint::guard::{self, RuleFile};
use std::path::{Path, PathBuf};

/// The linter every file of the run is checked with. A rule file that cannot be read or has
/// an error is a usage error naming the file, line and column.
pub fn build(config: &Resolved, warn: &mut dyn FnMut(String)) -> Result<Linter, String> {
    let linter = Linter::new(config.settings.clone());
    if config.guard_rules.is_empty() {
        return Ok(linter);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut files = Vec::new();
    for path in &config.guard_rules {
        let found = rule_paths(path)
            .map_err(|e| format!("cannot read guard rules {}: {e}", shown(path, &cwd)))?;
        if found.is_empty() {
            warn(format!(
                "{} holds no guard rule files (*.guard, *.ruleset)",
                shown(path, &cwd)
            ));
        }
        for file in found {
            let text = input_file::read_text(&file, FILE_LIMIT)
                .map_err(|e| format!("cannot read guard rules {}: {e}", shown(&file, &cwd)))?;
            files.push(RuleFile {
                name: shown(&file, &cwd),
                text,
            });
        }
    }
    let pass = guard::load_rules(&files).map_err(|e| e.to_string())?;
    Ok(linter.with_pass(Box::new(pass)))
}

/// How deep a rule directory walk goes, and how many entries it looks at: far more than any
/// repository's rules need, and an end to `--rules /`.
const MAX_DEPTH: usize = 32;
const MAX_ENTRIES: usize = 100_000;

/// A rule file given by name, or every rule file under a directory, in name order. The walk is
/// discovery's: hidden entries and `node_modules` are skipped, and symbolic links to
/// directories are not followed (two links back to `.` would make it endless).
fn rule_paths(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![(path.to_path_buf(), 0)];
    let mut seen = 0;
    while let Some((dir, depth)) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            seen += 1;
            if seen > MAX_ENTRIES {
                return Err(std::io::Error::other(format!(
                    "more than {MAX_ENTRIES} entries under it; name the rule directory itself"
                )));
            }
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') || name == "node_modules" {
                continue;
            }
            if entry.file_type()?.is_dir() {
                if depth + 1 > MAX_DEPTH {
                    return Err(std::io::Error::other(format!(
                        "directories nested more than {MAX_DEPTH} deep"
                    )));
                }
                pending.push((entry.path(), depth + 1));
            } else if guard::is_rule_file(name) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// A path as the user would write it: relative to the working directory when inside it.
fn shown(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd).unwrap_or(path).display().to_string()
}
