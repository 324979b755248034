//! Templates that are rewritten before CloudFormation validates them: by a macro (a transform
//! other than SAM's and the language extensions) or by the Rain preprocessor (`Rain::Embed`,
//! `!Rain::Module`, …). Neither tool sees what CloudFormation gets, so the comparison leaves them
//! out: the schema rules skip them by design, and cfn-lint's findings there are on syntax the
//! rewrite consumes (a `Count` attribute, `{"Rain::Embed": "handler.py"}` where code goes).

use std::path::Path;

/// Transforms that leave `Resources` as written (the same list the schema rules use).
const KNOWN_TRANSFORMS: [&str; 2] = ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"];

/// Whether the template is a macro's or Rain's input.
pub fn rewritten(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    rewritten_text(&text)
}

fn rewritten_text(text: &str) -> bool {
    text.contains("Rain::") || declares_macro(text)
}

fn declares_macro(text: &str) -> bool {
    let parsed = plimsoll_template::parse(text);
    let Some(transform) = parsed.document.root().and_then(|r| r.get("Transform")) else {
        return false;
    };
    transform
        .one_or_many()
        .any(|name| name.as_str().is_none_or(|n| !KNOWN_TRANSFORMS.contains(&n)))
}

#[cfg(test)]
mod tests {
    use super::{declares_macro, rewritten_text};

    #[test]
    fn only_transforms_other_than_sam_and_the_language_extensions_are_macros() {
        assert!(!declares_macro("Resources: {}\n"));
        assert!(!declares_macro("Transform: AWS::Serverless-2016-10-31\n"));
        assert!(!declares_macro(
            "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n"
        ));
        assert!(declares_macro("Transform: Count\n"));
        assert!(declares_macro(
            r#"{"Transform": ["AWS::Serverless-2016-10-31", "Boto3"]}"#
        ));
        assert!(declares_macro("Transform: {Name: AWS::Include}\n"));
    }

    #[test]
    fn rain_directives_are_rewritten_too() {
        assert!(rewritten_text(
            "Resources:\n  B: !Rain::Module ./bucket.yml\n"
        ));
        assert!(rewritten_text(
            r#"{"Code": {"ZipFile": {"Rain::Embed": "handler.py"}}}"#
        ));
        assert!(!rewritten_text(
            "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"
        ));
    }
}
