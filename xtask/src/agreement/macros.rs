//! Templates a macro processes: CloudFormation validates the macro's output, which neither
//! tool sees, so the comparison leaves them out (the schema rules skip them by design, and
//! cfn-lint's findings there are on syntax the macro consumes, such as a `Count` attribute).

use std::path::Path;

/// Transforms that leave `Resources` as written (the same list the schema rules use).
const KNOWN_TRANSFORMS: [&str; 2] = ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"];

/// Whether the template declares a transform other than SAM's and the language extensions.
pub fn processed_by_macro(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    declares_macro(&text)
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
    use super::declares_macro;

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
}
