//! The stored file is raw DEFLATE at a fixed level, so `--check` can compare bytes.

/// miniz_oxide's best compression (levels 0..=10). Fixed: the check compares bytes.
const LEVEL: u8 = 10;

/// Raw DEFLATE at the fixed level.
pub fn compress(raw: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(raw, LEVEL)
}
