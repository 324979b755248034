//! Parameter override files in the three forms, `--parameter`, and `[[parameters]]` globs in
//! the config. The mutable-image-tag example reports ECS007 with its parameter default
//! (`latest`) and nothing once the tag is overridden with a commit.

use crate::support::*;

const TEMPLATE: &str = "examples/mutable-image-tag.yaml";

const FORMS: [(&str, &str); 3] = [
    (
        "dev.cfg",
        "# dev\nApplicationDesiredCount=1\n\nApplicationImageTag=97e4abf\n",
    ),
    (
        "dev.json",
        r#"[{"ParameterKey": "ApplicationImageTag", "ParameterValue": "97e4abf"}]"#,
    ),
    (
        "dev-config.json",
        r#"{"Parameters": {"ApplicationImageTag": "97e4abf"}}"#,
    ),
];

fn template() -> String {
    root().join(TEMPLATE).display().to_string()
}

fn codes_with(dir: &std::path::Path, extra: &[&str]) -> (i32, Vec<String>, String) {
    let template = template();
    let mut args = vec!["check", "-f", "json"];
    args.extend(extra);
    args.push(&template);
    let (code, out, err) = run(plimsoll_in(dir, &args));
    let report: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, codes(&report), err)
}

#[test]
fn every_file_form_and_the_flag_override_the_default() {
    let dir = scratch(&FORMS);
    let (_, default, _) = codes_with(dir.path(), &[]);
    let mut runs: Vec<Vec<&str>> = FORMS
        .iter()
        .map(|(name, _)| vec!["--parameters", *name])
        .collect();
    runs.push(vec!["--parameter", "ApplicationImageTag=97e4abf"]);
    for args in runs {
        let (code, overridden, err) = codes_with(dir.path(), &args);
        assert_ne!(code, 2, "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
        assert!(
            !overridden.contains(&"ECS007".to_owned()),
            "{args:?}: {overridden:?}"
        );
    }
    assert!(default.contains(&"ECS007".to_owned()), "{default:?}");
}

#[test]
fn config_globs_choose_parameter_files_per_template() {
    let dir = scratch(&[
        ("params/dev.cfg", FORMS[0].1),
        (
            "plimsoll.toml",
            "[[parameters]]\ntemplates = \"stacks/*.yaml\"\nfile = \"params/dev.cfg\"\n",
        ),
    ]);
    let source = std::fs::read_to_string(template()).unwrap();
    for name in ["stacks/api.yaml", "other/api.yaml"] {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &source).unwrap();
    }
    let (_, report) = json(plimsoll_in(dir.path(), &["check", "-f", "json", "."]));
    let ecs007_files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ECS007")
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(ecs007_files, ["other/api.yaml"]);
}

#[test]
fn malformed_parameter_files_exit_2_naming_file_and_line() {
    let dir = scratch(&[
        (
            "bad.cfg",
            "ApplicationImageTag=97e4abf\nthis is not a pair\n",
        ),
        ("bad.json", "[\n  {\"ParameterValue\": \"x\"}\n]\n"),
    ]);
    let (code, _, err) = codes_with_raw(dir.path(), &["--parameters", "bad.cfg"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.cfg: line 2: expected `Key=Value`"),
        "{err}"
    );
    let (code, _, err) = codes_with_raw(dir.path(), &["--parameters", "bad.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.json: line 2") && err.contains("ParameterKey"),
        "{err}"
    );
    let (code, _, err) = codes_with_raw(dir.path(), &["--parameters", "missing.cfg"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read parameter file") && err.contains("missing.cfg"),
        "{err}"
    );
}

fn codes_with_raw(dir: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let template = template();
    let mut args = vec!["check"];
    args.extend(extra);
    args.push(&template);
    run(plimsoll_in(dir, &args))
}

/// A stack declaring `ImageTag` and another declaring `DesiredCount`, as `(name, text)`.
fn stack(name: &'static str, parameter: &str) -> (&'static str, String) {
    let text = format!(
        "Parameters:\n  {parameter}:\n    Type: String\n    Default: x\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !Ref {parameter}\n"
    );
    (name, text)
}

/// The TPL008 findings of a JSON report as `file:line message`.
fn unknown_parameters(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "TPL008")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["file"].as_str().unwrap(),
                d["range"]["start"]["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_misspelt_parameter_on_the_command_line_is_an_error_naming_the_closest() {
    let template = template();
    let (code, report) = json(plimsoll(&[
        "check",
        "-f",
        "json",
        "--parameter",
        "ImageTag=97e4abf",
        &template,
    ]));
    assert_eq!(code, 1, "{report}");
    let found = unknown_parameters(&report);
    assert_eq!(found.len(), 1, "{report}");
    assert!(
        found[0].ends_with(
            "`--parameter` gives a value for the parameter `ImageTag`, which this template does not declare; did you mean `ApplicationImageTag`?"
        ),
        "{found:?}"
    );
    // At the parameter it meant.
    assert!(found[0].contains("mutable-image-tag.yaml:13 "), "{found:?}");
    // The value did nothing: the default still decides.
    assert!(codes(&report).contains(&"ECS007".to_owned()), "{report}");
}

#[test]
fn a_misspelt_key_in_a_parameter_file_is_reported_at_its_line_in_the_file() {
    for (name, text, line) in [
        (
            "dev.cfg",
            "# dev\nApplicationImageTag=97e4abf\nImageTag=1\n",
            3,
        ),
        (
            "dev.json",
            "[\n  {\"ParameterKey\": \"ApplicationImageTag\", \"ParameterValue\": \"97e4abf\"},\n  {\"ParameterKey\": \"ImageTag\", \"ParameterValue\": \"1\"}\n]\n",
            3,
        ),
        (
            "dev-config.json",
            "{\"Parameters\": {\n  \"ApplicationImageTag\": \"97e4abf\",\n  \"ImageTag\": \"1\"\n}}\n",
            3,
        ),
    ] {
        let dir = scratch(&[(name, text)]);
        let template = template();
        let (code, report) = json(plimsoll_in(
            dir.path(),
            &["check", "-f", "json", "--parameters", name, &template],
        ));
        assert_eq!(code, 1, "{name}: {report}");
        assert_eq!(
            unknown_parameters(&report),
            [format!(
                "{name}:{line} the template this file applies to does not declare the parameter `ImageTag`; did you mean `ApplicationImageTag`?"
            )],
            "{report}"
        );
        assert_eq!(report["summary"]["files"], 1, "{report}");
        let (_, out, _) = run(plimsoll_in(
            dir.path(),
            &["check", "--parameters", name, &template],
        ));
        assert!(out.contains("in 1 template and 1 parameter file."), "{out}");
    }
}

#[test]
fn a_shared_file_reports_only_what_no_template_it_applies_to_declares() {
    let (a, a_text) = stack("stacks/a.yaml", "ImageTag");
    let (b, b_text) = stack("stacks/b.yaml", "DesiredCount");
    let dir = scratch(&[
        (a, &a_text),
        (b, &b_text),
        ("shared.cfg", "ImageTag=1\nDesiredCount=2\nDesiredCont=3\n"),
    ]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--parameters",
            "shared.cfg",
            "stacks",
        ],
    ));
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        unknown_parameters(&report),
        [
            "shared.cfg:3 none of the 2 templates this file applies to declares the parameter `DesiredCont`; did you mean `DesiredCount`?"
        ],
        "{report}"
    );
}

#[test]
fn a_config_file_counts_the_templates_its_glob_matches_even_when_not_checked() {
    let (a, a_text) = stack("stacks/a.yaml", "ImageTag");
    let (b, b_text) = stack("stacks/b.yaml", "DesiredCount");
    let dir = scratch(&[
        (a, &a_text),
        (b, &b_text),
        (
            "params/dev.cfg",
            "ImageTag=1\nDesiredCount=2\nLegacyVpc=vpc-1\n",
        ),
        (
            "plimsoll.toml",
            "[[parameters]]\ntemplates = \"stacks/*.yaml\"\nfile = \"params/dev.cfg\"\n",
        ),
    ]);
    // As pre-commit runs it, on the one stack staged: `DesiredCount` is b.yaml's.
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "stacks/a.yaml"],
    ));
    assert_eq!(code, 1, "{report}");
    assert_eq!(
        unknown_parameters(&report),
        [
            "params/dev.cfg:3 the template this file applies to does not declare the parameter `LegacyVpc`"
        ],
        "{report}"
    );
    // Severity and selection apply as to any code.
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--severity",
            "TPL008=warning",
            "stacks/a.yaml",
        ],
    ));
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["warnings"], 1, "{report}");
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--ignore", "TPL008", "."],
    ));
    assert_eq!(code, 0, "{report}");
    assert!(unknown_parameters(&report).is_empty(), "{report}");
}

#[test]
fn a_command_line_value_is_reported_only_when_no_checked_template_declares_it() {
    let (a, a_text) = stack("a.yaml", "ImageTag");
    let (b, b_text) = stack("b.yaml", "DesiredCount");
    let dir = scratch(&[(a, &a_text), (b, &b_text)]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--parameter", "ImageTag=1", "."],
    ));
    assert_eq!(code, 0, "{report}");
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--parameter", "Tag=1", "."],
    ));
    assert_eq!(code, 1, "{report}");
    let found = unknown_parameters(&report);
    assert_eq!(found.len(), 2, "one per template: {found:?}");
    assert!(found[0].starts_with("a.yaml:2 "), "{found:?}");
    assert!(found[1].starts_with("b.yaml:2 "), "{found:?}");
}

#[test]
fn a_template_that_does_not_parse_gets_no_parameter_finding() {
    let dir = scratch(&[("broken.yaml", "Resources:\n  Topic: [\n")]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "-f", "json", "--parameter", "Tag=1", "broken.yaml"],
    ));
    assert_eq!(code, 1, "{report}");
    assert_eq!(codes(&report), ["TPL001"], "{report}");
}

#[test]
fn a_file_of_many_unknown_keys_gives_a_bounded_report() {
    let keys: String = (0..150).map(|i| format!("Stray{i}=1\n")).collect();
    let dir = scratch(&[
        ("t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"),
        ("many.params", &keys),
    ]);
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "json",
            "--parameters",
            "many.params",
            "t.yaml",
        ],
    ));
    assert_eq!(code, 1, "{report}");
    let found = report["diagnostics"].as_array().expect("diagnostics");
    // The first hundred in the file's order, one by one, then one finding for the rest.
    assert_eq!(found.len(), 101, "{report}");
    assert!(found.iter().all(|d| d["code"] == "TPL008"), "{report}");
    let first = found[0]["message"].as_str().unwrap_or_default();
    assert!(first.ends_with("the parameter `Stray0`"), "{first}");
    let last = &found[100];
    let message = last["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("50 more parameters") && message.contains("from `Stray100` on"),
        "{message}"
    );
    assert_eq!(last["range"]["start"]["line"], 101, "{report}");
}
