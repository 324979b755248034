//! Hostile input ends in diagnostics, within bounded time and memory.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use plimsoll_template::{Limits, ParseErrorKind, parse, parse_with_limits};

fn kinds(source: &str) -> Vec<ParseErrorKind> {
    parse(source)
        .diagnostics
        .into_iter()
        .map(|d| d.kind)
        .collect()
}

#[test]
fn deep_block_nesting_is_cut_at_the_depth_limit() {
    let depth = 100_000;
    // Block sequences nested 100,000 levels by compact notation: "- - - - …".
    let compact = format!("{}x\n", "- ".repeat(depth));
    let parsed = parse(&compact);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| matches!(d.kind, ParseErrorKind::Limit | ParseErrorKind::Syntax)),
        "{:?}",
        parsed.diagnostics
    );
}

#[test]
fn deep_flow_nesting_ends_in_a_diagnostic() {
    let depth = 100_000;
    let source = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let parsed = parse(&source);
    assert!(!parsed.diagnostics.is_empty());
    let source = format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth));
    assert!(!parse(&source).diagnostics.is_empty());
}

#[test]
fn deep_block_mappings_are_cut_and_the_rest_is_kept() {
    let depth = 300;
    let mut source = String::new();
    for level in 0..depth {
        source.push_str(&" ".repeat(level));
        source.push_str("k:\n");
    }
    source.push_str("after: 1\n");
    let parsed = parse(&source);
    assert_eq!(
        parsed
            .diagnostics
            .iter()
            .filter(|d| d.kind == ParseErrorKind::Limit)
            .count(),
        1
    );
    let root = parsed.document.root().unwrap();
    assert_eq!(root.get("after").and_then(|n| n.as_i64()), Some(1));
    let mut node = root;
    let mut levels = 0;
    while let Some(child) = node.get("k") {
        node = child;
        levels += 1;
    }
    assert_eq!(levels, Limits::default().max_depth);
}

#[test]
fn alias_bombs_are_bounded() {
    let mut source = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        source.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let parsed = parse(&source);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.kind == ParseErrorKind::Limit)
    );
    assert!(parsed.document.node_count() < 2 * Limits::default().max_alias_nodes + 1000);
}

#[test]
fn oversized_input_is_refused_with_a_diagnostic() {
    let limits = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let parsed = parse_with_limits(&"a: b\n".repeat(1000), &limits);
    assert_eq!(parsed.diagnostics[0].kind, ParseErrorKind::TooLarge);
    assert!(parsed.document.root().is_none());
}

#[test]
fn node_limit_stops_reading() {
    let limits = Limits {
        max_nodes: 100,
        ..Limits::default()
    };
    let parsed = parse_with_limits(&"- 1\n".repeat(1000), &limits);
    assert!(!parsed.is_complete());
}

#[test]
fn nul_bytes_and_control_characters_are_syntax_errors() {
    assert!(kinds("a: \u{0}b\n").contains(&ParseErrorKind::Syntax));
    assert!(!parse("a: \u{7}\n").diagnostics.is_empty() || parse("a: \u{7}\n").is_complete());
}

#[test]
fn tabs_and_long_lines_are_handled() {
    let long = format!("a: {}\n", "x".repeat(1_000_000));
    assert!(parse(&long).diagnostics.is_empty());
    assert!(!kinds("a:\n\t- 1\n").is_empty());
    assert!(parse("{\n\t\"a\": 1\n}\n").diagnostics.is_empty());
}

#[test]
fn errors_after_an_unknown_directive_point_inside_the_text() {
    // Found by the hostile-input tests' span checks on random bytes: the scanner reported
    // this error 4 bytes past the end of the text.
    for source in ["%éééé", "%é\nZ", "%x\n\u{fffd}\u{fffd}\u{fffd}"] {
        let parsed = parse(source);
        assert!(!parsed.diagnostics.is_empty());
        for d in &parsed.diagnostics {
            assert!(
                d.span.end as usize <= source.len(),
                "{source:?}: {:?}",
                d.span
            );
            assert!(source.is_char_boundary(d.span.start as usize));
        }
    }
}

#[test]
fn a_tab_in_indentation_is_reported_at_the_tab() {
    let source = "a:\n  b: plain\n\tc: 1\n";
    let parsed = parse(source);
    let tab = source.find('\t').unwrap() as u32;
    assert!(
        parsed.diagnostics.iter().any(|d| d.span.start == tab),
        "{:?}",
        parsed.diagnostics
    );
}
