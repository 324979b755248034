//! Reading the values of `ResourceProperties`, collecting every problem with its path.
//!
//! CloudFormation sends scalar values as strings (`"2"`, `"true"`); both forms are accepted.

use serde_json::{Map, Value};

/// Collects problems while parsing.
#[derive(Default)]
pub(super) struct Problems(pub(super) Vec<String>);

impl Problems {
    pub(super) fn push(&mut self, message: impl Into<String>) {
        self.0.push(message.into());
    }
}

pub(super) fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(super) fn string(v: &Value, path: &str, p: &mut Problems) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::String(_) => {
            p.push(format!("{path} is empty"));
            None
        }
        Value::Number(n) => Some(n.to_string()),
        other => {
            p.push(format!("{path} must be a string, got {}", kind_name(other)));
            None
        }
    }
}

pub(super) fn integer(v: &Value, path: &str, min: i64, max: i64, p: &mut Problems) -> Option<i64> {
    let n = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Some(n),
        Some(n) => {
            p.push(format!("{path} must be between {min} and {max}, got {n}"));
            None
        }
        None => {
            p.push(format!("{path} must be an integer, got {v}"));
            None
        }
    }
}

pub(super) fn int32(v: &Value, path: &str, p: &mut Problems) -> Option<i32> {
    integer(v, path, 0, i64::from(i32::MAX), p).and_then(|n| i32::try_from(n).ok())
}

pub(super) fn boolean(v: &Value, path: &str, p: &mut Problems) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        other => {
            p.push(format!("{path} must be true or false, got {other}"));
            None
        }
    }
}

pub(super) fn string_list(v: &Value, path: &str, p: &mut Problems) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(string(item, &format!("{path}[{i}]"), p)?);
            }
            Some(out)
        }
        other => {
            p.push(format!(
                "{path} must be a list of strings, got {}",
                kind_name(other)
            ));
            None
        }
    }
}

pub(super) fn object<'a>(
    v: &'a Value,
    path: &str,
    p: &mut Problems,
) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        other => {
            p.push(format!(
                "{path} must be an object, got {}",
                kind_name(other)
            ));
            None
        }
    }
}

pub(super) fn list<'a>(v: &'a Value, path: &str, p: &mut Problems) -> Option<&'a [Value]> {
    match v {
        Value::Array(items) => Some(items),
        other => {
            p.push(format!("{path} must be a list, got {}", kind_name(other)));
            None
        }
    }
}

/// Reports keys of `m` not in `known`.
pub(super) fn only_keys(m: &Map<String, Value>, path: &str, known: &[&str], p: &mut Problems) {
    for key in m.keys() {
        if !known.contains(&key.as_str()) {
            p.push(unknown(&format!("{path}.{key}"), key, known));
        }
    }
}

/// The problem for an unknown name: the spelling meant when it differs only in case (the
/// ECS API's `containerOverrides` for the template's `ContainerOverrides`), else the list.
pub(super) fn unknown(path: &str, key: &str, known: &[&str]) -> String {
    match known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        Some(meant) => format!(
            "unknown property {path}: write {meant} (properties are PascalCase, not the ECS \
             API's camelCase)"
        ),
        None => format!(
            "unknown property {path} (expected one of: {})",
            known.join(", ")
        ),
    }
}

/// The items of the list `m[name]` (at `path`), each an object of two string fields (`first`
/// always required, `second` when its flag says so).
pub(super) fn string_pairs(
    m: &Map<String, Value>,
    name: &str,
    path: &str,
    first: (&str, bool),
    second: (&str, bool),
    p: &mut Problems,
) -> Vec<(String, Option<String>)> {
    let Some(items) = m.get(name).and_then(|v| list(v, path, p)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{path}[{i}]");
        let Some(fields) = object(item, &path, p) else {
            continue;
        };
        only_keys(fields, &path, &[first.0, second.0], p);
        let mut field = |(key, required): (&str, bool)| match fields.get(key) {
            Some(v) => string(v, &format!("{path}.{key}"), p),
            None => {
                if required {
                    p.push(format!("{path}.{key} is required"));
                }
                None
            }
        };
        let (a, b) = (field(first), field(second));
        if let Some(a) = a
            && (b.is_some() || !second.1)
        {
            out.push((a, b));
        }
    }
    out
}
