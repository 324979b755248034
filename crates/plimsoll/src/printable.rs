//! Text from templates, file names and rule files made safe to print: control characters and
//! bidirectional controls become visible escapes, so nothing a repository holds can move the
//! cursor, colour the terminal, reorder what is shown or start a line of its own in a CI log
//! (a GitHub Actions workflow command is a line that starts with `::`, and the runner still
//! reads the older form, `##[name]`, anywhere in a line: its `[` is shown as `\u{5b}`).
//!
//! The escapes are Rust's: `\n`, `\r`, `\t`, `\0`, and `\u{hex}` for every other C0 control,
//! DEL, the C1 controls (U+0080–U+009F), the line and paragraph separators and the
//! bidirectional marks, embeddings, overrides and isolates.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown as an escape rather than as itself.
pub fn needs_escape(c: char) -> bool {
    matches!(c,
        '\0'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
    )
}

/// Appends `c`, escaped when it must be.
pub fn push_char(out: &mut String, c: char) {
    if !needs_escape(c) {
        out.push(c);
        return;
    }
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Whether `c`, coming after `before` on its line, would open an old-style workflow command
/// (`##[`), and so is shown as an escape.
fn opens_legacy_command(before: &str, c: char) -> bool {
    c == '[' && before.ends_with("##")
}

/// Appends `c`, which comes after `before` on its line, escaped when it must be (as
/// [`push_char`], and the `[` of `##[`).
pub fn push_char_after(out: &mut String, before: &str, c: char) {
    if opens_legacy_command(before, c) {
        out.push_str("\\u{5b}");
    } else {
        push_char(out, c);
    }
}

/// The columns [`push_char_after`] prints for `c`.
pub fn escaped_width_after(before: &str, c: char) -> usize {
    if opens_legacy_command(before, c) {
        6
    } else {
        escaped_width(c)
    }
}

/// The columns `c` takes once escaped (every character counts one column, as in the rest of
/// the text output).
pub fn escaped_width(c: char) -> usize {
    if !needs_escape(c) {
        return 1;
    }
    match c {
        '\n' | '\r' | '\t' | '\0' => 2,
        // `\u{` + hex digits + `}`
        c => 4 + format!("{:x}", c as u32).len(),
    }
}

/// `text` on one line: every control character escaped, line breaks included.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) && !text.contains("##[") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (at, c) in text.char_indices() {
        push_char_after(&mut out, &text[..at], c);
    }
    Cow::Owned(out)
}

/// A message that may span lines (a configuration file's parse error): its line breaks kept,
/// every other control character escaped, and a line that would start a workflow command
/// (`::`, leading spaces aside, as the runner reads it) has its first colon escaped.
pub fn lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let command_at = line.len() - line.trim_start().len();
        for (at, c) in line.char_indices() {
            if at == command_at && line[at..].starts_with("::") {
                out.push_str("\\u{3a}");
            } else {
                push_char_after(&mut out, &line[..at], c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_escapes() {
        assert_eq!(
            one_line("a\nb\r\t\0\u{1b}[31m\u{7}\u{7f}\u{85}\u{202e}\u{2067}\u{61c}"),
            "a\\nb\\r\\t\\0\\u{1b}[31m\\u{7}\\u{7f}\\u{85}\\u{202e}\\u{2067}\\u{61c}"
        );
        assert!(matches!(one_line("plain é ✓"), Cow::Borrowed("plain é ✓")));
    }

    #[test]
    fn no_line_holds_an_old_style_workflow_command() {
        assert_eq!(
            one_line("x ##[error]boom ###[y] #[z] ##"),
            "x ##\\u{5b}error]boom ###\\u{5b}y] #[z] ##"
        );
        assert_eq!(
            lines("a\n  ##[stop-commands]t"),
            "a\n  ##\\u{5b}stop-commands]t"
        );
        assert_eq!(escaped_width_after("##", '['), 6);
        assert_eq!(escaped_width_after("#", '['), 1);
    }

    #[test]
    fn widths_match_the_escapes() {
        for c in [
            '\n', '\0', '\u{1b}', '\u{7f}', '\u{9f}', '\u{202e}', 'x', 'é',
        ] {
            let mut out = String::new();
            push_char(&mut out, c);
            assert_eq!(escaped_width(c), out.chars().count(), "{c:?}");
        }
    }

    #[test]
    fn multi_line_messages_keep_their_lines_but_start_no_command() {
        assert_eq!(
            lines("bad file\n  ::error file=x::boom\r\n\u{1b}]8;;x\u{7}"),
            "bad file\n  \\u{3a}:error file=x::boom\n\\u{1b}]8;;x\\u{7}"
        );
    }
}
