//! `plimsoll rules` and `plimsoll explain`: the rule catalog for people and tools.

use crate::args::ListFormat;
use plimsoll_lint::suggest::closest;
use plimsoll_lint::{RuleMeta, catalog, lookup};
use plimsoll_report::help_uri;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct RuleRow<'m> {
    code: &'m str,
    name: &'m str,
    severity: plimsoll_lint::Severity,
    kind: plimsoll_lint::RuleKind,
    summary: String,
    help_uri: String,
}

/// Prints the catalog as an aligned table or a JSON array.
pub fn print_rules(format: ListFormat, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<RuleRow<'_>> = catalog()
        .into_iter()
        .map(|m| RuleRow {
            code: m.code,
            name: m.name,
            severity: m.severity,
            kind: m.kind,
            summary: m.summary(),
            help_uri: help_uri(m.code),
        })
        .collect();
    if format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    let kind = |row: &RuleRow<'_>| match row.kind {
        plimsoll_lint::RuleKind::Rust => "rust",
        plimsoll_lint::RuleKind::Guard => "guard",
    };
    let header = ["CODE", "NAME", "SEVERITY", "KIND", "SUMMARY"];
    let widths = [
        rows.iter()
            .map(|r| r.code.len())
            .chain([4])
            .max()
            .unwrap_or(4),
        rows.iter()
            .map(|r| r.name.len())
            .chain([4])
            .max()
            .unwrap_or(4),
        "SEVERITY".len(),
        "guard".len(),
    ];
    let line = |cells: [&str; 5]| {
        format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        )
    };
    writeln!(out, "{}", line(header))?;
    for row in &rows {
        writeln!(
            out,
            "{}",
            line([
                row.code,
                row.name,
                row.severity.as_str(),
                kind(row),
                &row.summary
            ])
        )?;
    }
    Ok(())
}

/// The rule named by a code (`ECS001`, any case) or name (`deployment-deadlock`).
pub fn find(query: &str) -> Result<&'static RuleMeta, String> {
    if let Some(meta) = lookup(query) {
        return Ok(meta);
    }
    let all = catalog();
    if let Some(meta) = all.iter().find(|m| m.name.eq_ignore_ascii_case(query)) {
        return Ok(meta);
    }
    let mut message = format!("unknown rule `{query}`");
    let suggestion = closest(query, all.iter().map(|m| m.code))
        .or_else(|| closest(query, all.iter().map(|m| m.name)));
    let prefixed: Vec<&str> = all
        .iter()
        .map(|m| m.code)
        .filter(|c| {
            query.len() >= 2
                && c.to_ascii_uppercase()
                    .starts_with(&query.to_ascii_uppercase())
        })
        .take(5)
        .collect();
    if let Some(s) = suggestion {
        let meta = all.iter().find(|m| m.code == s || m.name == s);
        if let Some(meta) = meta {
            message.push_str(&format!("\n  did you mean {} ({})?", meta.code, meta.name));
        }
    } else if !prefixed.is_empty() {
        message.push_str(&format!("\n  did you mean one of {}?", prefixed.join(", ")));
    }
    message.push_str("\n  `plimsoll rules` lists every rule");
    Err(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rules_by_code_or_name() {
        assert_eq!(find("tpl003").map(|m| m.code), Ok("TPL003"));
        assert_eq!(find("duplicate-key").map(|m| m.code), Ok("TPL002"));
    }

    #[test]
    fn unknown_rules_get_suggestions() {
        let err = find("TPL03").unwrap_err();
        assert!(err.contains("did you mean TPL00"), "{err}");
        let err = find("syntax-eror").unwrap_err();
        assert!(err.contains("TPL001 (syntax-error)"), "{err}");
        let err = find("nothing-like-it-at-all").unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
    }
}
