//! CloudFormation resource schemas: for every resource type, the shape of its `Properties`
//! (which properties exist at every depth, which are required, the JSON types, string enums,
//! patterns, lengths and bounds of values), the attributes `Fn::GetAtt` may read and the
//! read-only properties, as the SCH rules need them. [`walk`] pairs a template's values with their
//! shapes.
//!
//! # Source
//!
//! Generated from the resource provider schemas that cfn-lint's wheel bundles (MIT-0), for the
//! region us-east-1, pinned to one cfn-lint version and its sha256 in
//! `xtask/src/schema_data/mod.rs` (that module says why this source; [`Schemas::source`] says
//! which version). Never edit `crates/plimsoll-lint/data/schemas.bin` by hand:
//!
//! ```text
//! cargo xtask schema-data          # fetch (pip download), verify, regenerate data/schemas.bin
//! cargo xtask schema-data --check  # fail if data/schemas.bin differs from a regeneration
//! ```
//!
//! CI runs the check (stage `schema-data` of `cargo xtask test`).
//!
//! # Model
//!
//! A schema node is a [`Shape`]. `$ref`, `allOf`, `oneOf` and `anyOf` are folded into the
//! node that uses them, leaning towards silence: a property any alternative declares is
//! known, only `required` lists that always apply are kept, a property two alternatives
//! declare differently accepts anything, and an object with `patternProperties` or without
//! `additionalProperties: false` accepts any property. Identical shapes are stored once.
//! A pattern, length or bound applies when the node or an `allOf`/`$ref` part states it (every
//! part must hold), never from a `oneOf`/`anyOf` branch (only one has to). Descriptions are
//! not stored.
//!
//! # Format
//!
//! The layout is in [`format`]; the file is DEFLATE-compressed and inflated once, on first
//! use, by [`schemas`].

pub mod format;
pub mod pattern;
#[cfg(all(test, feature = "schemas"))]
mod tests;
pub mod walk;

use std::ops::Range;
use std::sync::OnceLock;

/// The stored data, DEFLATE-compressed (see [`format`]). Embedded only with the `schemas`
/// feature (about 310 KiB); without it there are no schemas and the SCH rules are silent.
#[cfg(feature = "schemas")]
pub static SCHEMA_DATA: &[u8] = include_bytes!("../../data/schemas.bin");
#[cfg(not(feature = "schemas"))]
pub static SCHEMA_DATA: &[u8] = &[];

/// The schemas of every resource type, decoded on first use. If the stored data cannot be
/// decoded (it always can: a test checks it) there are no types and [`Schemas::error`] says
/// why.
pub fn schemas() -> &'static Schemas<'static> {
    static RAW: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    static SCHEMAS: OnceLock<Schemas<'static>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        if SCHEMA_DATA.is_empty() {
            return Schemas::failed("built without the `schemas` feature".to_owned());
        }
        match RAW.get_or_init(|| format::inflate(SCHEMA_DATA)) {
            Ok(raw) => format::decode_raw(raw),
            Err(e) => Err(e.clone()),
        }
        .unwrap_or_else(Schemas::failed)
    })
}

/// A JSON type a schema allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    Null,
}

impl JsonType {
    pub const ALL: [JsonType; 7] = [
        JsonType::String,
        JsonType::Number,
        JsonType::Integer,
        JsonType::Boolean,
        JsonType::Object,
        JsonType::Array,
        JsonType::Null,
    ];

    /// The type's bit in the stored data.
    pub fn bit(self) -> u8 {
        match self {
            JsonType::String => 1,
            JsonType::Number => 2,
            JsonType::Integer => 4,
            JsonType::Boolean => 8,
            JsonType::Object => 16,
            JsonType::Array => 32,
            JsonType::Null => 64,
        }
    }

    /// As JSON Schema spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Number => "number",
            JsonType::Integer => "integer",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
            JsonType::Array => "array",
            JsonType::Null => "null",
        }
    }
}

/// One stored shape: indices into [`Schemas`]' tables.
#[derive(Debug)]
struct ShapeData {
    types: u8,
    flags: u8,
    items: Option<u32>,
    /// Index into [`Schemas`]' limits.
    limits: Option<u32>,
    /// Indices into [`Schemas`]' groups.
    required_any: Range<u32>,
    properties: Range<u32>,
    required: Range<u32>,
    enum_values: Range<u32>,
}

/// One stored resource type: indices into [`Schemas`]' tables.
#[derive(Debug)]
struct ResourceData {
    name: u32,
    shape: u32,
    attributes: Range<u32>,
    read_only: Range<u32>,
}

/// A value's pattern, lengths and bounds, as its schema states them; `None` where it states
/// none.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Limits<'a> {
    /// An ECMA-262 regular expression a string must contain a match of.
    pub pattern: Option<&'a str>,
    /// A string's least and greatest length, in characters.
    pub length: (Option<u32>, Option<u32>),
    /// An array's least and greatest number of items.
    pub items: (Option<u32>, Option<u32>),
    /// A number's least and greatest value, inclusive.
    pub range: (Option<f64>, Option<f64>),
}

/// Every resource type's schema.
#[derive(Debug)]
pub struct Schemas<'a> {
    source: &'a str,
    /// Sorted, so index order is string order.
    strings: Vec<&'a str>,
    shapes: Vec<ShapeData>,
    /// (name, shape) of every shape's properties, each shape's run sorted by name.
    properties: Vec<(u32, u32)>,
    /// Required names, enum values, attributes and read-only paths (string indices), in runs.
    names: Vec<u32>,
    limits: Vec<Limits<'a>>,
    /// Runs of `names`: the groups of which at least one property is required.
    groups: Vec<Range<u32>>,
    /// Sorted by name.
    resources: Vec<ResourceData>,
    error: Option<String>,
}

impl<'a> Schemas<'a> {
    fn failed(error: String) -> Schemas<'a> {
        Schemas {
            source: "",
            strings: Vec::new(),
            shapes: Vec::new(),
            properties: Vec::new(),
            names: Vec::new(),
            limits: Vec::new(),
            groups: Vec::new(),
            resources: Vec::new(),
            error: Some(error),
        }
    }

    /// The package, version and region the data was generated from
    /// (`cfn-lint 1.58.0 us-east-1`).
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Why there are no types, when the stored data could not be decoded or the crate was
    /// built without it.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether schemas are available: without them no rule may say a type or a property is
    /// unknown.
    pub fn is_available(&self) -> bool {
        self.error.is_none() && !self.resources.is_empty()
    }

    fn string(&self, id: u32) -> &'a str {
        self.strings.get(id as usize).copied().unwrap_or("")
    }

    fn run<'t, T>(items: &'t [T], range: &Range<u32>) -> &'t [T] {
        items
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }

    fn shape(&self, id: u32) -> Option<Shape<'_, 'a>> {
        self.shapes.get(id as usize).map(|data| Shape {
            schemas: self,
            data,
        })
    }

    /// Every resource type's name, sorted.
    pub fn type_names(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.resources.iter().map(|r| self.string(r.name))
    }

    /// The resource type with this name (`AWS::ECS::Service`); names are case-sensitive, as
    /// CloudFormation's are.
    pub fn resource_type(&self, name: &str) -> Option<ResourceType<'_, 'a>> {
        let i = self
            .resources
            .binary_search_by(|r| self.string(r.name).cmp(name))
            .ok()?;
        let data = self.resources.get(i)?;
        Some(ResourceType {
            schemas: self,
            data,
            properties: self.shape(data.shape)?,
        })
    }

    fn names(&self, range: &Range<u32>) -> impl Iterator<Item = &'a str> + '_ {
        Schemas::run(&self.names, range)
            .iter()
            .map(|&id| self.string(id))
    }
}

/// One resource type.
#[derive(Debug, Clone, Copy)]
pub struct ResourceType<'s, 'a> {
    schemas: &'s Schemas<'a>,
    data: &'s ResourceData,
    properties: Shape<'s, 'a>,
}

impl<'s, 'a> ResourceType<'s, 'a> {
    pub fn name(&self) -> &'a str {
        self.schemas.string(self.data.name)
    }

    /// The attributes `Fn::GetAtt` may read, sorted; a `*` segment stands for any name
    /// (`Outputs.*`).
    pub fn attributes(&self) -> impl Iterator<Item = &'a str> + 's {
        self.schemas.names(&self.data.attributes)
    }

    /// Whether `Fn::GetAtt` may read `attribute` (`Arn`, `Endpoint.Address`,
    /// `Outputs.BucketName`).
    pub fn has_attribute(&self, attribute: &str) -> bool {
        self.attributes()
            .any(|declared| attribute_matches(declared, attribute))
    }

    /// The properties CloudFormation sets and a template may not, as dotted paths
    /// (`Endpoint.Address`), sorted.
    pub fn read_only(&self) -> impl Iterator<Item = &'a str> + 's {
        self.schemas.names(&self.data.read_only)
    }

    /// The shape of the resource's `Properties`.
    pub fn properties(&self) -> Shape<'s, 'a> {
        self.properties
    }
}

/// A schema node.
#[derive(Clone, Copy)]
pub struct Shape<'s, 'a> {
    schemas: &'s Schemas<'a>,
    data: &'s ShapeData,
}

impl std::fmt::Debug for Shape<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shape")
            .field("types", &self.data.types)
            .field("closed", &self.is_closed())
            .field("properties", &self.property_names().collect::<Vec<_>>())
            .finish()
    }
}

impl<'s, 'a> Shape<'s, 'a> {
    /// Whether a value of this type is allowed (every type is when the schema names none).
    pub fn allows(&self, ty: JsonType) -> bool {
        self.data.types == 0 || self.data.types & ty.bit() != 0
    }

    /// The types the schema names; empty when any is allowed.
    pub fn types(&self) -> impl Iterator<Item = JsonType> + use<'s, 'a> {
        let bits = self.data.types;
        JsonType::ALL
            .into_iter()
            .filter(move |t| bits & t.bit() != 0)
    }

    /// Whether a property that is not declared is refused.
    pub fn is_closed(&self) -> bool {
        self.data.flags & format::CLOSED != 0
    }

    fn property_entries(&self) -> &'s [(u32, u32)] {
        Schemas::run(&self.schemas.properties, &self.data.properties)
    }

    /// The declared property with this name (case-sensitive).
    pub fn property(&self, name: &str) -> Option<Shape<'s, 'a>> {
        let entries = self.property_entries();
        let i = entries
            .binary_search_by(|&(n, _)| self.schemas.string(n).cmp(name))
            .ok()?;
        entries
            .get(i)
            .and_then(|&(_, shape)| self.schemas.shape(shape))
    }

    /// Every declared property's name, sorted.
    pub fn property_names(&self) -> impl Iterator<Item = &'a str> + use<'s, 'a> {
        let schemas = self.schemas;
        self.property_entries()
            .iter()
            .map(move |&(name, _)| schemas.string(name))
    }

    /// The properties that must be present, sorted.
    pub fn required(&self) -> impl Iterator<Item = &'a str> + use<'s, 'a> {
        let schemas = self.schemas;
        Schemas::run(&schemas.names, &self.data.required)
            .iter()
            .map(move |&id| schemas.string(id))
    }

    /// Groups of properties of which at least one must be present (`Users`, `Groups` or
    /// `Roles` of an IAM policy).
    pub fn required_any(&self) -> Vec<Vec<&'a str>> {
        let schemas = self.schemas;
        Schemas::run(&schemas.groups, &self.data.required_any)
            .iter()
            .map(|group| schemas.names(group).collect())
            .collect()
    }

    /// The shape of an array's items.
    pub fn items(&self) -> Option<Shape<'s, 'a>> {
        self.data.items.and_then(|id| self.schemas.shape(id))
    }

    /// The allowed strings, sorted; none when any value is allowed.
    pub fn enum_values(&self) -> impl Iterator<Item = &'a str> + use<'s, 'a> {
        let schemas = self.schemas;
        Schemas::run(&schemas.names, &self.data.enum_values)
            .iter()
            .map(move |&id| schemas.string(id))
    }

    /// The value's pattern, lengths and bounds.
    pub fn limits(&self) -> Limits<'a> {
        self.data
            .limits
            .and_then(|id| self.schemas.limits.get(id as usize).copied())
            .unwrap_or_default()
    }

    /// Whether the enum is compared ignoring case (cfn-lint's `enumCaseInsensitive`).
    pub fn enum_ignores_case(&self) -> bool {
        self.data.flags & format::ENUM_IGNORE_CASE != 0
    }
}

/// Whether a declared attribute name matches one a template reads: segment by segment, where
/// a `*` segment stands for any one name, and a final `*` for the rest.
fn attribute_matches(declared: &str, attribute: &str) -> bool {
    let mut wanted = attribute.split('.');
    let mut declared_segments = declared.split('.').peekable();
    while let Some(segment) = declared_segments.next() {
        let Some(name) = wanted.next() else {
            return false;
        };
        if segment == "*" && declared_segments.peek().is_none() {
            return !name.is_empty();
        }
        if segment != "*" && segment != name {
            return false;
        }
    }
    wanted.next().is_none()
}
