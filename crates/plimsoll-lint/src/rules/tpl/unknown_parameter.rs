use crate::context::Context;
use crate::registry::Check;
use crate::{Diagnostic, declare_rule, suggest};
use plimsoll_template::Span;

declare_rule! {
    /// ### What it does
    /// Reports a parameter value given for a parameter the template does not declare: a
    /// misspelt name (`ImageTag` for `ApplicationImageTag`), or one left over from an older
    /// version of the template. The closest declared name is suggested.
    ///
    /// ### Why is this bad?
    /// CloudFormation refuses to create or update a stack with a value for a parameter the
    /// template does not declare, and `aws cloudformation deploy --parameter-overrides` drops
    /// it without a word, so the stack deploys with the default (on an update, the previous
    /// value) instead of the value you meant. The rules here would also have used the
    /// default: a misspelt override hides the finding it was meant to settle.
    ///
    /// The CLI reports a value from a parameter file (`--parameters`, `[[parameters]]` in
    /// `plimsoll.toml`) at its line in that file, and only when no template the file applies to
    /// declares the parameter, so that one file shared by many stacks is not reported once per
    /// stack. A value from `--parameter` is reported in each checked template when none of them
    /// declares it.
    ///
    /// ### Example
    /// ```yaml
    /// # plimsoll check --parameter ImageTag=97e4abf service.yaml
    /// Parameters:
    ///   ApplicationImageTag:
    ///     Type: String
    ///     Default: latest
    /// Resources:
    ///   Repository:
    ///     Type: AWS::ECR::Repository
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// # plimsoll check --parameter ApplicationImageTag=97e4abf service.yaml
    /// Parameters:
    ///   ApplicationImageTag:
    ///     Type: String
    ///     Default: latest
    /// Resources:
    ///   Repository:
    ///     Type: AWS::ECR::Repository
    /// ```
    pub struct UnknownParameter {
        code: "TPL008",
        name: "unknown-parameter",
        severity: Error,
    }
}

impl Check for UnknownParameter {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let declared: Vec<(&str, Span)> = cx
            .template
            .parameters
            .iter()
            .map(|p| (p.name, p.node.key_span()))
            .collect();
        for name in cx.eval.undeclared_overrides() {
            out.push(in_template(name, &declared, "a value is given"));
        }
    }
}

/// TPL008 in a template for the value `given` to a parameter it does not declare (`declared`:
/// its parameters' names and where they are): at the declared name it suggests, else at the
/// first parameter, else at the start. `origin` says how the value was given
/// ("`--parameter ImageTag`").
pub fn in_template(given: &str, declared: &[(&str, Span)], origin: &str) -> Diagnostic {
    let suggested = suggestion(given, declared.iter().map(|(name, _)| *name));
    let at = suggested
        .and_then(|s| declared.iter().find(|(name, _)| *name == s))
        .or(declared.first());
    let span = at.map_or(Span::at(0), |(_, span)| *span);
    // The suggested parameter, or the section as a whole.
    let mut path = String::new();
    if at.is_some() {
        path.push_str("/Parameters");
    }
    if let Some(near) = suggested {
        path.push('/');
        plimsoll_template::push_pointer_segment(&mut path, near);
    }
    let message = match suggested {
        Some(near) => format!(
            "{origin} for the parameter `{given}`, which this template does not declare; did you mean `{near}`?"
        ),
        None => {
            format!("{origin} for the parameter `{given}`, which this template does not declare")
        }
    };
    Diagnostic::builder(&UnknownParameter::META, span, path, message)
        .help(HELP)
        .build()
}

/// What to do about it, for every TPL008 finding.
pub const HELP: &str = "CloudFormation refuses a value for a parameter the template does not \
     declare (`aws cloudformation deploy --parameter-overrides` drops it silently), and this \
     check ignored it too: correct the name, or remove the value";

/// The declared name `given` most plausibly meant: the closest by edit distance, else the one
/// that contains it or is contained in it (`ImageTag` in `ApplicationImageTag`), the shortest
/// first.
pub fn suggestion<'a>(given: &str, declared: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let declared: Vec<&'a str> = declared.into_iter().collect();
    if let Some(near) = suggest::closest(given, declared.iter().copied()) {
        return Some(near);
    }
    let given = given.to_lowercase();
    if given.len() < 3 {
        return None;
    }
    declared
        .into_iter()
        .filter(|name| {
            let name = name.to_lowercase();
            name.contains(&given) || (name.len() >= 3 && given.contains(&name))
        })
        .min_by_key(|name| (name.len(), *name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_by_spelling_or_by_part_of_the_name() {
        let names = ["ApplicationImageTag", "ApplicationDesiredCount", "Env"];
        assert_eq!(suggestion("ImageTag", names), Some("ApplicationImageTag"));
        assert_eq!(
            suggestion("ApplicationImagTag", names),
            Some("ApplicationImageTag")
        );
        assert_eq!(suggestion("Environment", names), Some("Env"));
        assert_eq!(suggestion("Subnets", names), None);
        assert_eq!(suggestion("a", names), None);
    }

    #[test]
    fn points_at_the_suggested_parameter_or_the_first_one() {
        let declared = [("Env", Span::new(10, 13)), ("ImageTag", Span::new(30, 38))];
        let d = in_template("ImagTag", &declared, "a value is given");
        assert_eq!(d.span, Span::new(30, 38));
        assert!(
            d.message.contains("did you mean `ImageTag`?"),
            "{}",
            d.message
        );
        let d = in_template("Subnets", &declared, "a value is given");
        assert_eq!(d.span, Span::new(10, 13));
        assert!(!d.message.contains("did you mean"), "{}", d.message);
        assert_eq!(in_template("X", &[], "x").span, Span::at(0));
    }
}
