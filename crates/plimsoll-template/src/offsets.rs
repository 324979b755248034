//! The YAML scanner counts positions in characters; the tree stores byte offsets.

/// Converts character indices to byte offsets in O(log n), O(1) for ASCII text.
#[derive(Debug)]
pub(crate) struct CharOffsets {
    /// For each non-ASCII character: (char index just after it, byte offset just after it).
    checkpoints: Vec<(u32, u32)>,
    /// The text's length in bytes: the scanner reports some errors past the end (after an
    /// unknown directive it counts bytes, not characters), and every offset stays inside.
    len: u32,
}

impl CharOffsets {
    pub(crate) fn new(text: &str) -> CharOffsets {
        let mut checkpoints = Vec::new();
        if !text.is_ascii() {
            for (char_index, (byte, c)) in text.char_indices().enumerate() {
                if !c.is_ascii() {
                    checkpoints.push(((char_index + 1) as u32, (byte + c.len_utf8()) as u32));
                }
            }
        }
        CharOffsets {
            checkpoints,
            len: u32::try_from(text.len()).unwrap_or(u32::MAX),
        }
    }

    pub(crate) fn byte(&self, char_index: usize) -> u32 {
        let char_index = u32::try_from(char_index).unwrap_or(u32::MAX);
        let after = self.checkpoints.partition_point(|&(c, _)| c <= char_index);
        let byte = match after.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some((c, b)) => b.saturating_add(char_index - c),
            None => char_index,
        };
        byte.min(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_characters_to_bytes() {
        let text = "aé😀b";
        let offsets = CharOffsets::new(text);
        let expected: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        let actual: Vec<u32> = (0..4).map(|i| offsets.byte(i)).collect();
        assert_eq!(actual, expected);
        assert_eq!(offsets.byte(4), text.len() as u32);
    }

    #[test]
    fn indices_past_the_end_stay_at_the_end() {
        let offsets = CharOffsets::new("%éééé");
        assert_eq!(offsets.byte(13), 9);
        assert_eq!(CharOffsets::new("ab").byte(usize::MAX), 2);
    }
}
