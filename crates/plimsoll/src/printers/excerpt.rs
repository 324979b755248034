//! The part of a source line shown above the carets: the whole line when it is short, else a
//! window around the span with `...` where the line is cut (as rustc and ruff do), so that the
//! text output grows with the number of findings, not with the length of the lines.
//!
//! Offsets are bytes into the line; columns count characters as they are printed: a tab is
//! [`TAB_WIDTH`] spaces and a control character is its escape (see [`crate::printable`]).

use crate::printable;

/// The widest line shown whole, in columns; a longer one is cut to this many around the span.
pub const MAX_WIDTH: usize = 120;

/// Columns kept before the span when a line is cut and the span leaves room for them.
const CONTEXT_BEFORE: usize = 40;

/// Columns kept before a span too wide for the window.
const MIN_CONTEXT_BEFORE: usize = 10;

const TAB_WIDTH: usize = 4;

const ELLIPSIS: &str = "...";

/// A stretch of one source line: `line[start..end]`, cut on either side or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window<'l> {
    line: &'l str,
    start: usize,
    end: usize,
}

impl<'l> Window<'l> {
    /// The whole line if it fits in [`MAX_WIDTH`] columns, else [`MAX_WIDTH`] columns around
    /// the span `from..to`: up to [`CONTEXT_BEFORE`] before it and the rest after it, or more
    /// before it when the line ends sooner.
    pub fn around(line: &'l str, from: usize, to: usize) -> Window<'l> {
        if width_within(line, 0, line.len(), MAX_WIDTH).is_some() {
            return Window {
                line,
                start: 0,
                end: line.len(),
            };
        }
        let from = floor_boundary(line, from);
        let to = floor_boundary(line, to.max(from));
        let before = CONTEXT_BEFORE
            .min(MAX_WIDTH.saturating_sub(span_width(line, from, to)))
            .max(MIN_CONTEXT_BEFORE);
        let after = advance(line, from, MAX_WIDTH - before);
        let start = retreat(line, from, MAX_WIDTH - width(line, from, after));
        // Columns left over where the line starts sooner go after the span.
        let end = advance(line, start, MAX_WIDTH);
        Window { line, start, end }
    }

    fn cut_left(&self) -> bool {
        self.start > 0
    }

    fn cut_right(&self) -> bool {
        self.end < self.line.len()
    }

    /// Whether a span starting at `from` is shown in this window.
    pub fn shows(&self, from: usize) -> bool {
        from >= self.start && (from < self.end || (from == self.end && !self.cut_right()))
    }

    /// The window as printed.
    pub fn render(&self) -> String {
        let text = &self.line[self.start..self.end];
        let mut out = String::with_capacity(text.len() + 2 * ELLIPSIS.len());
        if self.cut_left() {
            out.push_str(ELLIPSIS);
        }
        for (at, c) in text.char_indices() {
            if c == '\t' {
                out.push_str(&" ".repeat(TAB_WIDTH));
            } else {
                printable::push_char_after(&mut out, &self.line[..self.start + at], c);
            }
        }
        if self.cut_right() {
            out.push_str(ELLIPSIS);
        }
        out
    }

    /// Where the underline of the span `from..to` starts in the rendered window and how many
    /// columns it covers (at least one; clipped to the window).
    pub fn underline(&self, from: usize, to: usize) -> (usize, usize) {
        let clamp = |at: usize| floor_boundary(self.line, at.clamp(self.start, self.end));
        let (from, to) = (clamp(from), clamp(to.max(from)));
        let lead = if self.cut_left() { ELLIPSIS.len() } else { 0 };
        let before = lead + width(self.line, self.start, from);
        (before, width(self.line, from, to).max(1))
    }
}

/// The columns the character `c` at offset `at` of `line` is printed in (what comes before it
/// on the line can make it an escape: see [`printable::push_char_after`]).
fn char_width(line: &str, at: usize, c: char) -> usize {
    if c == '\t' {
        TAB_WIDTH
    } else {
        printable::escaped_width_after(&line[..at], c)
    }
}

/// The width of `line[from..to]`.
fn width(line: &str, from: usize, to: usize) -> usize {
    line[from..to]
        .char_indices()
        .map(|(at, c)| char_width(line, from + at, c))
        .sum()
}

/// The width of `line[from..to]` if it is at most `limit` (reading no further than that).
fn width_within(line: &str, from: usize, to: usize, limit: usize) -> Option<usize> {
    let mut total = 0;
    for (at, c) in line[from..to].char_indices() {
        total += char_width(line, from + at, c);
        if total > limit {
            return None;
        }
    }
    Some(total)
}

/// The width of `from..to`, counted only as far as [`MAX_WIDTH`].
fn span_width(line: &str, from: usize, to: usize) -> usize {
    width_within(line, from, to, MAX_WIDTH).unwrap_or(MAX_WIDTH)
}

/// The offset after as many characters from `from` as fit in `columns`.
fn advance(line: &str, from: usize, columns: usize) -> usize {
    let mut used = 0;
    for (at, c) in line[from..].char_indices() {
        used += char_width(line, from + at, c);
        if used > columns {
            return from + at;
        }
    }
    line.len()
}

/// The offset before as many characters before `to` as fit in `columns`.
fn retreat(line: &str, to: usize, columns: usize) -> usize {
    let mut used = 0;
    let mut start = to;
    for (at, c) in line[..to].char_indices().rev() {
        used += char_width(line, at, c);
        if used > columns {
            break;
        }
        start = at;
    }
    start
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole_with_tabs_expanded_and_controls_escaped() {
        let line = "\tab\u{1b}c";
        let window = Window::around(line, 1, 2);
        assert_eq!(window.render(), "    ab\\u{1b}c");
        assert_eq!(window.underline(1, 2), (4, 1));
        // The escape counts its own width: `c` comes after the six columns of `\u{1b}`.
        assert_eq!(window.underline(4, 5), (12, 1));
        // An empty span after the last character.
        assert_eq!(window.underline(5, 5), (13, 1));
        assert!(window.shows(5));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}TARGET{}", "a".repeat(1000), "b".repeat(1000));
        let window = Window::around(&line, 1000, 1006);
        let shown = window.render();
        assert!(
            shown.starts_with("...") && shown.ends_with("..."),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), MAX_WIDTH + 6);
        let (before, under) = window.underline(1000, 1006);
        assert_eq!(under, 6);
        assert_eq!(&shown[before..before + under], "TARGET");
        assert_eq!(before, 3 + CONTEXT_BEFORE);
        assert!(!window.shows(10) && !window.shows(1500));
    }

    #[test]
    fn a_span_near_the_end_gets_more_context_before_it() {
        let line = format!("{}END", "a".repeat(1000));
        let window = Window::around(&line, 1000, 1003);
        let shown = window.render();
        assert!(
            shown.starts_with("...") && shown.ends_with("END"),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), MAX_WIDTH + 3);
    }

    #[test]
    fn a_span_wider_than_the_window_is_underlined_to_its_edge() {
        let line = "x".repeat(100_000);
        let window = Window::around(&line, 10, 90_000);
        assert_eq!(window.render().len(), MAX_WIDTH + 3);
        let (before, under) = window.underline(10, 90_000);
        assert_eq!(before, 10);
        assert_eq!(before + under, MAX_WIDTH);
    }

    #[test]
    fn windows_never_split_a_character() {
        let line = "é".repeat(500);
        let window = Window::around(&line, 501, 503);
        assert!(window.render().chars().all(|c| c == 'é' || c == '.'));
        assert_eq!(window.underline(501, 503).1, 1);
    }
}
