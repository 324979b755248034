//! Builds the [`Linter`] for a `check` run from the resolved configuration: the settings, and
//! the users' guard rules (`rules = […]` in `plimsoll.toml`, `--rules PATH`) read from disk and
//! checked once before any template is linted.

use crate::config::Resolved;
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
            let text = std::fs::read_to_string(&file)
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

/// A rule file given by name, or every rule file under a directory, in name order.
fn rule_paths(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?.path();
            if entry.is_dir() {
                pending.push(entry);
            } else if entry
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(guard::is_rule_file)
            {
                found.push(entry);
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
