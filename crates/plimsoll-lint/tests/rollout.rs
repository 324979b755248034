//! The rollout data the browser's rollout picture reads (`Analysis::services`), as JSON.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::{ParameterValues, Settings};
use serde_json::json;

const TEMPLATE: &str = r#"
Parameters:
  Count:
    Type: Number
    Default: 1
Resources:
  Web:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1
      DesiredCount: !Ref Count
      DeploymentConfiguration:
        MinimumHealthyPercent: 50
        MaximumPercent: 100
  Blue:
    Type: AWS::ECS::Service
    Properties:
      DeploymentController:
        Type: CODE_DEPLOY
"#;

#[test]
fn services_serialize_with_their_plan() {
    let analysis = plimsoll_lint::analyze(TEMPLATE, &Settings::default(), &ParameterValues::new());
    let json = serde_json::to_value(&analysis.services).unwrap();
    let web = &json[0];
    assert_eq!(web["service"], "Web");
    assert_eq!(web["scheduling"]["value"], "replica");
    assert_eq!(web["scheduling"]["source"], "default");
    assert_eq!(web["controller"]["value"], "ecs");
    assert_eq!(web["desired_count"]["value"], 1);
    assert_eq!(web["desired_count"]["source"], "parameter");
    assert_eq!(
        web["desired_count"]["parameters"],
        json!([{"name": "Count", "value": "1", "is_default": true}])
    );
    assert_eq!(web["minimum_healthy_percent"]["value"], 50);
    assert!(web["minimum_healthy_percent"]["location"]["span"]["start"].is_u64());
    assert_eq!(web["min_tasks"], 1);
    assert_eq!(web["max_tasks"], 1);
    assert_eq!(web["steps"], json!([{"old": 1, "new": 0}]));
    assert_eq!(web["outcome"], json!({"kind": "deadlock"}));
    assert_eq!(
        web["deployment_configuration"]["path"],
        "/Resources/Web/Properties/DeploymentConfiguration"
    );

    let blue = &json[1];
    assert_eq!(blue["controller"]["value"], "code_deploy");
    assert_eq!(blue["outcome"], json!({"kind": "not_rolling"}));
    assert_eq!(blue["steps"], json!([]));

    // A parameter value changes the picture: two tasks roll one at a time.
    let two: ParameterValues = [("Count".to_owned(), "2".to_owned())].into_iter().collect();
    let analysis = plimsoll_lint::analyze(TEMPLATE, &Settings::default(), &two);
    let web = serde_json::to_value(&analysis.services[0]).unwrap();
    assert_eq!(web["outcome"], json!({"kind": "completes"}));
    assert_eq!(
        web["steps"],
        json!([
            {"old": 2, "new": 0},
            {"old": 1, "new": 0},
            {"old": 1, "new": 1},
            {"old": 0, "new": 1},
            {"old": 0, "new": 2}
        ])
    );
}

#[test]
fn the_parameters_and_rollouts_are_described_only_when_asked() {
    use plimsoll_lint::{Describe, Linter};
    let linter = Linter::new(Settings::default());
    let none = ParameterValues::new();
    let describe = |what| {
        let mut analyses = linter.analyze_many(&[(TEMPLATE, &none)], what);
        assert_eq!(analyses.len(), 1);
        analyses.remove(0)
    };
    let all = describe(Describe::ALL);
    assert_eq!((all.parameters.len(), all.services.len()), (1, 2));
    assert!(all.parameters_known);

    let parameters = describe(Describe::PARAMETERS);
    assert_eq!(
        (parameters.parameters.len(), parameters.services.len()),
        (1, 0)
    );
    assert!(parameters.parameters_known);

    let nothing = describe(Describe::NOTHING);
    assert!(nothing.parameters.is_empty() && nothing.services.is_empty());
    assert!(!nothing.parameters_known);
    // The findings never depend on what is described.
    assert_eq!(nothing.diagnostics, all.diagnostics);
    assert_eq!(parameters.diagnostics, all.diagnostics);
}

#[test]
fn an_unknown_plan_names_the_parameters_without_a_value() {
    let template = r#"
Parameters:
  Count:
    Type: Number
  Floor:
    Type: Number
  Ceiling:
    Type: Number
    Default: 200
Resources:
  Web:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: !Ref Count
      DeploymentConfiguration:
        MinimumHealthyPercent: !Ref Floor
        MaximumPercent: !Ref Ceiling
"#;
    let analysis = plimsoll_lint::analyze(template, &Settings::default(), &ParameterValues::new());
    assert_eq!(
        analysis.services[0].parameters_without_value,
        ["Count", "Floor"]
    );
    // Once they have values, the plan is known and nothing is waited on.
    let given: ParameterValues = [("Count", "2"), ("Floor", "50")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let analysis = plimsoll_lint::analyze(template, &Settings::default(), &given);
    assert!(!analysis.services[0].plan.steps.is_empty());
    assert!(analysis.services[0].parameters_without_value.is_empty());
}
