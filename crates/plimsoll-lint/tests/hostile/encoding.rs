//! Encoding: byte order marks, CRLF and CR line ends, tabs, NUL bytes and invalid UTF-8 (the
//! core takes text; the CLI decodes bytes lossily, as here).

use super::support::{assert_well_formed, codes, lint};
use plimsoll_lint::Diagnostic;
use plimsoll_template::{LineCol, LineIndex};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A service that deadlocks (ECS001) on a cluster whose name is misspelt (TPL003).
const BASE: &str = "\
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Clustr # the name of the cluster
      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
      DesiredCount: 1
      DeploymentConfiguration:
        MinimumHealthyPercent: 100
        MaximumPercent: 100
        DeploymentCircuitBreaker: {Enable: true, Rollback: true}
";

/// (code, path, spanned text) of every finding, in order.
fn shape(source: &str, found: &[Diagnostic]) -> Vec<(String, String, String)> {
    found
        .iter()
        .map(|d| {
            let text = d.span.text(source).replace("\r\n", "\n");
            (d.code.to_string(), d.path.clone(), text)
        })
        .collect()
}

#[test]
fn the_base_template_has_its_two_findings() {
    assert_eq!(codes(&lint(BASE)), ["ECS001", "TPL003"]);
}

#[test]
fn a_byte_order_mark_changes_nothing_but_offsets() {
    let expected = lint(BASE);
    for source in [format!("\u{feff}{BASE}"), format!("\u{feff}\u{feff}{BASE}")] {
        let found = lint(&source);
        assert_well_formed(&source, &found);
        assert_eq!(shape(&source, &found), shape(BASE, &expected), "{source:?}");
    }
    let json = "\u{feff}{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"DependsOn\": \"Nope\"}}}";
    let found = lint(json);
    assert_eq!(codes(&found), ["TPL003"]);
    assert_eq!(found[0].span.text(json), "\"Nope\"");
}

#[test]
fn crlf_and_cr_line_ends_give_the_same_findings() {
    let expected = shape(BASE, &lint(BASE));
    let crlf = BASE.replace('\n', "\r\n");
    let found = lint(&crlf);
    assert_well_formed(&crlf, &found);
    assert_eq!(shape(&crlf, &found), expected);
    let mixed: String = BASE
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{l}{}", if i % 2 == 0 { "\r\n" } else { "\n" }))
        .collect();
    assert_eq!(shape(&mixed, &lint(&mixed)), expected);
    let cr = BASE.replace('\n', "\r");
    assert_well_formed(&cr, &lint(&cr));
}

#[test]
fn lone_cr_line_ends_give_the_positions_of_lf_ones() {
    // The base template, and a quoted value whose line break the lint reads as a space.
    let lf = format!("{BASE}      Tags: [{{Key: k, Value: \"a\n        b\"}}]\n");
    let positions = |source: &str| -> Vec<(String, LineCol, LineCol)> {
        let index = LineIndex::new(source);
        let found = lint(source);
        assert_well_formed(source, &found);
        found
            .iter()
            .map(|d| {
                let start = index.line_col(d.span.start);
                let end = index.line_col(d.span.end);
                (d.code.to_string(), start, end)
            })
            .collect()
    };
    let expected = positions(&lf);
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert_eq!(positions(&lf.replace('\n', "\r")), expected);
    assert_eq!(positions(&lf.replace('\n', "\r\n")), expected);
}

#[test]
fn tab_indentation_is_a_positioned_syntax_error() {
    let tabbed = BASE.replacen("  Service:", "\tService:", 1);
    let found = lint(&tabbed);
    assert_well_formed(&tabbed, &found);
    let error = found.iter().find(|d| d.code == "TPL001").expect("TPL001");
    let line = tabbed[..error.span.start as usize].matches('\n').count() + 1;
    assert_eq!(line, 4, "{error:?}");
    // Tabs inside a line and between JSON tokens are fine.
    let inline = BASE.replace("# the name", "#\tthe\tname");
    assert_eq!(codes(&lint(&inline)), ["ECS001", "TPL003"]);
    let json = "{\n\t\"Resources\": {\n\t\t\"Q\": {\"Type\":\t\"AWS::SQS::Queue\", \"DependsOn\": \"Nope\"}\n\t}\n}\n";
    assert_eq!(codes(&lint(json)), ["TPL003"]);
}

#[test]
fn nul_bytes_are_positioned_syntax_errors() {
    for at in [
        0,
        BASE.find("Clustr").unwrap(),
        BASE.find("100").unwrap(),
        BASE.len(),
    ] {
        let mut source = BASE.to_owned();
        source.insert(at, '\0');
        let found = lint(&source);
        assert_well_formed(&source, &found);
        let error = found.iter().find(|d| d.code == "TPL001").expect("TPL001");
        assert!(
            error.span.start as usize <= at + 1,
            "NUL at {at}, error at {:?}",
            error.span
        );
    }
}

#[test]
fn invalid_utf8_decoded_lossily_is_linted_past_the_bad_bytes() {
    let at = BASE.find("the name").unwrap();
    let mut bytes = BASE.as_bytes().to_vec();
    bytes.splice(at..at, [0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);
    let text = String::from_utf8_lossy(&bytes);
    let found = lint(&text);
    assert_well_formed(&text, &found);
    assert_eq!(codes(&found), ["ECS001", "TPL003"]);
    // Replacement characters inside values and names.
    let odd = BASE
        .replace("Clustr", "Clu\u{fffd}str")
        .replace("Service:", "Serv\u{fffd}ice:");
    let found = lint(&odd);
    assert_well_formed(&odd, &found);
    assert!(
        found
            .iter()
            .any(|d| d.code == "TPL003" && d.message.contains('\u{fffd}'))
    );
}

#[test]
fn control_and_unusual_characters_do_not_break_positions() {
    for odd in [
        "\u{7}",
        "\u{1b}[31m",
        "\u{2028}",
        "\u{85}",
        "\u{200b}",
        "😀",
        "\u{fffe}",
    ] {
        let source = BASE.replace("the name", &format!("the {odd} name"));
        assert_well_formed(&source, &lint(&source));
        let source = BASE.replace("Clustr", &format!("Clu{odd}str"));
        assert_well_formed(&source, &lint(&source));
    }
}

#[test]
fn characters_yaml_does_not_print_reach_cfn_guard_escaped() {
    // DEL, C1 controls and U+FFFE are valid in JSON but not in the YAML cfn-guard reads its
    // data with: unescaped, the built-in packs fail to evaluate (GUARD:error).
    let source = format!("{BASE}      Ta\u{7f}gs: \"a\u{80}b\u{9f}c\u{fffe}\"\n");
    let found = lint(&source);
    assert_well_formed(&source, &found);
    // The odd key is not a property of the service (SCH002); nothing else changes.
    let mut expected = codes(&lint(BASE));
    expected.push("SCH002".into());
    expected.sort();
    let mut got = codes(&found);
    got.sort();
    assert_eq!(got, expected, "{found:#?}");
}
