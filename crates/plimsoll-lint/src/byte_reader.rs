//! Reading the data files Plimsoll embeds (the IAM data, the resource schemas): inflating with
//! a size limit, and a cursor over LEB128 varints and newline-terminated strings in which every
//! read is checked, so corrupt data is an error, never a panic or a huge allocation.
//!
//! Each file's own layout is decoded by its `format` module, in `impl ByteReader` blocks there.

/// Inflates raw DEFLATE data into at most `limit` bytes.
pub(crate) fn inflate(compressed: &[u8], limit: usize, what: &str) -> Result<Vec<u8>, String> {
    miniz_oxide::inflate::decompress_to_vec_with_limit(compressed, limit)
        .map_err(|e| format!("{what}: cannot inflate: {e}"))
}

pub(crate) struct ByteReader<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

impl<'a> ByteReader<'a> {
    pub fn new(bytes: &'a [u8]) -> ByteReader<'a> {
        ByteReader { bytes, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    pub fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.pos).ok_or("unexpected end of data")?;
        self.pos += 1;
        Ok(b)
    }

    /// An unsigned LEB128 number of at most 5 bytes.
    pub fn varint(&mut self) -> Result<u32, String> {
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

    /// A count of items that take at least `min_bytes` each: never more than the bytes left
    /// allow, so a corrupt count cannot make the decoder allocate much.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, String> {
        let n = self.varint()? as usize;
        if n.saturating_mul(min_bytes) > self.remaining() {
            return Err(format!(
                "count {n} exceeds the {} bytes left",
                self.remaining()
            ));
        }
        Ok(n)
    }

    /// UTF-8 bytes up to a newline, borrowed.
    pub fn str(&mut self) -> Result<&'a str, String> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("unterminated string")?;
        let text = std::str::from_utf8(rest.get(..end).unwrap_or_default())
            .map_err(|e| format!("invalid UTF-8: {e}"))?;
        self.pos += end + 1;
        Ok(text)
    }

    /// An index below `limit`.
    pub fn index(&mut self, limit: usize, what: &str) -> Result<u32, String> {
        let i = self.varint()?;
        if i as usize >= limit {
            return Err(format!("{what} index {i} out of range ({limit})"));
        }
        Ok(i)
    }
}

#[cfg(test)]
mod tests {
    use super::ByteReader;

    #[test]
    fn varint_limits() {
        assert_eq!(ByteReader::new(&[0x7f]).varint(), Ok(127));
        assert_eq!(
            ByteReader::new(&[0xff, 0xff, 0xff, 0xff, 0x0f]).varint(),
            Ok(u32::MAX)
        );
        assert!(
            ByteReader::new(&[0xff, 0xff, 0xff, 0xff, 0x1f])
                .varint()
                .is_err()
        );
        assert!(
            ByteReader::new(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
                .varint()
                .is_err()
        );
        assert!(ByteReader::new(&[0x80]).varint().is_err());
    }

    #[test]
    fn counts_strings_and_indices_are_checked() {
        assert!(ByteReader::new(&[3, 1, 2]).count(1).is_err());
        assert_eq!(ByteReader::new(&[2, 1, 2]).count(1), Ok(2));
        assert!(ByteReader::new(&[2, 1, 2]).count(2).is_err());
        let mut r = ByteReader::new(b"ab\ncd");
        assert_eq!(r.str(), Ok("ab"));
        assert!(r.str().is_err());
        assert!(ByteReader::new(b"\xff\n").str().is_err());
        assert!(ByteReader::new(&[5]).index(5, "shape").is_err());
        assert_eq!(ByteReader::new(&[4]).index(5, "shape"), Ok(4));
    }
}
