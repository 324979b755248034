//! Leniency for under-indented flow content, which CloudFormation accepts and YAML forbids.
//!
//! Real templates close a JSON-style flow mapping at the column of its key, or continue a
//! quoted string at the key's column:
//!
//! ```yaml
//! PolicyDocument: {
//!     "Statement": [ … ]
//! }                      # YAML requires this brace to be indented past `PolicyDocument`
//! ```
//!
//! CloudFormation's parser reads these, so Plimsoll must too. When the scanner rejects such a
//! line, the line is indented just enough and the text parsed again; spans are then mapped
//! back to the original text, so positions stay exact. Leading spaces are insignificant in
//! flow content and in quoted-scalar continuation lines, so the values do not change.

use std::borrow::Cow;

/// Most re-parses attempted before the error is reported as it is.
pub(crate) const MAX_ATTEMPTS: usize = 32;

/// Where the scanner stopped, in the text that was parsed.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) at: u32,
    /// Start of the innermost flow collection open at the failure, if any.
    pub(crate) open_flow: Option<u32>,
}

/// Spaces inserted at line starts, as (offset in the original text, count), sorted.
#[derive(Debug, Default)]
pub(crate) struct Reindent {
    insertions: Vec<(u32, u32)>,
}

impl Reindent {
    pub(crate) fn is_empty(&self) -> bool {
        self.insertions.is_empty()
    }

    /// The original text with every insertion applied.
    pub(crate) fn apply<'s>(&self, source: &'s str) -> Cow<'s, str> {
        if self.insertions.is_empty() {
            return Cow::Borrowed(source);
        }
        let extra: u32 = self.insertions.iter().map(|&(_, n)| n).sum();
        let mut text = String::with_capacity(source.len() + extra as usize);
        let mut last = 0;
        for &(at, count) in &self.insertions {
            text.push_str(&source[last..at as usize]);
            text.extend(std::iter::repeat_n(' ', count as usize));
            last = at as usize;
        }
        text.push_str(&source[last..]);
        Cow::Owned(text)
    }

    /// Maps an offset in the re-indented text back to the original text.
    pub(crate) fn original(&self, offset: u32) -> u32 {
        let mut shift = 0;
        for &(at, count) in &self.insertions {
            let shifted = at + shift;
            if offset < shifted {
                break;
            }
            if offset < shifted + count {
                return at;
            }
            shift += count;
        }
        offset - shift
    }

    /// Plans insertions that would get past `failure` in `text` (the re-indented text), and
    /// records them. Returns `false` when the failure is not an indentation problem this can fix.
    pub(crate) fn plan(&mut self, text: &str, failure: &Failure) -> bool {
        let planned = if failure.message == "invalid indentation in quoted scalar" {
            quoted_scalar_lines(text, failure.at)
        } else if failure.message.starts_with("invalid indentation") {
            failure
                .open_flow
                .map(|open| {
                    let line = line_start(text, failure.at);
                    let needed = indentation(text, open) + 1;
                    let have = (failure.at - line).min(indentation(text, failure.at));
                    vec![(line, needed.saturating_sub(have).max(1))]
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        if planned.is_empty() {
            return false;
        }
        // Map every offset before inserting any: they all refer to `text` as it is now.
        let planned: Vec<(u32, u32)> = planned
            .into_iter()
            .map(|(at, count)| (self.original(at), count))
            .collect();
        for (original, count) in planned {
            match self.insertions.binary_search_by_key(&original, |&(o, _)| o) {
                Ok(i) => self.insertions[i].1 += count,
                Err(i) => self.insertions.insert(i, (original, count)),
            }
        }
        true
    }
}

/// Where the line holding `offset` starts; LF, CRLF and a lone CR end lines, as in the scanner.
fn line_start(text: &str, offset: u32) -> u32 {
    text[..offset as usize]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i as u32 + 1)
}

/// Leading spaces of the line containing `offset`.
fn indentation(text: &str, offset: u32) -> u32 {
    let start = line_start(text, offset) as usize;
    text[start..].bytes().take_while(|&b| b == b' ').count() as u32
}

/// Continuation lines of the quoted scalar starting at `start` that are not indented past the
/// line the scalar starts on, with the spaces each needs.
fn quoted_scalar_lines(text: &str, start: u32) -> Vec<(u32, u32)> {
    let needed = indentation(text, start) + 1;
    let bytes = text.as_bytes();
    let Some(&quote) = bytes.get(start as usize) else {
        return Vec::new();
    };
    if quote != b'"' && quote != b'\'' {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut i = start as usize + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 1,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            c if c == quote => break,
            // LF, or a CR that is not the first half of CRLF: the next line starts after it.
            b'\n' | b'\r' if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') => {
                let line = i + 1;
                let have = bytes[line..].iter().take_while(|&&b| b == b' ').count() as u32;
                let blank = matches!(bytes.get(line + have as usize), Some(b'\n' | b'\r') | None);
                if have < needed && !blank {
                    lines.push((line as u32, needed - have));
                }
            }
            _ => {}
        }
        i += 1;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_across_insertions() {
        let reindent = Reindent {
            insertions: vec![(2, 3), (5, 1)],
        };
        let text = reindent.apply("ab\ncd\nef");
        assert_eq!(text, "ab   \ncd \nef");
        let original: Vec<u32> = (0..text.len() as u32)
            .map(|o| reindent.original(o))
            .collect();
        assert_eq!(original, [0, 1, 2, 2, 2, 2, 3, 4, 5, 5, 6, 7]);
    }

    #[test]
    fn several_lines_planned_at_once_map_to_the_original_text() {
        let source = "k: 'a\nb\nc\nd'\n";
        let mut reindent = Reindent::default();
        let failure = Failure {
            message: "invalid indentation in quoted scalar".into(),
            at: 3,
            open_flow: None,
        };
        assert!(reindent.plan(source, &failure));
        assert_eq!(reindent.apply(source), "k: 'a\n b\n c\n d'\n");
    }

    #[test]
    fn quoted_scalar_continuations_are_indented_past_their_key() {
        let text = "  a: \"x\n  y \\\" z\n\n     w\"\n";
        let start = text.find('"').unwrap_or_default() as u32;
        assert_eq!(quoted_scalar_lines(text, start), [(8, 1)]);
    }
}
