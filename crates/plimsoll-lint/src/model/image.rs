//! What a container image reference says about its version, read from text whose beginning
//! may be unknown (`${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${Tag}`).

use crate::eval::Text;

/// The version part of an image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageVersion {
    /// `@sha256:…`: immutable.
    Digest,
    /// `:latest`.
    Latest,
    /// No tag and no digest: Docker reads it as `:latest`.
    Untagged,
    /// Any other tag.
    Tag(String),
    /// The template does not decide it (or it is not an image reference).
    Unknown,
}

/// Reads the tag or digest from the known end of an image reference. The tag is the text
/// after the last `:` of the last path segment, so a registry port (`host:5000/app`) is not
/// a tag; `@` marks a digest.
pub fn version(text: &Text<'_>) -> ImageVersion {
    let complete = text.is_known();
    let suffix = text.known_suffix();
    // A dynamic reference (`{{resolve:ssm:…}}`) is resolved at deploy time.
    if suffix.contains("{{resolve:") || (complete && suffix.trim().is_empty()) {
        return ImageVersion::Unknown;
    }
    let (segment, segment_complete) = match suffix.rfind('/') {
        Some(slash) => (&suffix[slash + 1..], true),
        None => (suffix, complete),
    };
    if segment.contains('@') {
        return ImageVersion::Digest;
    }
    match segment.rfind(':') {
        Some(colon) => match &segment[colon + 1..] {
            "" => ImageVersion::Unknown,
            "latest" => ImageVersion::Latest,
            tag if tag.chars().any(char::is_whitespace) => ImageVersion::Unknown,
            tag => ImageVersion::Tag(tag.to_owned()),
        },
        // The name is complete and has no tag; with an unknown start, a tag may hide there.
        None if segment_complete && !segment.is_empty() => ImageVersion::Untagged,
        None => ImageVersion::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::TextPart;
    use crate::model::property_value::display;

    fn text(parts: &[Option<&str>]) -> Text<'static> {
        Text {
            parts: parts
                .iter()
                .map(|p| match p {
                    Some(known) => TextPart::Known((*known).to_owned()),
                    None => TextPart::Unknown,
                })
                .collect(),
            inputs: Vec::new(),
        }
    }

    fn known(image: &str) -> ImageVersion {
        version(&text(&[Some(image)]))
    }

    #[test]
    fn literal_references() {
        assert_eq!(known("nginx"), ImageVersion::Untagged);
        assert_eq!(known("nginx:latest"), ImageVersion::Latest);
        assert_eq!(known("nginx:1.27"), ImageVersion::Tag("1.27".into()));
        assert_eq!(known("registry:5000/app"), ImageVersion::Untagged);
        assert_eq!(
            known("registry:5000/team/app:v2"),
            ImageVersion::Tag("v2".into())
        );
        assert_eq!(known("app@sha256:0123abcd"), ImageVersion::Digest);
        assert_eq!(known("app:1.0@sha256:0123abcd"), ImageVersion::Digest);
        assert_eq!(known("public.ecr.aws/x/y:latest"), ImageVersion::Latest);
        assert_eq!(known("{{resolve:ssm:/app/image}}"), ImageVersion::Unknown);
        assert_eq!(known(""), ImageVersion::Unknown);
        assert_eq!(known("app:"), ImageVersion::Unknown);
    }

    #[test]
    fn references_with_unknown_parts() {
        let ecr = |tail: Option<&'static str>| {
            let mut parts = vec![None, Some(".dkr.ecr."), None, Some(".amazonaws.com/app")];
            match tail {
                Some("") => {}
                Some(t) => parts.push(Some(t)),
                None => parts.push(None),
            }
            text(&parts)
        };
        assert_eq!(version(&ecr(Some(":latest"))), ImageVersion::Latest);
        assert_eq!(
            version(&ecr(Some(":97e4abf"))),
            ImageVersion::Tag("97e4abf".into())
        );
        assert_eq!(version(&ecr(Some(""))), ImageVersion::Untagged);
        // `…/app` followed by an unknown part: the tag is unknown.
        assert_eq!(version(&ecr(None)), ImageVersion::Unknown);
        assert_eq!(
            version(&text(&[None, Some(":latest")])),
            ImageVersion::Latest
        );
        assert_eq!(
            version(&text(&[None, Some("@sha256:ab")])),
            ImageVersion::Digest
        );
        assert_eq!(version(&text(&[None])), ImageVersion::Unknown);
        assert_eq!(
            version(&text(&[None, Some("-alpine")])),
            ImageVersion::Unknown
        );
        assert_eq!(
            display(&ecr(Some(":latest"))),
            "….dkr.ecr.….amazonaws.com/app:latest"
        );
    }
}
