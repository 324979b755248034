//! SARIF 2.1.0 for code scanning: the catalog as rule metadata, findings as results with
//! physical (file, region) and logical (template path) locations.

use crate::report::{Range, Report};
use plimsoll_lint::{RuleMeta, Severity, catalog};
use plimsoll_template::LineIndex;
use serde_json::{Value, json};
use std::io::{self, Write};
use crate::paths::{normalize, relative_to};
use std::path::Path;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

/// Where the rule pages live, for `helpUri`.
pub fn help_uri(code: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{code}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

pub fn print(report: &Report, cwd: &Path, out: &mut dyn Write) -> io::Result<()> {
    let rules = catalog();
    let results: Vec<Value> = report
        .files
        .iter()
        .flat_map(|file| {
            let index = LineIndex::new(&file.source);
            let location = artifact_location(file.path.as_deref(), &file.name, cwd);
            let rules = &rules;
            file.diagnostics
                .iter()
                .map(move |d| {
                    let region = |span| region(Range::of(&index, span));
                    let mut result = json!({
                        "ruleId": d.code,
                        "level": level(d.severity),
                        "message": {"text": message(&d.message, d.help.as_deref())},
                        "locations": [{
                            "physicalLocation": {
                                "artifactLocation": location,
                                "region": region(d.span),
                            },
                            "logicalLocations": [{
                                "fullyQualifiedName": if d.path.is_empty() { "/" } else { &d.path },
                                "kind": "element",
                            }],
                        }],
                    });
                    if let Some(i) = rules.iter().position(|m| m.code == d.code) {
                        result["ruleIndex"] = json!(i);
                    }
                    if !d.labels.is_empty() {
                        result["relatedLocations"] = d
                            .labels
                            .iter()
                            .enumerate()
                            .map(|(id, label)| {
                                json!({
                                    "id": id,
                                    "message": {"text": label.message},
                                    "physicalLocation": {
                                        "artifactLocation": location,
                                        "region": region(label.span),
                                    },
                                })
                            })
                            .collect();
                    }
                    result
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let notifications: Vec<Value> = report
        .failures
        .iter()
        .map(|f| json!({"level": "error", "message": {"text": f.message}}))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "plimsoll",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.iter().map(|m| rule(m)).collect::<Vec<_>>(),
            }},
            "invocations": [{
                "executionSuccessful": report.failures.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                SRCROOT: {"uri": directory_uri(cwd)},
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn rule(meta: &RuleMeta) -> Value {
    let markdown = meta.markdown();
    let summary = meta.summary();
    let why = section(&markdown, "Why is this bad?");
    let full = if why.is_empty() {
        summary.clone()
    } else {
        format!("{summary} {why}")
    };
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full},
        "help": {"text": markdown, "markdown": markdown},
        "helpUri": help_uri(meta.code),
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": {"tags": [meta.kind]},
    })
}

/// The first paragraph under `### <heading>`, on one line.
fn section(markdown: &str, heading: &str) -> String {
    markdown
        .split_once(&format!("### {heading}"))
        .map(|(_, rest)| rest.trim_start())
        .and_then(|rest| rest.split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn message(message: &str, help: Option<&str>) -> String {
    match help {
        Some(help) => format!("{message}\nHelp: {help}"),
        None => message.to_owned(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(range: Range) -> Value {
    json!({
        "startLine": range.start.line,
        "startColumn": range.start.column,
        "endLine": range.end.line,
        "endColumn": range.end.column,
    })
}

/// The file relative to the working directory (against `%SRCROOT%`), or an absolute `file:`
/// URI when it lies elsewhere; standard input keeps its display name.
fn artifact_location(path: Option<&Path>, name: &str, cwd: &Path) -> Value {
    let Some(path) = path else {
        return json!({"uri": encode(name)});
    };
    match relative_to(path, cwd, cwd) {
        Some(relative) => json!({
            "uri": encode(&relative.to_string_lossy().replace('\\', "/")),
            "uriBaseId": SRCROOT,
        }),
        None => json!({"uri": file_uri(&normalize(&cwd.join(path)))}),
    }
}

fn directory_uri(dir: &Path) -> String {
    let mut uri = file_uri(&normalize(dir));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.starts_with('/') {
        format!("file://{}", encode(&text))
    } else {
        format!("file:///{}", encode(&text))
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_relative_to_the_working_directory() {
        let cwd = Path::new("/repo");
        assert_eq!(
            artifact_location(Some(Path::new("./stacks/a b.yml")), "", cwd),
            json!({"uri": "stacks/a%20b.yml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location(Some(Path::new("../other/x.yml")), "", cwd),
            json!({"uri": "file:///other/x.yml"})
        );
        assert_eq!(directory_uri(cwd), "file:///repo/");
    }

    #[test]
    fn sections_are_read_from_rule_docs() {
        let md = "### What it does\nA.\n\n### Why is this bad?\nIt\nhangs.\n\nMore.\n### Example\n";
        assert_eq!(section(md, "Why is this bad?"), "It hangs.");
        assert_eq!(section(md, "Missing"), "");
    }
}
