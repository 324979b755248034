//! Helpers shared by the lint crate's integration tests.

#![allow(dead_code)]

mod files;
#[allow(unused_imports)] // each test uses some of them
pub use files::{corpus_dir, files_under, templates_under};

use plimsoll_lint::{Diagnostic, ParameterValues, Settings};
use plimsoll_template::LineIndex;
use std::path::Path;

/// Lints with only `code` selected.
pub fn lint_only(code: &str, source: &str, parameters: &ParameterValues) -> Vec<Diagnostic> {
    let settings = Settings {
        select: vec![code.to_owned()],
        ..Settings::default()
    };
    plimsoll_lint::lint_with_parameters(source, &settings, parameters)
}

/// Parameter overrides from `<fixture>.params`, if that file exists, read as the CLI reads a
/// `--parameters` file.
pub fn parameters_beside(path: &Path) -> ParameterValues {
    let params = path.with_extension("params");
    let Ok(text) = std::fs::read_to_string(&params) else {
        return ParameterValues::new();
    };
    plimsoll_lint::parse_parameter_file(&text)
        .unwrap_or_else(|e| panic!("{}: {e:?}", params.display()))
}

/// Parameter values an example gives in a comment, as a command line would:
/// `# plimsoll check --parameter Key=Value stack.yaml`.
pub fn parameters_in(example: &str) -> ParameterValues {
    example
        .lines()
        .filter(|line| line.trim_start().starts_with('#'))
        .flat_map(|line| line.split_whitespace().skip_while(|w| *w != "--parameter"))
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|pair| pair[0] == "--parameter")
        .filter_map(|pair| pair[1].split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// `line:column-line:column severity code [rule] path` of a finding.
pub fn headline(index: &LineIndex, d: &Diagnostic) -> String {
    let (start, end) = (index.line_col(d.span.start), index.line_col(d.span.end));
    format!(
        "{}:{}-{}:{} {} {} [{}] {}",
        start.line, start.column, end.line, end.column, d.severity, d.code, d.rule, d.path
    )
}

/// A plain, stable rendering of diagnostics for snapshots: position, code, path, message,
/// the first line of the spanned text, labels and help.
pub fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!("{}\n  {}\n", headline(&index, d), d.message));
        let text = d.span.text(source);
        if let Some(first) = text.lines().next().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!("  | {}\n", first.trim_end()));
        }
        for label in &d.labels {
            let at = index.line_col(label.span.start);
            out.push_str(&format!(
                "  = {}:{}: {}\n",
                at.line, at.column, label.message
            ));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

/// A template kept in `tests/third-party/` (real templates under their own license).
pub fn third_party(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/third-party")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
