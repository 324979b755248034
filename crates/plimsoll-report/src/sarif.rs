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

/// The SARIF log for any number of files, located by their names (see [`artifact_uri`]).
pub fn log(files: &[FileFindings<'_>]) -> Value {
    let uris: Vec<String> = files.iter().map(|f| artifact_uri(f.file)).collect();
    log_at(files, &uris)
}

/// The SARIF log with each file's artifact URI given (`uris[i]` for `files[i]`; the CLI makes
/// them from the paths' bytes with [`path_uri`]).
pub fn log_at(files: &[FileFindings<'_>], uris: &[String]) -> Value {
    let mut rules: Vec<Value> = catalog().into_iter().map(catalog_rule).collect();
    let mut rule_ids: Vec<String> = catalog().iter().map(|m| m.code.to_owned()).collect();
    let mut results = Vec::new();
    for (file, uri) in files.iter().zip(uris) {
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
            results.push(result(uri, &positions, d, index));
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
    let markdown = meta.markdown();
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": { "text": meta.summary() },
        "fullDescription": { "text": meta.description() },
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

/// Where the finding is in the template's structure: its JSON pointer and, in a template the
/// AWS CDK synthesized, the construct path of its resource.
fn logical_locations(d: &Diagnostic) -> Value {
    let mut locations = vec![json!({ "fullyQualifiedName": d.path, "kind": "object" })];
    if let Some(cdk_path) = &d.cdk_path {
        locations.push(json!({ "fullyQualifiedName": cdk_path, "kind": "resource" }));
    }
    Value::Array(locations)
}

fn result(uri: &str, positions: &Positions<'_>, d: &Diagnostic, rule_index: usize) -> Value {
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
            "logicalLocations": logical_locations(d),
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

/// A file name as a URI reference (see [`path_uri`]), `\` read as a separator.
pub fn artifact_uri(path: &str) -> String {
    path_uri(path.replace('\\', "/").as_bytes())
}

/// A path's bytes (`/`-separated, any encoding) as a URI reference code scanning and the SARIF
/// validator resolve: a relative path stays relative (no leading `./`), an absolute one
/// (`/…`, or `C:/…`) becomes a `file:///` URI. Every byte a path segment cannot hold is
/// percent-encoded, bytes that are not UTF-8 included, and so is `:` (a first segment with a
/// colon would read as a scheme: `https:evil.yaml`); repeated `/` are one (a leading `//` would
/// read as a host).
pub fn path_uri(path: &[u8]) -> String {
    let mut path = path;
    while let Some(rest) = path.strip_prefix(b"./") {
        path = rest;
    }
    let drive =
        path.len() >= 3 && path[0].is_ascii_alphabetic() && path[1] == b':' && path[2] == b'/';
    let mut out = String::with_capacity(path.len() + 8);
    let mut rest = path;
    if drive {
        out.push_str("file:///");
        out.push_str(&String::from_utf8_lossy(&path[..2]));
        rest = &path[2..];
    } else if path.starts_with(b"/") {
        out.push_str("file://");
    }
    let mut previous_slash = false;
    for &byte in rest {
        let slash = byte == b'/';
        if slash && previous_slash {
            continue;
        }
        previous_slash = slash;
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
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
        assert_eq!(artifact_uri("100%.yaml"), "100%25.yaml");
    }

    #[test]
    fn no_file_name_becomes_a_scheme_a_host_or_an_absolute_reference() {
        assert_eq!(artifact_uri("https:evil.yaml"), "https%3Aevil.yaml");
        assert_eq!(artifact_uri("./x/https:evil.yaml"), "x/https%3Aevil.yaml");
        assert_eq!(
            artifact_uri("//evil.example/x.yaml"),
            "file:///evil.example/x.yaml"
        );
        assert_eq!(artifact_uri("a//b.yaml"), "a/b.yaml");
        assert_eq!(artifact_uri("/abs/a b.yaml"), "file:///abs/a%20b.yaml");
        assert_eq!(
            artifact_uri("C:\\stacks\\a.yaml"),
            "file:///C:/stacks/a.yaml"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_percent_encoded() {
        assert_eq!(path_uri(b"caf\xe9.yaml"), "caf%E9.yaml");
    }

    #[test]
    fn areas_are_the_code_letters() {
        assert_eq!(area("ECS001"), "ECS");
        assert_eq!(area("GUARD:my_rule"), "GUARD");
    }
}
