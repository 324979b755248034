//! What the editor's backdrop draws behind the text to highlight a range: as many empty lines
//! as precede it, the text before it on its line (transparent, for the horizontal offset), and
//! the range's own text inside a mark. Only the lines up to the range are involved, so the
//! cost does not grow with the template.

use plimsoll_report::editor::Range;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backdrop {
    /// Newlines before the range's first line.
    pub leading: String,
    /// The text of the first line before the range.
    pub before: String,
    /// The range's text (at least one character wide, so an empty range still shows).
    pub marked: String,
    /// The range's first line, 1-based.
    pub line: u32,
}

/// The backdrop for `range` in `source`; `None` when the range lies outside the text.
pub fn backdrop(source: &str, range: Range) -> Option<Backdrop> {
    let start_line = range.start.line.max(1);
    let end_line = range.end.line.max(start_line);
    let mut lines = source.split('\n').skip(start_line as usize - 1);
    let first = lines.next()?;
    let first = first.strip_suffix('\r').unwrap_or(first);
    let start = byte_of_utf16_column(first, range.start.column);
    let mut marked = String::new();
    if end_line == start_line {
        let end = byte_of_utf16_column(first, range.end.column).max(start);
        marked.push_str(&first[start..end]);
    } else {
        marked.push_str(&first[start..]);
        for (i, line) in lines.take((end_line - start_line) as usize).enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            marked.push('\n');
            if i as u32 + 1 == end_line - start_line {
                marked.push_str(&line[..byte_of_utf16_column(line, range.end.column)]);
            } else {
                marked.push_str(line);
            }
        }
    }
    if marked.trim().is_empty() {
        marked.push(' ');
    }
    Some(Backdrop {
        leading: "\n".repeat(start_line as usize - 1),
        before: first[..start].to_owned(),
        marked,
        line: start_line,
    })
}

/// The byte offset in `line` of a 1-based UTF-16 column (clamped to the line).
fn byte_of_utf16_column(line: &str, column: u32) -> usize {
    let mut units = 1;
    for (at, c) in line.char_indices() {
        if units >= column {
            return at;
        }
        units += c.len_utf16() as u32;
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_report::editor::Location;

    fn range(start: (u32, u32), end: (u32, u32)) -> Range {
        let at = |(line, column)| Location {
            line,
            column,
            offset: 0,
        };
        Range {
            start: at(start),
            end: at(end),
        }
    }

    #[test]
    fn marks_a_range_on_one_line_after_wide_characters() {
        let source = "a: 1\nb: \"😀\" !Ref X\n";
        // `!Ref X` starts after "b: \"😀\" " = 8 UTF-16 units, so column 9.
        let b = backdrop(source, range((2, 9), (2, 15))).unwrap();
        assert_eq!(b.leading, "\n");
        assert_eq!(b.before, "b: \"😀\" ");
        assert_eq!(b.marked, "!Ref X");
        assert_eq!(b.line, 2);
    }

    #[test]
    fn marks_ranges_over_several_lines() {
        let source = "x:\n  a: 1\n  b: 2\ny: 3\n";
        let b = backdrop(source, range((2, 3), (3, 7))).unwrap();
        assert_eq!(b.before, "  ");
        assert_eq!(b.marked, "a: 1\n  b: 2");
    }

    #[test]
    fn empty_ranges_still_show_and_bad_ranges_are_clamped() {
        let b = backdrop("abc\n", range((1, 4), (1, 4))).unwrap();
        assert_eq!((b.before.as_str(), b.marked.as_str()), ("abc", " "));
        let b = backdrop("abc\n", range((1, 99), (1, 2))).unwrap();
        assert_eq!(b.before, "abc");
        assert!(backdrop("abc", range((5, 1), (5, 2))).is_none());
    }
}
