//! The scenario search: what it assumes, what it never changes, and its bounds.

#![allow(clippy::unwrap_used)] // tests fail loudly on broken fixtures

use super::candidates::Choices;
use super::{BUDGET, MAX_SCENARIOS, Scenario, plan, search::search};
use crate::eval::{Evaluator, Val};
use crate::settings::ParameterValues;
use crate::view::Template;
use plimsoll_template::parse;

/// A scenario with owned names: the assumed values and the conditions it was built for.
type Planned = (Vec<(String, Option<String>)>, Vec<String>);

/// The scenarios planned for `source` with the given overrides.
fn planned(source: &str, overrides: &[(&str, &str)]) -> Vec<Planned> {
    let parsed = parse(source);
    let template = Template::new(parsed.document.root().unwrap());
    let overrides: ParameterValues = overrides
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let base = Evaluator::new(&template, &overrides);
    plan(&template, &base, &overrides)
        .into_iter()
        .map(|scenario: Scenario| {
            let assumed = scenario.assumed.into_iter();
            (
                assumed.map(|(name, v)| (name.to_owned(), v)).collect(),
                names(&scenario.conditions),
            )
        })
        .collect()
}

fn value(name: &str, v: &str) -> (String, Option<String>) {
    (name.to_owned(), Some(v.to_owned()))
}

fn other(name: &str) -> (String, Option<String>) {
    (name.to_owned(), None)
}

const ENV: &str = r#"
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, test, prod]}
  Debug: {Type: String, Default: "off"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsTest: !Equals [!Ref Env, test]
  DebugProd: !And [!Condition IsProd, !Equals [!Ref Debug, "on"]]
  DebugNotProd: !And [!Not [!Condition IsProd], !Equals [!Ref Debug, "on"]]
  Never: !Equals [!Ref Env, nope]
Resources:
  Prod: {Type: T::T, Condition: IsProd}
  ProdDebug: {Type: T::T, Condition: DebugProd}
  Test: {Type: T::T, Condition: IsTest}
  Debugging: {Type: T::T, Condition: DebugNotProd}
  Nothing: {Type: T::T, Condition: Never}
"#;

fn names(conditions: &[&str]) -> Vec<String> {
    conditions.iter().map(|c| c.to_string()).collect()
}

#[test]
fn compatible_assignments_share_a_scenario_and_conflicting_ones_do_not() {
    assert_eq!(
        planned(ENV, &[]),
        vec![
            (
                vec![value("Debug", "on"), value("Env", "prod")],
                names(&["IsProd", "DebugProd"])
            ),
            // Env=test conflicts with Env=prod; Debug=on (for DebugNotProd) agrees with both
            // on parameters, but DebugNotProd is false with Env=prod, so it joins this one.
            (
                vec![value("Debug", "on"), value("Env", "test")],
                names(&["IsTest", "DebugNotProd"])
            ),
        ]
    );
}

#[test]
fn an_assignment_that_would_break_a_scenario_condition_starts_another() {
    let source = ENV.replace("  Test: {Type: T::T, Condition: IsTest}\n", "");
    assert_eq!(
        planned(&source, &[]),
        vec![
            (
                vec![value("Debug", "on"), value("Env", "prod")],
                names(&["IsProd", "DebugProd"])
            ),
            (vec![value("Debug", "on")], names(&["DebugNotProd"])),
        ]
    );
}

#[test]
fn values_the_caller_gave_are_never_changed() {
    // Env fixed to dev: only Debug may change, which makes DebugNotProd true alone.
    assert_eq!(
        planned(ENV, &[("Env", "dev")]),
        vec![(vec![value("Debug", "on")], names(&["DebugNotProd"]))]
    );
    assert_eq!(planned(ENV, &[("Env", "dev"), ("Debug", "off")]), vec![]);
}

#[test]
fn a_condition_no_allowed_value_makes_true_gets_no_scenario() {
    let source = r#"
Parameters:
  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
Conditions:
  Never: !Equals [!Ref Env, nope]
Resources:
  Nothing: {Type: T::T, Condition: Never}
"#;
    assert_eq!(planned(source, &[]), vec![]);
}

const BUCKET: &str = r#"
Parameters:
  Bucket: {Type: String, Default: ""}
Conditions:
  HasBucket: !Not [!Equals [!Ref Bucket, ""]]
Resources:
  Reader:
    Type: T::T
    Condition: HasBucket
    Properties:
      Name: !Ref Bucket
      Label: !Sub "bucket-${Bucket}"
"#;

#[test]
fn another_value_decides_equals_and_nothing_else() {
    assert_eq!(
        planned(BUCKET, &[]),
        vec![(vec![other("Bucket")], names(&["HasBucket"]))]
    );
    let parsed = parse(BUCKET);
    let template = Template::new(parsed.document.root().unwrap());
    let none = ParameterValues::new();
    let ev = Evaluator::assuming(&template, &none, &[("Bucket", None)]);
    assert_eq!(ev.condition("HasBucket"), Some(true));
    let reader = template.resource("Reader").unwrap();
    // The rules never see a made-up bucket name.
    assert_eq!(ev.eval(reader.property("Name").unwrap()).value, None);
    assert_eq!(ev.eval(reader.property("Label").unwrap()).value, None);
    assert!(ev.parameter("Bucket").is_none());
}

#[test]
fn assumed_values_are_described_as_assumed() {
    let parsed = parse(ENV);
    let template = Template::new(parsed.document.root().unwrap());
    let none = ParameterValues::new();
    let ev = Evaluator::assuming(&template, &none, &[("Env", Some("prod".to_owned()))]);
    let (value, used) = ev.parameter("Env").unwrap();
    assert_eq!(value, &Val::Str("prod".to_owned()));
    assert_eq!(used.describe(), "the assumed parameter value Env=prod");
}

#[test]
fn fewest_changes_first() {
    let source = r#"
Parameters:
  A: {Type: String, Default: a}
  B: {Type: String, Default: b}
  C: {Type: String, Default: c}
Conditions:
  Either: !Or [!And [!Equals [!Ref B, y], !Equals [!Ref C, z]], !Equals [!Ref A, x]]
Resources:
  R: {Type: T::T, Condition: Either}
"#;
    assert_eq!(
        planned(source, &[]),
        vec![(vec![value("A", "x")], names(&["Either"]))]
    );
}

/// Ten parameters that must all change: far more combinations than the budget.
fn all_ten(parameters: usize) -> String {
    let mut source = String::from("Parameters:\n");
    for i in 0..parameters {
        source.push_str(&format!("  P{i}: {{Type: String, Default: b}}\n"));
    }
    source.push_str("Conditions:\n  All: !And\n");
    for i in 0..parameters {
        source.push_str(&format!("    - !Equals [!Ref P{i}, a]\n"));
    }
    source.push_str("Resources:\n  R: {Type: T::T, Condition: All}\n");
    source
}

#[test]
fn the_search_gives_up_after_its_budget() {
    assert_eq!(planned(&all_ten(10), &[]), vec![]);
    // Within the budget the same shape is found: two parameters, 2 + 2 + 4 evaluations at most.
    assert_eq!(
        planned(&all_ten(2), &[]),
        vec![(vec![value("P0", "a"), value("P1", "a")], names(&["All"]))]
    );
    let choices: Vec<Choices> = (0..10)
        .map(|i| Choices {
            name: ["P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"][i],
            values: vec![Some("a".to_owned()), None],
        })
        .collect();
    let mut spent = 0;
    assert_eq!(
        search(&choices, BUDGET, |_| {
            spent += 1;
            false
        }),
        None
    );
    assert_eq!(spent, BUDGET);
}

#[test]
fn scenarios_per_template_are_capped() {
    let mut source = String::from("Parameters:\n  Env: {Type: String, Default: e0}\nConditions:\n");
    for i in 1..=12 {
        source.push_str(&format!("  Is{i}: !Equals [!Ref Env, e{i}]\n"));
    }
    source.push_str("Resources:\n");
    for i in 1..=12 {
        source.push_str(&format!("  R{i}: {{Type: T::T, Condition: Is{i}}}\n"));
    }
    let scenarios = planned(&source, &[]);
    assert_eq!(scenarios.len(), MAX_SCENARIOS);
    assert_eq!(scenarios[0], (vec![value("Env", "e1")], names(&["Is1"])));
}
