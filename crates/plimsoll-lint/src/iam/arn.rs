//! ARNs and ARN patterns: `arn:partition:service:region:account:resource`.

/// The six parts of an ARN (or ARN pattern). The resource part keeps any further colons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Splits text that starts with `arn:` into its parts.
    pub fn parse(text: &'a str) -> Option<Arn<'a>> {
        let mut parts = text.splitn(6, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Arn {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts() {
        let arn = Arn::parse("arn:aws:ecs:eu-west-1:123456789012:task-definition/app:3");
        assert_eq!(
            arn,
            Some(Arn {
                partition: "aws",
                service: "ecs",
                region: "eu-west-1",
                account: "123456789012",
                resource: "task-definition/app:3",
            })
        );
        assert_eq!(Arn::parse("my-cluster"), None);
        assert_eq!(Arn::parse("arn:aws:ecs"), None);
    }
}
