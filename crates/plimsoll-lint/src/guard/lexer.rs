//! The tokens of a guard rule file, as cfn-guard's parser reads them: comments, strings,
//! regular expressions and `<< … >>` messages are single tokens, so a bracket, a `%` or a
//! `let` inside them is not seen as code.
//!
//! The checks made before cfn-guard parses a file (how deep its brackets nest, which variables
//! its lets name) read these tokens. They must agree with cfn-guard wherever cfn-guard accepts
//! the text; on text it refuses they only have to end.

/// One token and where it starts (1-based line and column; columns count characters, as
/// cfn-guard's positions do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token<'t> {
    pub kind: Kind<'t>,
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind<'t> {
    /// A name, keyword or number: letters, digits and `_`.
    Word(&'t str),
    /// `%name`, a variable reference (the name without `%`).
    Variable(&'t str),
    /// A quoted string, its text between the quotes as written.
    Str(&'t str),
    /// `/…/`
    Regex,
    /// `<< … >>`
    Message,
    /// `[`, `(` or `{`
    Open(char),
    /// `]`, `)` or `}`
    Close(char),
    /// Any other character (operators, `.`, `,`, `:`, `=`, …).
    Punct(char),
}

/// The tokens of `text`, in order. Never fails: an unclosed string, regular expression or
/// message runs to the end of the text.
pub(crate) fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        text,
        at: 0,
        line: 1,
        column: 1,
    }
}

pub(crate) struct Tokens<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    at: usize,
    line: u32,
    column: u32,
}

impl<'t> Tokens<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    /// Moves past `len` bytes of the rest (on a character boundary), counting lines and
    /// columns.
    fn advance(&mut self, len: usize) {
        let end = (self.at + len).min(self.text.len());
        for c in self.text[self.at..end].chars() {
            if c == '\n' {
                self.line = self.line.saturating_add(1);
                self.column = 1;
            } else {
                self.column = self.column.saturating_add(1);
            }
        }
        self.at = end;
    }

    /// The length of a quoted body that `quote` closes: up to the first `quote` not right
    /// after a backslash (cfn-guard's escape), or the whole rest when none does.
    fn quoted_len(body: &str, quote: char) -> (usize, bool) {
        let mut previous = None;
        for (at, c) in body.char_indices() {
            if c == quote && previous != Some('\\') {
                return (at, true);
            }
            previous = Some(c);
        }
        (body.len(), false)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The length of the variable name at the start of `text`: an ASCII letter, then letters,
/// digits and `_` (cfn-guard's `var_name`).
pub(crate) fn variable_name_len(text: &str) -> usize {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return 0;
    }
    text.find(|c: char| !is_word_char(c)).unwrap_or(text.len())
}

impl<'t> Iterator for Tokens<'t> {
    type Item = Token<'t>;

    fn next(&mut self) -> Option<Token<'t>> {
        loop {
            let rest = self.rest();
            let c = rest.chars().next()?;
            if c.is_whitespace() {
                self.advance(c.len_utf8());
                continue;
            }
            if c == '#' {
                self.advance(rest.find('\n').unwrap_or(rest.len()));
                continue;
            }
            let (line, column) = (self.line, self.column);
            let token = |kind| Token { kind, line, column };
            let (kind, len) = match c {
                '\'' | '"' | '/' => {
                    let body = &rest[1..];
                    let (len, closed) = Self::quoted_len(body, c);
                    let kind = if c == '/' {
                        Kind::Regex
                    } else {
                        Kind::Str(&body[..len])
                    };
                    (kind, 1 + len + usize::from(closed))
                }
                '<' if rest.starts_with("<<") => {
                    let len = rest[2..].find(">>").map_or(rest.len(), |end| end + 4);
                    (Kind::Message, len)
                }
                '%' => match variable_name_len(&rest[1..]) {
                    0 => (Kind::Punct('%'), 1),
                    len => (Kind::Variable(&rest[1..1 + len]), 1 + len),
                },
                '[' | '(' | '{' => (Kind::Open(c), 1),
                ']' | ')' | '}' => (Kind::Close(c), 1),
                c if is_word_char(c) => {
                    let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                    (Kind::Word(&rest[..len]), len)
                }
                c => (Kind::Punct(c), c.len_utf8()),
            };
            self.advance(len);
            return Some(token(kind));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, tokens};

    fn kinds(text: &str) -> Vec<Kind<'_>> {
        tokens(text).map(|t| t.kind).collect()
    }

    #[test]
    fn brackets_in_comments_strings_regexes_and_messages_are_not_code() {
        let text = "let a = [ '[{(' , /[(\\/]/ ] # {{{ %b\nrule r { %a exists << [ %c >> }\n";
        assert_eq!(
            kinds(text),
            [
                Kind::Word("let"),
                Kind::Word("a"),
                Kind::Punct('='),
                Kind::Open('['),
                Kind::Str("[{("),
                Kind::Punct(','),
                Kind::Regex,
                Kind::Close(']'),
                Kind::Word("rule"),
                Kind::Word("r"),
                Kind::Open('{'),
                Kind::Variable("a"),
                Kind::Word("exists"),
                Kind::Message,
                Kind::Close('}'),
            ]
        );
    }

    #[test]
    fn a_quote_after_a_backslash_does_not_close_a_string() {
        // cfn-guard: a backslash right before the quote escapes it, even after another one.
        assert_eq!(kinds(r"'a\'b' c"), [Kind::Str(r"a\'b"), Kind::Word("c")]);
        assert_eq!(kinds(r"'a\\' b'"), [Kind::Str(r"a\\' b")]);
        assert_eq!(kinds("\"x\" 'y'"), [Kind::Str("x"), Kind::Str("y")]);
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let found: Vec<(u32, u32)> = tokens("é %x\n  'ü' {\n#c\n}")
            .map(|t| (t.line, t.column))
            .collect();
        assert_eq!(found, [(1, 1), (1, 3), (2, 3), (2, 7), (4, 1)]);
    }

    #[test]
    fn unclosed_text_runs_to_the_end() {
        assert_eq!(kinds("'abc { "), [Kind::Str("abc { ")]);
        assert_eq!(kinds("/ab"), [Kind::Regex]);
        assert_eq!(kinds("<< [ > >"), [Kind::Message]);
        assert_eq!(
            kinds("% %1 %_a"),
            [
                Kind::Punct('%'),
                Kind::Punct('%'),
                Kind::Word("1"),
                Kind::Punct('%'),
                Kind::Word("_a"),
            ]
        );
    }
}
