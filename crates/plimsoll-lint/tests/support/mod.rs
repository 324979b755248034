//! Helpers shared by the lint crate's integration tests.

#![allow(dead_code)]

use plimsoll_lint::{Diagnostic, ParameterValues, Settings};
use plimsoll_template::LineIndex;
use std::path::{Path, PathBuf};

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

/// A plain, stable rendering of diagnostics for snapshots: position, code, path, message,
/// the first line of the spanned text, labels and help.
pub fn render(source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for d in diagnostics {
        let start = index.line_col(d.span.start);
        let end = index.line_col(d.span.end);
        out.push_str(&format!(
            "{}:{}-{}:{} {} {} [{}] {}\n  {}\n",
            start.line,
            start.column,
            end.line,
            end.column,
            d.severity,
            d.code,
            d.rule,
            d.path,
            d.message
        ));
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

/// Every file under `dir` (recursively) whose extension is one of `extensions`, sorted; hidden
/// entries are skipped. The one walker of the tests, benches and examples.
pub fn files_under(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A template kept in `tests/third-party/` (real templates under their own license).
pub fn third_party(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/third-party")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `$PLIMSOLL_CORPUS`, or the first `shared/corpus` directory in the checkout's directory or
/// one of its ancestors.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PLIMSOLL_CORPUS").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/corpus"))
        .find(|d| d.is_dir())
}
