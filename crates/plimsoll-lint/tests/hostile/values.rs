//! Values at the edges of what numbers can hold, wherever the rules read numbers.

use super::support::{assert_well_formed, codes, lint};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "99999999999999999999999999999999999999",
    "-99999999999999999999999999999999999999",
    "1e400",
    "-1e400",
    "1e-400",
    ".nan",
    ".inf",
    "-.inf",
    "0x7fffffffffffffff",
    "0o777",
    "1.5",
    "\"9223372036854775807\"",
    "\"1e400\"",
    "\"\"",
    "[]",
    "{}",
    "null",
    "true",
];

/// An ECS service with its task definition and target group, a custom resource and its
/// Lambda: every number the rules do arithmetic with is `n`.
fn stack(n: &str) -> String {
    format!(
        "\
Parameters:
  Count:
    Type: Number
    Default: {n}
Resources:
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetGroupAttributes:
        - Key: deregistration_delay.timeout_seconds
          Value: {n}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Image: nginx:1.27
          Memory: {n}
  Service:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      DesiredCount: {n}
      HealthCheckGracePeriodSeconds: {n}
      DeploymentConfiguration:
        MinimumHealthyPercent: {n}
        MaximumPercent: {n}
      LoadBalancers:
        - TargetGroupArn: !Ref Group
          ContainerName: app
          ContainerPort: {n}
  Counted:
    Type: AWS::ECS::Service
    Properties:
      TaskDefinition: !Ref Task
      DesiredCount: !Ref Count
      DeploymentConfiguration:
        MinimumHealthyPercent: 50
        MaximumPercent: {n}
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: {n}
  Custom:
    Type: Custom::Thing
    Properties:
      ServiceToken: !GetAtt Function.Arn
      ServiceTimeout: {n}
      Pick: !Select [{n}, [a, b]]
"
    )
}

#[test]
fn extreme_numbers_give_diagnostics_not_panics() {
    for n in NUMBERS {
        let source = stack(n);
        assert_well_formed(&source, &lint(&source));
    }
}

#[test]
fn extreme_numbers_in_parameter_values_give_diagnostics_not_panics() {
    let source = stack("1");
    for n in NUMBERS {
        let values = [("Count".to_owned(), n.trim_matches('"').to_owned())]
            .into_iter()
            .collect();
        let found = plimsoll_lint::lint_with_parameters(&source, &Default::default(), &values);
        assert_well_formed(&source, &found);
    }
}

#[test]
fn largest_counts_do_not_overflow_the_rollout_arithmetic() {
    let service = |count: &str, min: u32, max: u32| {
        format!(
            "Resources:\n  Service:\n    Type: AWS::ECS::Service\n    Properties:\n      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/app:1\n      DesiredCount: {count}\n      DeploymentConfiguration:\n        MinimumHealthyPercent: {min}\n        MaximumPercent: {max}\n"
        )
    };
    let rollout_codes = |source: &str| -> Vec<String> {
        codes(&lint(source))
            .into_iter()
            .filter(|c| c == "ECS001" || c == "ECS002")
            .collect()
    };
    // i64::MAX tasks at 100%/100%: no task may start or stop, a real deadlock.
    assert_eq!(
        rollout_codes(&service("9223372036854775807", 100, 100)),
        ["ECS001"]
    );
    // At 50%/200% it completes; at 0%/200% every task may stop at once.
    assert!(rollout_codes(&service("9223372036854775807", 50, 200)).is_empty());
    assert_eq!(
        rollout_codes(&service("9223372036854775807", 0, 200)),
        ["ECS002"]
    );
    // Counts no integer holds are not guessed at where the answer depends on the count…
    assert!(rollout_codes(&service("99999999999999999999999", 50, 100)).is_empty());
    // …and reported where it does not: 100%/100% deadlocks whatever the count.
    assert_eq!(
        rollout_codes(&service("99999999999999999999999", 100, 100)),
        ["ECS001"]
    );
}
