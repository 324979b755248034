//! Where a quoted scalar ends in the source.
//!
//! The scanner's span of a quoted scalar in block context can run on past the closing quote,
//! over trailing spaces and a comment, to the end of the line. A finding's range must end
//! where the value ends, so the closing quote is found in the text itself.

/// The length in bytes of the quoted scalar `text` starts with, closing quote included; `None`
/// when `text` does not start with a quote or the scalar is not closed within it.
pub(crate) fn quoted_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'\'' => {
            // `''` is an escaped quote; any other `'` closes the scalar.
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return Some(i + 1);
                }
                i += 1;
            }
            None
        }
        b'"' => {
            // A backslash escapes the next character, a quote among them.
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return Some(i + 1),
                    _ => i += 1,
                }
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::quoted_len;

    #[test]
    fn ends_at_the_closing_quote_not_at_a_comment() {
        assert_eq!(quoted_len("'ssmmessages:*' # why"), Some(15));
        assert_eq!(quoted_len("\"a\" # b"), Some(3));
    }

    #[test]
    fn escaped_quotes_do_not_close() {
        assert_eq!(quoted_len("'it''s' # x"), Some(7));
        assert_eq!(quoted_len(r#""say \"hi\"" # x"#), Some(12));
        assert_eq!(quoted_len(r#""ends in \\" # x"#), Some(12));
    }

    #[test]
    fn multi_line_scalars_end_at_their_quote() {
        assert_eq!(quoted_len("'one\n  two' # c"), Some(11));
    }

    #[test]
    fn unquoted_or_unclosed_text_has_no_end() {
        assert_eq!(quoted_len("plain # c"), None);
        assert_eq!(quoted_len("'open"), None);
        assert_eq!(quoted_len("\"open\\"), None);
        assert_eq!(quoted_len(""), None);
    }
}
