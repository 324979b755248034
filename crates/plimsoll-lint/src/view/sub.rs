//! `Fn::Sub` strings: the `${…}` variables in them.

use std::ops::Range;

/// One `${…}` variable of a Sub string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubVariable<'s> {
    /// The text between `${` and `}`, e.g. `AWS::Region` or `Db.Endpoint.Address`.
    pub name: &'s str,
    /// Byte range of `${…}` in the string.
    pub range: Range<usize>,
}

/// A piece of a Sub string: literal text or a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubPart<'s> {
    Text(String),
    Variable(SubVariable<'s>),
}

/// Splits a Sub string into literal text and variables. `${!Literal}` is the literal text
/// `${Literal}`; an unterminated `${` is literal text.
pub fn parse(text: &str) -> Vec<SubPart<'_>> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("${") {
        let start = rest + found;
        let Some(close) = text[start + 2..].find('}') else {
            break;
        };
        literal.push_str(&text[rest..start]);
        let end = start + 2 + close + 1;
        let inner = &text[start + 2..end - 1];
        if let Some(escaped) = inner.strip_prefix('!') {
            literal.push_str("${");
            literal.push_str(escaped);
            literal.push('}');
        } else {
            if !literal.is_empty() {
                parts.push(SubPart::Text(std::mem::take(&mut literal)));
            }
            parts.push(SubPart::Variable(SubVariable {
                name: inner.trim(),
                range: start..end,
            }));
        }
        rest = end;
    }
    literal.push_str(&text[rest..]);
    if !literal.is_empty() {
        parts.push(SubPart::Text(literal));
    }
    parts
}

/// Just the variables of a Sub string.
pub fn variables(text: &str) -> impl Iterator<Item = SubVariable<'_>> {
    parse(text).into_iter().filter_map(|p| match p {
        SubPart::Variable(v) => Some(v),
        SubPart::Text(_) => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_and_variables() {
        let parts = parse("arn:${AWS::Partition}:x/${Fn.Arn}${!Lit}-${ Name }");
        assert_eq!(
            parts,
            [
                SubPart::Text("arn:".into()),
                SubPart::Variable(SubVariable {
                    name: "AWS::Partition",
                    range: 4..21
                }),
                SubPart::Text(":x/".into()),
                SubPart::Variable(SubVariable {
                    name: "Fn.Arn",
                    range: 24..33
                }),
                SubPart::Text("${Lit}-".into()),
                SubPart::Variable(SubVariable {
                    name: "Name",
                    range: 41..50
                }),
            ]
        );
    }

    #[test]
    fn unterminated_variables_are_text() {
        assert_eq!(parse("a${b"), [SubPart::Text("a${b".into())]);
    }
}
