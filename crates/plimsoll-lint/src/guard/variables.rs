//! Variables a rule file uses without defining them, found from its tokens before cfn-guard
//! sees it. cfn-guard parses `%nope` happily and fails only while evaluating, with an error
//! that names no place in the rule file; here it gets the line and column of the use.
//!
//! A name counts as defined when the file has a `let` of it anywhere (whatever the scope, so
//! never more errors than cfn-guard would give) or a parameterised rule takes it
//! (`rule check(tags) { %tags … }`).

use super::lexer::{self, Kind, Token};

/// The first use of a variable the file never defines: its 1-based line, column (in
/// characters) and name.
pub(crate) fn first_undefined(text: &str) -> Option<(u32, u32, &str)> {
    let tokens: Vec<Token<'_>> = lexer::tokens(text).collect();
    let defined = defined_names(&tokens);
    tokens.iter().find_map(|t| match t.kind {
        Kind::Variable(name) if !defined.contains(&name) => Some((t.line, t.column, name)),
        _ => None,
    })
}

/// Names given by `let NAME` and by the parameter lists of `rule NAME(a, b)`.
fn defined_names<'t>(tokens: &[Token<'t>]) -> Vec<&'t str> {
    let mut names = Vec::new();
    let kind = |i: usize| tokens.get(i).map(|t| t.kind);
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Word("let") => {
                if let Some(Kind::Word(name)) = kind(i + 1) {
                    names.push(name);
                }
            }
            Kind::Word("rule") => {
                if let (Some(Kind::Word(_)), Some(Kind::Open('('))) = (kind(i + 1), kind(i + 2)) {
                    let parameters = tokens[i + 3..]
                        .iter()
                        .take_while(|t| t.kind != Kind::Close(')'));
                    names.extend(parameters.filter_map(|t| match t.kind {
                        Kind::Word(name) => Some(name),
                        _ => None,
                    }));
                }
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::first_undefined;

    #[test]
    fn an_undefined_variable_is_found_where_it_is_used() {
        assert_eq!(
            first_undefined("rule x {\n  %nope.Properties exists\n}\n"),
            Some((2, 3, "nope"))
        );
        assert_eq!(
            first_undefined("rule x { %nope.Properties exists }"),
            Some((1, 10, "nope"))
        );
    }

    #[test]
    fn lets_anywhere_and_rule_parameters_define_names() {
        let lets =
            "let s = Resources.*\nrule x when %s !empty { let t = %s.Properties\n %t exists }";
        assert_eq!(first_undefined(lets), None);
        // A let inside another rule still counts: cfn-guard decides scopes, not this check.
        let other = "rule a { let t = Resources.* \n %t exists }\nrule b { %t exists }";
        assert_eq!(first_undefined(other), None);
        let parameters = "rule check(tags, names) { %tags exists\n %names exists }\nrule x { check(Resources, Resources) }";
        assert_eq!(first_undefined(parameters), None);
    }

    #[test]
    fn variables_in_messages_strings_and_comments_are_not_uses() {
        let text =
            "rule x {\n  Resources exists << %nope >>\n  Resources.a == '%nope'\n}\n# %nope\n";
        assert_eq!(first_undefined(text), None);
    }
}
