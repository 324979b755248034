//! Which rules run and how severe their findings are.

use crate::Severity;
use plimsoll_template::Limits;
use std::collections::BTreeMap;

/// Lint settings. Codes are matched by prefix (`ECS`, `IAM00`, `ECS001`); when several
/// entries match a code, the longest wins, and on a tie `ignore` beats `select`.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Codes or prefixes to run; empty means every rule.
    pub select: Vec<String>,
    /// Codes or prefixes not to run.
    pub ignore: Vec<String>,
    /// Severity per code or prefix (the longest matching prefix wins).
    pub severity: BTreeMap<String, Severity>,
    /// Parser limits.
    pub limits: Limits,
    /// Report findings on the resources the AWS CDK framework generates (see `cdk`); they
    /// are left out by default.
    pub cdk_internals: bool,
}

impl Settings {
    /// Whether findings with this code are reported.
    pub fn is_enabled(&self, code: &str) -> bool {
        let best = |list: &[String]| {
            list.iter()
                .filter(|p| matches_code(p, code))
                .map(String::len)
                .max()
        };
        // No select list selects everything, with the weakest possible match.
        let selected = if self.select.is_empty() {
            Some(0)
        } else {
            best(&self.select)
        };
        match (selected, best(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(selected), Some(ignored)) => selected > ignored,
        }
    }

    /// The severity findings with this code get, given the rule's own.
    pub fn severity_for(&self, code: &str, default: Severity) -> Severity {
        self.severity
            .iter()
            .filter(|(p, _)| matches_code(p, code))
            .max_by_key(|(p, _)| p.len())
            .map_or(default, |(_, &s)| s)
    }
}

/// Whether a code or prefix entry covers `code` (case-insensitive; `ALL` covers everything).
/// An empty entry covers nothing: as a prefix it would cover every code.
pub fn matches_code(entry: &str, code: &str) -> bool {
    entry.eq_ignore_ascii_case("ALL")
        || (!entry.is_empty()
            && code
                .get(..entry.len())
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(entry)))
}

/// What is wrong with a code or prefix in `select`, `ignore` or `severity`, if anything: it
/// is empty, or it matches none of the `known` codes (the catalog's and those of the users'
/// rules, see `Linter::codes`). The message suggests the nearest code or prefix.
pub fn entry_problem(entry: &str, known: &[&str]) -> Option<String> {
    if entry.trim().is_empty() {
        return Some(
            "an empty code matches no rule; name a code (`ECS009`) or a prefix (`ECS`)".into(),
        );
    }
    if known.iter().any(|code| matches_code(entry, code)) {
        return None;
    }
    let mut areas: Vec<&str> = known.iter().map(|code| area(code)).collect();
    areas.sort_unstable();
    areas.dedup();
    let candidates = known.iter().copied().chain(areas.iter().copied());
    Some(match crate::suggest::closest(entry, candidates) {
        Some(near) => format!("`{entry}` matches no rule; did you mean `{near}`?"),
        None => format!(
            "`{entry}` matches no rule; codes start with {} (`plimsoll rules` lists them)",
            areas.join(", ")
        ),
    })
}

/// The letters a code starts with (`ECS` of `ECS001`, `GUARD` of `GUARD:error`).
fn area(code: &str) -> &str {
    let letters = code
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(code.len());
    &code[..letters]
}

/// Parameter values that override the template's defaults, by parameter name.
pub type ParameterValues = BTreeMap<String, String>;

/// Where the linter looks parameter overrides up: one map, or layers of maps that many
/// templates share without copying them (the CLI's parameter files).
pub trait ParameterLookup {
    /// The override for the parameter `name`, if any.
    fn lookup(&self, name: &str) -> Option<&str>;

    /// The names given a value for this template alone: one the template does not declare is
    /// reported (TPL008). Values shared by several templates are left out here, for the caller
    /// to check across them (the CLI's parameter files: a shared file's value is reported only
    /// when no template it applies to declares it).
    fn given_names(&self) -> Vec<&str>;
}

impl ParameterLookup for ParameterValues {
    fn lookup(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }

    fn given_names(&self) -> Vec<&str> {
        self.keys().map(String::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(select: &[&str], ignore: &[&str]) -> Settings {
        Settings {
            select: select.iter().map(|s| s.to_string()).collect(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..Settings::default()
        }
    }

    #[test]
    fn everything_runs_by_default() {
        assert!(Settings::default().is_enabled("ECS001"));
    }

    #[test]
    fn prefixes_select_and_ignore() {
        let s = settings(&["ECS"], &["ECS00"]);
        assert!(!s.is_enabled("ECS001"));
        assert!(s.is_enabled("ECS010"));
        assert!(!s.is_enabled("IAM001"));
        let s = settings(&["ECS001"], &["ECS"]);
        assert!(s.is_enabled("ECS001"));
        assert!(!s.is_enabled("ECS002"));
        let s = settings(&[], &["iam"]);
        assert!(!s.is_enabled("IAM003"));
        assert!(s.is_enabled("ECS003"));
        let s = settings(&["ECS001"], &["ECS001"]);
        assert!(!s.is_enabled("ECS001"));
    }

    #[test]
    fn an_empty_entry_matches_nothing() {
        assert!(!matches_code("", "ECS001"));
        let s = settings(&[], &["ECS009", ""]);
        assert!(s.is_enabled("ECS001"));
        assert!(!s.is_enabled("ECS009"));
        let mut s = Settings::default();
        s.severity.insert(String::new(), Severity::Info);
        assert_eq!(s.severity_for("ECS001", Severity::Error), Severity::Error);
    }

    #[test]
    fn entries_must_name_known_codes() {
        let known = ["ECS001", "ECS009", "TPL003", "ORG001", "GUARD:error"];
        assert_eq!(entry_problem("ecs00", &known), None);
        assert_eq!(entry_problem("ORG", &known), None);
        assert_eq!(entry_problem("ALL", &known), None);
        assert_eq!(entry_problem("GUARD:error", &known), None);
        assert!(entry_problem("", &known).unwrap().contains("empty"));
        assert!(entry_problem(" ", &known).unwrap().contains("empty"));
        let near = entry_problem("ECS0009", &known).unwrap();
        assert!(near.contains("did you mean `ECS009`?"), "{near}");
        let far = entry_problem("NOPE", &known).unwrap();
        assert!(far.contains("ECS, GUARD, ORG, TPL"), "{far}");
    }

    #[test]
    fn longest_severity_prefix_wins() {
        let mut s = Settings::default();
        s.severity.insert("ECS".into(), Severity::Info);
        s.severity.insert("ECS001".into(), Severity::Warning);
        assert_eq!(s.severity_for("ECS001", Severity::Error), Severity::Warning);
        assert_eq!(s.severity_for("ECS002", Severity::Error), Severity::Info);
        assert_eq!(s.severity_for("IAM001", Severity::Error), Severity::Error);
    }
}
