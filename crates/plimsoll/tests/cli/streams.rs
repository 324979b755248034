//! Closed and broken standard streams: never a panic, and the exit code always the findings'.

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
fn output_sent_to_the_null_device_keeps_the_exit_code() {
    let clean = std::fs::read_to_string(root().join(CLEAN)).unwrap();
    let dir = scratch(&[("t.yaml", ONE_TYPO), ("ok.yaml", &clean)]);
    // Read-write, as Python's `subprocess.DEVNULL` and Go's `os/exec` open it, write-only as a
    // shell's `>/dev/null` does, and closed (Rust's runtime then opens the null device
    // read-write): the findings still decide the exit code.
    for redirect in ["1<>/dev/null", ">/dev/null", ">&-"] {
        let (code, _, err) = run(shell_in(
            dir.path(),
            &format!("exec \"$PLIMSOLL\" check t.yaml {redirect}"),
        ));
        assert_eq!(code, 1, "{redirect}: {err}");
        let (code, _, err) = run(shell_in(
            dir.path(),
            &format!("exec \"$PLIMSOLL\" check ok.yaml {redirect}"),
        ));
        assert_eq!(code, 0, "{redirect}: {err}");
    }
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
