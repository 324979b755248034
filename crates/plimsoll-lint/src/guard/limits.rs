//! What a user's rule file may ask of cfn-guard, checked before cfn-guard parses it.
//!
//! cfn-guard parses and evaluates by recursion: each bracket level, each variable resolved
//! through another and each rule evaluated for another's conditions takes stack. A file beyond
//! these limits is refused with a position; within them, parsing and evaluating stays far
//! inside the smallest stack the rules run on (the browser's 1 MB wasm stack).

use super::RuleFileError;
use super::lexer::{self, Kind};
use super::references::{self, Problem};
use super::variables;
use crate::excerpt::{EXCERPT_CHARS, excerpt};

/// How deep brackets (`{`, `[`, `(`) may nest. The built-in packs nest 5 deep.
pub(crate) const MAX_NESTING: usize = 32;

/// How deep evaluation may go through references: one level per variable or rule named on
/// the way, plus the brackets each reference sits in.
pub(crate) const MAX_EVALUATION_DEPTH: usize = 64;

/// Where brackets first nest deeper than [`MAX_NESTING`]. Runs before cfn-guard parses the
/// text, because its parser recurses at every level.
pub(crate) fn check_nesting(file: &str, text: &str) -> Result<(), RuleFileError> {
    let mut depth = 0usize;
    for token in lexer::tokens(text) {
        match token.kind {
            Kind::Open(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(RuleFileError {
                        file: file.to_owned(),
                        line: token.line,
                        column: token.column,
                        message: format!(
                            "brackets nest deeper than {MAX_NESTING} levels here: \
                             cfn-guard cannot evaluate that deep"
                        ),
                    });
                }
            }
            Kind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Variables and rules defined through themselves, and chains of references deeper than
/// [`MAX_EVALUATION_DEPTH`].
pub(crate) fn check_references(file: &str, text: &str) -> Result<(), RuleFileError> {
    let error = |line, column, message| RuleFileError {
        file: file.to_owned(),
        line,
        column,
        message,
    };
    match references::check(text, MAX_EVALUATION_DEPTH) {
        None => Ok(()),
        Some(Problem::Cycle(cycle)) => Err(error(
            cycle.line,
            cycle.column,
            format!(
                "this refers back to itself ({}): cfn-guard cannot evaluate it",
                cycle.chain
            ),
        )),
        Some(Problem::TooDeep(deep)) => Err(error(
            deep.line,
            deep.column,
            format!(
                "references here go {} levels deep ({}), more than the {MAX_EVALUATION_DEPTH} \
                 cfn-guard can evaluate",
                deep.depth, deep.chain
            ),
        )),
    }
}

/// A variable the file uses but never defines: cfn-guard would fail on it only while
/// evaluating, with no position in the file.
pub(crate) fn check_variables(file: &str, text: &str) -> Result<(), RuleFileError> {
    match variables::first_undefined(text) {
        None => Ok(()),
        Some((line, column, name)) => Err(RuleFileError {
            file: file.to_owned(),
            line,
            column,
            message: format!(
                "`%{}` is not defined: no `let {}` in this file",
                excerpt(name, EXCERPT_CHARS),
                excerpt(name, EXCERPT_CHARS)
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_refused_where_it_passes_the_limit() {
        let ok = format!("rule r {{ {}{} }}", "[".repeat(31), "]".repeat(31));
        assert_eq!(check_nesting("r.guard", &ok), Ok(()));
        let deep = format!("rule r {{\n  {}", "[".repeat(40));
        let error = check_nesting("r.guard", &deep).unwrap_err();
        assert_eq!((error.line, error.column), (2, 34));
        // Brackets in strings, regular expressions, messages and comments do not count.
        let quoted = format!(
            "rule r {{ x == '{0}' or x == /{0}/ << {0} >> }} # {0}",
            "[".repeat(100)
        );
        assert_eq!(check_nesting("r.guard", &quoted), Ok(()));
    }
}
