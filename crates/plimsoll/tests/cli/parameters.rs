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
