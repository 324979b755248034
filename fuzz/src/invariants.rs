//! What must hold for any input, beyond "no panic": every position the core hands to the edges
//! lies inside the source on a character boundary (the CLI and the browser slice the source with
//! it), and every finding names a rule of the catalog.

use plimsoll_lint::Diagnostic;
use plimsoll_template::{LineIndex, Parsed, Span};

/// Panics (so the fuzzer records the input) when `span` is not a valid range of `source`.
pub fn assert_span(source: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= source.len(),
        "{what}: span {start}..{end} outside a source of {} bytes",
        source.len()
    );
    assert!(
        source.is_char_boundary(start) && source.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
}

/// The parser's tree and problems point inside the source.
pub fn check_parsed(source: &str, parsed: &Parsed) {
    for diagnostic in &parsed.diagnostics {
        assert_span(source, diagnostic.span, "parse diagnostic");
    }
    let Some(root) = parsed.document.root() else {
        return;
    };
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        assert_span(source, node.span(), "node");
        if node.parent().is_some_and(|p| p.is_map()) {
            assert_span(source, node.key_span(), "key");
        }
        stack.extend(node.items());
        stack.extend(node.entries().map(|(_, v)| v));
    }
}

/// Findings point inside the source, name catalog rules and carry a JSON-pointer path; the
/// edges' position conversions accept every offset.
pub fn check_diagnostics(source: &str, diagnostics: &[Diagnostic]) {
    check_diagnostics_with(source, diagnostics, &[]);
}

/// As [`check_diagnostics`], where the codes of `extra` (a user's guard rules) are known too.
pub fn check_diagnostics_with(source: &str, diagnostics: &[Diagnostic], extra: &[&str]) {
    let index = LineIndex::new(source);
    for d in diagnostics {
        assert_span(source, d.span, &d.code);
        for label in &d.labels {
            assert_span(source, label.span, &d.code);
        }
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                assert_span(source, edit.span, &d.code);
            }
        }
        assert!(
            plimsoll_lint::lookup(&d.code).is_some() || extra.contains(&d.code.as_ref()),
            "{} is not in the catalog",
            d.code
        );
        assert!(
            d.path.is_empty() || d.path.starts_with('/'),
            "{}: path {:?} is not a JSON pointer",
            d.code,
            d.path
        );
        let start = index.line_col(d.span.start);
        let end = index.line_col(d.span.end);
        assert!(start <= end, "{}: start after end", d.code);
        index.line_col_utf16(d.span.end);
    }
}
