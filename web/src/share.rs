//! Share links: the template, its parameter overrides, the user's guard rules and rule
//! settings, compressed into the URL fragment.
//!
//! The fragment never reaches a server (browsers do not send it), so a shared template stays
//! between the people who have the link.

use crate::rule_settings::RuleSettings;
use crate::state::LintInput;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fragment's key; a new format would get a new key.
const KEY: &str = "t=";

/// Decompressed payloads larger than this are refused (a hostile link cannot exhaust memory).
const MAX_PAYLOAD: usize = 16 * 1024 * 1024;

/// What a share link carries. Fields added later are optional, so older links still open.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    #[serde(rename = "s")]
    pub source: String,
    #[serde(rename = "p", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    /// The user's own cfn-guard rules.
    #[serde(rename = "g", default, skip_serializing_if = "String::is_empty")]
    pub guard_rules: String,
    /// Rules turned off and severities set.
    #[serde(
        rename = "r",
        default,
        skip_serializing_if = "RuleSettings::is_default"
    )]
    pub rules: RuleSettings,
}

impl Shared {
    pub fn of(input: &LintInput) -> Shared {
        Shared {
            source: input.source.to_string(),
            parameters: input.parameters.clone(),
            guard_rules: input.guard_rules.to_string(),
            rules: input.rules.clone(),
        }
    }

    /// The input the link opens; rule settings only of codes the catalog has.
    pub fn into_input(self) -> LintInput {
        LintInput {
            source: self.source.into(),
            parameters: self.parameters,
            guard_rules: self.guard_rules.into(),
            rules: self.rules.sanitized(),
        }
    }
}

/// The URL fragment (without `#`) for a template and its overrides.
pub fn encode(shared: &Shared) -> String {
    let json = serde_json::to_vec(shared).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Reads a fragment (with or without the leading `#`); `None` when it is not a share link or
/// is damaged.
pub fn decode(fragment: &str) -> Option<Shared> {
    let data = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = data.strip_prefix(KEY)?;
    let compressed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).ok()?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PAYLOAD).ok()?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link whose payload is `bytes`, whatever they are.
    fn link(bytes: &[u8]) -> String {
        let compressed = miniz_oxide::deflate::compress_to_vec(bytes, 9);
        format!("t={}", URL_SAFE_NO_PAD.encode(compressed))
    }

    #[test]
    fn round_trips_text_and_parameters() {
        let shared = Shared {
            source: "Resources:\n  Q: {Type: AWS::SQS::Queue}  # café 😀\n".repeat(50),
            parameters: BTreeMap::from([("Tag".to_owned(), "97e4abf".to_owned())]),
            ..Shared::default()
        };
        let fragment = encode(&shared);
        assert!(fragment.starts_with("t="));
        assert!(
            fragment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b))
        );
        // Compression pays: the repeated text shrinks well below its size.
        assert!(fragment.len() < shared.source.len() / 4);
        assert_eq!(decode(&format!("#{fragment}")), Some(shared));
    }

    #[test]
    fn guard_rules_and_rule_settings_travel_and_old_links_still_open() {
        let mut input = LintInput {
            source: "Resources: {}\n".into(),
            guard_rules: "rule ORG001 { Resources exists }\n".into(),
            ..LintInput::default()
        };
        input.rules.set_enabled("ECS002", false);
        input
            .rules
            .set_severity("ECS007", plimsoll_lint::Severity::Error);
        let opened = decode(&encode(&Shared::of(&input))).map(Shared::into_input);
        assert_eq!(opened, Some(input));
        // A link made before guard rules and settings travelled: just the template.
        let old = "{\"s\":\"Resources: {}\\n\",\"p\":{\"Tag\":\"v1\"}}";
        let opened = decode(&link(old.as_bytes()))
            .map(Shared::into_input)
            .unwrap();
        assert_eq!(&*opened.source, "Resources: {}\n");
        assert_eq!(opened.parameters["Tag"], "v1");
        assert!(opened.guard_rules.is_empty() && opened.rules.is_default());
    }

    #[test]
    fn shared_rule_settings_keep_only_catalog_codes() {
        let hostile =
            "{\"s\":\"\",\"r\":{\"off\":[\"ZZZ\",\"ecs002\"],\"sev\":{\"<b>\":\"info\"}}}";
        let rules = decode(&link(hostile.as_bytes()))
            .map(Shared::into_input)
            .unwrap()
            .rules;
        assert_eq!(rules.off.iter().collect::<Vec<_>>(), ["ECS002"]);
        assert!(rules.severity.is_empty());
    }

    #[test]
    fn damaged_or_foreign_fragments_are_ignored() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#section-2"), None);
        assert_eq!(decode("#t=!!!"), None);
        assert_eq!(decode("#t=AAAA"), None);
        let valid = encode(&Shared::default());
        assert_eq!(decode(&valid[..valid.len() - 2]), None);
    }

    #[test]
    fn inflation_is_bounded() {
        assert_eq!(decode(&link(&vec![b'a'; MAX_PAYLOAD + 1])), None);
    }
}
