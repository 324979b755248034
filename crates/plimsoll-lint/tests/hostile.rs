//! Hostile input ends in diagnostics, never a panic, a hang or unbounded memory: arbitrary
//! bytes, 100,000 levels of nesting, a YAML alias bomb and a 10 MB template.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_lint::{Settings, lint};

/// A small deterministic generator (xorshift), so failures reproduce without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Peak resident memory of this process in MiB (Linux), to bound memory in the tests below.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[test]
fn arbitrary_bytes_give_diagnostics_not_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let settings = Settings::default();
    for _ in 0..2_000 {
        let len = rng.below(400);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let _ = lint(&text, &settings);
    }
}

#[test]
fn template_shaped_noise_gives_diagnostics_not_panics() {
    const PIECES: &[&str] = &[
        "Resources:",
        "\n",
        "  ",
        "    ",
        "- ",
        ": ",
        "!Ref ",
        "!GetAtt ",
        "!Sub ",
        "!If ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\"",
        "'",
        "&a ",
        "*a",
        "Type: AWS::ECS::Service",
        "Properties:",
        "DesiredCount: ",
        "1",
        "-5",
        "99999999999999999999999",
        "DeploymentConfiguration:",
        "MinimumHealthyPercent: ",
        "MaximumPercent: ",
        "Fn::Sub: ${X}",
        "Condition: C",
        "Conditions:",
        "C: !Equals [a, !Ref P]",
        "Parameters:",
        "P: {Type: Number}",
        "\t",
        "#",
        "ServiceToken: ",
        "Statement:",
        "Action: ecs:*",
        "Resource: '*'",
        "\u{feff}",
        "é",
        "AWS::IAM::Role",
        "PolicyDocument:",
        "Effect: Allow",
        "Fn::Join: ",
        "!Select [9, []]",
        "!FindInMap [M, !Ref AWS::Region, k]",
        "Image: x:latest",
        "? ",
        "---\n",
        "|\n",
        ">-\n",
    ];
    let mut rng = Rng(42);
    let settings = Settings::default();
    for _ in 0..3_000 {
        let mut text = String::new();
        for _ in 0..rng.below(120) {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        if std::env::var_os("PLIMSOLL_DUMP").is_some() {
            std::fs::write("/tmp/last-input.yaml", &text).ok();
        }
        let _ = lint(&text, &settings);
    }
}

#[test]
fn deep_nesting_ends_in_a_diagnostic() {
    let depth = 100_000;
    let settings = Settings::default();
    let block = format!(
        "Resources:\n  X:\n    Properties:\n      P: {}1\n",
        "- ".repeat(depth)
    );
    assert!(lint(&block, &settings).iter().any(|d| d.code == "TPL001"));
    let flow = format!(
        "{{\"Resources\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    assert!(lint(&flow, &settings).iter().any(|d| d.code == "TPL001"));
    let maps: String = (0..depth)
        .map(|i| format!("{}k:\n", " ".repeat(i % 200)))
        .collect();
    let _ = lint(&maps, &settings);
}

#[test]
fn alias_bomb_ends_in_a_diagnostic_with_bounded_memory() {
    let mut source = String::from("Resources:\n  X:\n    Type: T\n    Properties:\n");
    source.push_str("      a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..20 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        source.push_str(&format!("      a{i}: &a{i} [{refs}]\n"));
    }
    let found = lint(&source, &Settings::default());
    assert!(
        found
            .iter()
            .any(|d| d.code == "TPL001" && d.message.contains("aliases"))
    );
    if let Some(peak) = peak_rss_mib() {
        assert!(peak < 2048, "peak memory {peak} MiB");
    }
}

#[test]
fn ten_megabyte_template_is_linted() {
    let mut source = String::from("Resources:\n");
    let mut i = 0;
    while source.len() < 10 * 1024 * 1024 {
        source.push_str(&format!(
            "  Queue{i}:\n    Type: AWS::SQS::Queue\n    DependsOn: Missing{i}\n    Properties:\n      QueueName: !Sub \"${{AWS::StackName}}-{i}\"\n      DelaySeconds: {}\n",
            i % 900
        ));
        i += 1;
    }
    let found = lint(&source, &Settings::default());
    assert_eq!(found.iter().filter(|d| d.code == "TPL003").count(), i);
    let too_big = "x".repeat(17 * 1024 * 1024);
    let found = lint(&too_big, &Settings::default());
    assert!(found[0].message.contains("limit"));
    if let Some(peak) = peak_rss_mib() {
        assert!(peak < 2048, "peak memory {peak} MiB");
    }
}
