//! The model as bytes, in the layout `plimsoll_lint::schema::format` documents and decodes.

use super::model::{Limits, Model};
use plimsoll_lint::schema::format::{
    CLOSED, ENUM_IGNORE_CASE, FORMAT_VERSION, HAS_ITEMS, HAS_LIMITS, HAS_REQUIRED_ANY, MAGIC,
};
use std::collections::BTreeMap;

fn varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7F) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A string ends with a newline (DEFLATE finds longer matches without length bytes).
fn bytes(out: &mut Vec<u8>, text: &str) -> Result<(), String> {
    if text.contains('\n') {
        return Err(format!(
            "a string with a newline cannot be stored: {text:?}"
        ));
    }
    out.extend_from_slice(text.as_bytes());
    out.push(b'\n');
    Ok(())
}

pub fn encode(model: &Model, source: &str) -> Result<Vec<u8>, String> {
    // Every string once, sorted; shapes and types refer to them by index.
    let mut strings: BTreeMap<&str, usize> = BTreeMap::new();
    for shape in &model.shapes {
        for (name, _) in &shape.properties {
            strings.insert(name, 0);
        }
        for name in shape.required.iter().chain(&shape.enum_values) {
            strings.insert(name, 0);
        }
        for name in shape.required_any.iter().flatten() {
            strings.insert(name, 0);
        }
        let limits = &shape.limits;
        for text in [&limits.pattern, &limits.minimum, &limits.maximum]
            .into_iter()
            .flatten()
        {
            strings.insert(text, 0);
        }
    }
    for resource in &model.resources {
        strings.insert(&resource.name, 0);
        for name in resource.attributes.iter().chain(&resource.read_only) {
            strings.insert(name, 0);
        }
    }
    for (i, id) in strings.values_mut().enumerate() {
        *id = i;
    }
    let id = |s: &str| {
        strings
            .get(s)
            .copied()
            .ok_or_else(|| format!("no id for {s}"))
    };
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.push(FORMAT_VERSION);
    bytes(&mut out, source)?;
    varint(&mut out, strings.len());
    for s in strings.keys() {
        bytes(&mut out, s)?;
    }
    varint(&mut out, model.shapes.len());
    for shape in &model.shapes {
        out.push(shape.types);
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let flags = flag(shape.closed, CLOSED)
            | flag(shape.items.is_some(), HAS_ITEMS)
            | flag(shape.enum_ignore_case, ENUM_IGNORE_CASE)
            | flag(!shape.limits.is_empty(), HAS_LIMITS)
            | flag(!shape.required_any.is_empty(), HAS_REQUIRED_ANY);
        out.push(flags);
        if let Some(items) = shape.items {
            varint(&mut out, items);
        }
        if !shape.limits.is_empty() {
            limits(&mut out, &shape.limits, &id)?;
        }
        if !shape.required_any.is_empty() {
            varint(&mut out, shape.required_any.len());
            for group in &shape.required_any {
                varint(&mut out, group.len());
                for name in group {
                    varint(&mut out, id(name)?);
                }
            }
        }
        varint(&mut out, shape.properties.len());
        for (name, child) in &shape.properties {
            varint(&mut out, id(name)?);
            varint(&mut out, *child);
        }
        varint(&mut out, shape.required.len());
        for name in &shape.required {
            varint(&mut out, id(name)?);
        }
        varint(&mut out, shape.enum_values.len());
        for value in &shape.enum_values {
            varint(&mut out, id(value)?);
        }
    }
    varint(&mut out, model.resources.len());
    for resource in &model.resources {
        varint(&mut out, id(&resource.name)?);
        varint(&mut out, resource.root);
        for list in [&resource.attributes, &resource.read_only] {
            varint(&mut out, list.len());
            for name in list {
                varint(&mut out, id(name)?);
            }
        }
    }
    Ok(out)
}

/// Each limit as a varint, 0 when absent and the value (or string index) + 1 otherwise.
fn limits(
    out: &mut Vec<u8>,
    limits: &Limits,
    id: &impl Fn(&str) -> Result<usize, String>,
) -> Result<(), String> {
    let text = |value: &Option<String>| value.as_deref().map(id).transpose();
    let count = |value: Option<u32>| Ok(value.map(|n| n as usize));
    let fields: [Result<Option<usize>, String>; 7] = [
        text(&limits.pattern),
        count(limits.min_length),
        count(limits.max_length),
        count(limits.min_items),
        count(limits.max_items),
        text(&limits.minimum),
        text(&limits.maximum),
    ];
    for field in fields {
        varint(out, field?.map_or(0, |n| n + 1));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::model::{ResourceType, Shape};
    use super::*;

    #[test]
    fn the_lint_crate_decodes_what_is_encoded() {
        let model = Model {
            shapes: vec![
                Shape {
                    types: 16,
                    closed: true,
                    properties: vec![("Mode".into(), 1), ("Self".into(), 0)],
                    required: vec!["Mode".into()],
                    required_any: vec![vec!["Mode".into(), "Self".into()]],
                    items: None,
                    enum_values: vec![],
                    enum_ignore_case: false,
                    limits: Limits::default(),
                },
                Shape {
                    types: 1,
                    enum_values: vec!["FAST".into(), "SLOW".into()],
                    enum_ignore_case: true,
                    limits: Limits {
                        pattern: Some("^[A-Z]+$".into()),
                        max_length: Some(8),
                        minimum: Some("-1.5".into()),
                        ..Limits::default()
                    },
                    ..Shape::default()
                },
            ],
            resources: vec![ResourceType {
                name: "AWS::Test::Thing".into(),
                root: 0,
                attributes: vec!["Arn".into(), "Outputs.*".into()],
                read_only: vec!["Arn".into()],
            }],
        };
        let raw = encode(&model, "test 1").unwrap();
        let schemas = plimsoll_lint::schema::format::decode_raw(&raw).unwrap();
        assert_eq!(schemas.source(), "test 1");
        let thing = schemas.resource_type("AWS::Test::Thing").unwrap();
        let root = thing.properties();
        assert!(root.is_closed());
        assert_eq!(root.required().collect::<Vec<_>>(), ["Mode"]);
        assert_eq!(root.required_any(), [["Mode", "Self"]]);
        let mode = root.property("Mode").unwrap();
        assert_eq!(mode.enum_values().collect::<Vec<_>>(), ["FAST", "SLOW"]);
        assert!(mode.enum_ignores_case());
        let limits = mode.limits();
        assert_eq!(limits.pattern, Some("^[A-Z]+$"));
        assert_eq!(limits.length, (None, Some(8)));
        assert_eq!(limits.items, (None, None));
        assert_eq!(limits.range, (Some(-1.5), None));
        assert_eq!(root.limits(), Default::default());
        assert!(thing.has_attribute("Arn"));
        assert!(thing.has_attribute("Outputs.Url"));
        assert!(!thing.has_attribute("Outputs"));
        assert!(!thing.has_attribute("Arnn"));
        assert_eq!(thing.read_only().collect::<Vec<_>>(), ["Arn"]);
        assert!(root.property("Self").unwrap().is_closed());
        assert!(root.property("Other").is_none());
    }
}
