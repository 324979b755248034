//! The built-in guard packs' memory stays proportional to the data cfn-guard is given at once,
//! not to the template: cfn-guard kept a record of every check on a document until it was
//! done, about 70 KB per ECS service of a template evaluated whole. Alone in its test binary,
//! so the peak it reads is its own.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::{Settings, lint};

/// The resident set's peak in MiB since `reset_peak`, where Linux tells.
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// Starts the peak over from the current resident set (Linux 4.0 and later).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[test]
fn eight_thousand_services_take_memory_for_a_few_hundred() {
    let mut source = String::from("Resources:\n");
    for i in 0..8_000 {
        source.push_str(&format!(
            "  Service{i}:\n    Type: AWS::ECS::Service\n    Properties:\n      Cluster: main\n      \
             TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/app:{i}\n      \
             DesiredCount: 2\n"
        ));
    }
    if !reset_peak() {
        return; // no way to read this process's own peak here
    }
    let before = peak_mib().unwrap_or(0);
    let found = lint(&source, &Settings::default());
    // Every service lacks a circuit breaker.
    assert_eq!(found.iter().filter(|d| d.code == "ECS005").count(), 8_000);
    let grown = peak_mib().unwrap_or(0).saturating_sub(before);
    assert!(grown < 300, "linting took {grown} MiB more");
}
