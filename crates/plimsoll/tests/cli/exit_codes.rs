//! Exit codes: 0 nothing at or above the failing severity, 1 findings at or above it, 2 usage
//! errors and unreadable files; `--fail-on` and `fail-on` in the config move the threshold.

use crate::support::*;

fn code(args: &[&str]) -> i32 {
    run(plimsoll(args)).0
}

#[test]
fn clean_templates_exit_0_and_errors_exit_1() {
    assert_eq!(code(&["check", CLEAN]), 0);
    assert_eq!(code(&["check", TYPOS]), 1);
}

#[test]
fn fail_on_moves_the_threshold() {
    let warn = ["check", "--severity", "TPL003=warning", TYPOS];
    assert_eq!(code(&warn), 0);
    assert_eq!(code(&[&warn[..], &["--fail-on", "warning"]].concat()), 1);
    assert_eq!(code(&[&warn[..], &["--fail-on", "info"]].concat()), 1);
    let info = ["check", "--severity", "TPL=info", TYPOS];
    assert_eq!(code(&[&info[..], &["--fail-on", "warning"]].concat()), 0);
    assert_eq!(code(&[&info[..], &["--fail-on", "info"]].concat()), 1);
}

#[test]
fn severity_overrides_show_in_the_report() {
    let (code, report) = json(plimsoll(&[
        "check",
        "--format",
        "json",
        "--severity",
        "TPL003=warning",
        TYPOS,
        DUPLICATE,
    ]));
    assert_eq!(code, 1, "TPL002 is still an error");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 3);
}

#[test]
fn select_and_ignore_filter_codes() {
    let (_, report) = json(plimsoll(&[
        "check", "-f", "json", "--select", "TPL002", TYPOS, DUPLICATE,
    ]));
    assert_eq!(codes(&report), ["TPL002"]);
    let (code, report) = json(plimsoll(&[
        "check",
        "-f",
        "json",
        "--ignore",
        "TPL002,TPL003",
        TYPOS,
        DUPLICATE,
    ]));
    assert_eq!(code, 0);
    assert_eq!(codes(&report), Vec::<String>::new());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(code(&["check", "--no-such-flag"]), 2);
    assert_eq!(code(&["check", "--format", "xml", CLEAN]), 2);
    assert_eq!(code(&["check", "--fail-on", "fatal", CLEAN]), 2);
    let (code, _, err) = run(plimsoll(&["check", "--severity", "TPL003=fatal", CLEAN]));
    assert_eq!(code, 2);
    assert!(err.contains("`fatal` is not a severity"), "{err}");
}

#[test]
fn unknown_codes_are_usage_errors() {
    let (code, _, err) = run(plimsoll(&["check", "--ignore", "XYZ123", CLEAN]));
    assert_eq!(code, 2);
    assert!(
        err.contains("error: --ignore: `XYZ123` matches no rule"),
        "{err}"
    );
}

#[test]
fn check_help_says_which_files_it_reads_and_its_exit_codes() {
    for flag in ["-h", "--help"] {
        let (code, out, _) = run(plimsoll(&["check", flag]));
        assert_eq!(code, 0);
        for promise in [
            "*.yaml, *.yml, *.json and *.template",
            "hidden entries and node_modules are skipped",
            "Exit codes:",
            "  0  no finding at or above the failing severity",
            "  1  a finding at or above the failing severity",
            "  2  a usage error, a file that cannot be read",
        ] {
            assert!(out.contains(promise), "{flag}: no `{promise}` in\n{out}");
        }
    }
}
