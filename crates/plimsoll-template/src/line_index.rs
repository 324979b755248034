//! Byte offsets to line/column positions, for the edges (CLI, editor, SARIF).

/// A 1-based line and column. What a column counts depends on the method that made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a text, for converting byte offsets to positions in O(log lines).
#[derive(Clone, Debug)]
pub struct LineIndex<'t> {
    text: &'t str,
    line_starts: Vec<u32>,
    ascii: bool,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| (i + 1) as u32),
        );
        LineIndex {
            text,
            line_starts,
            ascii: text.is_ascii(),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and 1-based column counted in characters (Unicode scalar values).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let (line, start, offset) = self.locate(offset);
        let column = if self.ascii {
            offset - start
        } else {
            self.prefix(start, offset).chars().count() as u32
        };
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// 0-based line and 0-based column counted in UTF-16 code units (editors, LSP, JavaScript).
    pub fn line_col_utf16(&self, offset: u32) -> LineCol {
        let (line, start, offset) = self.locate(offset);
        let column = if self.ascii {
            offset - start
        } else {
            self.prefix(start, offset)
                .chars()
                .map(|c| c.len_utf16() as u32)
                .sum()
        };
        LineCol { line, column }
    }

    /// The byte range of 1-based `line` without its line break, if the line exists.
    pub fn line_span(&self, line: u32) -> Option<crate::Span> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let mut end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len() as u32, |&next| next - 1);
        if end > start && self.text.as_bytes().get(end as usize - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(crate::Span::new(start, end))
    }

    /// (0-based line, line start, offset clamped into the text and onto a char boundary).
    fn locate(&self, offset: u32) -> (u32, u32, u32) {
        let mut offset = offset.min(self.text.len() as u32);
        while !self.text.is_char_boundary(offset as usize) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        (line as u32, self.line_starts[line], offset)
    }

    fn prefix(&self, start: u32, offset: u32) -> &str {
        self.text.get(start as usize..offset as usize).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_positions_are_one_based() {
        let index = LineIndex::new("a: 1\nbb: 2\n");
        assert_eq!(index.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(5), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(8), LineCol { line: 2, column: 4 });
        assert_eq!(index.line_col(11), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn columns_count_characters_and_utf16_units() {
        // 'é' is 2 bytes, 1 char, 1 UTF-16 unit; '😀' is 4 bytes, 1 char, 2 UTF-16 units.
        let text = "é😀x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap_or_default() as u32;
        assert_eq!(index.line_col(x), LineCol { line: 1, column: 3 });
        assert_eq!(index.line_col_utf16(x), LineCol { line: 0, column: 3 });
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let index = LineIndex::new("é");
        assert_eq!(index.line_col(1), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(99), LineCol { line: 1, column: 2 });
    }

    #[test]
    fn line_span_excludes_crlf() {
        let index = LineIndex::new("ab\r\ncd");
        assert_eq!(index.line_span(1), Some(crate::Span::new(0, 2)));
        assert_eq!(index.line_span(2), Some(crate::Span::new(4, 6)));
        assert_eq!(index.line_span(3), None);
    }
}
