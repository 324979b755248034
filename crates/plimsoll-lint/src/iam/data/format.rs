//! The stored format of the IAM reference data, and its decoder.
//!
//! The file is raw DEFLATE (RFC 1951, no zlib or gzip header) of this byte layout:
//!
//! ```text
//! raw     := MAGIC u8(FORMAT_VERSION) str(source) varint(n) service{n}
//! service := str(prefix) str(name)
//!            varint(nk) key{nk}          -- every list below is sorted by ASCII-lowercased
//!            varint(nr) rtype{nr}        -- name, strictly increasing (binary search)
//!            varint(na) action{na}
//! key     := str(name) u8(value type code, see ValueType::code)
//! rtype   := str(name) str(arn) ids
//! action  := str(name) u8(access level bits, see AccessLevels) ids varint(nrows) row{nrows}
//! row     := varint(resource type index << 1 | required) ids
//! ids     := varint(count) varint(gap){count}
//!            -- condition key indices into the service's keys, strictly increasing;
//!            -- gap = index - previous - 1, with previous = -1 for the first
//! str     := UTF-8 bytes without 0x0A, then 0x0A
//! varint  := unsigned LEB128, at most 5 bytes (u32)
//! ```
//!
//! Strings end with a newline rather than carrying a length prefix: DEFLATE finds much longer
//! matches in runs of names that are not interrupted by length bytes (about 15 % smaller).
//! Strings are not copied when decoding: the catalog borrows them from the inflated buffer.
//!
//! The encoder is `xtask/src/iam_data/encode.rs`; it must follow this layout exactly, and its
//! round-trip tests decode with [`decode_raw`].

use super::{
    AccessLevel, AccessLevels, Action, ActionResource, Catalog, ConditionKey, KeyId, ResourceType,
    Service, ValueType, cmp_ignore_ascii_case,
};
use crate::byte_reader::ByteReader as Reader;
use std::cmp::Ordering;

/// The first bytes of the inflated data.
pub const MAGIC: &[u8; 5] = b"PLIAM";
/// Bumped whenever the layout changes.
pub const FORMAT_VERSION: u8 = 1;
/// Upper bound on the inflated size, so a corrupt file cannot exhaust memory.
pub const MAX_RAW_SIZE: usize = 32 * 1024 * 1024;

/// Inflates the stored bytes.
pub fn inflate(compressed: &[u8]) -> Result<Vec<u8>, String> {
    crate::byte_reader::inflate(compressed, MAX_RAW_SIZE, "IAM data")
}

/// Decodes inflated bytes into a catalog that borrows its strings from `raw`.
pub fn decode_raw(raw: &[u8]) -> Result<Catalog<'_>, String> {
    let mut r = Reader::new(raw);
    r.decode_catalog()
        .map_err(|e| format!("IAM data: {e} at byte {}", r.pos))
}

impl<'a> Reader<'a> {
    fn ids(&mut self, key_count: usize) -> Result<Box<[KeyId]>, String> {
        let n = self.count(1)?;
        let mut ids = Vec::with_capacity(n);
        let mut next: u64 = 0;
        for _ in 0..n {
            let index = next + u64::from(self.varint()?);
            if index >= key_count as u64 {
                return Err(format!(
                    "condition key index {index} out of range ({key_count} keys)"
                ));
            }
            // key_count <= u16::MAX + 1 (checked when the keys were read), so this fits.
            ids.push(KeyId(
                u16::try_from(index).map_err(|_| "key index overflow")?,
            ));
            next = index + 1;
        }
        Ok(ids.into_boxed_slice())
    }

    fn decode_catalog(&mut self) -> Result<Catalog<'a>, String> {
        let magic = self.bytes.get(..MAGIC.len()).ok_or("too short")?;
        if magic != MAGIC {
            return Err("not Plimsoll IAM data (bad magic)".into());
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
        let mut services: Vec<Service<'a>> = Vec::with_capacity(n);
        for _ in 0..n {
            let service = self.decode_service()?;
            if let Some(prev) = services.last() {
                ensure_sorted("service", prev.prefix, service.prefix)?;
            }
            services.push(service);
        }
        if self.remaining() != 0 {
            return Err(format!("{} trailing bytes", self.remaining()));
        }
        Ok(Catalog {
            source,
            services,
            error: None,
        })
    }

    fn decode_service(&mut self) -> Result<Service<'a>, String> {
        let prefix = self.str()?;
        let name = self.str()?;
        let in_service = |e: String| format!("service `{prefix}`: {e}");

        let nk = self.count(1)?;
        if nk > usize::from(u16::MAX) + 1 {
            return Err(in_service(format!("{nk} condition keys, at most 65536")));
        }
        let mut condition_keys: Vec<ConditionKey<'a>> = Vec::with_capacity(nk);
        for _ in 0..nk {
            let key_name = self.str()?;
            let code = self.byte()?;
            let value_type = ValueType::from_code(code)
                .ok_or_else(|| in_service(format!("unknown value type code {code}")))?;
            if let Some(prev) = condition_keys.last() {
                ensure_sorted("condition key", prev.name, key_name).map_err(in_service)?;
            }
            condition_keys.push(ConditionKey {
                name: key_name,
                value_type,
            });
        }

        let nr = self.count(1)?;
        let mut resource_types: Vec<ResourceType<'a>> = Vec::with_capacity(nr);
        for _ in 0..nr {
            let rt_name = self.str()?;
            let arn = self.str()?;
            let keys = self.ids(nk)?;
            if let Some(prev) = resource_types.last() {
                ensure_sorted("resource type", prev.name, rt_name).map_err(in_service)?;
            }
            resource_types.push(ResourceType {
                name: rt_name,
                arn,
                condition_keys: keys,
            });
        }

        let na = self.count(1)?;
        let mut actions: Vec<Action<'a>> = Vec::with_capacity(na);
        for _ in 0..na {
            let action_name = self.str()?;
            let bits = self.byte()?;
            let access_levels = AccessLevels::from_bits(bits).ok_or_else(|| {
                in_service(format!(
                    "action `{action_name}`: bad access level bits {bits}"
                ))
            })?;
            let access_level = access_levels.primary().unwrap_or(AccessLevel::Write);
            let keys = self.ids(nk)?;
            let nrows = self.count(1)?;
            let mut rows = Vec::with_capacity(nrows);
            for _ in 0..nrows {
                let packed = self.varint()?;
                let index = (packed >> 1) as usize;
                let rt = resource_types.get(index).ok_or_else(|| {
                    in_service(format!(
                        "action `{action_name}`: resource type index {index} out of range"
                    ))
                })?;
                rows.push(ActionResource {
                    name: rt.name,
                    required: packed & 1 == 1,
                    resource_type: index,
                    condition_keys: self.ids(nk)?,
                });
            }
            if let Some(prev) = actions.last() {
                ensure_sorted("action", prev.name, action_name).map_err(in_service)?;
            }
            actions.push(Action {
                name: action_name,
                access_level,
                access_levels,
                resource_types: rows,
                condition_keys: keys,
            });
        }

        let templated = condition_keys
            .iter()
            .enumerate()
            .filter(|(_, k)| super::pattern::is_template(k.name))
            .filter_map(|(i, _)| u16::try_from(i).ok().map(KeyId))
            .collect();
        Ok(Service {
            prefix,
            name,
            actions,
            resource_types,
            condition_keys,
            templated,
        })
    }
}

fn ensure_sorted(what: &str, prev: &str, next: &str) -> Result<(), String> {
    if cmp_ignore_ascii_case(prev, next) == Ordering::Less {
        Ok(())
    } else {
        Err(format!(
            "{what} `{next}` is not after `{prev}` (case-insensitive order)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut n: u32, out: &mut Vec<u8>) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    fn s(text: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    }

    /// A tiny hand-made file: one service, two keys, one resource type, one action.
    fn sample() -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.push(FORMAT_VERSION);
        s("test 1", &mut b);
        varint(1, &mut b);
        s("svc", &mut b);
        s("Some Service", &mut b);
        varint(2, &mut b);
        s("aws:ResourceTag/${TagKey}", &mut b);
        b.push(ValueType::String.code());
        s("svc:Thing", &mut b);
        b.push(ValueType::Bool.code());
        varint(1, &mut b);
        s("thing", &mut b);
        s("arn:${Partition}:svc:::thing/${Name}", &mut b);
        varint(1, &mut b);
        varint(0, &mut b);
        varint(1, &mut b);
        s("DoThing", &mut b);
        b.push(AccessLevel::Write.bit());
        varint(1, &mut b);
        varint(1, &mut b);
        varint(1, &mut b);
        varint(1, &mut b); // resource 0, required
        varint(0, &mut b);
        b
    }

    #[test]
    fn decodes_a_hand_made_file() {
        let raw = sample();
        let catalog = decode_raw(&raw).unwrap();
        assert_eq!(catalog.source(), "test 1");
        let svc = catalog.service("SVC").unwrap();
        assert_eq!(svc.name, "Some Service");
        let action = svc.action("dothing").unwrap();
        assert_eq!(action.access_level, AccessLevel::Write);
        assert!(action.resource_types[0].required);
        assert_eq!(action.resource_types[0].name, "thing");
        assert!(action.supports_condition_key(svc, "svc:thing"));
        assert!(action.supports_condition_key(svc, "aws:ResourceTag/Team"));
        assert!(!action.supports_condition_key(svc, "aws:RequestTag/Team"));
    }

    #[test]
    fn every_truncation_and_corruption_is_an_error_not_a_panic() {
        let raw = sample();
        for len in 0..raw.len() {
            assert!(decode_raw(&raw[..len]).is_err(), "truncated at {len}");
        }
        for i in 0..raw.len() {
            for value in [0u8, 1, 0x0a, 0x7f, 0x80, 0xff] {
                let mut bad = raw.clone();
                bad[i] = value;
                let _ = decode_raw(&bad);
            }
        }
        let mut extra = raw.clone();
        extra.push(0);
        assert!(decode_raw(&extra).unwrap_err().contains("trailing"));
    }

    #[test]
    fn unsorted_names_are_rejected() {
        let mut raw = sample();
        // Duplicate the service: same prefix twice is not strictly increasing.
        let start = MAGIC.len() + 1 + "test 1\n".len();
        raw[start] = 2;
        let body = raw[start + 1..].to_vec();
        raw.extend_from_slice(&body);
        let err = decode_raw(&raw).unwrap_err();
        assert!(err.contains("not after"), "{err}");
    }

    #[test]
    fn garbage_does_not_inflate_or_decode() {
        assert!(
            inflate(&[0xff; 64]).is_err() || decode_raw(&inflate(&[0xff; 64]).unwrap()).is_err()
        );
        assert!(decode_raw(b"nope").is_err());
    }
}
