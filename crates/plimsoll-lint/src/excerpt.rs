//! Quoting untrusted text in messages: short, on one line, and with nothing a terminal or a CI
//! log would act on (control characters and bidirectional overrides are written as escapes).

/// Characters of a file quoted in a message, at most.
pub const EXCERPT_CHARS: usize = 60;

/// Characters of a whole message built from a parser's words about untrusted text, at most.
pub const MESSAGE_CHARS: usize = 400;

/// At most `max` characters of `text` (escapes counted as written), escaped, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut written = 0;
    for c in text.chars() {
        let piece = escaped(c);
        let width = piece.as_ref().map_or(1, |p| p.chars().count());
        if written + width > max {
            out.push('…');
            return out;
        }
        match piece {
            Some(piece) => out.push_str(&piece),
            None => out.push(c),
        }
        written += width;
    }
    out
}

/// A message that quotes untrusted text between backticks (as parsers do: "unknown field
/// `x`"): each quoted part cut to [`EXCERPT_CHARS`], everything escaped, the whole cut to
/// [`MESSAGE_CHARS`].
pub fn message(text: &str) -> String {
    let bounded: Vec<String> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            let max = if i % 2 == 1 {
                EXCERPT_CHARS
            } else {
                MESSAGE_CHARS
            };
            excerpt(part, max)
        })
        .collect();
    excerpt_escaped(&bounded.join("`"), MESSAGE_CHARS)
}

/// Cuts text that is already escaped.
fn excerpt_escaped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The escape for a character that must not reach a terminal or log as it is.
fn escaped(c: char) -> Option<String> {
    let bidi = matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    match c {
        '\n' => Some("\\n".into()),
        '\r' => Some("\\r".into()),
        '\t' => Some("\\t".into()),
        c if c.is_control() || bidi => Some(format!("\\u{{{:x}}}", c as u32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_and_cuts() {
        assert_eq!(
            excerpt("a\u{1b}[2J\u{202e}b\n", 60),
            "a\\u{1b}[2J\\u{202e}b\\n"
        );
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("ab\u{7}", 4), "ab…");
    }

    #[test]
    fn messages_keep_their_words_and_cut_what_they_quote() {
        let long = "k".repeat(500);
        let text = message(&format!("unknown field `{long}\u{1b}`, expected `select`"));
        assert!(text.starts_with("unknown field `kkk"), "{text}");
        assert!(text.ends_with("…`, expected `select`"), "{text}");
        assert!(text.chars().count() < 100, "{text}");
    }
}
