//! SARIF 2.1.0: `plimsoll check --format sarif` (code scanning) and the browser's "Export SARIF".
//!
//! One run; the driver lists every catalog rule (with its docs as help) plus any rule that only
//! appears in the findings (a user's guard rule), so every `ruleIndex` resolves. Columns count
//! Unicode code points, as `columnKind` says.

use crate::{FileFindings, Positions};
use plimsoll_lint::{Diagnostic, RuleMeta, Severity, catalog};
use plimsoll_template::Span;
use serde_json::{Value, json};

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log for any number of files.
pub fn log(files: &[FileFindings<'_>]) -> Value {
    let mut rules: Vec<Value> = catalog().into_iter().map(catalog_rule).collect();
    let mut rule_ids: Vec<String> = catalog().iter().map(|m| m.code.to_owned()).collect();
    let mut results = Vec::new();
    for file in files {
        let positions = Positions::new(file.source);
        for d in file.diagnostics {
            let index = match rule_ids.iter().position(|id| *id == d.code) {
                Some(index) => index,
                None => {
                    rule_ids.push(d.code.to_string());
                    rules.push(ad_hoc_rule(d));
                    rule_ids.len() - 1
                }
            };
            results.push(result(file.file, &positions, d, index));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "plimsoll",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// The SARIF log as pretty-printed JSON text, ending in a newline.
pub fn to_string(files: &[FileFindings<'_>]) -> String {
    let mut text = serde_json::to_string_pretty(&log(files)).unwrap_or_default();
    text.push('\n');
    text
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn catalog_rule(meta: &RuleMeta) -> Value {
    let summary = meta.summary();
    let markdown = meta.markdown();
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": summary },
        "help": { "text": markdown, "markdown": markdown },
        "helpUri": crate::help_uri(meta.code),
        "defaultConfiguration": { "level": level(meta.severity) },
        "properties": { "tags": [area(meta.code)] },
    })
}

/// A rule that is not in the catalog (a user's own guard rule).
fn ad_hoc_rule(d: &Diagnostic) -> Value {
    json!({
        "id": d.code,
        "name": d.rule,
        "shortDescription": { "text": d.rule },
        "defaultConfiguration": { "level": level(d.severity) },
    })
}

fn area(code: &str) -> &str {
    let letters = code
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(code.len());
    &code[..letters]
}

fn result(file: &str, positions: &Positions<'_>, d: &Diagnostic, rule_index: usize) -> Value {
    let uri = artifact_uri(file);
    let text = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let mut result = json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": region(positions, d.span),
            },
            "logicalLocations": [{ "fullyQualifiedName": d.path, "kind": "object" }],
        }],
    });
    if !d.labels.is_empty() {
        result["relatedLocations"] = d
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| {
                json!({
                    "id": id,
                    "message": { "text": label.message },
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region(positions, label.span),
                    },
                })
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(positions, e.span),
                    "insertedContent": { "text": e.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

fn region(positions: &Positions<'_>, span: Span) -> Value {
    let start = positions.line_col(span.start);
    let end = positions.line_col(span.end.max(span.start));
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A relative path as a URI reference: forward slashes, reserved and non-ASCII bytes escaped.
pub fn artifact_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
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
    fn uris_escape_what_a_uri_cannot_hold() {
        assert_eq!(artifact_uri("./a b/c#1.yaml"), "a%20b/c%231.yaml");
        assert_eq!(artifact_uri("dir\\é.yml"), "dir/%C3%A9.yml");
    }

    #[test]
    fn areas_are_the_code_letters() {
        assert_eq!(area("ECS001"), "ECS");
        assert_eq!(area("GUARD:my_rule"), "GUARD");
    }
}
