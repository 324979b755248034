//! The schema files of the wheel (a zip archive): its central directory read by hand, as the
//! two compression methods wheels use (stored, DEFLATE) are all it needs.

use std::collections::BTreeMap;
use std::io::Read;

/// Where the schemas are inside the wheel.
const PREFIX: &str = "cfnlint/data/schemas/";

/// cfn-lint's lists of the types whose `Fn::GetAtt` reads properties (see `super::attributes`),
/// kept under this name in [`Files`].
pub const GETATTS: &str = "cfnlint/schema/_getatts.py";

/// The files under `cfnlint/data/schemas/providers/` and `…/resources/`, by path relative to
/// `cfnlint/data/schemas/`, and [`GETATTS`].
pub type Files = BTreeMap<String, Vec<u8>>;

fn u16_at(bytes: &[u8], at: usize) -> Result<usize, String> {
    bytes
        .get(at..at + 2)
        .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        .ok_or_else(|| "the wheel is truncated".to_owned())
}

fn u32_at(bytes: &[u8], at: usize) -> Result<usize, String> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .ok_or_else(|| "the wheel is truncated".to_owned())
}

pub fn read_schemas(zip: &[u8]) -> Result<Files, String> {
    // The end-of-central-directory record: 22 bytes and a comment of at most 64 KiB.
    let floor = zip.len().saturating_sub(22 + 0xFFFF);
    let eocd = (floor..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip.get(i..i + 4) == Some(&b"PK\x05\x06"[..]))
        .ok_or("the wheel has no zip directory")?;
    let count = u16_at(zip, eocd + 10)?;
    let mut at = u32_at(zip, eocd + 16)?;
    let mut files = Files::new();
    for _ in 0..count {
        if zip.get(at..at + 4) != Some(&b"PK\x01\x02"[..]) {
            return Err("the wheel's zip directory is corrupt".to_owned());
        }
        let method = u16_at(zip, at + 10)?;
        let compressed = u32_at(zip, at + 20)?;
        let size = u32_at(zip, at + 24)?;
        let name_len = u16_at(zip, at + 28)?;
        let skip = name_len + u16_at(zip, at + 30)? + u16_at(zip, at + 32)?;
        let local = u32_at(zip, at + 42)?;
        let name = zip
            .get(at + 46..at + 46 + name_len)
            .ok_or("the wheel is truncated")?;
        let name = String::from_utf8_lossy(name).into_owned();
        at += 46 + skip;
        let rel = match name.strip_prefix(PREFIX) {
            Some(rel)
                if (rel.starts_with("providers/") || rel.starts_with("resources/"))
                    && rel.ends_with(".json") =>
            {
                rel
            }
            _ if name == GETATTS => GETATTS,
            _ => continue,
        };
        let start = local + 30 + u16_at(zip, local + 26)? + u16_at(zip, local + 28)?;
        let data = zip
            .get(start..start + compressed)
            .ok_or_else(|| format!("{name} is truncated in the wheel"))?;
        let bytes = match method {
            0 => data.to_vec(),
            8 => {
                let mut out = Vec::with_capacity(size);
                flate2::read::DeflateDecoder::new(data)
                    .read_to_end(&mut out)
                    .map_err(|e| format!("cannot inflate {name}: {e}"))?;
                out
            }
            other => return Err(format!("{name}: unsupported zip compression {other}")),
        };
        if bytes.len() != size {
            return Err(format!("{name}: size mismatch in the wheel"));
        }
        files.insert(rel.to_owned(), bytes);
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip archive of stored and deflated entries, as wheels are written.
    fn zip(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut directory = Vec::new();
        for &(name, body, deflate) in entries {
            let data = if deflate {
                miniz_oxide::deflate::compress_to_vec(body, 6)
            } else {
                body.to_vec()
            };
            let method: u16 = if deflate { 8 } else { 0 };
            let offset = out.len() as u32;
            let mut header = Vec::new();
            // version needed, flags; method; time, date, crc: as in both headers.
            header.extend_from_slice(&[0; 4]);
            header.extend_from_slice(&method.to_le_bytes());
            header.extend_from_slice(&[0; 8]);
            header.extend_from_slice(&(data.len() as u32).to_le_bytes());
            header.extend_from_slice(&(body.len() as u32).to_le_bytes());
            header.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&header);
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&data);
            directory.extend_from_slice(b"PK\x01\x02");
            directory.extend_from_slice(&[0, 0]);
            directory.extend_from_slice(&header);
            directory.extend_from_slice(&[0; 12]);
            directory.extend_from_slice(&offset.to_le_bytes());
            directory.extend_from_slice(name.as_bytes());
        }
        let start = out.len() as u32;
        out.extend_from_slice(&directory);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn reads_the_schema_files_and_getatt_lists_only() {
        let wheel = zip(&[
            ("cfnlint/data/schemas/providers/us-east-1.json", b"{}", true),
            (
                "cfnlint/data/schemas/resources/ab.json",
                b"{\"a\": 1}",
                false,
            ),
            ("cfnlint/data/schemas/other/x.json", b"{}", false),
            ("cfnlint/__init__.py", b"", false),
            (GETATTS, b"_all_property_types = []", true),
        ]);
        let files = read_schemas(&wheel).unwrap();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [GETATTS, "providers/us-east-1.json", "resources/ab.json"]
        );
        assert_eq!(files["resources/ab.json"], b"{\"a\": 1}");
    }

    #[test]
    fn rejects_what_is_not_a_zip() {
        assert!(read_schemas(b"not a zip").is_err());
        assert!(read_schemas(&[]).is_err());
    }
}
