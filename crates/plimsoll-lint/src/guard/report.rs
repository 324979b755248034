//! Reading cfn-guard's structured report: which rule failed where, and why.

use super::wording;
use serde_json::Value;

/// One failing check of a rule.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Failure {
    /// The top-level guard rule that failed.
    pub rule: String,
    /// The path (in the data guard saw) of the failing value, or of the deepest value that
    /// exists when the checked one is missing.
    pub path: Option<String>,
    /// Whether the checked value is missing (`path` is where the search stopped).
    pub missing: bool,
    /// The rule's `<< … >>` message for the check, if it has one.
    pub custom_message: Option<String>,
    /// The failed check in words, from the report's structure (see `wording`).
    pub summary: Option<String>,
}

/// Every failing check of every failing rule in cfn-guard's report on one document.
pub(crate) fn failures(document: &Value) -> Vec<Failure> {
    let mut out = Vec::new();
    let rules = document.get("not_compliant").and_then(Value::as_array);
    for rule in rules.into_iter().flatten() {
        let Some(report) = rule.get("Rule") else {
            continue;
        };
        let name = report.get("name").and_then(Value::as_str).unwrap_or("");
        let before = out.len();
        for check in checks(report) {
            collect(name, check, &mut out);
        }
        if out.len() == before {
            // A failing rule always says so, even when guard gives no located check.
            out.push(Failure {
                rule: name.to_owned(),
                custom_message: message(report, "custom_message"),
                ..Failure::default()
            });
        }
    }
    out
}

fn checks(report: &Value) -> impl Iterator<Item = &Value> {
    report
        .get("checks")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn collect(rule: &str, check: &Value, out: &mut Vec<Failure>) {
    if let Some(nested) = check.get("Rule") {
        for check in checks(nested) {
            collect(rule, check, out);
        }
    } else if let Some(disjunction) = check.get("Disjunctions") {
        // One finding for the whole `a or b`: where the first alternative failed, with the
        // first message any alternative gives.
        let mut alternatives = Vec::new();
        for check in checks(disjunction) {
            collect(rule, check, &mut alternatives);
        }
        if let Some(first) = alternatives.first() {
            let located = alternatives
                .iter()
                .find(|f| f.path.is_some())
                .unwrap_or(first);
            out.push(Failure {
                custom_message: alternatives.iter().find_map(|f| f.custom_message.clone()),
                summary: located.summary.clone(),
                ..located.clone()
            });
        }
    } else if let Some(block) = check.get("Block") {
        let traversed = block.pointer("/unresolved/traversed_to/path");
        out.push(Failure {
            rule: rule.to_owned(),
            path: traversed.and_then(Value::as_str).map(str::to_owned),
            missing: true,
            custom_message: message(block, "custom_message"),
            summary: wording::block(block),
        });
    } else if let Some(clause) = check.get("Clause") {
        let Some(report) = clause.get("Unary").or_else(|| clause.get("Binary")) else {
            return;
        };
        // Clauses inside a filter (`Resources.*[ Type == … ]`) report with an empty context;
        // they only select values and are not the rule's verdict.
        let context = report.get("context").and_then(Value::as_str).unwrap_or("");
        let custom_message = message(report, "custom_message");
        if context.trim().is_empty() && custom_message.is_none() {
            return;
        }
        let (path, missing) = clause_location(report.get("check"));
        out.push(Failure {
            rule: rule.to_owned(),
            path,
            missing,
            custom_message,
            summary: wording::clause(report),
        });
    }
}

/// The path a clause's check names, and whether the value was missing.
fn clause_location(check: Option<&Value>) -> (Option<String>, bool) {
    let Some(check) = check else {
        return (None, false);
    };
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    if let Some(resolved) = check.get("Resolved") {
        // Unary checks name the value, binary ones the left-hand side.
        let path = resolved
            .pointer("/value/path")
            .or_else(|| resolved.pointer("/from/path"));
        return (text(path), false);
    }
    if let Some(resolved) = check.get("InResolved") {
        return (text(resolved.pointer("/from/path")), false);
    }
    if let Some(unresolved) = check.get("UnResolved") {
        return (text(unresolved.pointer("/value/traversed_to/path")), true);
    }
    (None, false)
}

/// A non-empty message field, with its whitespace collapsed.
fn message(report: &Value, field: &str) -> Option<String> {
    let text = report.pointer(&format!("/messages/{field}"))?.as_str()?;
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_resolved_unresolved_and_disjunctions() {
        let report = json!({
            "not_compliant": [{"Rule": {"name": "r", "checks": [
                {"Clause": {"Binary": {
                    "context": " Action not EQUALS \"*\"",
                    "messages": {"custom_message": "\n  every action\n", "error_message": "x"},
                    "check": {"Resolved": {"from": {"path": "/A/0", "value": "*"}}}
                }}},
                {"Clause": {"Unary": {
                    "context": " X EXISTS ",
                    "messages": {"custom_message": "", "error_message": "missing"},
                    "check": {"UnResolved": {"value": {"traversed_to": {"path": "/B"}}}}
                }}},
                {"Clause": {"Binary": {
                    "context": "",
                    "messages": {"custom_message": "", "error_message": "filter"},
                    "check": {"Resolved": {"from": {"path": "/C"}}}
                }}},
                {"Disjunctions": {"checks": [
                    {"Clause": {"Unary": {"context": "a", "messages": {},
                        "check": {"Resolved": {"value": {"path": "/D"}}}}}},
                    {"Clause": {"Binary": {"context": "b", "messages": {"custom_message": "either"},
                        "check": {"Resolved": {"from": {"path": "/E"}}}}}}
                ]}}
            ]}}]
        });
        let found = failures(&report);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].path.as_deref(), Some("/A/0"));
        assert_eq!(found[0].custom_message.as_deref(), Some("every action"));
        assert!(!found[0].missing);
        assert_eq!(found[1].path.as_deref(), Some("/B"));
        assert!(found[1].missing);
        assert_eq!(found[1].custom_message, None);
        assert_eq!(found[1].summary, None);
        assert_eq!(found[2].path.as_deref(), Some("/D"));
        assert_eq!(found[2].custom_message.as_deref(), Some("either"));
    }

    #[test]
    fn a_failing_rule_without_located_checks_is_still_reported() {
        let report = json!({"not_compliant": [{"Rule": {"name": "r", "checks": []}}]});
        let found = failures(&report);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].rule.as_str(), found[0].path.as_deref()),
            ("r", None)
        );
    }
}
