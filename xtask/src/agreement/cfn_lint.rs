//! cfn-lint's findings on every template, run in batches and cached per file under the target
//! directory, keyed by cfn-lint's version and the file's content: a rerun reads the cache and
//! runs cfn-lint only on what changed.

use super::finding::{Finding, from_cfn_lint};
use crate::{installed_tools, process};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Templates per cfn-lint run: its start-up (over a second) is paid once per batch.
const BATCH: usize = 50;

/// cfn-lint as setup installs it (the project's virtual environment), else on `PATH`.
pub fn find() -> Option<PathBuf> {
    let installed = installed_tools::venv_bin("cfn-lint");
    if installed.is_file() {
        return Some(installed);
    }
    crate::bench::measure::find_tool("cfn-lint")
}

/// The first line of `cfn-lint --version` (`cfn-lint 1.58.0`).
pub fn version(lint: &Path) -> Result<String, String> {
    let (code, out) = process::capture(std::process::Command::new(lint).arg("--version"))?;
    let line = out.lines().next().unwrap_or_default().trim().to_owned();
    if code != 0 || line.is_empty() {
        return Err(format!("`{} --version` failed:\n{out}", lint.display()));
    }
    Ok(line)
}

/// Every template's cfn-lint findings (their `file` is the template's path as given). A
/// template cfn-lint fails on without a report is named in the second list.
pub fn findings(
    lint: &Path,
    version: &str,
    templates: &[PathBuf],
    cache: &Path,
) -> Result<(Vec<Finding>, Vec<PathBuf>), String> {
    let dir = cache.join(version.replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "-"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let keyed: Vec<(PathBuf, PathBuf)> = templates
        .iter()
        .map(|t| Ok((t.clone(), dir.join(format!("{}.json", content_hash(t)?)))))
        .collect::<Result<_, String>>()?;
    let todo: Vec<&(PathBuf, PathBuf)> = keyed.iter().filter(|(_, c)| !c.is_file()).collect();
    if !todo.is_empty() {
        eprintln!(
            "agreement: cfn-lint on {} of {} templates ({} cached)",
            todo.len(),
            keyed.len(),
            keyed.len() - todo.len()
        );
    }
    let mut failed = Vec::new();
    for (done, batch) in todo.chunks(BATCH).enumerate() {
        eprintln!(
            "agreement: cfn-lint batch {}/{}",
            done + 1,
            todo.len().div_ceil(BATCH)
        );
        let files: Vec<&Path> = batch.iter().map(|(t, _)| t.as_path()).collect();
        match run(lint, &files, &dir) {
            Some(report) => store(&report, batch)?,
            // One template can stop a whole batch: run them one by one to find it.
            None => {
                for one in batch {
                    match run(lint, &[one.0.as_path()], &dir) {
                        Some(report) => store(&report, std::slice::from_ref(one))?,
                        None => failed.push(one.0.clone()),
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for (template, cached) in &keyed {
        let Ok(text) = std::fs::read_to_string(cached) else {
            continue;
        };
        let report: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", cached.display()))?;
        let file = template.to_string_lossy().into_owned();
        out.extend(from_cfn_lint(&report).into_iter().map(|f| Finding {
            file: file.clone(),
            ..f
        }));
    }
    Ok((out, failed))
}

/// sha256 of a file's bytes, lowercase hex.
fn content_hash(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// One cfn-lint run on `files`, its JSON report; `None` when it gives none. It runs in the
/// cache directory so that no `.cfnlintrc` of the checkout or the corpus applies.
fn run(lint: &Path, files: &[&Path], cwd: &Path) -> Option<serde_json::Value> {
    let output = process::command(lint)
        .args(["--format", "json", "--"])
        .args(files)
        .current_dir(cwd)
        .output()
        .ok()?;
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .ok()
        .filter(|v| v.is_array())
}

/// Splits a batch's report by template and writes each template's part to its cache file
/// (an empty list for a template without findings).
fn store(report: &serde_json::Value, batch: &[&(PathBuf, PathBuf)]) -> Result<(), String> {
    let matches = report.as_array().map(Vec::as_slice).unwrap_or_default();
    for (template, cached) in batch {
        let name = template.to_string_lossy();
        let own: Vec<&serde_json::Value> = matches
            .iter()
            .filter(|m| m["Filename"].as_str() == Some(name.as_ref()))
            .collect();
        let text = serde_json::to_string(&own).map_err(|e| e.to_string())?;
        std::fs::write(cached, text).map_err(|e| format!("{}: {e}", cached.display()))?;
    }
    Ok(())
}
