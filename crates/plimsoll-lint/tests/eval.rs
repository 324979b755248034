//! Evaluation: parameter defaults and overrides, mappings, Sub, Join, Select, Split, If and
//! conditions; unknown stays unknown.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::ParameterValues;
use plimsoll_lint::eval::{Evaluator, TextPart, Val, ValueSource};
use plimsoll_lint::view::Template;
use plimsoll_template::parse;

const TEMPLATE: &str = r#"
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
  Count: {Type: Number, Default: 1}
  Tag: {Type: String, Default: latest}
  Subnets: {Type: CommaDelimitedList, Default: "a, b,c"}
  NoDefault: {Type: String}
  FromSsm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /app/tag}
Mappings:
  Sizes:
    dev: {Count: 1}
    prod: {Count: 4}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Either: !Or [!Condition IsProd, !Equals [!Ref Count, 1]]
  Loop: !Not [!Condition Loop]
  Unknowable: !Equals [!Ref AWS::Region, us-east-1]
  Both: !And [!Condition Unknowable, !Condition IsProd]
Resources:
  Thing:
    Type: Test::Thing
    Properties:
      Size: !FindInMap [Sizes, !Ref Env, Count]
      Name: !Sub "${Env}-${AWS::Region}-${Tag}"
      Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${Tag}"
      Joined: !Join ["-", [!Ref Env, x, !Ref Count]]
      Second: !Select [1, !Ref Subnets]
      Split: !Select [2, !Split [",", "x,y,z"]]
      Chosen: !If [IsProd, 3, !Ref Count]
      Undecided: !If [Unknowable, 3, 4]
      Missing: !Ref NoDefault
      Ssm: !Ref FromSsm
      Attr: !GetAtt Other.Arn
      Vars: !Sub ["${A}:${B}", {A: !Ref Env, B: lit}]
      Escaped: !Sub "${!Env}"
      Removed: !If [IsProd, x, !Ref AWS::NoValue]
"#;

fn with<T>(
    overrides: &[(&str, &str)],
    f: impl FnOnce(&Evaluator<'_, '_>, &Template<'_>) -> T,
) -> T {
    let parsed = parse(TEMPLATE);
    let root = parsed.document.root().unwrap();
    let template = Template::new(root);
    let overrides: ParameterValues = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let evaluator = Evaluator::new(&template, &overrides);
    f(&evaluator, &template)
}

fn property<'d>(template: &Template<'d>, name: &str) -> plimsoll_template::NodeRef<'d> {
    template.resource("Thing").unwrap().property(name).unwrap()
}

#[test]
fn parameters_take_defaults_then_overrides() {
    with(&[], |ev, t| {
        let count = ev.eval(property(t, "Chosen"));
        assert_eq!(count.value, Some(Val::Int(1)));
        assert_eq!(count.inputs[0].source, ValueSource::Default);
        assert_eq!(count.provenance(), " (with the parameter default Count=1)");
    });
    with(&[("Env", "prod"), ("Count", "7")], |ev, t| {
        assert_eq!(ev.eval(property(t, "Chosen")).value, Some(Val::Int(3)));
        assert_eq!(ev.eval(property(t, "Size")).value, Some(Val::Int(4)));
        let joined = ev.eval(property(t, "Joined"));
        assert_eq!(joined.as_str(), Some("prod-x-7"));
        assert!(
            joined
                .inputs
                .iter()
                .all(|i| i.source == ValueSource::Override)
        );
    });
}

#[test]
fn mappings_lists_and_selects() {
    with(&[], |ev, t| {
        assert_eq!(ev.eval(property(t, "Size")).value, Some(Val::Int(1)));
        assert_eq!(ev.eval(property(t, "Second")).as_str(), Some("b"));
        assert_eq!(ev.eval(property(t, "Split")).as_str(), Some("z"));
        assert_eq!(ev.eval(property(t, "Vars")).as_str(), Some("dev:lit"));
        assert_eq!(ev.eval(property(t, "Escaped")).as_str(), Some("${Env}"));
        assert_eq!(ev.eval(property(t, "Removed")).value, Some(Val::NoValue));
    });
}

#[test]
fn unknown_stays_unknown() {
    with(&[], |ev, t| {
        for name in ["Name", "Undecided", "Missing", "Ssm", "Attr"] {
            assert_eq!(ev.eval(property(t, name)).value, None, "{name}");
        }
    });
}

#[test]
fn text_keeps_known_parts_around_unknown_ones() {
    with(&[], |ev, t| {
        let image = ev.eval_text(property(t, "Image")).unwrap();
        assert!(!image.is_known());
        assert_eq!(image.known_suffix(), ".amazonaws.com/app:latest");
        assert_eq!(image.inputs[0].name, "Tag");
        let name = ev.eval_text(property(t, "Name")).unwrap();
        assert_eq!(
            name.parts,
            [
                TextPart::Known("dev-".into()),
                TextPart::Unknown,
                TextPart::Known("-latest".into())
            ]
        );
    });
    with(&[("Tag", "97e4abf")], |ev, t| {
        let image = ev.eval_text(property(t, "Image")).unwrap();
        assert!(image.known_suffix().ends_with(":97e4abf"));
    });
}

#[test]
fn conditions_are_decided_where_possible() {
    with(&[], |ev, _| {
        assert_eq!(ev.condition("IsProd"), Some(false));
        assert_eq!(ev.condition("NotProd"), Some(true));
        assert_eq!(ev.condition("Either"), Some(true));
        assert_eq!(ev.condition("Loop"), None);
        assert_eq!(ev.condition("Unknowable"), None);
        assert_eq!(ev.condition("Both"), Some(false));
        assert_eq!(ev.condition("Nope"), None);
        assert_eq!(ev.is_deployed(None), Some(true));
        assert_eq!(ev.is_deployed(Some("IsProd")), Some(false));
    });
    with(&[("Env", "prod"), ("Count", "2")], |ev, _| {
        assert_eq!(ev.condition("Either"), Some(true));
        assert_eq!(ev.condition("Both"), None);
    });
}
