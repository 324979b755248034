//! A repository's `plimsoll.toml` reads only files inside its own directory tree, and errors
//! about files that are not templates quote only a short, escaped excerpt of them.

use crate::support::*;

const SECRET: &str = "TOKEN=s3cr3t-value-that-must-not-leak\n";

fn parameters_config(file: &str) -> String {
    format!("[[parameters]]\ntemplates = \"*.yaml\"\nfile = \"{file}\"\n")
}

/// `repo/` holds the config and a template; `outside.cfg` and `rules/` lie beside it.
fn layout(config: &str) -> tempfile::TempDir {
    scratch(&[
        ("repo/plimsoll.toml", config),
        ("repo/t.yaml", ONE_TYPO),
        ("outside.cfg", SECRET),
        ("rules/r.guard", "rule has_resources { Resources exists }\n"),
    ])
}

#[test]
fn config_paths_outside_the_config_directory_are_refused() {
    let absolute = scratch(&[("abs.cfg", SECRET)]);
    let absolute = absolute.path().join("abs.cfg");
    let configs = [
        parameters_config("../outside.cfg"),
        parameters_config("sub/../../outside.cfg"),
        parameters_config(&absolute.display().to_string()),
        "rules = [\"../rules\"]\n".to_owned(),
    ];
    for config in configs {
        let dir = layout(&config);
        let (code, out, err) = run(plimsoll_in(&dir.path().join("repo"), &["check", "t.yaml"]));
        assert_eq!(code, 2, "{config}: {out}{err}");
        assert!(
            err.contains("is outside the directory of the configuration file"),
            "{config}: {err}"
        );
        assert!(!err.contains("s3cr3t") && !out.contains("s3cr3t"), "{err}");
    }
}

#[test]
fn a_symbolic_link_inside_the_config_directory_cannot_lead_out_of_it() {
    let dir = layout(&parameters_config("params/dev.cfg"));
    std::fs::create_dir(dir.path().join("repo/params")).unwrap();
    std::os::unix::fs::symlink("../../outside.cfg", dir.path().join("repo/params/dev.cfg"))
        .unwrap();
    let (code, _, err) = run(plimsoll_in(&dir.path().join("repo"), &["check", "t.yaml"]));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("is outside the directory of the configuration file"),
        "{err}"
    );

    std::fs::remove_file(dir.path().join("repo/params/dev.cfg")).unwrap();
    std::fs::write(dir.path().join("repo/params/dev.cfg"), "Tag=dev\n").unwrap();
    let (code, _, err) = run(plimsoll_in(&dir.path().join("repo"), &["check", "t.yaml"]));
    assert_eq!(code, 1, "a file inside is read: {err}");
}

#[test]
fn command_line_paths_are_the_users_choice_and_may_lie_anywhere() {
    let dir = layout("");
    let (code, _, err) = run(plimsoll_in(
        &dir.path().join("repo"),
        &[
            "check",
            "--parameters",
            "../outside.cfg",
            "--rules",
            "../rules",
            "t.yaml",
        ],
    ));
    assert_eq!(code, 1, "{err}");
}

#[test]
fn errors_quote_a_short_escaped_excerpt_of_a_parameter_file() {
    let line = format!("{}\u{1b}]0;pwned\u{7}{}", "x".repeat(200), "y".repeat(200));
    let dir = scratch(&[("t.yaml", ONE_TYPO), ("bad.cfg", &format!("A=1\n{line}\n"))]);
    let (code, _, err) = run(plimsoll_in(
        dir.path(),
        &["check", "--parameters", "bad.cfg", "t.yaml"],
    ));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("bad.cfg: line 2: expected `Key=Value`"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(!err.contains(&"x".repeat(61)), "{err}");
    assert!(err.len() < 300, "{err}");

    let key = format!("{}\u{1b}[2J=1", "K".repeat(500));
    std::fs::write(dir.path().join("bad.cfg"), key).unwrap();
    let (code, _, err) = run(plimsoll_in(
        dir.path(),
        &["check", "--parameters", "bad.cfg", "t.yaml"],
    ));
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains('\u{1b}') && err.len() < 300, "{err:?}");
}

#[test]
fn errors_quote_a_short_escaped_excerpt_of_a_config_file() {
    let config = format!(
        "select = [\"ECS\"]\n\"{}\u{1b}]0;pwned\u{7}\" = 1\n",
        "z".repeat(5000)
    );
    let dir = scratch(&[("plimsoll.toml", &config), ("t.yaml", ONE_TYPO)]);
    let (code, _, err) = run(plimsoll_in(dir.path(), &["check", "t.yaml"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("plimsoll.toml: line 2"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    assert!(err.len() < 600, "{err}");
}
