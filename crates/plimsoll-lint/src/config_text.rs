//! Settings written as the text of a `plimsoll.toml`, for a tool that edits settings elsewhere
//! (the browser checker) to hand them to the CLI: the CLI reads the text back to the same
//! [`Settings`].

use crate::Settings;
use std::fmt::Write;

/// The `plimsoll.toml` that gives `settings`: `select`, `ignore`, the `[severity]` table and
/// `cdk-internals`, each only when it differs from the default. Parser limits are not a
/// `plimsoll.toml` key and are left out.
pub fn write(settings: &Settings) -> String {
    let mut text = String::new();
    for (key, codes) in [("select", &settings.select), ("ignore", &settings.ignore)] {
        if !codes.is_empty() {
            let list: Vec<String> = codes.iter().map(|c| string(c)).collect();
            let _ = writeln!(text, "{key} = [{}]", list.join(", "));
        }
    }
    if settings.cdk_internals {
        text.push_str("cdk-internals = true\n");
    }
    if !settings.severity.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str("[severity]\n");
        for (code, severity) in &settings.severity {
            let _ = writeln!(text, "{} = {}", key(code), string(severity.as_str()));
        }
    }
    text
}

/// A TOML key: bare when it can be, quoted otherwise.
fn key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { text.to_owned() } else { string(text) }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use std::collections::BTreeMap;

    #[test]
    fn default_settings_write_an_empty_file() {
        assert_eq!(write(&Settings::default()), "");
    }

    #[test]
    fn writes_the_keys_the_cli_reads() {
        let settings = Settings {
            ignore: vec!["ECS002".into(), "IAM".into()],
            severity: BTreeMap::from([
                ("ECS007".to_owned(), Severity::Error),
                ("CFR005".to_owned(), Severity::Info),
            ]),
            ..Settings::default()
        };
        assert_eq!(
            write(&settings),
            "ignore = [\"ECS002\", \"IAM\"]\n\n[severity]\nCFR005 = \"info\"\nECS007 = \"error\"\n"
        );
    }

    #[test]
    fn odd_codes_are_quoted_and_escaped() {
        let settings = Settings {
            select: vec!["a\"b\\c\n\u{7}".into()],
            severity: BTreeMap::from([("x y".to_owned(), Severity::Warning)]),
            ..Settings::default()
        };
        assert_eq!(
            write(&settings),
            "select = [\"a\\\"b\\\\c\\n\\u0007\"]\n\n[severity]\n\"x y\" = \"warning\"\n"
        );
    }
}
