//! Whether a text looks like a CloudFormation template, told from its top-level keys without
//! parsing it: the answer for a file that does not parse, which is a template's syntax error
//! when it looks like one and someone else's file (a Helm chart, a workflow) otherwise.
//!
//! The scan is one pass over the text and tolerates the errors that stop a parser, so that a
//! broken template cannot pass for something else:
//! - YAML: a line that starts with `AWSTemplateFormatVersion`, `Resources` or `Transform`
//!   (quoted or not) followed by a colon, by nothing (a missing colon) or by a comment, at
//!   column 0 or at the indentation of the document's first line (an indented template). Lines
//!   end at LF, CR or CRLF.
//! - JSON and YAML flow mappings: one of those keys, quoted or not, followed by a colon at
//!   bracket depth 1; `"AWSTemplateFormatVersion":` at any depth, since unbalanced brackets
//!   may have moved it. A quoted string ends at the end of its line at the latest (JSON strings
//!   cannot hold a line break), so an unclosed quote hides nothing past its line.
//! - A quoted key's escapes (`\x52`, `\u0052`) are decoded before it is compared.
//! - `Transform` counts only when the text also names an `AWS::` transform (`Transform` is a
//!   common word; `AWS::Serverless-2016-10-31` and its kin are not).

const FORMAT_VERSION: &str = "AWSTemplateFormatVersion";
const RESOURCES: &str = "Resources";
const TRANSFORM: &str = "Transform";
/// The keys the scan looks for; a text without them (or escapes) cannot have them.
pub const TEMPLATE_KEYS: [&str; 3] = [FORMAT_VERSION, RESOURCES, TRANSFORM];

/// Whether `text` has a top-level key only a CloudFormation template has.
pub fn looks_like_template(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let counts = |key: &str| key != TRANSFORM || text.contains("AWS::");
    block_keys(text).any(counts) || flow_keys(text).any(counts)
}

/// Whether `text` is surely a template that parses, or one that does not: a line
/// `AWSTemplateFormatVersion:`, or `Resources:` opening a mapping, at column 0 (YAML), or
/// `"AWSTemplateFormatVersion"` as the first key of a JSON object. Most templates say so, which
/// spares them a parse to decide; a text without these signs needs one.
pub fn declares_template(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    json_opens_with_version(text) || yaml_declares(text)
}

fn json_opens_with_version(text: &str) -> bool {
    let rest = text.trim_start();
    rest.strip_prefix('{')
        .map(str::trim_start)
        .and_then(|rest| rest.strip_prefix("\"AWSTemplateFormatVersion\""))
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

fn yaml_declares(text: &str) -> bool {
    let mut lines = text
        .split(['\n', '\r'])
        .filter(|line| !line.trim_start_matches(' ').is_empty())
        .filter(|line| !line.trim_start_matches(' ').starts_with('#'));
    while let Some(line) = lines.next() {
        let unquoted = line.strip_prefix(['"', '\'']).unwrap_or(line);
        let Some(key) = [FORMAT_VERSION, RESOURCES]
            .into_iter()
            .find(|key| unquoted.starts_with(key))
        else {
            continue;
        };
        let rest = &unquoted[key.len()..];
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        if key == FORMAT_VERSION {
            return true;
        }
        // `Resources` must hold a mapping: a flow one on its line, or a block one below it
        // (an AppSpec's `Resources` is a list).
        let value = value.trim_start_matches([' ', '\t']);
        if value.starts_with('{') {
            return true;
        }
        if value.is_empty() || value.starts_with('#') {
            let opens_mapping = lines.next().is_some_and(|next| {
                let content = next.trim_start_matches(' ');
                content.len() < next.len() && !content.starts_with('-')
            });
            if opens_mapping {
                return true;
            }
        }
    }
    false
}

/// The template keys that start a YAML line at the top level.
fn block_keys(text: &str) -> impl Iterator<Item = &'static str> + '_ {
    let mut root_indent: Option<usize> = None;
    text.split(['\n', '\r']).filter_map(move |line| {
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') || content.starts_with('%') {
            return None;
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...")) {
            root_indent = None;
            return None;
        }
        let root = *root_indent.get_or_insert(indent);
        if indent != 0 && indent != root {
            return None;
        }
        key_at_line_start(content)
    })
}

/// `Resources:`, `"Resources" :`, `Resources` alone or before a comment (its colon missing);
/// `AWSTemplateFormatVersion` followed by anything but more of a name.
fn key_at_line_start(line: &str) -> Option<&'static str> {
    let bytes = line.as_bytes();
    let (name, rest) = match bytes.first() {
        Some(&quote @ (b'"' | b'\'')) => {
            let end = string_end(bytes, 1, quote);
            let name_end = if end > 1 && bytes[end - 1] == quote {
                end - 1
            } else {
                end
            };
            (&bytes[1..name_end], &line[end..])
        }
        _ => {
            let end = line.find(|c| !is_name_char(c)).unwrap_or(line.len());
            (&bytes[..end], &line[end..])
        }
    };
    let key = key_named(name)?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let follows = if key == FORMAT_VERSION {
        !rest.starts_with(is_name_char)
    } else {
        rest.is_empty() || rest.starts_with([':', '#'])
    };
    follows.then_some(key)
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The template key a quoted or plain name spells, escapes (`\x52`, `\u0052`) decoded.
fn key_named(raw: &[u8]) -> Option<&'static str> {
    /// The longest escape (`\U00000052`) per character of the longest key.
    const MAX_RAW: usize = 10 * FORMAT_VERSION.len();
    if !raw.contains(&b'\\') {
        return TEMPLATE_KEYS.into_iter().find(|k| k.as_bytes() == raw);
    }
    if raw.len() > MAX_RAW {
        return None;
    }
    let mut name = String::new();
    let mut at = 0;
    while let Some(&b) = raw.get(at) {
        at += 1;
        if b != b'\\' {
            name.push(char::from(b));
            continue;
        }
        let digits = match raw.get(at) {
            Some(b'x') => 2,
            Some(b'u') => 4,
            Some(b'U') => 8,
            Some(&other) => {
                name.push(char::from(other));
                at += 1;
                continue;
            }
            None => return None,
        };
        let hex = std::str::from_utf8(raw.get(at + 1..at + 1 + digits)?).ok()?;
        name.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
        at += 1 + digits;
    }
    TEMPLATE_KEYS.into_iter().find(|k| *k == name)
}

/// The template keys found before a colon in brackets: at depth 1, or at any depth for the
/// format version.
fn flow_keys(text: &str) -> impl Iterator<Item = &'static str> + '_ {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let start = at;
            at += 1;
            let name = match bytes[start] {
                b'{' | b'[' => {
                    depth += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    continue;
                }
                quote @ (b'"' | b'\'') => {
                    at = string_end(bytes, at, quote);
                    let end = if bytes.get(at - 1) == Some(&quote) && at - 1 > start {
                        at - 1
                    } else {
                        at
                    };
                    &bytes[start + 1..end]
                }
                b if b.is_ascii_alphabetic() && depth > 0 => {
                    while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                        at += 1;
                    }
                    &bytes[start..at]
                }
                _ => continue,
            };
            let Some(key) = key_named(name) else {
                continue;
            };
            if (depth == 1 || key == FORMAT_VERSION) && colon_follows(bytes, &mut at) {
                return Some(key);
            }
        }
        None
    })
}

/// Just past the string that started before `at`: its closing quote, a line break, or the end.
fn string_end(bytes: &[u8], mut at: usize, quote: u8) -> usize {
    while let Some(&b) = bytes.get(at) {
        at += 1;
        match b {
            b'\\' if quote == b'"' && !matches!(bytes.get(at), Some(b'\n' | b'\r')) => at += 1,
            b'\n' | b'\r' => return at - 1,
            b if b == quote => return at,
            _ => {}
        }
    }
    at.min(bytes.len())
}

/// Whether a colon follows `at` after blanks; `at` moves past the blanks.
fn colon_follows(bytes: &[u8], at: &mut usize) -> bool {
    while bytes
        .get(*at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        *at += 1;
    }
    bytes.get(*at) == Some(&b':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keys_at_the_top_level() {
        assert!(looks_like_template(
            "AWSTemplateFormatVersion: '2010-09-09'\n"
        ));
        assert!(looks_like_template("# c\n\"Resources\" :\n  A: [\n"));
        assert!(looks_like_template("\u{feff}Resources:\r  A: {\r"));
        assert!(looks_like_template("Description: x\rResources:\r"));
        assert!(looks_like_template("%YAML 1.2\n---\nResources:\n"));
        // Colons missing: the broken line is the key's own.
        assert!(looks_like_template(
            "Resources\n  Queue:\n    Type: AWS::SQS::Queue\n"
        ));
        assert!(looks_like_template("Resources  # all of them\n"));
        assert!(looks_like_template(
            "AWSTemplateFormatVersion '2010-09-09'\n"
        ));
        // A template indented as a whole.
        assert!(looks_like_template(
            "  Description: x\n  Resources:\n    A: [\n"
        ));
        assert!(looks_like_template(
            "Transform: AWS::Serverless-2016-10-31\nGlobals: [\n"
        ));
        assert!(looks_like_template(
            "Transform:\n  - AWS::LanguageExtensions\n"
        ));
    }

    #[test]
    fn yaml_keys_below_the_top_level_or_with_other_names_do_not_count() {
        assert!(!looks_like_template("resources:\n  Resources:\n    Q: {\n"));
        assert!(!looks_like_template("ResourcesList: [\n"));
        assert!(!looks_like_template("Resources-x: [\n"));
        assert!(!looks_like_template("AWSTemplateFormatVersionX: [\n"));
        assert!(!looks_like_template("Description: |\n  Resources: x\n"));
        assert!(!looks_like_template("on: [push\n"));
        assert!(!looks_like_template("Transform: uppercase\nsteps: [\n"));
        assert!(!looks_like_template(
            "apiVersion: v1\nkind: Pod\nspec:\n  resources:\n    limits: {cpu: 1}\n"
        ));
    }

    #[test]
    fn json_and_flow_keys_at_depth_one() {
        assert!(looks_like_template(
            "{\"Resources\": {\"A\": {\"Type\": 1,}}"
        ));
        assert!(looks_like_template("{\n  \"Resources\"\n  : {}\n"));
        assert!(looks_like_template("{Resources: {A: [}}"));
        assert!(looks_like_template("{'Resources': {"));
        // Unbalanced brackets before it do not hide the format version.
        assert!(looks_like_template(
            "{\"Metadata\": {{\n\"AWSTemplateFormatVersion\": \"2010-09-09\""
        ));
        // An unclosed quote ends with its line.
        assert!(looks_like_template(
            "{\"Description\": \"x,\n \"Resources\": {\"A\": {}}}"
        ));
        assert!(looks_like_template(
            "{\"Transform\": \"AWS::Serverless-2016-10-31\", \"Globals\": {"
        ));
    }

    #[test]
    fn json_keys_nested_quoted_as_values_or_in_helm_actions_do_not_count() {
        assert!(!looks_like_template(
            "{\"a\": {\"Resources\": {}}, \"b\": ["
        ));
        assert!(!looks_like_template("{\"a\": \"Resources\", \"b\": ["));
        assert!(!looks_like_template("{\"a\": \"\\\"Resources\\\": x\", ["));
        assert!(!looks_like_template(
            "name: {{ .Release.Name }}\n{{- if .Values.Resources }}\n"
        ));
        assert!(!looks_like_template(
            "{\n  // \"compilerOptions\": {}\n  \"compilerOptions\": {\"strict\": true,},\n}\n"
        ));
    }

    #[test]
    fn keys_spelled_with_escapes_count() {
        assert!(looks_like_template("\"Resour\\x63es\": [\n"));
        assert!(looks_like_template(
            "{\"AWSTemplate\\u0046ormatVersion\": \"2010-09-09\",,}"
        ));
        assert!(looks_like_template("{\"\\U00000052esources\": {"));
        assert!(!looks_like_template("{\"Resour\\x6\": {"));
        assert!(!looks_like_template("{\"Resour\\uD800es\": {"));
    }

    #[test]
    fn sure_signs_of_a_template() {
        assert!(declares_template(
            "AWSTemplateFormatVersion: '2010-09-09'\n"
        ));
        assert!(declares_template(
            "\u{feff}# c\n\n'Resources' :\n  # q\n  Queue: {}\n"
        ));
        assert!(declares_template("Resources: {Queue: {Type: X}}\n"));
        assert!(declares_template("Description: x\rResources:\r  A:\r"));
        assert!(declares_template(
            "\n {\n  \"AWSTemplateFormatVersion\" : \"2010-09-09\","
        ));
        // An AppSpec's `Resources` list, nested keys, other names and later JSON keys: the
        // parse decides.
        assert!(!declares_template("Resources:\n  - Web: {}\n"));
        assert!(!declares_template("Resources:\n- Web: {}\n"));
        assert!(!declares_template("Resources: []\n"));
        assert!(!declares_template("x:\n  Resources:\n    A: {}\n"));
        assert!(!declares_template("ResourcesList:\n  A: {}\n"));
        assert!(!declares_template(
            "{\"Description\": \"\", \"Resources\": {}}"
        ));
        assert!(!declares_template(
            "{\"a\": {\"AWSTemplateFormatVersion\": 1}}"
        ));
    }

    #[test]
    fn the_scan_ends_on_any_text() {
        for text in [
            "\"",
            "'",
            "{\"",
            "\"\\",
            "{'Resources'",
            "{Resources",
            "{\"a\\\n",
        ] {
            looks_like_template(text);
        }
        assert!(!looks_like_template(&"{[\"\\".repeat(100_000)));
    }
}
