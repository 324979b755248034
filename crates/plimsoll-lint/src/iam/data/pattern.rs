//! Templated condition key names (`aws:RequestTag/${TagKey}`) and their instances.
//! Action wildcards are `crate::iam::wildcard`.

/// Whether a condition key name from the reference data has placeholders: `${TagKey}` or
/// `<key>` (S3 spells a few that way).
pub fn is_template(name: &str) -> bool {
    name.contains("${") || name.contains('<')
}

/// Whether `key` (as written in a policy) is an instance of the templated `template`: each
/// `${…}` or `<…>` placeholder stands for one or more characters, the rest must be equal
/// ignoring ASCII case. `aws:RequestTag/${TagKey}` matches `aws:RequestTag/Env`.
pub fn template_match(template: &str, key: &str) -> bool {
    match next_placeholder(template) {
        None => template.eq_ignore_ascii_case(key),
        Some((start, end)) => {
            let (literal, rest) = (&template[..start], &template[end..]);
            let Some(prefix) = key.get(..literal.len()) else {
                return false;
            };
            if !prefix.eq_ignore_ascii_case(literal) {
                return false;
            }
            let tail = &key[literal.len()..];
            // The placeholder takes at least one character; try every split.
            tail.char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain(std::iter::once(tail.len()))
                .filter(|&i| i > 0)
                .any(|i| template_match(rest, &tail[i..]))
        }
    }
}

/// The byte range of the first placeholder in a template, if any.
fn next_placeholder(template: &str) -> Option<(usize, usize)> {
    let dollar = template
        .find("${")
        .and_then(|s| template[s..].find('}').map(|e| (s, s + e + 1)));
    let angle = template
        .find('<')
        .and_then(|s| template[s..].find('>').map(|e| (s, s + e + 1)));
    match (dollar, angle) {
        (Some(d), Some(a)) => Some(if d.0 <= a.0 { d } else { a }),
        (d, a) => d.or(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert!(template_match(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/Env"
        ));
        assert!(template_match(
            "aws:RequestTag/${TagKey}",
            "AWS:requesttag/a/b:c"
        ));
        assert!(!template_match(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/"
        ));
        assert!(!template_match(
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/Env"
        ));
        assert!(template_match(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/Env"
        ));
        assert!(template_match(
            "codebuild:secondarySources/${sourceIdentifier}.location",
            "codebuild:secondarySources/src1.location"
        ));
        assert!(!template_match(
            "codebuild:secondarySources/${sourceIdentifier}.location",
            "codebuild:secondarySources/.location"
        ));
        assert!(template_match(
            "agent.${Domain}.buildkite.dev:${X}",
            "agent.a.b.buildkite.dev:y"
        ));
        assert!(template_match("plain:Key", "PLAIN:key"));
        assert!(template_match(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/é"
        ));
        assert!(is_template("s3:RequestObjectTag/<key>"));
        assert!(!is_template("ecs:cluster"));
    }
}
