//! Every rule's fixtures, one test each (`ECS001/bad-daemon`), so that every failing fixture
//! shows at once: `fixtures/<CODE>/bad-*.{yaml,json}` must give at least one finding of that
//! code and `good-*` none. The findings of each fixture are kept as a snapshot beside it, in
//! `fixtures/<CODE>/snapshots/<fixture>.snap`; a snapshot without its fixture fails. A
//! `<fixture>.params` file beside a fixture holds parameter overrides (any form the CLI's
//! `--parameters` reads).

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};

/// One fixture: the rule's code, the file, and its stem (`bad-daemon`).
struct Fixture {
    code: String,
    path: PathBuf,
    stem: String,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixtures() -> Vec<Fixture> {
    support::files_under(&fixtures_dir(), &["yaml", "yml", "json"])
        .into_iter()
        .map(|path| {
            let code = path
                .parent()
                .and_then(Path::file_name)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            Fixture { code, path, stem }
        })
        .collect()
}

fn check(fixture: &Fixture) -> Result<(), Failed> {
    let Fixture { code, path, stem } = fixture;
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let parameters = support::parameters_beside(path);
    let diagnostics = support::lint_only(code, &source, &parameters);
    let of_code = diagnostics
        .iter()
        .filter(|d| d.code == code.as_str())
        .count();
    if stem.starts_with("bad") && of_code == 0 {
        return Err(format!("{} should give {code}", path.display()).into());
    }
    if stem.starts_with("good") && of_code > 0 {
        return Err(format!("{} should not give {code}", path.display()).into());
    }
    if !stem.starts_with("bad") && !stem.starts_with("good") {
        return Err(format!("{}: fixture names start with bad or good", path.display()).into());
    }
    let rendered = support::render(&source, &diagnostics);
    insta::with_settings!({
        snapshot_path => format!("fixtures/{code}/snapshots"),
        prepend_module_to_snapshot => false,
        description => path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).display().to_string(),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(stem.as_str(), rendered);
    });
    Ok(())
}

/// Every `fixtures/<CODE>/snapshots/*.snap` belongs to a fixture of that code.
fn every_snapshot_has_its_fixture(fixtures: &[Fixture]) -> Result<(), Failed> {
    let expected: Vec<PathBuf> = fixtures
        .iter()
        .map(|f| {
            fixtures_dir()
                .join(&f.code)
                .join("snapshots")
                .join(format!("{}.snap", f.stem))
        })
        .collect();
    let orphans: Vec<PathBuf> = support::files_under(&fixtures_dir(), &["snap"])
        .into_iter()
        .filter(|snap| !expected.contains(snap))
        .collect();
    match orphans.is_empty() {
        true => Ok(()),
        false => Err(format!("snapshots without a fixture: {orphans:?}").into()),
    }
}

/// Snapshots are named by stem: `bad-x.yaml` and `bad-x.json` would overwrite each other's.
fn no_two_fixtures_share_a_snapshot(fixtures: &[Fixture]) -> Result<(), Failed> {
    let mut seen = std::collections::BTreeSet::new();
    let shared: Vec<String> = fixtures
        .iter()
        .map(|f| format!("{}/{}", f.code, f.stem))
        .filter(|name| !seen.insert(name.clone()))
        .collect();
    if shared.is_empty() {
        Ok(())
    } else {
        Err(format!("fixtures with the same name but another extension: {shared:?}").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let fixtures = fixtures();
    assert!(
        !fixtures.is_empty(),
        "no fixtures under {}",
        fixtures_dir().display()
    );
    let mut trials: Vec<Trial> = Vec::new();
    let orphans = every_snapshot_has_its_fixture(&fixtures);
    trials.push(Trial::test("every_snapshot_has_its_fixture", move || {
        orphans
    }));
    let shared = no_two_fixtures_share_a_snapshot(&fixtures);
    trials.push(Trial::test("no_two_fixtures_share_a_snapshot", move || {
        shared
    }));
    for fixture in fixtures {
        let name = format!("{}/{}", fixture.code, fixture.stem);
        trials.push(Trial::test(name, move || check(&fixture)));
    }
    libtest_mimic::run(&args, trials).exit();
}
