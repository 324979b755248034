//! JSON text that is safe to show in a terminal or a CI log, for the same value: the characters
//! that could act on a terminal or reorder what it shows (DEL, the C1 controls, the line and
//! paragraph separators, the bidirectional controls) become `\uXXXX` escapes, and so does the
//! `[` of `##[`, which GitHub's runner reads as an old-style workflow command anywhere in a
//! line. serde_json already escapes the C0 controls.
//!
//! The pass needs no JSON parsing: outside strings, JSON text holds only ASCII punctuation,
//! digits, letters and spaces, so none of these characters and no `#` can occur there.

/// `json` with those characters escaped (the same JSON value).
pub fn escape(json: String) -> String {
    if !json.chars().any(acts_on_terminals) && !json.contains("##[") {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for (at, c) in json.char_indices() {
        if acts_on_terminals(c) || (c == '[' && json[..at].ends_with("##")) {
            // Every such character is in the basic multilingual plane: one `\u` escape.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn acts_on_terminals(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn the_value_is_the_same_and_nothing_acts_on_a_terminal() {
        let value = json!({
            "message": "x ##[stop-commands]t \u{9b}31m \u{202e}evil \u{2028} \u{7f} [##] ##",
            "list": [1, "##"],
        });
        let text = escape(serde_json::to_string_pretty(&value).unwrap_or_default());
        assert!(!text.contains("##["), "{text}");
        assert!(!text.chars().any(acts_on_terminals), "{text}");
        assert!(text.contains("##\\u005bstop-commands"), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back, value);
    }

    #[test]
    fn plain_json_is_untouched() {
        let text = serde_json::to_string(&json!({"a": ["#", "[x]", "é ✓"]})).unwrap_or_default();
        assert_eq!(escape(text.clone()), text);
    }
}
