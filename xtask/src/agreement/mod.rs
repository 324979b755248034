//! `cargo xtask agreement`: how many of cfn-lint's findings in the codes the schema rules
//! (`SCH…`) answer Plimsoll also reports, and what Plimsoll reports that cfn-lint does not, on
//! the shared corpus.
//!
//! cfn-lint (`--format json`, as setup installs it) runs on every template in batches, its
//! output cached per template under `$CARGO_TARGET_DIR/agreement/cfn-lint/<version>/` by the
//! sha256 of the template (a rerun takes seconds); `plimsoll check --format json` (release
//! build) runs on all of them at once. `codes` holds which codes compare, `matching` how two
//! findings pair, `rewritten` which templates are left out besides those a tool cannot read. The table is printed and written to `agreement/table.md`; every miss and
//! every Plimsoll-only finding, with both tools' messages, to `agreement/review.md`.

mod by_design;
mod cfn_lint;
mod codes;
mod finding;
mod matching;
mod report;
mod rewritten;

use crate::commands::AgreementArgs;
use crate::{process, workspace};
use finding::Finding;
use std::path::{Path, PathBuf};

pub fn run(args: &AgreementArgs) -> Result<(), String> {
    let corpus = args
        .corpus
        .clone()
        .or_else(crate::corpus::dir)
        .ok_or("no corpus found: pass --corpus DIR or set PLIMSOLL_CORPUS")?;
    let corpus =
        std::fs::canonicalize(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let templates = crate::corpus::templates(&corpus);
    if templates.is_empty() {
        return Err(format!("no templates in {}", corpus.display()));
    }
    let out_dir = workspace::target_dir().join("agreement");
    let pinned = crate::schema_data::VERSION;
    let lint = cfn_lint::find().ok_or_else(|| {
        format!(
            "cfn-lint is not installed: `{} install cfn-lint=={pinned}` (the version the schema \
             data comes from)",
            crate::installed_tools::venv_bin("pip").display()
        )
    })?;
    let lint_version = cfn_lint::version(&lint)?;
    if !lint_version.ends_with(pinned) {
        eprintln!(
            "agreement: {lint_version} is not the {pinned} the schema data comes from: \
             differences may be the versions'"
        );
    }
    let (mut lint_findings, lint_failed) =
        cfn_lint::findings(&lint, &lint_version, &templates, &out_dir.join("cfn-lint"))?;
    let before = lint_findings.len();
    lint_findings.retain(|f| !by_design::left_alone(f));
    let by_design = before - lint_findings.len();
    let plimsoll = match &args.plimsoll {
        Some(bin) => bin.clone(),
        None => workspace::plimsoll(true)?,
    };
    let plimsoll_findings = plimsoll_findings(&plimsoll, &templates)?;

    let name = |p: &PathBuf| p.to_string_lossy().into_owned();
    let rewritten: Vec<String> = templates
        .iter()
        .filter(|t| rewritten::rewritten(t))
        .map(name)
        .collect();
    let apart: Vec<String> = lint_failed
        .iter()
        .map(name)
        .chain(rewritten.iter().cloned())
        .collect();
    let skip = matching::left_out(&lint_findings, &plimsoll_findings, &apart);
    let rows = matching::compare(&lint_findings, &plimsoll_findings, &skip);
    let files_with = |findings: &[Finding], code: &str| {
        findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.file.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len()
    };
    let files = report::Files {
        templates: templates.len(),
        cfn_lint_unparsable: files_with(&lint_findings, codes::CFN_LINT_UNPARSABLE),
        plimsoll_unparsable: files_with(&plimsoll_findings, codes::PLIMSOLL_UNPARSABLE),
        cfn_lint_failed: lint_failed.len(),
        rewritten: rewritten.len(),
        left_out: skip.len(),
        by_design,
    };
    let versions = format!("{lint_version}, {}", plimsoll_version(&plimsoll));
    let table = report::table(&rows, &files, &versions);
    let review = report::review(
        &rows,
        &lint_findings,
        &plimsoll_findings,
        &corpus.to_string_lossy(),
    );
    write(&out_dir.join("table.md"), &table)?;
    write(&out_dir.join("review.md"), &review)?;
    println!("{table}");
    eprintln!(
        "agreement: every miss and Plimsoll-only finding in {}",
        out_dir.join("review.md").display()
    );
    Ok(())
}

/// `plimsoll check --format json` on every template at once (no configuration file applies).
fn plimsoll_findings(plimsoll: &Path, templates: &[PathBuf]) -> Result<Vec<Finding>, String> {
    let output = process::command(plimsoll)
        .args(["check", "--format", "json", "--no-config"])
        .args(templates)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", plimsoll.display()))?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "plimsoll gave no JSON report ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    Ok(finding::from_plimsoll(&report))
}

fn plimsoll_version(plimsoll: &Path) -> String {
    process::output(plimsoll, &["--version"]).unwrap_or_else(|| "plimsoll ?".into())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
