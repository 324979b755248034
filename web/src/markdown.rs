//! The small Markdown subset rule docs use (headings, paragraphs, lists, fenced code, inline
//! code, emphasis, links), parsed into blocks the docs panel renders. Anything else stays text:
//! the docs are shown, never executed as HTML.

/// A run of inline text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
    Emphasis(String),
    Link { text: String, href: String },
}

/// A block of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading { level: u8, text: Vec<Inline> },
    Paragraph(Vec<Inline>),
    List(Vec<Vec<Inline>>),
    Code { lang: String, code: String },
}

/// Parses Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut lines = markdown.lines();
    let flush = |paragraph: &mut Vec<&str>, list: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(inline(&paragraph.join(" "))));
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(Block::List(list.iter().map(|i| inline(i)).collect()));
            list.clear();
        }
    };
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush(&mut paragraph, &mut list, &mut blocks);
            let mut code = String::new();
            for line in lines.by_ref() {
                if line.trim_start().starts_with("```") {
                    break;
                }
                code.push_str(line);
                code.push('\n');
            }
            blocks.push(Block::Code {
                lang: lang.trim().to_owned(),
                code,
            });
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut list, &mut blocks);
        } else if let Some((level, text)) = heading(trimmed) {
            flush(&mut paragraph, &mut list, &mut blocks);
            blocks.push(Block::Heading {
                level,
                text: inline(text),
            });
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut list, &mut blocks);
            }
            list.push(item.to_owned());
        } else if let (Some(last), true) = (list.last_mut(), line.starts_with("  ")) {
            last.push(' ');
            last.push_str(trimmed);
        } else {
            if !list.is_empty() {
                flush(&mut paragraph, &mut list, &mut blocks);
            }
            paragraph.push(trimmed);
        }
    }
    flush(&mut paragraph, &mut list, &mut blocks);
    blocks
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let text = line.get(level..)?.strip_prefix(' ')?;
    (1..=6)
        .contains(&level)
        .then_some((level as u8, text.trim()))
}

/// Splits text into inline runs: `code`, **strong**, *emphasis* or _emphasis_, [text](href).
/// An underscore inside a word is a letter (`UPDATE_IN_PROGRESS`), as in CommonMark.
pub fn inline(text: &str) -> Vec<Inline> {
    runs(text, true)
}

/// Splits a finding's message into text and `code` only: messages quote template text, which
/// may hold `*`, `_` or brackets that mean nothing.
pub fn code_spans(text: &str) -> Vec<Inline> {
    runs(text, false)
}

fn runs(text: &str, markup: bool) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let in_word = plain.chars().last().is_some_and(char::is_alphanumeric);
        let parsed = match c {
            '`' => delimited(rest, "`").map(|(inner, after)| (Inline::Code(inner.into()), after)),
            '*' if markup && rest.starts_with("**") => {
                delimited(rest, "**").map(|(inner, after)| (Inline::Strong(inner.into()), after))
            }
            '*' | '_' if markup && !(c == '_' && in_word) => delimited(rest, &rest[..1])
                .filter(|(inner, _)| !inner.starts_with(' '))
                .filter(|(_, after)| {
                    c == '*' || !after.chars().next().is_some_and(char::is_alphanumeric)
                })
                .map(|(inner, after)| (Inline::Emphasis(inner.into()), after)),
            '[' if markup => link(rest),
            _ => None,
        };
        match parsed {
            Some((run, after)) => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(run);
                rest = after;
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// `text` starting with `mark`: the inner text up to the closing `mark`, and what follows.
fn delimited<'t>(text: &'t str, mark: &str) -> Option<(&'t str, &'t str)> {
    let body = text.strip_prefix(mark)?;
    let end = body.find(mark)?;
    (end > 0).then(|| (&body[..end], &body[end + mark.len()..]))
}

fn link(text: &str) -> Option<(Inline, &str)> {
    let body = text.strip_prefix('[')?;
    let close = body.find("](")?;
    let after = &body[close + 2..];
    let end = after.find(')')?;
    let href = &after[..end];
    // Only web links: a doc must not smuggle in `javascript:` URLs.
    if !(href.starts_with("https://") || href.starts_with("http://")) {
        return None;
    }
    Some((
        Inline::Link {
            text: body[..close].to_owned(),
            href: href.to_owned(),
        },
        &after[end + 1..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_docs_become_headings_paragraphs_and_code() {
        let docs = "### What it does\nReports a `Ref` that\nnames nothing.\n\n### Example\n```yaml\nA: !Ref B\n```\n";
        assert_eq!(
            parse(docs),
            vec![
                Block::Heading {
                    level: 3,
                    text: vec![Inline::Text("What it does".into())]
                },
                Block::Paragraph(vec![
                    Inline::Text("Reports a ".into()),
                    Inline::Code("Ref".into()),
                    Inline::Text(" that names nothing.".into()),
                ]),
                Block::Heading {
                    level: 3,
                    text: vec![Inline::Text("Example".into())]
                },
                Block::Code {
                    lang: "yaml".into(),
                    code: "A: !Ref B\n".into()
                },
            ]
        );
    }

    #[test]
    fn lists_with_continuation_lines() {
        let blocks = parse("Intro:\n- one\n  more\n- **two**\n\nEnd");
        assert_eq!(
            blocks[1],
            Block::List(vec![
                vec![Inline::Text("one more".into())],
                vec![Inline::Strong("two".into())],
            ])
        );
        assert_eq!(blocks.len(), 3);
    }

    #[test]
    fn unmatched_marks_and_unsafe_links_stay_text() {
        assert_eq!(
            inline("2 * 3 and `x"),
            vec![Inline::Text("2 * 3 and `x".into())]
        );
        assert_eq!(
            inline("[a](javascript:alert(1))"),
            vec![Inline::Text("[a](javascript:alert(1))".into())]
        );
        assert_eq!(
            inline("see [docs](https://example.com/x)."),
            vec![
                Inline::Text("see ".into()),
                Inline::Link {
                    text: "docs".into(),
                    href: "https://example.com/x".into()
                },
                Inline::Text(".".into()),
            ]
        );
    }

    #[test]
    fn an_unterminated_fence_takes_the_rest() {
        assert_eq!(
            parse("```\ncode"),
            vec![Block::Code {
                lang: String::new(),
                code: "code\n".into()
            }]
        );
    }

    #[test]
    fn underscores_inside_words_are_letters() {
        assert_eq!(
            inline("stays UPDATE_IN_PROGRESS for _hours_"),
            vec![
                Inline::Text("stays UPDATE_IN_PROGRESS for ".into()),
                Inline::Emphasis("hours".into()),
            ]
        );
        assert_eq!(
            inline("snake_case_name"),
            vec![Inline::Text("snake_case_name".into())]
        );
    }

    #[test]
    fn messages_get_code_and_nothing_else() {
        assert_eq!(
            code_spans("`*Name*` of [resource](https://x) `A_b_c`"),
            vec![
                Inline::Code("*Name*".into()),
                Inline::Text(" of [resource](https://x) ".into()),
                Inline::Code("A_b_c".into()),
            ]
        );
        assert_eq!(code_spans("a `b"), vec![Inline::Text("a `b".into())]);
    }
}
