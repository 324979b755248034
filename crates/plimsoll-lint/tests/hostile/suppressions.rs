//! Suppressions a template writes for itself never silence more than they name: an empty or
//! missing code matches nothing and is reported (TPL004), and so are settings with an empty code.

use super::support::{assert_well_formed, codes, lint};
use plimsoll_lint::{Settings, Severity};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A topic depending on a missing queue (TPL003) under the given `Metadata.plimsoll.ignore`.
fn with_ignore(ignore: &str) -> String {
    format!(
        "Metadata:\n  plimsoll:\n    ignore: {ignore}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    DependsOn: Queu\n"
    )
}

#[test]
fn empty_or_missing_codes_suppress_nothing_and_are_reported() {
    for ignore in [
        "[\"\"]",
        "\"\"",
        "\"   \"",
        "[{code: \"\"}]",
        "[{reason: none}]",
        "[~]",
        "[[]]",
        "[{code: {nested: map}}]",
    ] {
        let source = with_ignore(ignore);
        let found = lint(&source);
        assert_well_formed(&source, &found);
        assert_eq!(codes(&found), ["TPL003", "TPL004"], "ignore: {ignore}");
    }
}

#[test]
fn settings_with_an_empty_code_turn_nothing_off_or_down() {
    let source = with_ignore("[]");
    let mut settings = Settings {
        ignore: vec![String::new()],
        ..Settings::default()
    };
    settings.severity.insert(String::new(), Severity::Info);
    let found = plimsoll_lint::lint(&source, &settings);
    assert_eq!(codes(&found), ["TPL003"]);
    assert_eq!(found[0].severity, Severity::Error);
}
