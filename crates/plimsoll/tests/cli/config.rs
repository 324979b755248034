//! `plimsoll.toml`: found upward from the working directory, or named with `--config`.

use crate::support::*;

const CONFIG: &str = "ignore = [\"TPL003\"]\nfail-on = \"warning\"\n";

#[test]
fn the_nearest_config_upward_applies() {
    let dir = scratch(&[("plimsoll.toml", CONFIG), ("stacks/dev/api.yaml", ONE_TYPO)]);
    let nested = dir.path().join("stacks/dev");
    let (code, report) = json(plimsoll_in(&nested, &["check", "-f", "json", "api.yaml"]));
    assert_eq!(code, 0);
    assert_eq!(codes(&report), Vec::<String>::new());

    let (code, report) = json(plimsoll_in(
        &nested,
        &["check", "-f", "json", "--no-config", "api.yaml"],
    ));
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["TPL003"]);
}

#[test]
fn a_closer_config_wins_and_config_fail_on_is_used() {
    let dir = scratch(&[
        ("plimsoll.toml", CONFIG),
        (
            "stacks/plimsoll.toml",
            "fail-on = \"warning\"\n[severity]\nTPL003 = \"warning\"\n",
        ),
        ("stacks/api.yaml", ONE_TYPO),
    ]);
    let (code, report) = json(plimsoll_in(
        &dir.path().join("stacks"),
        &["check", "-f", "json", "api.yaml"],
    ));
    assert_eq!(
        codes(&report),
        ["TPL003"],
        "the closer file does not ignore TPL003"
    );
    assert_eq!(report["diagnostics"][0]["severity"], "warning");
    assert_eq!(code, 1, "fail-on = warning");
}

#[test]
fn config_can_be_named_explicitly() {
    let dir = scratch(&[
        ("ci/strict.toml", "select = [\"TPL002\"]\n"),
        ("api.yaml", ONE_TYPO),
    ]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--config",
            "ci/strict.toml",
            "api.yaml",
        ],
    ));
    assert_eq!(code, 0);
    assert_eq!(codes(&report), Vec::<String>::new());
}

#[test]
fn bad_config_files_are_usage_errors_naming_the_file() {
    let dir = scratch(&[
        ("plimsoll.toml", "ignroe = [\"TPL003\"]\n"),
        ("api.yaml", ONE_TYPO),
    ]);
    let (code, _, err) = run(plimsoll_in(dir.path(), &["check", "api.yaml"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("plimsoll.toml") && err.contains("ignroe"),
        "{err}"
    );
    let (code, _, err) = run(plimsoll_in(
        dir.path(),
        &["check", "--config", "nope.toml", "api.yaml"],
    ));
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read") && err.contains("nope.toml"),
        "{err}"
    );
}

#[test]
fn flags_extend_the_config() {
    let dir = scratch(&[
        ("plimsoll.toml", "ignore = [\"TPL002\"]\n"),
        ("api.yaml", ONE_TYPO),
    ]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--ignore", "TPL003", "api.yaml"],
    ));
    assert_eq!(code, 0);
    assert_eq!(codes(&report), Vec::<String>::new());
}

#[test]
fn guard_rule_paths_must_exist() {
    let dir = scratch(&[
        ("plimsoll.toml", "rules = [\"guard/\"]\n"),
        ("api.yaml", ONE_TYPO),
    ]);
    let (code, _, err) = run(plimsoll_in(dir.path(), &["check", "api.yaml"]));
    assert_eq!(code, 2);
    assert!(err.contains("guard"), "{err}");
}
