//! Random input: arbitrary bytes decoded lossily, and noise made of template fragments.

use super::support::{Rng, assert_well_formed, lint};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn arbitrary_bytes_give_diagnostics_not_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2_000 {
        let len = rng.below(400);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        assert_well_formed(&text, &lint(&text));
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
    for _ in 0..3_000 {
        let mut text = String::new();
        for _ in 0..rng.below(120) {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        assert_well_formed(&text, &lint(&text));
    }
}
