//! The attributes `Fn::GetAtt` may read from each resource type.
//!
//! A type's attributes are its schema's `readOnlyProperties`, dotted
//! (`/properties/Endpoint/Address` → `Endpoint.Address`). The schemas do not say everything:
//! - CloudFormation lets `Fn::GetAtt` read every property of some older types, and a few named
//!   properties of others. Which ones is not in any schema; the pinned wheel keeps both lists in
//!   `cfnlint/schema/_getatts.py`, read here as data (the quoted strings of its two literals), so
//!   they follow the version we pin and a change of their shape fails the generation.
//! - A nested stack (and a provisioned product) exposes its outputs as `Outputs.<name>`,
//!   stored as `Outputs.*`: a `*` segment stands for any name.

use super::wheel::{Files, GETATTS};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// How deep a type's properties are followed when all of them are attributes.
const MAX_DEPTH: usize = 12;

/// The types whose outputs are attributes.
const OUTPUT_TYPES: [&str; 2] = [
    "AWS::CloudFormation::Stack",
    "AWS::ServiceCatalog::CloudFormationProvisionedProduct",
];

pub struct Rules {
    /// Types whose every (non-list-of-objects) property is an attribute.
    all_properties: BTreeSet<String>,
    /// Types with some properties as attributes besides their read-only ones.
    named: BTreeMap<String, Vec<String>>,
}

impl Rules {
    pub fn read(files: &Files) -> Result<Rules, String> {
        let source = files
            .get(GETATTS)
            .ok_or_else(|| format!("the wheel has no {GETATTS}"))?;
        let source = std::str::from_utf8(source).map_err(|_| format!("{GETATTS} is not UTF-8"))?;
        let all = literal(source, "_all_property_types = [", "\n]")?;
        let all_properties: BTreeSet<String> =
            all.into_iter().map(|(text, _)| text.to_owned()).collect();
        let mut named: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current: Option<&str> = None;
        for (text, is_key) in literal(source, "_exceptions = {", "\n}")? {
            if is_key {
                current = Some(text);
                named.entry(text.to_owned()).or_default();
            } else if let Some(type_name) = current {
                named
                    .entry(type_name.to_owned())
                    .or_default()
                    .push(text.to_owned());
            } else {
                return Err(format!("{GETATTS}: a property before any type"));
            }
        }
        let rules = Rules {
            all_properties,
            named,
        };
        let types_look_right = rules
            .all_properties
            .iter()
            .chain(rules.named.keys())
            .all(|t| t.starts_with("AWS::"));
        if rules.all_properties.len() < 10 || rules.named.len() < 10 || !types_look_right {
            return Err(format!(
                "{GETATTS}: its lists changed shape; read them again by hand"
            ));
        }
        Ok(rules)
    }

    /// The attributes of `type_name`, whose schema is `schema`, sorted.
    pub fn attributes(&self, type_name: &str, schema: &Value) -> Vec<String> {
        let mut out = BTreeSet::new();
        if self.all_properties.contains(type_name) {
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (name, node) in properties {
                    property_paths(schema, node, name.clone(), 0, &mut out);
                }
            }
        } else {
            out.extend(self.named.get(type_name).into_iter().flatten().cloned());
            for path in read_only_pointers(schema) {
                if OUTPUT_TYPES.contains(&type_name)
                    && (path == "Outputs" || path.starts_with("Outputs."))
                {
                    continue;
                }
                out.insert(path);
            }
            if OUTPUT_TYPES.contains(&type_name) {
                out.insert("Outputs.*".to_owned());
            }
        }
        out.into_iter().collect()
    }
}

/// The quoted strings of the literal that starts with `start` and ends at `end`, each with
/// whether a `:` follows it (a dictionary key).
fn literal<'s>(source: &'s str, start: &str, end: &str) -> Result<Vec<(&'s str, bool)>, String> {
    let from = source
        .find(start)
        .ok_or_else(|| format!("{GETATTS} has no `{start}`"))?
        + start.len();
    let body = source
        .get(from..)
        .and_then(|rest| rest.find(end).and_then(|to| rest.get(..to)))
        .ok_or_else(|| format!("{GETATTS}: `{start}` is not closed"))?;
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('"') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let close = after
            .find('"')
            .ok_or_else(|| format!("{GETATTS}: unterminated string"))?;
        let text = after.get(..close).unwrap_or_default();
        rest = after.get(close + 1..).unwrap_or_default();
        let is_key = rest.trim_start().starts_with(':');
        out.push((text, is_key));
    }
    Ok(out)
}

/// `readOnlyProperties` as dotted names; a `*` segment (a list) stays `*`.
pub fn read_only_pointers(schema: &Value) -> impl Iterator<Item = String> + '_ {
    schema
        .get("readOnlyProperties")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|pointer| pointer.strip_prefix("/properties/"))
        .map(|path| path.replace('/', "."))
}

/// A property and what is under it, as attributes: an object's properties by their dotted
/// path, a list of plain values as itself (`Fn::GetAtt` cannot reach into a list of objects or
/// lists), anything else as itself.
fn property_paths(
    schema: &Value,
    node: &Value,
    path: String,
    depth: usize,
    out: &mut BTreeSet<String>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let types: Vec<&str> = match node.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"object") {
        if let Some(Value::Object(properties)) = node.get("properties") {
            for (name, child) in properties {
                property_paths(schema, child, format!("{path}.{name}"), depth + 1, out);
            }
        }
    } else if types.contains(&"array") {
        let item_type = node.get("items").and_then(|items| items.get("type"));
        if !matches!(item_type.and_then(Value::as_str), Some("object" | "array")) {
            out.insert(path);
        }
    } else if let Some(Value::String(target)) = node.get("$ref") {
        if let Some(resolved) = target.strip_prefix('#').and_then(|p| schema.pointer(p)) {
            property_paths(schema, resolved, path, depth + 1, out);
        }
    } else {
        out.insert(path);
    }
}

/// Lists in the shape the wheel's file has, for tests.
#[cfg(test)]
pub const SAMPLE_LISTS: &str = r#"
_all_property_types = [
    "AWS::A::One", "AWS::A::Two", "AWS::A::Three", "AWS::A::Four", "AWS::A::Five",
    "AWS::A::Six", "AWS::A::Seven", "AWS::A::Eight", "AWS::A::Nine", "AWS::A::Ten",
]

_exceptions = {
    "AWS::B::One": ["Name"], "AWS::B::Two": ["Name", "Port"], "AWS::B::Three": ["X"],
    "AWS::B::Four": ["X"], "AWS::B::Five": ["X"], "AWS::B::Six": ["X"], "AWS::B::Seven": ["X"],
    "AWS::B::Eight": ["X"], "AWS::B::Nine": ["X"], "AWS::B::Ten": ["X"],
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LISTS: &str = SAMPLE_LISTS;

    fn rules(source: &str) -> Result<Rules, String> {
        let mut files = Files::new();
        files.insert(GETATTS.to_owned(), source.as_bytes().to_vec());
        Rules::read(&files)
    }

    #[test]
    fn read_only_named_and_all_property_types() {
        let rules = rules(LISTS).unwrap();
        let schema = json!({
            "properties": {
                "Arn": {"type": "string"},
                "Name": {"type": "string"},
                "Endpoint": {"type": "object", "properties": {"Address": {"type": "string"}}},
                "Tags": {"type": "array", "items": {"type": "object"}},
                "Ids": {"type": "array", "items": {"type": "string"}},
                "Ref": {"$ref": "#/definitions/R"}
            },
            "definitions": {"R": {"type": "integer"}},
            "readOnlyProperties": ["/properties/Arn", "/properties/Endpoint/Address"]
        });
        assert_eq!(
            rules.attributes("AWS::C::Plain", &schema),
            ["Arn", "Endpoint.Address"]
        );
        assert_eq!(
            rules.attributes("AWS::B::Two", &schema),
            ["Arn", "Endpoint.Address", "Name", "Port"]
        );
        assert_eq!(
            rules.attributes("AWS::A::One", &schema),
            ["Arn", "Endpoint.Address", "Ids", "Name", "Ref"]
        );
        let stack = json!({"readOnlyProperties": ["/properties/Id", "/properties/Outputs"]});
        assert_eq!(
            rules.attributes("AWS::CloudFormation::Stack", &stack),
            ["Id", "Outputs.*"]
        );
    }

    #[test]
    fn a_change_of_shape_fails_loudly() {
        assert!(rules("").is_err());
        assert!(rules("_all_property_types = [\n]\n_exceptions = {\n}").is_err());
        assert!(rules(&LISTS.replace("AWS::B::One", "Nope")).is_err());
    }
}
