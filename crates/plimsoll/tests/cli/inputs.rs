//! What gets checked: standard input, directory walking, explicit files that are not
//! templates, unreadable files and invalid UTF-8.

use crate::support::*;
use insta::assert_snapshot;

#[test]
fn stdin_is_checked_and_named() {
    let mut cmd = plimsoll(&["check", "-"]);
    cmd.write_stdin(ONE_TYPO);
    let (code, out, _) = run(cmd);
    assert_eq!(code, 1);
    assert!(out.contains(" --> <stdin>:5:16"), "{out}");

    let mut cmd = plimsoll(&[
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "stacks/api.yaml",
        "-",
    ]);
    cmd.write_stdin(ONE_TYPO);
    let (_, report) = json(cmd);
    assert_eq!(report["diagnostics"][0]["file"], "stacks/api.yaml");
}

#[test]
fn directories_are_walked_for_templates_only() {
    let dir = scratch(&[
        ("stacks/api.yaml", ONE_TYPO),
        ("stacks/nested/db.template", ONE_TYPO),
        (
            "stacks/params.json",
            r#"[{"ParameterKey": "A", "ParameterValue": "b"}]"#,
        ),
        (".github/workflows/ci.yml", "on: push\njobs: {}\n"),
        (
            "docker-compose.yml",
            "services:\n  web:\n    image: nginx\n",
        ),
        ("broken.yaml", "key: [unclosed\n"),
        ("README.md", "# Resources\n"),
        ("node_modules/pkg/t.yaml", ONE_TYPO),
        (".hidden/t.yaml", ONE_TYPO),
    ]);
    let (code, out, err) = run(plimsoll_in(dir.path(), &["check", "--format", "json", "."]));
    assert_eq!(code, 1);
    assert!(err.is_empty(), "non-templates are skipped silently: {err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        files(&report),
        ["stacks/api.yaml", "stacks/nested/db.template"]
    );
    assert_eq!(report["summary"]["files"], 2);
}

#[test]
fn explicit_files_that_are_not_templates_are_reported_and_skipped() {
    let (code, out, err) = run(plimsoll(&["check", WORKFLOW, CLEAN]));
    assert_eq!(code, 0);
    assert!(
        err.contains("note: skipped crates/plimsoll/tests/fixtures/workflow.yml: not a CloudFormation template"),
        "{err}"
    );
    assert!(out.contains("No problems found in 1 template."), "{out}");
}

#[test]
fn explicit_files_that_do_not_parse_are_linted_only_when_they_look_like_templates() {
    let dir = scratch(&[
        ("broken.yaml", "key: [unclosed\n"),
        ("broken-stack.yaml", "Resources:\n  Queue: [unclosed\n"),
    ]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "broken.yaml", "broken-stack.yaml"],
    ));
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["TPL001"]);
    assert_eq!(report["diagnostics"][0]["file"], "broken-stack.yaml");
}

#[test]
fn unreadable_files_exit_2_and_the_others_are_still_checked() {
    let dir = scratch(&[("good.yaml", ONE_TYPO)]);
    std::os::unix::fs::symlink("nowhere.yaml", dir.path().join("dangling.yaml")).unwrap();
    let (code, out, err) = run(plimsoll_in(dir.path(), &["check", "missing.yaml", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains("error: cannot read missing.yaml: no such file or directory"),
        "{err}"
    );
    assert!(
        err.contains("error: cannot read dangling.yaml: no such file or directory"),
        "{err}"
    );
    assert!(out.contains("--> good.yaml:5:16"), "{out}");
    assert!(
        out.contains("in 1 template. 2 files could not be read."),
        "{out}"
    );
}

#[test]
fn invalid_utf8_is_a_syntax_error_at_the_first_bad_byte_and_nothing_is_lost() {
    let dir = scratch(&[]);
    let mut bytes = ONE_TYPO
        .replace("Queu\n", "Queu\n    Metadata: {Owner: caf\u{e9}}\n")
        .into_bytes();
    // Re-encode the 'é' (C3 A9) as Latin-1 (E9), which is not UTF-8.
    let at = bytes.windows(2).position(|w| w == [0xC3, 0xA9]).unwrap();
    bytes.splice(at..at + 2, [0xE9]);
    std::fs::write(dir.path().join("latin1.yaml"), bytes).unwrap();
    let (code, out, _) = run(plimsoll_in(dir.path(), &["check", "latin1.yaml"]));
    assert_eq!(code, 1);
    assert_snapshot!("invalid_utf8", out);
}

#[test]
fn a_template_that_is_not_cloudformation_in_a_directory_is_silent() {
    let dir = scratch(&[(
        "k8s.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n---\nkind: Service\n",
    )]);
    let (code, out, err) = run(plimsoll_in(dir.path(), &["check"]));
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("No problems found in 0 templates."), "{out}");
    let (code, _, err) = run(plimsoll_in(dir.path(), &["check", "k8s.yaml"]));
    assert_eq!(code, 0);
    assert!(err.contains("note: skipped k8s.yaml"), "{err}");
}

#[test]
fn output_is_sorted_by_file_then_position_whatever_the_argument_order() {
    let (_, report) = json(plimsoll(&["check", "-f", "json", TYPOS, DUPLICATE, TYPOS]));
    let located: Vec<(String, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = located.clone();
    sorted.sort();
    assert_eq!(located, sorted);
    assert_eq!(located.len(), 4, "a file named twice is checked once");
}

#[test]
fn one_file_under_several_spellings_is_reported_once_as_first_written() {
    let dir = scratch(&[("in/x.yaml", ONE_TYPO)]);
    std::os::unix::fs::symlink("in/x.yaml", dir.path().join("link.yaml")).unwrap();
    let spellings = [
        "./in/x.yaml",
        "in/x.yaml",
        "in/../in/x.yaml",
        "in",
        "link.yaml",
    ];
    let mut args = vec!["check", "-f", "json"];
    args.extend(spellings);
    let (code, report) = json(plimsoll_in(dir.path(), &args));
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["TPL003"], "{report}");
    assert_eq!(report["diagnostics"][0]["file"], "in/x.yaml");
    assert_eq!(report["summary"]["files"], 1);
}
