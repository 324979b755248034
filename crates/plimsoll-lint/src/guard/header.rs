//! Rule headers: the comment block right above a guard `rule` gives its catalog entry.
//!
//! ```text
//! # code: ECS004
//! # name: daemon-desired-count
//! # severity: error
//! # fix: Remove DesiredCount: a DAEMON service runs one task on each container instance.
//! #
//! # ### What it does
//! # …
//! rule ECS004_daemon_desired_count when %ecs_services !empty {
//! ```
//!
//! Every key is optional for users' rules. A key's value may go on over the next comment lines
//! when they are indented; the documentation starts at the first `### ` heading.

use super::RuleFileError;
use crate::Severity;

/// What a rule's header says.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Header<'t> {
    pub code: Option<&'t str>,
    pub name: Option<&'t str>,
    pub severity: Option<Severity>,
    /// Shown as the finding's help.
    pub fix: Option<String>,
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead.
    pub docs: Option<String>,
}

/// A `rule` declaration, its 1-based line and its header.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RuleDecl<'t> {
    pub guard_name: &'t str,
    pub line: u32,
    pub column: u32,
    pub header: Header<'t>,
}

/// Finds every top-level `rule NAME` in a rule file with the header above it.
pub(crate) fn scan<'t>(file: &str, text: &'t str) -> Result<Vec<RuleDecl<'t>>, RuleFileError> {
    let mut decls = Vec::new();
    // The comment lines directly above the current line, with their line numbers.
    let mut block: Vec<(u32, usize, &'t str)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let trimmed = line.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            block.push((number, line.len() - trimmed.len(), comment));
            continue;
        }
        if let Some(guard_name) = rule_name(trimmed) {
            let column = (line.len() - trimmed.len()) as u32 + 1;
            let header = parse_header(file, &block)?;
            decls.push(RuleDecl {
                guard_name,
                line: number,
                column,
                header,
            });
        }
        block.clear();
    }
    Ok(decls)
}

/// The name in `rule NAME …` (also `rule NAME(params)`), if the line declares a rule.
fn rule_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("rule")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn parse_header<'t>(
    file: &str,
    block: &[(u32, usize, &'t str)],
) -> Result<Header<'t>, RuleFileError> {
    let mut header = Header::default();
    let mut docs: Option<Vec<&str>> = None;
    // The key whose value indented lines continue.
    let mut open_fix = false;
    for &(line, indent, comment) in block {
        let text = comment.strip_prefix(' ').unwrap_or(comment);
        if let Some(docs) = docs.as_mut() {
            docs.push(text);
            continue;
        }
        if text.starts_with("### ") {
            docs = Some(vec![text]);
            continue;
        }
        if open_fix && text.starts_with(char::is_whitespace) && !text.trim().is_empty() {
            if let Some(fix) = header.fix.as_mut() {
                fix.push(' ');
                fix.push_str(text.trim());
            }
            continue;
        }
        open_fix = false;
        let Some((key, value)) = text.split_once(':') else {
            continue;
        };
        let value_trimmed = value.trim();
        // The column of the value, for errors: after `#`, the optional space, `key:` and blanks.
        let column =
            indent + 2 + (comment.len() - text.len()) + key.len() + 1 + leading_blanks(value);
        let error = |message: String| RuleFileError {
            file: file.to_owned(),
            line,
            column: column as u32,
            message,
        };
        match key.trim() {
            "code" => {
                if value_trimmed.is_empty() || value_trimmed.contains(char::is_whitespace) {
                    return Err(error(format!(
                        "a rule code is one word, like ORG001; found `{value_trimmed}`"
                    )));
                }
                header.code = Some(value_trimmed);
            }
            "name" => {
                if value_trimmed.is_empty() {
                    return Err(error("the rule name is empty".to_owned()));
                }
                header.name = Some(value_trimmed);
            }
            "severity" => match Severity::parse(value_trimmed) {
                Some(severity) => header.severity = Some(severity),
                None => {
                    return Err(error(format!(
                        "unknown severity `{value_trimmed}`: use error, warning or info"
                    )));
                }
            },
            "fix" => {
                header.fix = Some(value_trimmed.to_owned());
                open_fix = true;
            }
            _ => {}
        }
    }
    header.docs = docs.map(|lines| lines.join("\n").trim().to_owned() + "\n");
    Ok(header)
}

fn leading_blanks(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_continuations_and_docs() {
        let text = "\
let x = Resources.*

# code: ORG001
# name: no-public-buckets
# severity: warning
# fix: Block public access
#   on every bucket.
#
# ### What it does
# Checks buckets.
rule org_buckets when %x !empty {
    %x.Type == 'AWS::S3::Bucket'
}

rule plain { Resources exists }
";
        let decls = scan("org.guard", text).unwrap();
        assert_eq!(decls.len(), 2);
        let first = &decls[0];
        assert_eq!(
            (first.guard_name, first.line, first.column),
            ("org_buckets", 11, 1)
        );
        assert_eq!(first.header.code, Some("ORG001"));
        assert_eq!(first.header.name, Some("no-public-buckets"));
        assert_eq!(first.header.severity, Some(Severity::Warning));
        assert_eq!(
            first.header.fix.as_deref(),
            Some("Block public access on every bucket.")
        );
        assert_eq!(
            first.header.docs.as_deref(),
            Some("### What it does\nChecks buckets.\n")
        );
        assert_eq!(decls[1].guard_name, "plain");
        assert_eq!(decls[1].header, Header::default());
    }

    #[test]
    fn a_blank_line_ends_the_header() {
        let text = "# code: ORG001\n\nrule r { Resources exists }\n";
        let decls = scan("r.guard", text).unwrap();
        assert_eq!(decls[0].header.code, None);
    }

    #[test]
    fn bad_values_name_their_position() {
        let error = scan(
            "r.guard",
            "# severity: fatal\nrule r { Resources exists }\n",
        )
        .unwrap_err();
        assert_eq!((error.line, error.column), (1, 13));
        assert!(error.message.contains("fatal"), "{}", error.message);
        let error = scan("r.guard", "\n#code:  two words\nrule r {}\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 9));
    }

    #[test]
    fn only_rule_declarations_count() {
        assert_eq!(rule_name("rule a_b when x {"), Some("a_b"));
        assert_eq!(rule_name("rule check(value) {"), Some("check"));
        assert_eq!(rule_name("rules_exist"), None);
        assert_eq!(rule_name("rule {"), None);
    }
}
