//! The schemas as the stored model: one shape per distinct schema node, shared between types.
//!
//! A shape keeps only what the rules read: the JSON types a value may have, an object's
//! properties (and whether others are refused), its required properties, an array's items, and
//! a string enum. `$ref`, `allOf`, `oneOf` and `anyOf` are folded into the node that uses
//! them, leaning towards silence: a property any alternative declares is known, only `required`
//! lists that always apply are kept, and a property two alternatives declare differently
//! accepts anything.

use super::attributes;
use super::wheel::Files;
use plimsoll_lint::schema::JsonType;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One distinct schema node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Shape {
    /// [`JsonType::bit`]s of the types allowed; 0 when any is.
    pub types: u8,
    /// Whether a property not in `properties` is refused (`additionalProperties: false` and no
    /// `patternProperties`).
    pub closed: bool,
    /// Sorted by name; the values index [`Model::shapes`].
    pub properties: Vec<(String, usize)>,
    /// Sorted.
    pub required: Vec<String>,
    /// Groups of properties of which at least one must be present (`anyOf` or `oneOf` of
    /// `required`), each sorted; sorted.
    pub required_any: Vec<Vec<String>>,
    pub items: Option<usize>,
    /// The allowed strings, sorted; empty when any is (or the enum is not all strings).
    pub enum_values: Vec<String>,
    /// cfn-lint's `enumCaseInsensitive`.
    pub enum_ignore_case: bool,
    pub limits: Limits,
}

/// A value's pattern, lengths and bounds; `None` where the schema sets none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Limits {
    /// An ECMA-262 regular expression a string must contain a match of.
    pub pattern: Option<String>,
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub min_items: Option<u32>,
    pub max_items: Option<u32>,
    /// Inclusive bounds, as the schema writes the number (`-1`, `0.5`). An exclusive bound is
    /// kept as an inclusive one: silent on the bound itself rather than wrong.
    pub minimum: Option<String>,
    pub maximum: Option<String>,
}

impl Limits {
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

#[derive(Debug)]
pub struct ResourceType {
    pub name: String,
    /// The shape of `Properties`.
    pub root: usize,
    /// The attributes `Fn::GetAtt` may read, sorted; see [`super::attributes`].
    pub attributes: Vec<String>,
    /// The properties CloudFormation sets and the template may not (`readOnlyProperties`),
    /// as dotted paths (`Endpoint.Address`), sorted. Paths through a list are left out.
    pub read_only: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Model {
    pub shapes: Vec<Shape>,
    /// Sorted by name.
    pub resources: Vec<ResourceType>,
}

impl Model {
    pub fn counts(&self) -> String {
        format!(
            "{} resource types, {} shapes",
            self.resources.len(),
            self.shapes.len()
        )
    }
}

/// The resource types of `region` and their schemas.
pub fn build(files: &Files, region: &str) -> Result<Model, String> {
    let getatt_rules = attributes::Rules::read(files)?;
    let index_path = format!("providers/{region}.json");
    let index = files
        .get(&index_path)
        .ok_or_else(|| format!("the wheel has no {index_path}"))?;
    let index: BTreeMap<String, String> =
        serde_json::from_slice(index).map_err(|e| format!("{index_path}: {e}"))?;
    let mut builder = Builder::default();
    let mut resources = Vec::new();
    for (name, hash) in &index {
        let path = format!("resources/{hash}.json");
        let bytes = files
            .get(&path)
            .ok_or_else(|| format!("{name}: the wheel has no {path}"))?;
        let schema: Value = serde_json::from_slice(bytes).map_err(|e| format!("{path}: {e}"))?;
        builder.refs.clear();
        let root = builder.node(&schema, &schema);
        resources.push(ResourceType {
            name: name.clone(),
            root,
            attributes: getatt_rules.attributes(name, &schema),
            read_only: read_only(&schema),
        });
    }
    Ok(Model {
        shapes: builder.shapes,
        resources,
    })
}

/// A `$ref` being resolved or resolved.
#[derive(Clone, Copy)]
enum RefState {
    /// Being resolved; the slot reserved for it if a cycle reached it.
    Open(Option<usize>),
    Done(usize),
}

/// How deep `$ref`/`allOf`/`oneOf` may nest within one node before it is treated as "any".
const MAX_FOLD_DEPTH: usize = 16;

#[derive(Default)]
struct Builder {
    shapes: Vec<Shape>,
    interned: HashMap<Shape, usize>,
    /// Per schema: each `$ref` target's shape.
    refs: HashMap<String, RefState>,
}

/// A node's contents while its keywords are folded in.
#[derive(Default)]
struct Fold {
    types: Option<u8>,
    closed: bool,
    open: bool,
    properties: BTreeMap<String, usize>,
    required: BTreeSet<String>,
    required_any: BTreeSet<Vec<String>>,
    items: Option<usize>,
    enum_values: Option<Vec<String>>,
    enum_ignore_case: bool,
    limits: Limits,
}

impl Builder {
    fn intern(&mut self, shape: Shape) -> usize {
        if let Some(&id) = self.interned.get(&shape) {
            return id;
        }
        let id = self.shapes.len();
        self.shapes.push(shape.clone());
        self.interned.insert(shape, id);
        id
    }

    fn any(&mut self) -> usize {
        self.intern(Shape::default())
    }

    /// The shape of a schema node.
    fn node(&mut self, schema: &Value, node: &Value) -> usize {
        let Some(map) = node.as_object() else {
            return self.any();
        };
        // A bare reference (annotations aside) is the referenced shape, resolved once.
        if let Some(Value::String(target)) = map.get("$ref")
            && map.keys().all(|k| is_annotation(k) || k == "$ref")
        {
            return self.reference(schema, target);
        }
        let mut fold = Fold::default();
        self.fold(schema, map, &mut fold, 0);
        let shape = finish(fold);
        self.intern(shape)
    }

    fn reference(&mut self, schema: &Value, target: &str) -> usize {
        match self.refs.get(target).copied() {
            Some(RefState::Done(id)) => return id,
            Some(RefState::Open(Some(slot))) => return slot,
            Some(RefState::Open(None)) => {
                // A cycle: reserve a slot, filled when the outer resolution finishes.
                let slot = self.shapes.len();
                self.shapes.push(Shape::default());
                self.refs
                    .insert(target.to_owned(), RefState::Open(Some(slot)));
                return slot;
            }
            None => {}
        }
        self.refs.insert(target.to_owned(), RefState::Open(None));
        let mut fold = Fold::default();
        match resolve(schema, target).and_then(Value::as_object) {
            Some(map) => self.fold(schema, map, &mut fold, 0),
            None => fold.open = true,
        }
        let shape = finish(fold);
        let id = match self.refs.get(target).copied() {
            Some(RefState::Open(Some(slot))) => {
                self.shapes[slot] = shape;
                slot
            }
            _ => self.intern(shape),
        };
        self.refs.insert(target.to_owned(), RefState::Done(id));
        id
    }

    /// Folds a node's keywords (and those it references or combines) into `fold`.
    fn fold(&mut self, schema: &Value, map: &Map<String, Value>, fold: &mut Fold, depth: usize) {
        if depth > MAX_FOLD_DEPTH {
            fold.types = Some(0);
            fold.open = true;
            return;
        }
        if let Some(types) = map.get("type") {
            let bits = type_bits(types);
            fold.types = Some(fold.types.map_or(bits, |t| if t == 0 { bits } else { t }));
        }
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, child) in properties {
                let id = self.node(schema, child);
                self.merge_property(fold, name, id);
            }
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(false)) => fold.closed = true,
            Some(_) => fold.open = true,
            None => {}
        }
        // Names matching a pattern are allowed too; patterns are not stored (yet).
        if map.contains_key("patternProperties") {
            fold.open = true;
        }
        if let Some(Value::Array(required)) = map.get("required") {
            fold.required
                .extend(required.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        if let Some(items @ Value::Object(_)) = map.get("items") {
            fold.items = Some(self.node(schema, items));
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            let strings: Option<Vec<String>> = values
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect();
            fold.enum_values = strings;
        }
        if map.get("enumCaseInsensitive") == Some(&Value::Bool(true)) {
            fold.enum_ignore_case = true;
        }
        fold_limits(map, &mut fold.limits);
        if let Some(Value::String(target)) = map.get("$ref") {
            match resolve(schema, target).and_then(Value::as_object) {
                Some(target) => self.fold(schema, target, fold, depth + 1),
                None => fold.open = true,
            }
        }
        if let Some(Value::Array(all)) = map.get("allOf") {
            for branch in all.iter().filter_map(Value::as_object) {
                self.fold(schema, branch, fold, depth + 1);
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = map.get(keyword) {
                if let Some(group) = one_of_required(branches) {
                    fold.required_any.insert(group);
                }
                self.fold_alternatives(schema, map, branches, fold, depth);
            }
        }
    }

    /// `oneOf`/`anyOf`: what any branch allows is allowed; what one branch requires is not
    /// required.
    fn fold_alternatives(
        &mut self,
        schema: &Value,
        map: &Map<String, Value>,
        branches: &[Value],
        fold: &mut Fold,
        depth: usize,
    ) {
        let mut types: u8 = 0;
        let mut any_type = false;
        let mut all_closed = !branches.is_empty();
        let mut items: BTreeSet<usize> = BTreeSet::new();
        for branch in branches {
            let mut inner = Fold::default();
            match branch.as_object() {
                Some(b) => self.fold(schema, b, &mut inner, depth + 1),
                None => inner.open = true,
            }
            match inner.types {
                Some(0) | None => any_type = true,
                Some(t) => types |= t,
            }
            all_closed &= inner.closed && !inner.open;
            items.extend(inner.items);
            fold.open |= inner.open && !map.contains_key("additionalProperties");
            for (name, id) in inner.properties {
                self.merge_property(fold, &name, id);
            }
        }
        if fold.types.is_none() {
            fold.types = Some(if any_type { 0 } else { types });
        }
        if all_closed && !map.contains_key("additionalProperties") {
            fold.closed = true;
        }
        // A list is a list of these items whichever branch it matches: the one branch that
        // says what its items are.
        if fold.items.is_none()
            && let [only] = items.into_iter().collect::<Vec<_>>()[..]
        {
            fold.items = Some(only);
        }
    }

    /// Adds a property; one declared twice with different shapes accepts anything.
    fn merge_property(&mut self, fold: &mut Fold, name: &str, id: usize) {
        match fold.properties.get(name) {
            Some(&existing) if existing != id => {
                let any = self.any();
                fold.properties.insert(name.to_owned(), any);
            }
            Some(_) => {}
            None => {
                fold.properties.insert(name.to_owned(), id);
            }
        }
    }
}

fn finish(fold: Fold) -> Shape {
    let mut enum_values = fold.enum_values.unwrap_or_default();
    enum_values.sort();
    enum_values.dedup();
    Shape {
        types: fold.types.unwrap_or(0),
        closed: fold.closed && !fold.open,
        properties: fold.properties.into_iter().collect(),
        required: fold.required.into_iter().collect(),
        required_any: fold.required_any.into_iter().collect(),
        items: fold.items,
        enum_ignore_case: fold.enum_ignore_case && !enum_values.is_empty(),
        enum_values,
        limits: fold.limits,
    }
}

/// A node's own `pattern`, lengths and bounds (those of `allOf` and `$ref` targets fold in
/// too, where the node sets none: every one of them applies; those of `oneOf`/`anyOf` branches
/// do not, as only one branch has to hold).
fn fold_limits(map: &Map<String, Value>, limits: &mut Limits) {
    let count = |key: &str| {
        map.get(key)
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| n < u32::MAX)
    };
    let number = |keys: [&str; 2]| {
        keys.iter().find_map(|key| {
            map.get(*key)
                .and_then(|v| v.as_number())
                .map(|n| n.to_string())
        })
    };
    // The node's own keywords are folded before its parts': the first value found stays.
    if limits.pattern.is_none()
        && let Some(Value::String(pattern)) = map.get("pattern")
    {
        // Stored strings end at a newline; the escape means the same to a regex.
        limits.pattern = Some(pattern.replace('\n', "\\n"));
    }
    limits.min_length = limits.min_length.or_else(|| count("minLength"));
    limits.max_length = limits.max_length.or_else(|| count("maxLength"));
    limits.min_items = limits.min_items.or_else(|| count("minItems"));
    limits.max_items = limits.max_items.or_else(|| count("maxItems"));
    if limits.minimum.is_none() {
        limits.minimum = number(["minimum", "exclusiveMinimum"]);
    }
    if limits.maximum.is_none() {
        limits.maximum = number(["maximum", "exclusiveMaximum"]);
    }
}

/// The properties of which at least one is required, when every alternative says only that
/// one property is (`anyOf: [{required: [Users]}, {required: [Groups]}, …]`).
fn one_of_required(branches: &[Value]) -> Option<Vec<String>> {
    let mut group = Vec::new();
    for branch in branches {
        let map = branch.as_object()?;
        if map.len() != 1 {
            return None;
        }
        match map.get("required")?.as_array()?.as_slice() {
            [Value::String(name)] => group.push(name.clone()),
            _ => return None,
        }
    }
    group.sort();
    group.dedup();
    (group.len() > 1).then_some(group)
}

/// `readOnlyProperties` as dotted paths (`/properties/Endpoint/Address` → `Endpoint.Address`),
/// leaving out paths through a list (`/properties/Tags/*/Key`).
fn read_only(schema: &Value) -> Vec<String> {
    let mut paths: Vec<String> = attributes::read_only_pointers(schema)
        .filter(|path| !path.split('.').any(|segment| segment == "*"))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Keywords that say nothing about validity.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "description"
            | "title"
            | "$comment"
            | "examples"
            | "default"
            | "insertionOrder"
            | "markdownDescription"
            | "relationshipRef"
    )
}

/// The type bits of a `type` keyword (a name or a list); 0 (any) for what is not understood.
fn type_bits(types: &Value) -> u8 {
    let bit = |name: &str| {
        JsonType::ALL
            .into_iter()
            .find(|t| t.as_str() == name)
            .map(JsonType::bit)
    };
    match types {
        Value::String(name) => bit(name).unwrap_or(0),
        Value::Array(names) => names
            .iter()
            .map(|n| n.as_str().and_then(bit))
            .try_fold(0u8, |acc, b| b.map(|b| acc | b))
            .unwrap_or(0),
        _ => 0,
    }
}

/// A local reference (`#/definitions/Name`, `#/properties/Name`).
fn resolve<'s>(schema: &'s Value, target: &str) -> Option<&'s Value> {
    schema.pointer(target.strip_prefix('#')?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model(schema: Value) -> Model {
        let mut files = Files::new();
        files.insert(
            "providers/us-east-1.json".into(),
            br#"{"AWS::Test::Thing": "h"}"#.to_vec(),
        );
        files.insert(
            "resources/h.json".into(),
            serde_json::to_vec(&schema).unwrap(),
        );
        files.insert(
            super::super::wheel::GETATTS.into(),
            attributes::SAMPLE_LISTS.as_bytes().to_vec(),
        );
        build(&files, "us-east-1").unwrap()
    }

    fn property<'m>(model: &'m Model, shape: &Shape, name: &str) -> &'m Shape {
        let id = shape.properties.iter().find(|(n, _)| n == name).unwrap().1;
        &model.shapes[id]
    }

    #[test]
    fn references_cycles_and_sharing() {
        let m = model(json!({
            "additionalProperties": false,
            "required": ["A"],
            "properties": {
                "A": {"$ref": "#/definitions/Node", "description": "x"},
                "B": {"type": "string", "enum": ["b", "a"]},
                "C": {"type": "string", "enum": ["a", "b"], "description": "same as B"}
            },
            "definitions": {
                "Node": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {"Child": {"$ref": "#/definitions/Node"}}
                }
            }
        }));
        let root = &m.shapes[m.resources[0].root];
        assert!(root.closed);
        assert_eq!(root.required, ["A"]);
        let a = property(&m, root, "A");
        assert!(a.closed);
        assert_eq!(property(&m, a, "Child"), a, "the cycle closes on itself");
        let b = property(&m, root, "B");
        assert_eq!(b.enum_values, ["a", "b"]);
        assert_eq!(b, property(&m, root, "C"));
    }

    #[test]
    fn alternatives_lean_towards_silence() {
        let m = model(json!({
            "additionalProperties": false,
            "properties": {
                "X": {
                    "type": "object",
                    "oneOf": [
                        {"additionalProperties": false, "required": ["P"], "properties": {"P": {"type": "string"}}},
                        {"additionalProperties": false, "properties": {"P": {"type": "integer"}, "Q": {"type": "string"}}}
                    ]
                },
                "Y": {"type": "object", "patternProperties": {".+": {"type": "string"}}, "additionalProperties": false},
                "Z": {"type": ["string", "integer"]}
            }
        }));
        let root = &m.shapes[m.resources[0].root];
        let x = property(&m, root, "X");
        assert!(x.closed);
        assert!(x.required.is_empty());
        assert_eq!(property(&m, x, "P"), &Shape::default());
        assert_eq!(property(&m, x, "Q").types, 1);
        assert!(!property(&m, root, "Y").closed);
        assert_eq!(property(&m, root, "Z").types, 1 | 4);
    }

    #[test]
    fn limits_fold_from_all_of_and_refs_not_alternatives() {
        let m = model(json!({
            "properties": {
                "Name": {"type": "string", "pattern": "^a\nb$", "allOf": [{"maxLength": 5}]},
                "Port": {"$ref": "#/definitions/Port", "minimum": 1},
                "Either": {"oneOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "maximum": 9}]},
                "Ids": {"type": "array", "minItems": 1, "maxItems": 4294967295u64}
            },
            "definitions": {"Port": {"type": "integer", "maximum": 65535, "exclusiveMinimum": 0.5}},
            "readOnlyProperties": ["/properties/Arn", "/properties/Endpoint/Address", "/properties/Tags/*/Key"]
        }));
        let root = &m.shapes[m.resources[0].root];
        let name = &property(&m, root, "Name").limits;
        assert_eq!(name.pattern.as_deref(), Some("^a\\nb$"));
        assert_eq!(name.max_length, Some(5));
        let port = &property(&m, root, "Port").limits;
        assert_eq!(
            (port.minimum.as_deref(), port.maximum.as_deref()),
            (Some("1"), Some("65535"))
        );
        assert!(property(&m, root, "Either").limits.is_empty());
        let ids = &property(&m, root, "Ids").limits;
        assert_eq!((ids.min_items, ids.max_items), (Some(1), None));
        assert_eq!(m.resources[0].read_only, ["Arn", "Endpoint.Address"]);
    }

    #[test]
    fn alternatives_keep_the_items_of_their_one_list() {
        let m = model(json!({
            "properties": {
                "Keys": {"oneOf": [
                    {"type": "array", "items": {"type": "object", "required": ["K"]}},
                    {"type": ["object", "string"]}
                ]},
                "Two": {"anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "array", "items": {"type": "integer"}}
                ]}
            }
        }));
        let root = &m.shapes[m.resources[0].root];
        let keys = property(&m, root, "Keys");
        assert_eq!(keys.types, 1 | 16 | 32);
        assert_eq!(m.shapes[keys.items.unwrap()].required, ["K"]);
        assert_eq!(property(&m, root, "Two").items, None, "two lists disagree");
    }
}
