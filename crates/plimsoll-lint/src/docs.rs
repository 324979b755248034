//! Rule pages for `docs/rules/`, generated from the rules' own docs (`cargo xtask docs`); a
//! test keeps the committed pages equal to what this renders.

use crate::registry::{RuleKind, RuleMeta};

/// The file name of a rule's page.
pub fn page_name(rule: &RuleMeta) -> String {
    format!("{}.md", rule.code)
}

/// A rule's page: title, severity and kind, its docs, and how to suppress it.
pub fn rule_page(rule: &RuleMeta) -> String {
    let kind = match rule.kind {
        RuleKind::Rust => "Rust rule",
        RuleKind::Guard => "cfn-guard rule (`rules/`)",
    };
    let docs = rule.markdown().replace("### ", "## ");
    format!(
        "# {code} {name}\n\n\
         Default severity: **{severity}** · {kind}\n\n\
         {docs}\n\
         ## Suppressing it\n\n\
         On the resource (or at the template's top level, for the whole template):\n\n\
         ```yaml\n\
         Metadata:\n  plimsoll:\n    ignore:\n      - code: {code}\n        reason: why this is fine here\n\
         ```\n\n\
         Or for a whole project, in `plimsoll.toml`: `ignore = [\"{code}\"]`.\n",
        code = rule.code,
        name = rule.name,
        severity = rule.severity,
    )
}

/// The index of every rule, as a table.
pub fn index_page(rules: &[&RuleMeta]) -> String {
    let mut out = String::from(
        "# Rules\n\n\
         Every rule Plimsoll checks. Codes are stable and never reused; `plimsoll explain CODE` \
         prints a rule's page.\n\n\
         | code | name | severity | what it finds |\n|---|---|---|---|\n",
    );
    for rule in rules {
        out.push_str(&format!(
            "| [{code}]({page}) | {name} | {severity} | {summary} |\n",
            code = rule.code,
            page = page_name(rule),
            name = rule.name,
            severity = rule.severity,
            summary = rule.summary().replace('|', "\\|"),
        ));
    }
    out
}
