//! Share links: the template and its parameter overrides, compressed into the URL fragment.
//!
//! The fragment never reaches a server (browsers do not send it), so a shared template stays
//! between the people who have the link.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fragment's key; a new format would get a new key.
const KEY: &str = "t=";

/// Decompressed payloads larger than this are refused (a hostile link cannot exhaust memory).
const MAX_PAYLOAD: usize = 16 * 1024 * 1024;

/// What a share link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    #[serde(rename = "s")]
    pub source: String,
    #[serde(rename = "p", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
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

    #[test]
    fn round_trips_text_and_parameters() {
        let shared = Shared {
            source: "Resources:\n  Q: {Type: AWS::SQS::Queue}  # café 😀\n".repeat(50),
            parameters: BTreeMap::from([("Tag".to_owned(), "97e4abf".to_owned())]),
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
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b'a'; MAX_PAYLOAD + 1], 9);
        let fragment = format!("t={}", URL_SAFE_NO_PAD.encode(bomb));
        assert_eq!(decode(&fragment), None);
    }
}
