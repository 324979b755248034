//! Every intrinsic function with the wrong arity or argument type, wherever rules read values.

use super::support::{assert_well_formed, lint};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const FUNCTIONS: &[&str] = &[
    "Ref",
    "Condition",
    "Fn::GetAtt",
    "Fn::Sub",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::If",
    "Fn::FindInMap",
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::GetAZs",
    "Fn::ImportValue",
    "Fn::Equals",
    "Fn::And",
    "Fn::Or",
    "Fn::Not",
    "Fn::Transform",
    "Fn::Length",
    "Fn::ToJsonString",
    "Fn::Nope",
];

/// Arguments of every shape: nothing, scalars of each type, lists of each length, mappings,
/// nested calls, and names that point back at the template's own entries.
const ARGUMENTS: &[&str] = &[
    "null",
    "\"\"",
    "\"x\"",
    "\"Service\"",
    "\"Service.Arn\"",
    "\"IsProd\"",
    "7",
    "-1",
    "1e400",
    "true",
    "[]",
    "[\"Service\"]",
    "[\"IsProd\", 1]",
    "[\"Service\", \"Arn\", \"x\"]",
    "[0, [], []]",
    "[99, [\"a\"]]",
    "[\"M\", \"k\", \"v\", {\"DefaultValue\": 1}]",
    "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]",
    "[[\"x\"], {\"a\": 1}]",
    "{}",
    "{\"Name\": \"m\"}",
    "{\"Ref\": \"Service\"}",
    "{\"Fn::If\": [\"IsProd\", [], {}]}",
    "[{\"Condition\": \"IsProd\"}, {\"Condition\": \"Loop\"}]",
];

/// A template in which `call` stands in every position rules evaluate.
fn template(call: &str) -> String {
    format!(
        r#"{{
  "Parameters": {{"Env": {{"Type": "String", "Default": "prod"}}}},
  "Mappings": {{"M": {{"k": {{"v": 1}}}}}},
  "Conditions": {{
    "IsProd": {{"Fn::Equals": [{{"Ref": "Env"}}, "prod"]}},
    "Loop": {call},
    "Uses": {{"Fn::And": [{{"Condition": "Loop"}}, {call}]}}
  }},
  "Resources": {{
    "Task": {{"Type": "AWS::ECS::TaskDefinition", "Properties": {{
      "ContainerDefinitions": [{{"Name": {call}, "Image": {call}, "HealthCheck": {call}}}],
      "TaskRoleArn": {call}, "ExecutionRoleArn": {call}}}}},
    "Service": {{"Type": "AWS::ECS::Service", "Condition": "Loop", "Properties": {{
      "TaskDefinition": {call}, "DesiredCount": {call}, "SchedulingStrategy": {call},
      "LaunchType": {call}, "HealthCheckGracePeriodSeconds": {call},
      "DeploymentController": {{"Type": {call}}},
      "DeploymentConfiguration": {{"MinimumHealthyPercent": {call}, "MaximumPercent": {call},
        "DeploymentCircuitBreaker": {call}}},
      "LoadBalancers": [{{"TargetGroupArn": {call}, "ContainerName": {call}}}, {call}]}}}},
    "Function": {{"Type": "AWS::Lambda::Function", "Properties": {{"Timeout": {call}, "Role": {call}}}}},
    "Custom": {{"Type": "Custom::EcsRunTask", "Properties": {{
      "ServiceToken": {call}, "ServiceTimeout": {call}, "Cluster": {call}}}}},
    "Role": {{"Type": "AWS::IAM::Role", "Properties": {{
      "AssumeRolePolicyDocument": {call},
      "Policies": [{{"PolicyName": "p", "PolicyDocument": {{"Statement": [
        {{"Effect": {call}, "Action": {call}, "Resource": {call},
          "Condition": {{"ArnEquals": {{"ecs:cluster": {call}}}, "StringEquals": {call}}}}},
        {call}]}}}}, {call}]}}}}
  }},
  "Outputs": {{"Out": {{"Value": {call}, "Condition": "Uses", "Export": {{"Name": {call}}}}}}}
}}"#
    )
}

#[test]
fn every_function_with_every_argument_shape_gives_diagnostics_not_panics() {
    for function in FUNCTIONS {
        for argument in ARGUMENTS {
            let call = format!("{{\"{function}\": {argument}}}");
            let source = template(&call);
            let found = lint(&source);
            assert_well_formed(&source, &found);
            assert!(
                !found.iter().any(|d| d.code == "TPL001"),
                "{call}: the test template itself must parse: {found:#?}"
            );
        }
    }
}

#[test]
fn wrong_arity_is_reported_for_every_list_function() {
    // (function, an argument with the wrong number of items)
    let cases = [
        ("Fn::GetAtt", "[\"Service\"]"),
        ("Fn::Sub", "[\"x\", {}, 1]"),
        ("Fn::Join", "[\",\"]"),
        ("Fn::Select", "[0]"),
        ("Fn::Split", "[\",\", \"a\", \"b\"]"),
        ("Fn::If", "[\"IsProd\", 1]"),
        ("Fn::FindInMap", "[\"M\", \"k\"]"),
        ("Fn::Cidr", "[\"10.0.0.0/16\", 2]"),
        ("Fn::Equals", "[1]"),
        ("Fn::And", "[{\"Condition\": \"IsProd\"}]"),
        ("Fn::Or", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]"),
        ("Fn::Not", "[]"),
    ];
    for (function, argument) in cases {
        let call = format!("{{\"{function}\": {argument}}}");
        let source = template(&call);
        let found = lint(&source);
        assert!(
            found
                .iter()
                .any(|d| d.code == "TPL006" && d.message.contains(function)),
            "{call}: {found:#?}"
        );
    }
}

#[test]
fn wrong_argument_types_are_reported() {
    let cases = [
        ("Ref", "[\"Service\"]"),
        ("Fn::GetAtt", "7"),
        ("Fn::Sub", "{}"),
        ("Fn::Join", "\"a,b\""),
        ("Fn::Select", "[\"first\", [1]]"),
        ("Fn::Split", "\",\""),
        ("Fn::If", "[[\"IsProd\"], 1, 2]"),
        ("Fn::Base64", "[\"a\"]"),
        ("Fn::GetAZs", "{}"),
        ("Fn::ImportValue", "[]"),
        ("Fn::Transform", "\"m\""),
        ("Fn::Nope", "1"),
    ];
    for (function, argument) in cases {
        let call = format!("{{\"{function}\": {argument}}}");
        let found = lint(&template(&call));
        assert!(
            found
                .iter()
                .any(|d| d.code == "TPL006" && d.message.contains(function)),
            "{call}: {found:#?}"
        );
    }
}

/// Undecided `Fn::If`s 60 deep (120 levels of nesting) reached cfn-guard as written, and its
/// report quoting them was deeper than a JSON reader takes: every built-in pack ended in
/// GUARD:error for the template. They still evaluate, and report on the service.
#[test]
fn a_deep_fn_if_leaves_the_built_in_guard_rules_running() {
    let mut value = String::from("\"a\"");
    for _ in 0..60 {
        value = format!("{{\"Fn::If\": [\"Maybe\", {value}, \"b\"]}}");
    }
    let source = format!(
        "Parameters:\n  P: {{Type: String}}\nConditions:\n  Maybe: !Equals [!Ref P, x]\n\
         Resources:\n  Api:\n    Type: AWS::ECS::Service\n    Properties:\n      \
         TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1\n      \
         DesiredCount: 2\n      ServiceName: {value}\n      \
         DeploymentConfiguration: {{MinimumHealthyPercent: {value}}}\n"
    );
    let found = lint(&source);
    assert_well_formed(&source, &found);
    let codes: Vec<&str> = found.iter().map(|d| d.code.as_ref()).collect();
    assert!(!codes.contains(&"GUARD:error"), "{found:#?}");
    assert!(codes.contains(&"ECS005"), "{codes:?}");
}
