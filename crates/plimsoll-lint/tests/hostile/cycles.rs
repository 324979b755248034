//! Circular references: DependsOn and Ref cycles, self-referencing conditions, long rings and
//! condition graphs whose naive evaluation is exponential.

use super::support::{assert_well_formed, codes, lint};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn self_and_mutual_dependencies_are_reported() {
    let source = "\
Resources:
  A:
    Type: AWS::SQS::Queue
    DependsOn: A
  B:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt C.TopicName
  C:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !Sub ${B}
  D:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !Ref D
";
    let found = lint(source);
    assert_well_formed(source, &found);
    assert_eq!(codes(&found), ["TPL005", "TPL005", "TPL005"], "{found:#?}");
}

#[test]
fn a_ring_of_ten_thousand_resources_is_one_finding() {
    let n = 10_000;
    let mut depends = String::from("Resources:\n");
    let mut refs = String::from("Resources:\n");
    for i in 0..n {
        let next = (i + 1) % n;
        depends.push_str(&format!(
            "  R{i}:\n    Type: AWS::SQS::Queue\n    DependsOn: R{next}\n"
        ));
        refs.push_str(&format!(
            "  R{i}:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !GetAtt R{next}.TopicName\n"
        ));
    }
    for source in [depends, refs] {
        let found = lint(&source);
        assert_eq!(codes(&found), ["TPL005"]);
        assert!(
            found[0].message.contains("10000 resources"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].labels.len(), 8, "long cycles are summarised");
    }
}

#[test]
fn self_referencing_conditions_are_reported_and_evaluation_ends() {
    let source = "\
Conditions:
  Self: !Condition Self
  A: !Not [!Condition B]
  B: !And [!Condition A, !Equals [1, 1]]
  C: !Or [!Condition C, !Condition Self]
Resources:
  Service:
    Type: AWS::ECS::Service
    Condition: A
    Properties:
      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1
      DesiredCount: !If [Self, 1, !If [C, 2, 3]]
      DeploymentConfiguration:
        MinimumHealthyPercent: !If [B, 100, 0]
        MaximumPercent: 100
        DeploymentCircuitBreaker: {Enable: true, Rollback: true}
";
    let found = lint(source);
    assert_well_formed(source, &found);
    assert_eq!(codes(&found), ["TPL005", "TPL005", "TPL005"], "{found:#?}");
}

#[test]
fn exponential_condition_graphs_are_evaluated_in_linear_time() {
    // C0 = And(C1, C1), C1 = And(C2, C2), …: 2^60 paths without memoization.
    let mut source = String::from("Parameters:\n  P: {Type: String, Default: x}\nConditions:\n");
    let n = 60;
    for i in 0..n {
        source.push_str(&format!(
            "  C{i}: !And [!Condition C{}, !Or [!Condition C{}, !Equals [!Ref P, x]]]\n",
            i + 1,
            i + 1
        ));
    }
    source.push_str(&format!("  C{n}: !Equals [!Ref P, x]\n"));
    source.push_str(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Condition: C0\n    Properties:\n      DelaySeconds: !If [C0, 1, 2]\n",
    );
    let found = lint(&source);
    assert_well_formed(&source, &found);
    assert!(codes(&found).is_empty(), "{found:#?}");
}

#[test]
fn a_ring_of_conditions_is_one_finding() {
    let n = 5_000;
    let mut source = String::from("Conditions:\n");
    for i in 0..n {
        source.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", (i + 1) % n));
    }
    source.push_str("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Condition: C0\n");
    assert_eq!(codes(&lint(&source)), ["TPL005"]);
}
