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
//!             varint(np) (varint(name) varint(shape)){np}   -- names strictly increasing
//!             varint(nq) varint(name){nq}                   -- required, strictly increasing
//!             varint(ne) varint(value){ne}                  -- enum, strictly increasing
//! resource := varint(name) varint(shape of Properties)
//! types    := bits of JsonType (string 1, number 2, integer 4, boolean 8, object 16,
//!             array 32, null 64); 0 when any type is allowed
//! flags    := CLOSED 1 (no other property allowed) | HAS_ITEMS 2 | ENUM_IGNORE_CASE 4
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

use super::{Schemas, ShapeData};
use std::ops::Range;

/// The first bytes of the inflated data.
pub const MAGIC: &[u8; 5] = b"PLSCH";
/// Bumped whenever the layout changes.
pub const FORMAT_VERSION: u8 = 1;
/// Upper bound on the inflated size, so a corrupt file cannot exhaust memory.
pub const MAX_RAW_SIZE: usize = 32 * 1024 * 1024;

pub const CLOSED: u8 = 1;
pub const HAS_ITEMS: u8 = 2;
pub const ENUM_IGNORE_CASE: u8 = 4;
/// Every type bit.
pub const ALL_TYPES: u8 = 127;

/// Inflates the stored bytes.
pub fn inflate(compressed: &[u8]) -> Result<Vec<u8>, String> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(compressed, MAX_RAW_SIZE)
        .map_err(|e| format!("schema data: cannot inflate: {e}"))
}

/// Decodes inflated bytes into schemas that borrow their strings from `raw`.
pub fn decode_raw(raw: &[u8]) -> Result<Schemas<'_>, String> {
    let mut r = Reader { bytes: raw, pos: 0 };
    r.decode()
        .map_err(|e| format!("schema data: {e} at byte {}", r.pos))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.pos).ok_or("unexpected end of data")?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u32, String> {
        let mut value: u32 = 0;
        for shift in [0u32, 7, 14, 21, 28] {
            let b = self.byte()?;
            let bits = u32::from(b & 0x7f);
            if shift == 28 && bits > 0x0f {
                return Err("varint overflows u32".into());
            }
            value |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("varint longer than 5 bytes".into())
    }

    /// A count of items that take at least `min_bytes` each: never more than the bytes left.
    fn count(&mut self, min_bytes: usize) -> Result<usize, String> {
        let n = self.varint()? as usize;
        if n.saturating_mul(min_bytes) > self.remaining() {
            return Err(format!("count {n} exceeds the data left"));
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<&'a str, String> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("unterminated string")?;
        let text = std::str::from_utf8(rest.get(..end).unwrap_or_default())
            .map_err(|_| "string is not UTF-8")?;
        self.pos += end + 1;
        Ok(text)
    }

    /// An index below `limit`.
    fn index(&mut self, limit: usize, what: &str) -> Result<u32, String> {
        let i = self.varint()?;
        if i as usize >= limit {
            return Err(format!("{what} index {i} out of range ({limit})"));
        }
        Ok(i)
    }

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
        for _ in 0..n {
            let types = self.byte()?;
            let flags = self.byte()?;
            if types & !ALL_TYPES != 0 || flags & !(CLOSED | HAS_ITEMS | ENUM_IGNORE_CASE) != 0 {
                return Err("unknown type or flag bits".into());
            }
            let items = if flags & HAS_ITEMS != 0 {
                Some(self.index(n, "shape")?)
            } else {
                None
            };
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
                properties: props,
                required,
                enum_values,
            });
        }
        let n = self.count(2)?;
        let mut resources: Vec<(u32, u32)> = Vec::with_capacity(n);
        for _ in 0..n {
            let name = self.index(strings.len(), "string")?;
            let shape = self.index(shapes.len(), "shape")?;
            if resources.last().is_some_and(|&(l, _)| l >= name) {
                return Err("resource types are not sorted".into());
            }
            resources.push((name, shape));
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
            resources,
            error: None,
        })
    }
}

fn range(start: usize, end: usize) -> Result<Range<u32>, String> {
    let start = u32::try_from(start).map_err(|_| "too many entries")?;
    let end = u32::try_from(end).map_err(|_| "too many entries")?;
    Ok(start..end)
}
