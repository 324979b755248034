//! Byte offsets to the positions each edge needs: 1-based line and character column (CLI,
//! JSON, SARIF) and UTF-16 columns and offsets (editors and JavaScript strings).

use plimsoll_template::{LineCol, LineIndex, Span};

/// Position conversions for one source text.
#[derive(Clone, Debug)]
pub struct Positions<'t> {
    index: LineIndex<'t>,
    /// UTF-16 offset of each line start; `None` when the text is ASCII (then bytes = units).
    utf16_line_starts: Option<Vec<u32>>,
}

impl<'t> Positions<'t> {
    pub fn new(source: &'t str) -> Positions<'t> {
        let index = LineIndex::new(source);
        // The same line starts as the index (LF, CRLF and lone CR end lines), in UTF-16 units.
        let utf16_line_starts = (!source.is_ascii()).then(|| {
            let mut starts = Vec::with_capacity(index.line_count());
            let mut line_starts = index.line_starts().iter().peekable();
            let mut units = 0u32;
            for (at, c) in source.char_indices() {
                if line_starts.next_if(|&&s| s as usize == at).is_some() {
                    starts.push(units);
                }
                units += c.len_utf16() as u32;
            }
            if line_starts
                .next_if(|&&s| s as usize == source.len())
                .is_some()
            {
                starts.push(units);
            }
            starts
        });
        Positions {
            index,
            utf16_line_starts,
        }
    }

    /// 1-based line and 1-based column counted in characters.
    pub fn line_col(&self, offset: u32) -> LineCol {
        self.index.line_col(offset)
    }

    /// 1-based line and 1-based column counted in UTF-16 code units.
    pub fn line_col_utf16(&self, offset: u32) -> LineCol {
        let at = self.index.line_col_utf16(offset);
        LineCol {
            line: at.line + 1,
            column: at.column + 1,
        }
    }

    /// The offset in UTF-16 code units (a JavaScript string index) of a byte offset.
    pub fn utf16_offset(&self, offset: u32) -> u32 {
        match &self.utf16_line_starts {
            None => offset.min(self.index.text().len() as u32),
            Some(starts) => {
                let at = self.index.line_col_utf16(offset);
                starts.get(at.line as usize).copied().unwrap_or(0) + at.column
            }
        }
    }

    /// A span as UTF-16 offsets.
    pub fn utf16_span(&self, span: Span) -> Span {
        Span::new(self.utf16_offset(span.start), self.utf16_offset(span.end))
    }

    pub fn line_count(&self) -> usize {
        self.index.line_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_offsets_are_bytes() {
        let p = Positions::new("a: 1\nbb: 2\n");
        assert_eq!(p.utf16_offset(6), 6);
        assert_eq!(p.utf16_offset(99), 11);
        assert_eq!(p.line_col_utf16(6), LineCol { line: 2, column: 2 });
        assert_eq!(p.line_col(6), LineCol { line: 2, column: 2 });
    }

    #[test]
    fn non_ascii_offsets_count_utf16_units() {
        // 'é' is 2 bytes / 1 unit, '😀' is 4 bytes / 2 units.
        let text = "é😀\nx😀y";
        let p = Positions::new(text);
        let x = text.find('x').unwrap() as u32;
        let y = text.find('y').unwrap() as u32;
        let js_x = text.encode_utf16().count() - "x😀y".encode_utf16().count();
        assert_eq!(p.utf16_offset(x), js_x as u32);
        assert_eq!(p.utf16_offset(y), js_x as u32 + 3);
        assert_eq!(p.line_col_utf16(y), LineCol { line: 2, column: 4 });
        assert_eq!(p.line_col(y), LineCol { line: 2, column: 3 });
        let all = text.encode_utf16().count() as u32;
        assert_eq!(p.utf16_offset(text.len() as u32), all);
    }

    #[test]
    fn lone_cr_line_ends_count_as_lines_in_every_unit() {
        let lf = "é: 1\nx😀y: 2\n";
        let cr = lf.replace('\n', "\r");
        let (p_lf, p_cr) = (Positions::new(lf), Positions::new(&cr));
        let y = lf.find('y').unwrap() as u32;
        assert_eq!(p_cr.line_col(y), p_lf.line_col(y));
        assert_eq!(p_cr.line_col(y), LineCol { line: 2, column: 3 });
        assert_eq!(p_cr.line_col_utf16(y), LineCol { line: 2, column: 4 });
        assert_eq!(p_cr.utf16_offset(y), p_lf.utf16_offset(y));
        let end = cr.len() as u32;
        assert_eq!(p_cr.utf16_offset(end), cr.encode_utf16().count() as u32);
        assert_eq!(p_cr.line_count(), p_lf.line_count());
    }
}
