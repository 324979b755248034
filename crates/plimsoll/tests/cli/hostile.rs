//! Hostile input through the CLI, which reads bytes: huge files, byte order marks with CRLF,
//! NUL bytes on standard input and binary garbage all end in diagnostics, never a crash.

use crate::support::{codes, files, json, plimsoll_in, scratch};

#[test]
fn a_100_megabyte_file_is_refused_with_a_positioned_error() {
    let dir = scratch(&[]);
    let line = "  Queue:\n    Type: AWS::SQS::Queue\n";
    let mut text = String::from("Resources:\n");
    text.push_str(&line.repeat(100 * 1024 * 1024 / line.len() + 1));
    std::fs::write(dir.path().join("big.yaml"), &text).unwrap();
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "--format", "json", "big.yaml"],
    ));
    assert_eq!(code, 1, "{report}");
    assert_eq!(codes(&report), ["TPL001"]);
    let diagnostic = &report["diagnostics"][0];
    assert!(
        diagnostic["message"].as_str().unwrap().contains("limit"),
        "{report}"
    );
    assert_eq!(diagnostic["range"]["start"]["line"], 1);
}

#[test]
fn a_byte_order_mark_and_crlf_keep_lines_and_columns() {
    let dir = scratch(&[]);
    let text = "\u{feff}Resources:\r\n  Cluster:\r\n    Type: AWS::ECS::Cluster\r\n  Service:\r\n    Type: AWS::ECS::Service\r\n    Properties:\r\n      Cluster: !Ref Clustr\r\n      DeploymentConfiguration:\r\n        DeploymentCircuitBreaker: {Enable: true, Rollback: true}\r\n";
    std::fs::write(dir.path().join("crlf.yaml"), text).unwrap();
    let (code, report) = json(plimsoll_in(
        dir.path(),
        &["check", "--format", "json", "crlf.yaml"],
    ));
    assert_eq!(code, 1, "{report}");
    assert_eq!(codes(&report), ["TPL003"]);
    let range = &report["diagnostics"][0]["range"];
    assert_eq!(range["start"]["line"], 7, "{report}");
    assert_eq!(range["start"]["column"], 21, "{report}");
    assert_eq!(range["end"]["column"], 27, "{report}");
}

#[test]
fn nul_bytes_on_standard_input_are_a_syntax_error() {
    let dir = scratch(&[]);
    let mut cmd = plimsoll_in(dir.path(), &["check", "--format", "json", "-"]);
    cmd.write_stdin(b"Resources:\n  Queue:\n    Type: AWS::SQS::\0Queue\n".to_vec());
    let (code, report) = json(cmd);
    assert_eq!(code, 1, "{report}");
    assert_eq!(codes(&report), ["TPL001"]);
    assert_eq!(report["diagnostics"][0]["range"]["start"]["line"], 3);
}

#[test]
fn binary_garbage_given_explicitly_ends_in_diagnostics() {
    let dir = scratch(&[]);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut names = Vec::new();
    for i in 0..20 {
        let bytes: Vec<u8> = (0..4096 * (i + 1))
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        // Garbage after a top-level key is a template's; without one it is nobody's.
        let name = format!("garbage-{i}.yaml");
        let mut template = b"AWSTemplateFormatVersion: '2010-09-09'\n".to_vec();
        template.extend(&bytes);
        std::fs::write(dir.path().join(&name), template).unwrap();
        names.push(name);
        let name = format!("noise-{i}.yaml");
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        names.push(name);
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let (code, report) = json(plimsoll_in(dir.path(), &args));
    assert_eq!(code, 1, "{report}");
    let files: std::collections::BTreeSet<String> = files(&report).into_iter().collect();
    let templates: std::collections::BTreeSet<String> = names
        .iter()
        .filter(|n| n.starts_with("garbage-"))
        .cloned()
        .collect();
    assert_eq!(files, templates, "every template gets a finding: {report}");
    assert!(codes(&report).iter().all(|c| c == "TPL001"), "{report}");
}
