//! What CloudFormation reads or refuses in the template's text and shape: surrogate escapes,
//! `Resources` that is not a mapping, resources without a type, YAML tags
//! and merge keys. None of it may hide the template's other findings.

use super::support::{assert_well_formed, codes, lint};
use plimsoll_lint::Diagnostic;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A JSON template with one finding (TPL003: `DependsOn` names no resource) and `value` as a
/// description.
fn json_with_description(value: &str) -> String {
    format!(
        "{{\"Description\": \"{value}\", \"Resources\": {{\"Q\": {{\"Type\": \
         \"AWS::SQS::Queue\", \"DependsOn\": \"Nope\"}}}}}}"
    )
}

fn finding<'d>(found: &'d [Diagnostic], code: &str) -> &'d Diagnostic {
    found
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {found:#?}"))
}

#[test]
fn json_surrogate_pairs_are_read_and_hide_nothing() {
    // Python's json.dumps writes every emoji as a surrogate pair.
    for value in ["\\ud83d\\ude80", "launch \\uD83D\\uDE80\\ud83d\\ude00 now"] {
        let source = json_with_description(value);
        let found = lint(&source);
        assert_well_formed(&source, &found);
        assert_eq!(codes(&found), ["TPL003"], "{value}: {found:#?}");
    }
    // In YAML double-quoted scalars too, in keys and in values the rules read.
    let yaml = "\
Resources:
  \"Q\\ud83d\\ude80\":
    Type: AWS::SQS::Queue
    DependsOn: \"N\\ud83d\\ude80pe\"
";
    let found = lint(yaml);
    assert_well_formed(yaml, &found);
    assert_eq!(codes(&found), ["TPL003"], "{found:#?}");
    assert!(finding(&found, "TPL003").message.contains("N🚀pe"));
}

#[test]
fn a_lone_surrogate_is_a_positioned_finding_and_the_rest_is_linted() {
    for lone in ["\\ud83d", "\\ude80", "x\\ud83d\\ud83dy", "\\uDBFF\\u0041"] {
        let source = json_with_description(lone);
        let found = lint(&source);
        assert_well_formed(&source, &found);
        assert!(
            codes(&found).contains(&"TPL003".to_owned()),
            "{lone}: {found:#?}"
        );
        let error = finding(&found, "TPL001");
        assert!(
            error.span.text(&source).starts_with("\\u") && error.span.len() == 6,
            "{lone}: {error:?}"
        );
        assert!(error.message.contains("U+FFFD"), "{error:?}");
    }
}

#[test]
fn a_resources_section_that_is_not_a_mapping_is_reported() {
    for (source, spanned) in [
        (
            "AWSTemplateFormatVersion: 2010-09-09\nResources:\n",
            "Resources",
        ),
        ("Resources: ~\nOutputs: {}\n", "Resources"),
        ("Resources: {}\n", "Resources"),
        ("Resources: AWS::SQS::Queue\n", "AWS::SQS::Queue"),
        (
            "Resources:\n  - Type: AWS::SQS::Queue\n",
            "- Type: AWS::SQS::Queue",
        ),
        ("{\"Resources\": [1]}", "[1]"),
        ("{\"Resources\": null}", "\"Resources\""),
        ("AWSTemplateFormatVersion: 2010-09-09\n", ""),
    ] {
        let found = lint(source);
        assert_well_formed(source, &found);
        assert_eq!(codes(&found), ["TPL007"], "{source:?}: {found:#?}");
        assert_eq!(found[0].span.text(source).trim_end(), spanned, "{source:?}");
    }
}

#[test]
fn a_resource_without_a_string_type_is_reported_with_the_others_findings() {
    let source = "\
Resources:
  NoType:
    Properties: {DelaySeconds: 5}
  Empty:
  Listed: [AWS::SQS::Queue]
  Function:
    Type: !Ref Kind
  Blank:
    Type: ''
  Fine:
    Type: AWS::SQS::Queue
    DependsOn: Nope
  Module:
    Type: {Rain::Module: ./bucket.yaml}
";
    let found = lint(source);
    assert_well_formed(source, &found);
    let spanned: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.code.as_ref(), d.span.text(source)))
        .collect();
    assert_eq!(
        spanned,
        [
            ("TPL007", "NoType"),
            ("TPL007", "Empty"),
            ("TPL007", "Listed"),
            ("TPL007", "!Ref Kind"),
            ("TPL007", "''"),
            ("TPL003", "Nope"),
        ],
        "{found:#?}"
    );
    // Language extensions' loops are not resources; a macro may write the section.
    let extended = "\
Transform: AWS::LanguageExtensions
Resources:
  Fn::ForEach::Queues: [Name, [A, B], {'${Name}': {Type: AWS::SQS::Queue}}]
";
    assert_eq!(codes(&lint(extended)), Vec::<String>::new());
    let with_macro = format!("Transform: MyMacro\n{source}");
    assert!(!codes(&lint(&with_macro)).contains(&"TPL007".to_owned()));
}

#[test]
fn tags_cloudformation_does_not_read_are_positioned_findings() {
    let base = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: Nope\n";
    for tag in [
        "!!binary",
        "!!python/object/apply:os.system",
        "!!python/name:os.system",
        "!!timestamp",
        "!!set",
        "!!omap",
        "!Reff",
    ] {
        let source = format!("{base}    Metadata: {tag} [x]\n");
        let found = lint(&source);
        assert_well_formed(&source, &found);
        assert_eq!(codes(&found), ["TPL001", "TPL003"], "{tag}: {found:#?}");
        assert_eq!(finding(&found, "TPL001").span.text(&source), tag);
    }
    for core in ["!!str", "!!int", "!!bool", "!!null", "!!float"] {
        let source = format!("{base}    Metadata: {{x: {core} ''}}\n");
        let found = lint(&source);
        assert_eq!(codes(&found), ["TPL003"], "{core}: {found:#?}");
    }
}

#[test]
fn yaml_merge_keys_are_positioned_findings() {
    let source = "\
Resources:
  Q:
    Type: AWS::SQS::Queue
    DependsOn: Nope
    Properties: &props
      DelaySeconds: 5
  R:
    Type: AWS::SQS::Queue
    Properties:
      <<: *props
";
    let found = lint(source);
    assert_well_formed(source, &found);
    assert_eq!(codes(&found), ["TPL001", "TPL003"], "{found:#?}");
    let error = finding(&found, "TPL001");
    assert_eq!(error.span.text(source), "<<");
    assert!(error.message.contains("merge"), "{error:?}");
    // In JSON `<<` is only a key.
    let json =
        "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\", \"Metadata\": {\"<<\": 1}}}}";
    assert_eq!(codes(&lint(json)), Vec::<String>::new());
}
