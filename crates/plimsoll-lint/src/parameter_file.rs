//! Parameter override files: text in, parameter values out.
//!
//! Three forms are accepted, the ones deployment tools already use:
//! - `Key=Value` lines, as in files passed to `aws cloudformation deploy --parameter-overrides`
//!   (blank lines and `#` comments allowed; the value is everything after the first `=`);
//! - the JSON list `[{"ParameterKey": "K", "ParameterValue": "V"}, …]` of `create-stack`;
//! - the object `{"Parameters": {"K": "V", …}}` of CodePipeline template configuration files.
//!
//! Pure: the caller reads the file. Errors quote at most a short, escaped excerpt of it: the
//! file may hold secrets, and the message may end up in a CI log.

use crate::ParameterValues;
use crate::excerpt::{self, EXCERPT_CHARS, excerpt};
use plimsoll_template::{LineIndex, NodeRef, Span, Value, parse};
use std::fmt;

/// Why a parameter file could not be read, with the 1-based line it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterFileError {
    pub line: u32,
    pub message: String,
}

impl fmt::Display for ParameterFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParameterFileError {}

/// One value of a parameter file, and where its key is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterEntry {
    pub key: String,
    pub value: String,
    /// The key in the file's text (the byte order mark included).
    pub key_span: Span,
}

/// Reads a parameter override file in any of the three forms (see the module docs).
pub fn parse_parameter_file(text: &str) -> Result<ParameterValues, ParameterFileError> {
    Ok(parse_parameter_entries(text)?
        .into_iter()
        .map(|entry| (entry.key, entry.value))
        .collect())
}

/// [`parse_parameter_file`] with where each key is written, in the file's order (a key given
/// twice appears twice; the last one wins).
pub fn parse_parameter_entries(text: &str) -> Result<Vec<ParameterEntry>, ParameterFileError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let shift = (text.len() - body.len()) as u32;
    let mut entries = match body.trim_start().chars().next() {
        Some('[' | '{') => parse_json(body),
        _ => parse_lines(body),
    }?;
    for entry in &mut entries {
        entry.key_span = Span::new(entry.key_span.start + shift, entry.key_span.end + shift);
    }
    Ok(entries)
}

/// Reads one `KEY=VALUE` assignment, as given on a command line.
pub fn parse_assignment(text: &str) -> Option<(String, String)> {
    let (key, value) = text.split_once('=')?;
    let key = key.trim();
    valid_key(key).then(|| (key.to_owned(), unquote(value.trim()).to_owned()))
}

/// The lines of `text` and the offset where each starts, ended by LF, CRLF or a lone CR (as the
/// template scanner ends them), so a file saved with old Mac line ends is not read as one line.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    std::iter::from_fn(move || {
        if rest > text.len() {
            return None;
        }
        let start = rest;
        let tail = &text[start..];
        let Some(end) = tail.find(['\n', '\r']) else {
            rest = text.len() + 1;
            return Some((start, tail));
        };
        let crlf = tail[end..].starts_with("\r\n");
        rest = start + end + if crlf { 2 } else { 1 };
        Some((start, &tail[..end]))
    })
}

fn parse_lines(text: &str) -> Result<Vec<ParameterEntry>, ParameterFileError> {
    let mut values = Vec::new();
    for (number, (start, raw)) in lines(text).enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let error = |message: String| ParameterFileError {
            line: number as u32 + 1,
            message,
        };
        let Some((key, value)) = line.split_once('=') else {
            return Err(error(format!(
                "expected `Key=Value`, found `{}`",
                excerpt(line, EXCERPT_CHARS)
            )));
        };
        let key = key.trim();
        if !valid_key(key) {
            return Err(error(format!(
                "`{}` is not a parameter name (letters and digits only)",
                excerpt(key, EXCERPT_CHARS)
            )));
        }
        // `line` and `key` are slices of `raw`, so their offsets in it are exact.
        let key_start = start + (key.as_ptr() as usize - raw.as_ptr() as usize);
        values.push(ParameterEntry {
            key: key.to_owned(),
            value: unquote(value.trim()).to_owned(),
            key_span: Span::new(key_start as u32, (key_start + key.len()) as u32),
        });
    }
    Ok(values)
}

fn parse_json(text: &str) -> Result<Vec<ParameterEntry>, ParameterFileError> {
    let index = LineIndex::new(text);
    let error = |span: Span, message: String| ParameterFileError {
        line: index.line_col(span.start).line,
        message,
    };
    let parsed = parse(text);
    if let Some(problem) = parsed.diagnostics.first() {
        return Err(error(problem.span, excerpt::message(&problem.message)));
    }
    let Some(root) = parsed.document.root() else {
        return Ok(Vec::new());
    };
    let mut values = Vec::new();
    if root.is_seq() {
        for item in root.items() {
            let field = |name: &str| {
                item.get(name)
                    .ok_or_else(|| error(item.span(), format!("this entry has no `{name}`")))
            };
            let key_node = field("ParameterKey")?;
            let key = key_node
                .as_str()
                .ok_or_else(|| error(key_node.span(), "`ParameterKey` must be a string".into()))?;
            if item.get("UsePreviousValue").and_then(NodeRef::as_bool) == Some(true) {
                continue;
            }
            let value = field("ParameterValue")?;
            values.push(ParameterEntry {
                key: key.to_owned(),
                value: scalar(text, value, &error)?,
                key_span: key_node.span(),
            });
        }
        return Ok(values);
    }
    let Some(parameters) = root.get("Parameters") else {
        return Err(error(
            root.span(),
            "expected a list of `ParameterKey`/`ParameterValue` objects or an object with `Parameters`"
                .into(),
        ));
    };
    if !parameters.is_map() {
        return Err(error(
            parameters.span(),
            "`Parameters` must be an object".into(),
        ));
    }
    for entry in parameters.map_entries() {
        let value = parsed.document.node(entry.value);
        values.push(ParameterEntry {
            key: entry.key.clone(),
            value: scalar(text, value, &error)?,
            key_span: entry.key_span,
        });
    }
    Ok(values)
}

/// A parameter value as CloudFormation receives it: strings as they are, numbers and booleans
/// as written, lists joined with commas (`List<…>` and `CommaDelimitedList` parameters).
fn scalar(
    text: &str,
    node: NodeRef<'_>,
    error: &impl Fn(Span, String) -> ParameterFileError,
) -> Result<String, ParameterFileError> {
    match node.value() {
        Value::String(s) => Ok(s.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => Ok(node.span().text(text).to_owned()),
        Value::Seq(_) => node
            .items()
            .map(|item| scalar(text, item, error))
            .collect::<Result<Vec<_>, _>>()
            .map(|items| items.join(",")),
        Value::Null | Value::Map(_) => Err(error(
            node.span(),
            "a parameter value must be a string, a number or a list".into(),
        )),
    }
}

fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric())
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> ParameterValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let values = parse_parameter_file("A=1\rB=2\r\nC=3\r# note\rD = 4").unwrap_or_default();
        let got: Vec<(&str, &str)> = ["A", "B", "C", "D"]
            .iter()
            .filter_map(|k| values.get(*k).map(|v| (*k, v.as_str())))
            .collect();
        assert_eq!(got, [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")]);
        let entries = parse_parameter_entries("A=1\r\n B=2\rC=3").unwrap_or_default();
        let spans: Vec<(u32, u32)> = entries
            .iter()
            .map(|e| (e.key_span.start, e.key_span.end))
            .collect();
        assert_eq!(spans, [(0, 1), (6, 7), (10, 11)]);
        let error = parse_parameter_file("A=1\rnot an assignment").err();
        assert_eq!(error.map(|e| e.line), Some(2));
    }

    #[test]
    fn key_value_lines_with_comments_and_blank_lines() {
        let text = "# dev stack\nApplicationDesiredCount=1\n\n  ApplicationImageTag = 97e4abf  \nApplicationSubnets=subnet-a5d3ecee,subnet-324e246f\nQuoted=\"a b\"\nUrl=https://x/?a=b\r\n";
        assert_eq!(
            parse_parameter_file(text),
            Ok(map(&[
                ("ApplicationDesiredCount", "1"),
                ("ApplicationImageTag", "97e4abf"),
                ("ApplicationSubnets", "subnet-a5d3ecee,subnet-324e246f"),
                ("Quoted", "a b"),
                ("Url", "https://x/?a=b"),
            ]))
        );
    }

    #[test]
    fn key_value_errors_name_the_line() {
        let err = parse_parameter_file("A=1\njust words\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("Key=Value"), "{err}");
        let err = parse_parameter_file("A-B=1").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn json_list_form() {
        let text = r#"[
  {"ParameterKey": "ImageTag", "ParameterValue": "v1.2"},
  {"ParameterKey": "DesiredCount", "ParameterValue": 2},
  {"ParameterKey": "Old", "UsePreviousValue": true},
  {"ParameterKey": "Subnets", "ParameterValue": ["a", "b"]}
]"#;
        assert_eq!(
            parse_parameter_file(text),
            Ok(map(&[
                ("ImageTag", "v1.2"),
                ("DesiredCount", "2"),
                ("Subnets", "a,b")
            ]))
        );
    }

    #[test]
    fn json_parameters_object_form() {
        let text = "\u{feff}{\"Parameters\": {\"ImageTag\": \"latest\", \"Weight\": 1.50, \"On\": true}, \"Tags\": {}}";
        assert_eq!(
            parse_parameter_file(text),
            Ok(map(&[
                ("ImageTag", "latest"),
                ("Weight", "1.50"),
                ("On", "true")
            ]))
        );
    }

    #[test]
    fn json_errors_name_the_line() {
        let err = parse_parameter_file("[\n {\"ParameterValue\": \"x\"}\n]").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("ParameterKey"), "{err}");
        let err = parse_parameter_file("{\"Stack\": 1}").unwrap_err();
        assert!(err.message.contains("Parameters"), "{err}");
        let err = parse_parameter_file("{\"Parameters\": {\"A\": {\"B\": 1}}}").unwrap_err();
        assert!(err.message.contains("string"), "{err}");
        assert!(parse_parameter_file("{\"Parameters\": {").is_err());
    }

    #[test]
    fn entries_say_where_each_key_is() {
        let keys = |text: &str| -> Vec<String> {
            parse_parameter_entries(text)
                .unwrap()
                .iter()
                .map(|e| e.key_span.text(text).to_owned())
                .collect()
        };
        assert_eq!(
            keys("\u{feff}# dev\r\n  Tag = x\r\nCount=1"),
            ["Tag", "Count"]
        );
        assert_eq!(
            keys("\u{feff}[{\"ParameterKey\": \"Tag\", \"ParameterValue\": \"x\"}]"),
            ["\"Tag\""]
        );
        assert_eq!(
            keys("{\"Parameters\": {\"Tag\": \"x\", \"Count\": 1}}"),
            ["\"Tag\"", "\"Count\""]
        );
    }

    #[test]
    fn empty_files_give_no_values() {
        assert_eq!(parse_parameter_file(""), Ok(ParameterValues::new()));
        assert_eq!(
            parse_parameter_file("# nothing\n"),
            Ok(ParameterValues::new())
        );
    }

    #[test]
    fn assignments_from_the_command_line() {
        assert_eq!(
            parse_assignment("Tag=v1=x"),
            Some(("Tag".into(), "v1=x".into()))
        );
        assert_eq!(parse_assignment("Tag"), None);
        assert_eq!(parse_assignment("=x"), None);
    }
}
