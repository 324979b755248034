//! The model as the stored file's uncompressed bytes (layout: `plimsoll_lint::iam::data::format`).

use super::format::{FORMAT_VERSION, MAGIC};
use super::model::{Model, checked};

fn varint(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn count(n: usize, out: &mut Vec<u8>) -> Result<(), String> {
    varint(u32::try_from(n).map_err(|_| "count too large")?, out);
    Ok(())
}

fn string(s: &str, out: &mut Vec<u8>) -> Result<(), String> {
    checked(s)?;
    out.extend_from_slice(s.as_bytes());
    out.push(b'\n');
    Ok(())
}

/// Strictly increasing ids as gaps (`id - previous - 1`).
fn id_list(ids: &[u16], out: &mut Vec<u8>) -> Result<(), String> {
    count(ids.len(), out)?;
    let mut next = 0u32;
    for &id in ids {
        let id = u32::from(id);
        let gap = id
            .checked_sub(next)
            .ok_or("condition key ids must be strictly increasing")?;
        varint(gap, out);
        next = id + 1;
    }
    Ok(())
}

/// The uncompressed bytes of the model.
pub fn encode(model: &Model) -> Result<Vec<u8>, String> {
    let mut out = MAGIC.to_vec();
    out.push(FORMAT_VERSION);
    string(&model.source, &mut out)?;
    count(model.services.len(), &mut out)?;
    for s in &model.services {
        string(&s.prefix, &mut out)?;
        string(&s.name, &mut out)?;
        count(s.keys.len(), &mut out)?;
        for (name, code) in &s.keys {
            string(name, &mut out)?;
            out.push(*code);
        }
        count(s.resource_types.len(), &mut out)?;
        for r in &s.resource_types {
            string(&r.name, &mut out)?;
            string(&r.arn, &mut out)?;
            id_list(&r.keys, &mut out)?;
        }
        count(s.actions.len(), &mut out)?;
        for a in &s.actions {
            string(&a.name, &mut out)?;
            out.push(a.access);
            id_list(&a.keys, &mut out)?;
            count(a.rows.len(), &mut out)?;
            for row in &a.rows {
                varint(
                    u32::from(row.resource_type) << 1 | u32::from(row.required),
                    &mut out,
                );
                id_list(&row.keys, &mut out)?;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_data::deflate::compress;
    use crate::iam_data::model::build_model;
    use crate::iam_data::test_data::{fake_files, from_catalog};
    use crate::iam_data::{PACKAGE, VERSION};
    use plimsoll_lint::iam::data::{AccessLevel, IAM_DATA, format};

    fn round_trip(model: &Model) -> Model {
        let compressed = compress(&encode(model).unwrap());
        let raw = format::inflate(&compressed).unwrap();
        from_catalog(&format::decode_raw(&raw).unwrap())
    }

    #[test]
    fn a_model_round_trips_through_the_lint_crates_decoder() {
        let model = build_model(&fake_files()).unwrap();
        assert_eq!(round_trip(&model), model);
        let decoded = {
            let raw = format::inflate(&compress(&encode(&model).unwrap())).unwrap();
            let c = format::decode_raw(&raw).unwrap();
            let zeta = c.service("ZETA").unwrap();
            let make = zeta.action("makewidget").unwrap();
            (
                make.access_level,
                make.supports_condition_key(zeta, "zeta:tag/x"),
                make.supports_condition_key(zeta, "aws:RequestTag/x"),
                zeta.action("ListWidgets")
                    .unwrap()
                    .supports_condition_key(zeta, "zeta:b"),
            )
        };
        assert_eq!(decoded, (AccessLevel::Tagging, true, true, false));
    }

    #[test]
    fn the_stored_file_round_trips_byte_for_byte() {
        // decode(stored) re-encoded gives the stored bytes, and `--check` proves that
        // encode(generate(source)) gives them too: so decoding the stored file yields exactly
        // the model generated from the pinned source.
        let raw = format::inflate(IAM_DATA).unwrap();
        let model = from_catalog(&format::decode_raw(&raw).unwrap());
        assert_eq!(model.source, format!("{PACKAGE} {VERSION}"));
        assert_eq!(encode(&model).unwrap(), raw);
        assert_eq!(compress(&raw), IAM_DATA, "run `cargo xtask iam-data`");
    }
}
