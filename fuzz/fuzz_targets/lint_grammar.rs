//! The whole lint on well-formed templates drawn from a CloudFormation grammar, rendered as
//! YAML and as JSON: no panic, well-formed findings, no syntax error in valid text, and the
//! same findings (code and path; messages may quote the source text) whichever format the template is written in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll_fuzz::grammar::Template;
use plimsoll_fuzz::invariants::check_diagnostics;
use plimsoll_fuzz::render::render;
use plimsoll_lint::{Diagnostic, Settings, lint};

fn findings(source: &str) -> Vec<(String, String)> {
    let diagnostics = lint(source, &Settings::default());
    check_diagnostics(source, &diagnostics);
    let mut out: Vec<_> = diagnostics
        .into_iter()
        .map(|d: Diagnostic| (d.code.into_owned(), d.path))
        .collect();
    out.sort();
    out
}

fuzz_target!(|template: Template| {
    let rendered = render(&template);
    let yaml = findings(&rendered.yaml);
    let json = findings(&rendered.json);
    for (code, path) in &yaml {
        assert!(
            code != "TPL001" && code != "TPL002",
            "{code} at {path} in valid YAML\n{}",
            rendered.yaml
        );
    }
    assert_eq!(
        yaml, json,
        "YAML and JSON findings differ\n--- YAML\n{}\n--- JSON\n{}",
        rendered.yaml, rendered.json
    );
});
