//! Byte offsets to line/column positions, for the edges (CLI, editor, SARIF).
//!
//! Lines end where the YAML scanner ends them: at LF, at CRLF and at a lone CR (old Mac
//! files), so every position agrees with what the parser read.

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
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
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

    /// The byte offset where each line starts (the first is 0), in order.
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
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

    /// The byte range of 1-based `line` without its line break (LF, CRLF or CR), if the line
    /// exists.
    pub fn line_span(&self, line: u32) -> Option<crate::Span> {
        let index = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let mut end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len() as u32, |&next| next - 1);
        // A line ended by LF may have a CR before it; one ended by a lone CR has lost it above.
        let bytes = self.text.as_bytes();
        if end > start
            && bytes.get(end as usize) == Some(&b'\n')
            && bytes.get(end as usize - 1) == Some(&b'\r')
        {
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

    #[test]
    fn a_lone_cr_ends_a_line_like_lf_and_crlf() {
        let lf = LineIndex::new("a: 1\nbb: 2\n\ncc");
        let cr = LineIndex::new("a: 1\rbb: 2\r\rcc");
        let mixed = LineIndex::new("a: 1\r\nbb: 2\r\rcc");
        for index in [&cr, &mixed] {
            assert_eq!(index.line_count(), lf.line_count());
            let text = index.text();
            for (needle, expected) in [("bb", (2, 1)), (": 2", (2, 3)), ("cc", (4, 1))] {
                let at = text.find(needle).unwrap_or_default() as u32;
                let lf_at = lf.text().find(needle).unwrap_or_default() as u32;
                assert_eq!(index.line_col(at), lf.line_col(lf_at), "{text:?} {needle}");
                let (line, column) = expected;
                assert_eq!(index.line_col(at), LineCol { line, column });
            }
        }
        assert_eq!(cr.line_span(2).map(|s| s.text(cr.text())), Some("bb: 2"));
        assert_eq!(cr.line_span(3).map(|s| s.text(cr.text())), Some(""));
        assert_eq!(
            mixed.line_span(1).map(|s| s.text(mixed.text())),
            Some("a: 1")
        );
        // A CR at the end of a line that LF ends: `a\r\r\n` is `a`, an empty line, the rest.
        let index = LineIndex::new("a\r\r\nb");
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_span(2), Some(crate::Span::new(2, 2)));
    }
}
