//! Variables defined in terms of themselves (`let a = %a`, or `a` through `b` and back).
//!
//! cfn-guard resolves such a variable by recursing until the stack overflows, which aborts
//! the process natively and kills the page in the browser. They are found in the rule text
//! before cfn-guard sees it. Every `let` of a name is one node whatever its scope, so the
//! check may refuse two lets in different rules that name each other; cfn-guard would
//! recurse on an inner `let a = %a` below an outer `a` as well.

use std::collections::HashMap;

/// A variable whose definition leads back to itself: where its `let` is (1-based line and
/// column in characters) and the chain of names (`a → b → a`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Cycle {
    pub line: u32,
    pub column: u32,
    pub chain: String,
}

/// The first variable of `text` (in the order of its lets) whose definition refers back to it.
pub(crate) fn find(text: &str) -> Option<Cycle> {
    let lets = declarations(text);
    let mut uses: HashMap<&str, Vec<&str>> = HashMap::new();
    for decl in &lets {
        uses.entry(decl.name)
            .or_default()
            .extend(decl.refers_to.iter().copied());
    }
    lets.iter().find_map(|decl| {
        let path = path_back(decl.name, &uses)?;
        Some(Cycle {
            line: decl.line,
            column: decl.column,
            chain: path.join(" → "),
        })
    })
}

/// A path of names from `start` back to `start`, by depth-first search.
fn path_back<'t>(start: &'t str, uses: &HashMap<&'t str, Vec<&'t str>>) -> Option<Vec<&'t str>> {
    let mut path = vec![start];
    let mut seen: Vec<&str> = Vec::new();
    let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
    while let Some(&(name, next)) = stack.last() {
        let targets = uses.get(name).map_or(&[][..], Vec::as_slice);
        let Some(&target) = targets.get(next) else {
            stack.pop();
            path.pop();
            continue;
        };
        if let Some(top) = stack.last_mut() {
            top.1 += 1;
        }
        if target == start {
            path.push(start);
            return Some(path);
        }
        if !seen.contains(&target) {
            seen.push(target);
            stack.push((target, 0));
            path.push(target);
        }
    }
    None
}

/// One `let name = …` and the variables its value names.
struct Declaration<'t> {
    name: &'t str,
    line: u32,
    column: u32,
    refers_to: Vec<&'t str>,
}

/// The lets of a rule file. A value runs to the end of the line on which its brackets close;
/// strings, regular expressions, messages (`<< … >>`) and comments are skipped.
fn declarations(text: &str) -> Vec<Declaration<'_>> {
    let mut out: Vec<Declaration<'_>> = Vec::new();
    let mut open: Option<(usize, i32)> = None; // (index in out, bracket depth)
    let mut in_message = false;
    for (line_index, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut column = 1;
        loop {
            if in_message {
                match rest.find(">>") {
                    Some(end) => {
                        in_message = false;
                        rest = &rest[end + 2..];
                        continue;
                    }
                    None => break,
                }
            }
            let Some(c) = rest.chars().next() else { break };
            let len = c.len_utf8();
            match c {
                '#' => break,
                '\'' | '"' | '/' => {
                    // A string or a regular expression: skip to its closing quote or slash.
                    let body = &rest[len..];
                    let end = closing(body, c).map_or(body.len(), |e| e + len);
                    column += rest[..(end + len).min(rest.len())].chars().count();
                    rest = rest.get(end + len..).unwrap_or("");
                    continue;
                }
                '<' if rest.starts_with("<<") => {
                    in_message = true;
                    rest = &rest[2..];
                    column += 2;
                    continue;
                }
                '[' | '(' | '{' => {
                    if let Some((_, depth)) = open.as_mut() {
                        *depth += 1;
                    }
                }
                ']' | ')' | '}' => {
                    if let Some((_, depth)) = open.as_mut() {
                        *depth -= 1;
                    }
                }
                '%' => {
                    let name = identifier(&rest[1..]);
                    if let (Some((index, _)), false) = (open, name.is_empty()) {
                        out[index].refers_to.push(name);
                    }
                }
                'l' if rest.starts_with("let")
                    && word_boundary_before(line, rest)
                    && rest[3..].starts_with(char::is_whitespace) =>
                {
                    let after = rest[3..].trim_start();
                    let name = identifier(after);
                    let value = after[name.len()..].trim_start();
                    if !name.is_empty() && value.starts_with('=') {
                        open = Some((out.len(), 0));
                        out.push(Declaration {
                            name,
                            line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
                            column: u32::try_from(column).unwrap_or(u32::MAX),
                            refers_to: Vec::new(),
                        });
                        let skipped = rest.len() - value.len() + 1;
                        column += rest[..skipped].chars().count();
                        rest = &rest[skipped..];
                        continue;
                    }
                }
                _ => {}
            }
            rest = &rest[len..];
            column += 1;
        }
        // A value ends with the line on which its brackets are balanced again.
        if matches!(open, Some((_, depth)) if depth <= 0) {
            open = None;
        }
    }
    out
}

/// Where the unescaped `quote` closing a string or regular expression is in `body`.
fn closing(body: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            c if c == quote && !escaped => return Some(at),
            _ => escaped = false,
        }
    }
    None
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Whether `rest` (a suffix of `line`) starts a word.
fn word_boundary_before(line: &str, rest: &str) -> bool {
    let before = &line[..line.len() - rest.len()];
    before
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::{Cycle, find};

    fn chain(text: &str) -> Option<String> {
        find(text).map(|c| c.chain)
    }

    #[test]
    fn a_variable_naming_itself_is_found_where_it_is_declared() {
        let text = "# a = %a in a comment is not a let\nrule r {\n    let a = Resources.*[ Type == %a ]\n    %a !empty\n}\n";
        assert_eq!(
            find(text),
            Some(Cycle {
                line: 3,
                column: 5,
                chain: String::from("a → a"),
            })
        );
    }

    #[test]
    fn cycles_through_other_variables_and_lines_are_found() {
        let text = "let a = Resources.*[\n    Type == 'X'\n    Name == %b\n]\nlet b = %c\nlet c = %a\nrule r { %a exists }\n";
        assert_eq!(chain(text).as_deref(), Some("a → b → c → a"));
    }

    #[test]
    fn ordinary_rule_files_have_none() {
        for text in [
            include_str!("../../../../rules/ecs-deployment.guard"),
            include_str!("../../../../rules/custom-resources.guard"),
            include_str!("../../../../rules/iam.guard"),
            "let a = 1\nlet b = %a\nrule r { %b == 1 << %b is not %a >> }\n",
            "let a = /%a/\nlet s = '%a'\nrule r when %a exists { %s exists }\n",
            "let a = %b\nlet b = 2\nlet tolet = %a\n",
        ] {
            assert_eq!(chain(text), None, "{text}");
        }
    }

    #[test]
    fn broken_text_does_not_panic() {
        for text in [
            "let",
            "let a",
            "let a =",
            "let a = '%a",
            "let a = /x\\",
            "let é = %é",
            "%",
        ] {
            let _ = find(text);
        }
    }
}
