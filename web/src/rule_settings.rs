//! The rule settings made in the page: rules turned off and severities changed, per code of
//! the catalog. They mean exactly what the same entries of a `plimsoll.toml` mean (`ignore`
//! and `[severity]`): the page hands the core the same [`Settings`] the CLI builds from the
//! file, and exports them as that file.

use plimsoll_lint::{Settings, Severity, lookup};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Rules turned off and severities set, by catalog code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSettings {
    /// Codes not to run (`ignore`).
    #[serde(rename = "off", default, skip_serializing_if = "BTreeSet::is_empty")]
    pub off: BTreeSet<String>,
    /// Severities other than the rule's own (`[severity]`).
    #[serde(rename = "sev", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
}

impl RuleSettings {
    pub fn is_default(&self) -> bool {
        self.off.is_empty() && self.severity.is_empty()
    }

    /// Only the entries of codes the catalog has, under the catalog's spelling, and no
    /// severity that is the rule's own: what a stored or shared value may keep (it may come
    /// from anywhere, and the catalog bounds its size).
    pub fn sanitized(self) -> RuleSettings {
        let off = self
            .off
            .iter()
            .filter_map(|code| lookup(code))
            .map(|meta| meta.code.to_owned())
            .collect();
        let severity = self
            .severity
            .iter()
            .filter_map(|(code, &level)| lookup(code).map(|meta| (meta, level)))
            .filter(|(meta, level)| meta.severity != *level)
            .map(|(meta, level)| (meta.code.to_owned(), level))
            .collect();
        RuleSettings { off, severity }
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        !self.off.contains(code)
    }

    /// The severity a rule's findings get: the one set here, else the rule's own.
    pub fn severity_of(&self, code: &str, own: Severity) -> Severity {
        self.severity.get(code).copied().unwrap_or(own)
    }

    /// Turns a catalog rule on or off; false when nothing changed.
    pub fn set_enabled(&mut self, code: &str, enabled: bool) -> bool {
        let Some(meta) = lookup(code) else {
            return false;
        };
        if enabled {
            self.off.remove(meta.code)
        } else {
            self.off.insert(meta.code.to_owned())
        }
    }

    /// Sets a catalog rule's severity (its own severity removes the entry); false when nothing
    /// changed.
    pub fn set_severity(&mut self, code: &str, level: Severity) -> bool {
        let Some(meta) = lookup(code) else {
            return false;
        };
        if level == meta.severity {
            self.severity.remove(meta.code).is_some()
        } else {
            self.severity.insert(meta.code.to_owned(), level) != Some(level)
        }
    }

    /// The core's settings for these entries, as the CLI builds them from a `plimsoll.toml`
    /// with the same `ignore` and `[severity]`.
    pub fn settings(&self) -> Settings {
        Settings {
            ignore: self.off.iter().cloned().collect(),
            severity: self.severity.clone(),
            ..Settings::default()
        }
    }

    /// The `plimsoll.toml` that gives the CLI these settings.
    pub fn config_file(&self) -> String {
        let text = plimsoll_lint::config_text::write(&self.settings());
        format!(
            "# plimsoll.toml: the rule settings made in the Plimsoll browser checker.\n{}",
            if text.is_empty() {
                "# Every rule runs with its own severity.\n".to_owned()
            } else {
                text
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_catalog_codes_are_kept_and_own_severities_dropped() {
        let hostile = RuleSettings {
            off: BTreeSet::from(["ecs002".to_owned(), "NOPE".to_owned(), String::new()]),
            severity: BTreeMap::from([
                ("ECS007".to_owned(), Severity::Error),
                // ECS001's own severity is error: no entry needed.
                ("ECS001".to_owned(), Severity::Error),
                ("<script>".to_owned(), Severity::Info),
            ]),
        };
        let clean = hostile.sanitized();
        assert_eq!(clean.off, BTreeSet::from(["ECS002".to_owned()]));
        assert_eq!(
            clean.severity,
            BTreeMap::from([("ECS007".to_owned(), Severity::Error)])
        );
    }

    #[test]
    fn setting_a_rule_back_to_its_own_severity_removes_the_entry() {
        let mut rules = RuleSettings::default();
        assert!(rules.set_severity("ECS002", Severity::Error));
        assert!(!rules.set_severity("ECS002", Severity::Error));
        assert_eq!(
            rules.severity_of("ECS002", Severity::Warning),
            Severity::Error
        );
        assert!(rules.set_severity("ECS002", Severity::Warning));
        assert!(rules.is_default());
        assert!(!rules.set_severity("XYZ999", Severity::Info));
        assert!(rules.set_enabled("ECS007", false));
        assert!(!rules.set_enabled("ECS007", false));
        assert!(!rules.is_enabled("ECS007"));
        assert!(rules.set_enabled("ECS007", true));
        assert!(rules.is_default());
    }

    #[test]
    fn the_settings_are_plimsoll_toml_ignore_and_severity() {
        let rules = RuleSettings {
            off: BTreeSet::from(["ECS002".to_owned()]),
            severity: BTreeMap::from([("ECS007".to_owned(), Severity::Info)]),
        };
        let settings = rules.settings();
        assert_eq!(settings.ignore, ["ECS002"]);
        assert_eq!(settings.severity, rules.severity);
        assert_eq!(
            rules.config_file(),
            "# plimsoll.toml: the rule settings made in the Plimsoll browser checker.\n\
             ignore = [\"ECS002\"]\n\n[severity]\nECS007 = \"info\"\n"
        );
    }
}
