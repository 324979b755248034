//! Size: 100,000 levels of nesting, an alias bomb, 10 MB and 100 MB templates, long lines.

use super::support::{assert_memory_below, assert_well_formed, codes, lint};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn deep_nesting_ends_in_a_diagnostic() {
    let depth = 100_000;
    let block = format!(
        "Resources:\n  X:\n    Properties:\n      P: {}1\n",
        "- ".repeat(depth)
    );
    assert!(lint(&block).iter().any(|d| d.code == "TPL001"));
    let flow = format!(
        "{{\"Resources\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(lint(&flow).iter().any(|d| d.code == "TPL001"));
    let maps: String = (0..depth)
        .map(|i| format!("{}k:\n", " ".repeat(i % 200)))
        .collect();
    assert_well_formed(&maps, &lint(&maps));
    let calls = format!(
        "Resources:\n  X:\n    Type: T\n    Properties:\n      P: {}x{}\n",
        "{\"Fn::Base64\": ".repeat(depth),
        "}".repeat(depth)
    );
    assert!(lint(&calls).iter().any(|d| d.code == "TPL001"));
}

#[test]
fn alias_bomb_ends_in_a_diagnostic_with_bounded_memory() {
    let mut source = String::from("Resources:\n  X:\n    Type: T\n    Properties:\n");
    source.push_str("      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..20 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        source.push_str(&format!("      a{i}: &a{i} [{refs}]\n"));
    }
    let found = lint(&source);
    assert!(
        found
            .iter()
            .any(|d| d.code == "TPL001" && d.message.contains("aliases"))
    );
    assert_memory_below(2048);
}

/// `count` queues, each depending on a resource that does not exist.
fn queues(count: usize) -> String {
    let mut source = String::from("Resources:\n");
    for i in 0..count {
        source.push_str(&format!(
            "  Queue{i}:\n    Type: AWS::SQS::Queue\n    DependsOn: Missing{i}\n    Properties:\n      QueueName: !Sub \"${{AWS::StackName}}-{i}\"\n      DelaySeconds: {}\n",
            i % 900
        ));
    }
    source
}

#[test]
fn ten_megabyte_template_is_linted() {
    let count = 10 * 1024 * 1024 / 130;
    let source = queues(count);
    assert!(source.len() > 10 * 1000 * 1000, "{}", source.len());
    let found = lint(&source);
    assert_eq!(found.iter().filter(|d| d.code == "TPL003").count(), count);
    assert_memory_below(2048);
}

#[test]
fn inputs_past_the_size_limit_are_refused_at_once() {
    for megabytes in [17, 100] {
        let source = queues(megabytes * 1024 * 1024 / 130 + 1000);
        assert!(source.len() > megabytes * 1024 * 1024);
        let found = lint(&source);
        assert_eq!(codes(&found), ["TPL001"]);
        assert!(found[0].message.contains("limit"), "{}", found[0].message);
    }
    assert_memory_below(2048);
}

#[test]
fn long_lines_are_linted() {
    // A whole template of 20,000 resources on one line of JSON.
    let resources: Vec<String> = (0..20_000)
        .map(|i| {
            format!(
                "\"Q{i}\": {{\"Type\": \"AWS::SQS::Queue\", \"DependsOn\": \"Q{}\"}}",
                i + 1
            )
        })
        .collect();
    let source = format!("{{\"Resources\": {{{}}}}}", resources.join(", "));
    assert!(!source.contains('\n'));
    let found = lint(&source);
    assert_eq!(
        codes(&found),
        ["TPL003"],
        "only the last queue depends on nothing"
    );
    assert_well_formed(&source, &found);
    // One 8 MB string.
    let source = format!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: {}\n      DelaySeconds: !Ref Nope\n",
        "x".repeat(8 * 1024 * 1024)
    );
    let found = lint(&source);
    assert_eq!(codes(&found), ["TPL003"]);
    assert_eq!(found[0].span.text(&source), "Nope");
}

#[test]
fn keys_longer_than_cfn_guard_reads_still_evaluate() {
    // cfn-guard's YAML reader takes a key on at most 1,024 characters: a longer logical ID or
    // property name reached it as written and every built-in pack ended in GUARD:error.
    let id = format!("Service{}", "X".repeat(1_500));
    // JSON: YAML's block style does not allow such keys, its flow style does.
    let source = format!(
        "{{\"Resources\": {{\"{id}\": {{\"Type\": \"AWS::ECS::Service\", \"Properties\": {{\
         \"{}\": 1, \"TaskDefinition\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/app:1\"\
         }}}}}}}}",
        "P".repeat(2_000)
    );
    let found = lint(&source);
    assert_well_formed(&source, &found);
    assert!(
        !codes(&found).contains(&"GUARD:error".to_owned()),
        "{found:#?}"
    );
    // The service has no circuit breaker: the guard rule's finding maps back under its key.
    let breaker = found.iter().find(|d| d.code == "ECS005");
    let breaker = breaker.unwrap_or_else(|| panic!("no ECS005 in {found:#?}"));
    assert!(
        breaker.path.starts_with(&format!("/Resources/{id}")),
        "{}",
        breaker.path
    );
    let at = source.find(&id).unwrap_or(0);
    assert!(
        (breaker.span.start as usize) > at.saturating_sub(2) && breaker.span.end as usize > at,
        "{:?} does not point at the service",
        breaker.span
    );
}
