//! Closed and broken standard streams: never a panic, and never a report that went nowhere
//! while the exit code says all is well.

use crate::support::*;
use std::process::{Command, Stdio};

#[test]
fn a_stderr_pipe_closed_early_does_not_stop_the_report_file() {
    let dir = scratch(&[("t.yaml", ONE_TYPO)]);
    // Enough "skipped" notes to fill the pipe several times over.
    let names: Vec<String> = (0..2000).map(|i| format!("n{i:04}.yaml")).collect();
    for name in &names {
        std::fs::write(dir.path().join(name), "key: value\n").unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_plimsoll"))
        .current_dir(dir.path())
        .args(["check", "-o", "report.txt", "t.yaml"])
        .args(&names)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{status}");
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(report.contains("--> t.yaml:5:16"), "{report}");
}

#[test]
fn a_closed_standard_input_is_an_error() {
    let dir = scratch(&[]);
    let (code, out, err) = run(shell_in(dir.path(), "exec \"$PLIMSOLL\" check - <&-"));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("error: cannot read <stdin>"), "{err}");
    assert!(err.contains("standard input is closed"), "{err}");
}

#[test]
fn a_closed_standard_output_is_an_error_unless_the_report_goes_to_a_file() {
    let dir = scratch(&[("t.yaml", ONE_TYPO)]);
    let (code, _, err) = run(shell_in(dir.path(), "exec \"$PLIMSOLL\" check t.yaml >&-"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("standard output is closed"), "{err}");

    let (code, _, err) = run(shell_in(
        dir.path(),
        "exec \"$PLIMSOLL\" check -o report.txt t.yaml >&-",
    ));
    assert_eq!(code, 1, "{err}");
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(report.contains("--> t.yaml:5:16"), "{report}");
}

#[test]
fn a_closed_standard_error_changes_nothing() {
    let dir = scratch(&[("t.yaml", ONE_TYPO), ("n.yaml", "key: value\n")]);
    let (code, out, _) = run(shell_in(
        dir.path(),
        "exec \"$PLIMSOLL\" check t.yaml n.yaml 2>&-",
    ));
    assert_eq!(code, 1);
    assert!(out.contains("--> t.yaml:5:16"), "{out}");
}
