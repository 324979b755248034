//! The stored format of the resource schemas, and its decoder.
//!
//! The file is raw DEFLATE (RFC 1951, no zlib or gzip header) of this byte layout:
//!
//! ```text
//! raw      := MAGIC u8(FORMAT_VERSION) str(source)
//!             varint(ns) str{ns}         -- every string, sorted byte-wise, strictly increasing
//!             varint(nh) shape{nh}
//!             varint(nr) resource{nr}    -- sorted by name, strictly increasing
//! shape    := u8(types) u8(flags) [varint(items shape) when flags & HAS_ITEMS]
//!             [limits when flags & HAS_LIMITS]
//!             [varint(ng) (varint(n) varint(name){n}){ng} when flags & HAS_REQUIRED_ANY]
//!                          -- groups of which at least one property is required, each
//!                          -- strictly increasing
//!             varint(np) (varint(name) varint(shape)){np}   -- names strictly increasing
//!             varint(nq) varint(name){nq}                   -- required, strictly increasing
//!             varint(ne) varint(value){ne}                  -- enum, strictly increasing
//! limits   := opt(pattern) opt(minLength) opt(maxLength) opt(minItems) opt(maxItems)
//!             opt(minimum) opt(maximum)
//!             -- pattern, minimum and maximum index the strings (a number as the schema
//!             -- writes it); the others are counts
//! opt      := varint: 0 when absent, else the value + 1
//! resource := varint(name) varint(shape of Properties)
//!             varint(na) varint(attribute){na}   -- Fn::GetAtt names, strictly increasing;
//!                                                -- a `*` segment stands for any name
//!             varint(nw) varint(path){nw}        -- read-only dotted paths, strictly increasing
//! types    := bits of JsonType (string 1, number 2, integer 4, boolean 8, object 16,
//!             array 32, null 64); 0 when any type is allowed
//! flags    := CLOSED 1 (no other property allowed) | HAS_ITEMS 2 | ENUM_IGNORE_CASE 4
//!             | HAS_LIMITS 8 | HAS_REQUIRED_ANY 16
//! str      := UTF-8 bytes without 0x0A, then 0x0A
//! varint   := unsigned LEB128, at most 5 bytes (u32)
//! ```
//!
//! `name` and `value` index the string table; `shape` indexes the shapes, which may refer to
//! each other in cycles (recursive definitions). Since the table is sorted, ordering by index
//! is ordering by string, and lookups are binary searches. Strings are borrowed from the
//! inflated buffer, not copied.
//!
//! The encoder is `xtask/src/schema_data/encode.rs`; it must follow this layout exactly, and
//! its round-trip test decodes with [`decode_raw`].

use super::{Limits, ResourceData, Schemas, ShapeData};
use crate::byte_reader::ByteReader as Reader;
use std::ops::Range;

/// The first bytes of the inflated data.
pub const MAGIC: &[u8; 5] = b"PLSCH";
/// Bumped whenever the layout changes.
pub const FORMAT_VERSION: u8 = 2;
/// Upper bound on the inflated size, so a corrupt file cannot exhaust memory.
pub const MAX_RAW_SIZE: usize = 32 * 1024 * 1024;

pub const CLOSED: u8 = 1;
pub const HAS_ITEMS: u8 = 2;
pub const ENUM_IGNORE_CASE: u8 = 4;
pub const HAS_LIMITS: u8 = 8;
pub const HAS_REQUIRED_ANY: u8 = 16;
/// Every type bit.
pub const ALL_TYPES: u8 = 127;

/// Inflates the stored bytes.
pub fn inflate(compressed: &[u8]) -> Result<Vec<u8>, String> {
    crate::byte_reader::inflate(compressed, MAX_RAW_SIZE, "schema data")
}

/// Decodes inflated bytes into schemas that borrow their strings from `raw`.
pub fn decode_raw(raw: &[u8]) -> Result<Schemas<'_>, String> {
    let mut r = Reader::new(raw);
    r.decode()
        .map_err(|e| format!("schema data: {e} at byte {}", r.pos))
}

impl<'a> Reader<'a> {
    /// A list of strictly increasing string indices, appended to `into`.
    fn names(&mut self, strings: usize, into: &mut Vec<u32>) -> Result<Range<u32>, String> {
        let n = self.count(1)?;
        let start = into.len();
        for _ in 0..n {
            let id = self.index(strings, "string")?;
            if into.len() > start && into.last().is_some_and(|&last| last >= id) {
                return Err("names are not strictly increasing".into());
            }
            into.push(id);
        }
        range(start, into.len())
    }

    fn decode(&mut self) -> Result<Schemas<'a>, String> {
        if self.bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
            return Err("not schema data (bad magic)".into());
        }
        self.pos = MAGIC.len();
        let version = self.byte()?;
        if version != FORMAT_VERSION {
            return Err(format!(
                "format version {version}, this build reads {FORMAT_VERSION}"
            ));
        }
        let source = self.str()?;
        let n = self.count(1)?;
        let mut strings: Vec<&'a str> = Vec::with_capacity(n);
        for _ in 0..n {
            let s = self.str()?;
            if strings.last().is_some_and(|&last| last >= s) {
                return Err("strings are not sorted".into());
            }
            strings.push(s);
        }
        let n = self.count(5)?;
        let mut shapes = Vec::with_capacity(n);
        let mut properties: Vec<(u32, u32)> = Vec::new();
        let mut names: Vec<u32> = Vec::new();
        let mut limits: Vec<Limits<'a>> = Vec::new();
        let mut groups: Vec<Range<u32>> = Vec::new();
        for _ in 0..n {
            let types = self.byte()?;
            let flags = self.byte()?;
            if types & !ALL_TYPES != 0
                || flags & !(CLOSED | HAS_ITEMS | ENUM_IGNORE_CASE | HAS_LIMITS | HAS_REQUIRED_ANY)
                    != 0
            {
                return Err("unknown type or flag bits".into());
            }
            let items = if flags & HAS_ITEMS != 0 {
                Some(self.index(n, "shape")?)
            } else {
                None
            };
            let limits_id = if flags & HAS_LIMITS != 0 {
                let id = u32::try_from(limits.len()).map_err(|_| "too many limits")?;
                limits.push(self.limits(&strings)?);
                Some(id)
            } else {
                None
            };
            let groups_start = groups.len();
            if flags & HAS_REQUIRED_ANY != 0 {
                for _ in 0..self.count(1)? {
                    groups.push(self.names(strings.len(), &mut names)?);
                }
            }
            let required_any = range(groups_start, groups.len())?;
            let np = self.count(2)?;
            let start = properties.len();
            for _ in 0..np {
                let name = self.index(strings.len(), "string")?;
                let shape = self.index(n, "shape")?;
                if properties.len() > start && properties.last().is_some_and(|&(l, _)| l >= name) {
                    return Err("properties are not strictly increasing".into());
                }
                properties.push((name, shape));
            }
            let props = range(start, properties.len())?;
            let required = self.names(strings.len(), &mut names)?;
            let enum_values = self.names(strings.len(), &mut names)?;
            shapes.push(ShapeData {
                types,
                flags,
                items,
                limits: limits_id,
                required_any,
                properties: props,
                required,
                enum_values,
            });
        }
        let n = self.count(4)?;
        let mut resources: Vec<ResourceData> = Vec::with_capacity(n);
        for _ in 0..n {
            let name = self.index(strings.len(), "string")?;
            let shape = self.index(shapes.len(), "shape")?;
            if resources.last().is_some_and(|last| last.name >= name) {
                return Err("resource types are not sorted".into());
            }
            let attributes = self.names(strings.len(), &mut names)?;
            let read_only = self.names(strings.len(), &mut names)?;
            resources.push(ResourceData {
                name,
                shape,
                attributes,
                read_only,
            });
        }
        if self.remaining() != 0 {
            return Err("trailing bytes".into());
        }
        Ok(Schemas {
            source,
            strings,
            shapes,
            properties,
            names,
            limits,
            groups,
            resources,
            error: None,
        })
    }
}

impl<'a> Reader<'a> {
    fn limits(&mut self, strings: &[&'a str]) -> Result<Limits<'a>, String> {
        let mut optional = || -> Result<Option<u32>, String> { Ok(self.varint()?.checked_sub(1)) };
        let string = |id: Option<u32>| -> Result<Option<&'a str>, String> {
            id.map(|id| {
                strings
                    .get(id as usize)
                    .copied()
                    .ok_or_else(|| format!("string index {id} out of range"))
            })
            .transpose()
        };
        let number = |id: Option<u32>| -> Result<Option<f64>, String> {
            string(id)?
                .map(|text| {
                    text.parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite())
                        .ok_or_else(|| format!("bound {text:?} is not a number"))
                })
                .transpose()
        };
        let pattern = optional()?;
        let min_length = optional()?;
        let max_length = optional()?;
        let min_items = optional()?;
        let max_items = optional()?;
        let minimum = optional()?;
        let maximum = optional()?;
        Ok(Limits {
            pattern: string(pattern)?,
            length: (min_length, max_length),
            items: (min_items, max_items),
            range: (number(minimum)?, number(maximum)?),
        })
    }
}

fn range(start: usize, end: usize) -> Result<Range<u32>, String> {
    let start = u32::try_from(start).map_err(|_| "too many entries")?;
    let end = u32::try_from(end).map_err(|_| "too many entries")?;
    Ok(start..end)
}
