//! Inputs that are not plain files of a sane size: devices, FIFOs, endless streams, huge
//! parameter, config and rule files, and rule directories with symbolic link loops. Each is
//! refused with a clear error (or, for a template, a finding) in bounded time and memory; the
//! other inputs are still checked.

use crate::support::*;

fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_template_linked_to_dev_zero_is_refused_and_the_others_are_checked() {
    let dir = scratch(&[("good.yaml", ONE_TYPO)]);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).unwrap();
    let script = format!("{MEMORY_CAP} exec \"$PLIMSOLL\" check zero.yaml good.yaml");
    let (code, out, err) = run(shell_in(dir.path(), &script));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("error: cannot read zero.yaml: not a regular file (a character device)"),
        "{err}"
    );
    assert!(out.contains("--> good.yaml:5:16"), "{out}");
}

#[test]
fn an_endless_standard_input_is_read_only_up_to_the_limit() {
    let dir = scratch(&[]);
    let script =
        format!("{MEMORY_CAP} (echo Resources:; cat /dev/zero) | \"$PLIMSOLL\" check -f json -");
    let (code, out, err) = run(shell_in(dir.path(), &script));
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(codes(&report), ["TPL001"]);
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("limit"), "{message}");

    // Endless bytes with no template's key in them are no template.
    let script = format!("{MEMORY_CAP} exec \"$PLIMSOLL\" check - </dev/zero");
    let (code, out, err) = run(shell_in(dir.path(), &script));
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("note: skipped <stdin>"), "{err}");
}

#[test]
fn a_fifo_template_is_refused_without_blocking_and_the_others_are_checked() {
    let dir = scratch(&[("good.yaml", ONE_TYPO)]);
    mkfifo(&dir.path().join("pipe.yaml"));
    let (code, out, err) = run(shell_in(
        dir.path(),
        "exec \"$PLIMSOLL\" check pipe.yaml good.yaml",
    ));
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("error: cannot read pipe.yaml: not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(out.contains("--> good.yaml:5:16"), "{out}");
}

#[test]
fn fifo_and_device_parameter_files_are_refused() {
    let dir = scratch(&[("good.yaml", ONE_TYPO)]);
    mkfifo(&dir.path().join("params.cfg"));
    for file in ["params.cfg", "/dev/zero"] {
        let script = format!("{MEMORY_CAP} exec \"$PLIMSOLL\" check --parameters {file} good.yaml");
        let (code, _, err) = run(shell_in(dir.path(), &script));
        assert_eq!(code, 2, "{file}: {err}");
        assert!(
            err.contains("cannot read parameter file") && err.contains("not a regular file"),
            "{err}"
        );
    }
}

#[test]
fn a_fifo_among_rule_files_is_refused() {
    let dir = scratch(&[
        ("good.yaml", ONE_TYPO),
        ("rules/a.guard", "rule a { Resources exists }\n"),
    ]);
    mkfifo(&dir.path().join("rules/b.guard"));
    let (code, _, err) = run(shell_in(
        dir.path(),
        "exec \"$PLIMSOLL\" check --rules rules good.yaml",
    ));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot read guard rules rules/b.guard: not a regular file (a FIFO)"),
        "{err}"
    );
}

#[test]
fn a_config_linked_to_dev_zero_is_refused() {
    let dir = scratch(&[("good.yaml", ONE_TYPO)]);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("plimsoll.toml")).unwrap();
    let script = format!("{MEMORY_CAP} exec \"$PLIMSOLL\" check good.yaml");
    let (code, _, err) = run(shell_in(dir.path(), &script));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a regular file"), "{err}");
}

#[test]
fn oversized_parameter_config_and_rule_files_are_refused_with_the_limit() {
    let dir = scratch(&[("good.yaml", ONE_TYPO)]);
    std::fs::write(dir.path().join("big.cfg"), "A=1\n".repeat(5 << 20)).unwrap();
    std::fs::write(dir.path().join("big.guard"), "# x\n".repeat(5 << 20)).unwrap();
    std::fs::write(dir.path().join("big.toml"), "# x\n".repeat(1 << 19)).unwrap();
    let cases = [
        (
            vec!["--parameters", "big.cfg"],
            "big.cfg: larger than the 16 MiB limit",
        ),
        (
            vec!["--rules", "big.guard"],
            "big.guard: larger than the 16 MiB limit",
        ),
        (
            vec!["--config", "big.toml"],
            "big.toml: larger than the 1 MiB limit",
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["check"];
        args.extend(&flags);
        args.push("good.yaml");
        let (code, _, err) = run(plimsoll_in(dir.path(), &args));
        assert_eq!(code, 2, "{flags:?}: {err}");
        assert!(err.contains(expected), "{flags:?}: {err}");
    }
}

#[test]
fn rule_directories_do_not_follow_symbolic_links_to_directories() {
    let dir = scratch(&[
        ("good.yaml", ONE_TYPO),
        (
            "rules/tagged.guard",
            "rule has_resources { Resources exists }\n",
        ),
    ]);
    for name in ["rules/loop-a", "rules/loop-b"] {
        std::os::unix::fs::symlink(".", dir.path().join(name)).unwrap();
    }
    let (code, out, err) = run(shell_in(
        dir.path(),
        "exec \"$PLIMSOLL\" check --rules rules good.yaml",
    ));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("--> good.yaml:5:16"), "{out}");
}
