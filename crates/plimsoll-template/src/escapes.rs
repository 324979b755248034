//! UTF-16 surrogate escapes in double-quoted scalars, which the YAML scanner refuses.
//!
//! JSON writes a character outside the Basic Multilingual Plane as a surrogate pair
//! (`"\ud83d\ude80"` is 🚀; Python's `json.dumps` writes every emoji so), and CloudFormation,
//! whose strings are UTF-16, reads such pairs in YAML too. The scanner only takes escapes of
//! whole code points, so before parsing each pair is rewritten as the one escape of its code
//! point (`\U0001F680`), and a lone surrogate as `\uFFFD`, the replacement character, which is
//! reported. Spans are mapped back to the original text afterwards. The rewrite is textual, so
//! it is only kept where the parser saw a double-quoted scalar: anywhere else (a plain or
//! single-quoted scalar, a block scalar, a comment) `\ud83d` is just text.

use std::borrow::Cow;

/// One rewritten escape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rewrite {
    /// Offset of the backslash in the original text.
    pub(crate) at: u32,
    /// Length of the original escape text (`\ud83d\ude80` is 12).
    pub(crate) len: u32,
    /// The escape that replaces it.
    pub(crate) replacement: String,
    /// A lone surrogate, read as U+FFFD.
    pub(crate) lone: bool,
}

/// The rewrites planned for a text, in order.
#[derive(Debug, Default)]
pub(crate) struct Escapes {
    rewrites: Vec<Rewrite>,
    /// Where each rewrite starts in the rewritten text, for mapping offsets back in
    /// O(log rewrites).
    rewritten_at: Vec<u32>,
}

impl Escapes {
    /// Finds every surrogate escape (a `\u` or `\U` that a backslash does not itself escape).
    pub(crate) fn find(source: &str) -> Escapes {
        let bytes = source.as_bytes();
        let mut rewrites = Vec::new();
        let mut i = 0;
        while let Some(found) = bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
        {
            let at = i + found;
            // `\\` is an escaped backslash: look at the character after the pair.
            let Some(&next) = bytes.get(at + 1) else {
                break;
            };
            let escape = match next {
                b'u' => surrogate(bytes, at + 2, 4),
                b'U' => surrogate(bytes, at + 2, 8),
                _ => None,
            };
            let Some(first) = escape else {
                i = at + 2;
                continue;
            };
            let first_len = if next == b'u' { 6 } else { 10 };
            let low = (next == b'u' && is_high(first))
                .then(|| {
                    (bytes.get(at + 6..at + 8) == Some(b"\\u"))
                        .then(|| surrogate(bytes, at + 8, 4))
                        .flatten()
                })
                .flatten()
                .filter(|&low| !is_high(low));
            let rewrite = match low {
                Some(low) => {
                    let code = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                    Rewrite {
                        at: at as u32,
                        len: 12,
                        replacement: format!("\\U{code:08X}"),
                        lone: false,
                    }
                }
                None => Rewrite {
                    at: at as u32,
                    len: first_len as u32,
                    replacement: if next == b'u' {
                        "\\uFFFD".to_owned()
                    } else {
                        "\\U0000FFFD".to_owned()
                    },
                    lone: true,
                },
            };
            i = at + rewrite.len as usize;
            rewrites.push(rewrite);
        }
        let mut escapes = Escapes {
            rewrites,
            rewritten_at: Vec::new(),
        };
        escapes.locate();
        escapes
    }

    /// Computes where each rewrite lands in the rewritten text.
    fn locate(&mut self) {
        let mut shift: i64 = 0;
        self.rewritten_at = self
            .rewrites
            .iter()
            .map(|r| {
                let at = i64::from(r.at) + shift;
                shift += r.replacement.len() as i64 - i64::from(r.len);
                at.max(0) as u32
            })
            .collect();
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rewrites.is_empty()
    }

    pub(crate) fn rewrites(&self) -> &[Rewrite] {
        &self.rewrites
    }

    /// Keeps only the rewrites `keep` accepts.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&Rewrite) -> bool) {
        self.rewrites.retain(keep);
        self.locate();
    }

    /// The text with every rewrite applied.
    pub(crate) fn apply<'s>(&self, source: &'s str) -> Cow<'s, str> {
        if self.rewrites.is_empty() {
            return Cow::Borrowed(source);
        }
        let mut text = String::with_capacity(source.len());
        let mut last = 0;
        for rewrite in &self.rewrites {
            let at = rewrite.at as usize;
            text.push_str(source.get(last..at).unwrap_or_default());
            text.push_str(&rewrite.replacement);
            last = at + rewrite.len as usize;
        }
        text.push_str(source.get(last..).unwrap_or_default());
        Cow::Owned(text)
    }

    /// Maps an offset in the rewritten text back to the original text: the ends of a rewrite
    /// map to the ends of what it replaced, an offset inside it to the same distance in.
    pub(crate) fn original(&self, offset: u32) -> u32 {
        let after = self.rewritten_at.partition_point(|&at| at <= offset);
        let Some(last) = after.checked_sub(1) else {
            return offset;
        };
        let (rewrite, at) = (&self.rewrites[last], self.rewritten_at[last]);
        let inside = offset - at;
        let new_len = rewrite.replacement.len() as u32;
        if inside < new_len {
            rewrite.at + inside.min(rewrite.len)
        } else {
            rewrite.at + rewrite.len + (inside - new_len)
        }
    }
}

/// The surrogate code unit (U+D800 to U+DFFF) written as `digits` hex digits at `at`.
fn surrogate(bytes: &[u8], at: usize, digits: usize) -> Option<u32> {
    let hex = bytes.get(at..at + digits)?;
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let text = std::str::from_utf8(hex).ok()?;
    let code = u32::from_str_radix(text, 16).ok()?;
    (0xD800..=0xDFFF).contains(&code).then_some(code)
}

fn is_high(code: u32) -> bool {
    (0xD800..=0xDBFF).contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_become_one_escape_and_lone_halves_the_replacement_character() {
        let source = r#"a: "\ud83d\ude80 \uDC00 \ud83d x \U0000D800 \u00e9""#;
        let escapes = Escapes::find(source);
        assert_eq!(
            escapes.apply(source),
            r#"a: "\U0001F680 \uFFFD \uFFFD x \U0000FFFD \u00e9""#
        );
        let lone: Vec<bool> = escapes.rewrites().iter().map(|r| r.lone).collect();
        assert_eq!(lone, [false, true, true, true]);
    }

    #[test]
    fn an_escaped_backslash_is_not_an_escape() {
        let source = r#""\\ud83d\\\ud83d\ude80\\u""#;
        let escapes = Escapes::find(source);
        assert_eq!(escapes.apply(source), r#""\\ud83d\\\U0001F680\\u""#);
    }

    #[test]
    fn offsets_map_back_across_rewrites() {
        let source = r#""\ud83d\ude80" "\ud800" x"#;
        let escapes = Escapes::find(source);
        let text = escapes.apply(source);
        assert_eq!(text, r#""\U0001F680" "\uFFFD" x"#);
        for (needle, expected) in [("\"", 0), ("\\U", 1), ("\" \"", 13), (" x", 23)] {
            let at = text.find(needle).unwrap_or_default() as u32;
            assert_eq!(escapes.original(at), expected, "{needle}");
        }
        assert_eq!(escapes.original(text.len() as u32), source.len() as u32);
    }
}
