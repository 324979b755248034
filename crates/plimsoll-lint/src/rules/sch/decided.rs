//! What the SCH rules that judge a value's contents share: the value the template decides,
//! and how a limit reads in a message.

use crate::context::Context;
use crate::eval::{Resolved, Val, ValueSource};
use crate::schema::walk::{Value, owner_key};
use crate::{DiagnosticBuilder, Severity};

/// A value the template decides.
pub struct Decided {
    pub value: Val,
    /// The parameters it took: " (with the parameter default Delay=1000)", or empty.
    pub provenance: String,
    /// Whether a parameter's default (not an override) went into it.
    pub defaulted: bool,
}

impl Decided {
    fn new(value: Val, resolved: &Resolved<'_>) -> Decided {
        Decided {
            value,
            provenance: resolved.provenance(),
            defaulted: resolved
                .inputs
                .iter()
                .any(|used| used.source != ValueSource::Override),
        }
    }

    /// A finding on a value a parameter's default decided is a warning: deployments that
    /// pass the parameter are fine (a default is often a placeholder).
    pub fn grade(&self, builder: DiagnosticBuilder) -> DiagnosticBuilder {
        if self.defaulted {
            builder.severity(Severity::Warning)
        } else {
            builder
        }
    }
}

/// The scalar (text, number or boolean) the template decides for `value`; `None` for mappings
/// and lists, and for what the template does not decide.
pub fn scalar(cx: &Context<'_>, value: Value<'_>) -> Option<Decided> {
    if !value.function && (value.node.is_map() || value.node.is_seq()) {
        return None;
    }
    let resolved = cx.eval.eval(value.node);
    match resolved.value.clone()? {
        Val::Str(text) if is_dynamic_reference(&text) => None,
        // A number written in the template is judged as written: CloudFormation reads YAML 1.1,
        // where `012345678901` (an account ID) is text, not the number 12345678901.
        Val::Int(_) | Val::Float(_) if !value.function => {
            let written = value.node.span().text(cx.source).trim();
            Some(Decided::new(Val::Str(written.to_owned()), &resolved))
        }
        scalar @ (Val::Str(_) | Val::Int(_) | Val::Float(_) | Val::Bool(_)) => {
            Some(Decided::new(scalar, &resolved))
        }
        _ => None,
    }
}

/// The list the template decides for `value` (a literal list, or a function of decided
/// values), with `Ref: AWS::NoValue` items left out.
pub fn list(cx: &Context<'_>, value: Value<'_>) -> Option<(usize, Decided)> {
    let resolved = cx.eval.eval(value.node);
    match resolved.value.clone()? {
        Val::List(items) => {
            let kept = items.iter().filter(|v| **v != Val::NoValue).count();
            Some((kept, Decided::new(Val::List(items), &resolved)))
        }
        _ => None,
    }
}

/// Whether text holds a dynamic reference (`{{resolve:ssm:/db/port}}`, also written with
/// spaces inside the braces), which CloudFormation replaces with a stored value at deploy
/// time: the text is not the value.
pub fn is_dynamic_reference(text: &str) -> bool {
    text.match_indices("{{").any(|(at, _)| {
        text.get(at + 2..)
            .is_some_and(|rest| rest.trim_start().starts_with("resolve:"))
    })
}

/// The name a value goes by in messages: "`DelaySeconds` of resource `Queue`".
pub fn named(value: Value<'_>, resource: &str) -> String {
    let name = owner_key(value.node).unwrap_or("Properties");
    format!("`{name}` of resource `{resource}`")
}

/// "between 1 and 64", "at least 1", "at most 64", "exactly 1".
pub fn bounds<T: std::fmt::Display + PartialEq>(least: Option<T>, most: Option<T>) -> String {
    match (least, most) {
        (Some(least), Some(most)) if least == most => format!("exactly {least}"),
        (Some(least), Some(most)) => format!("between {least} and {most}"),
        (Some(least), None) => format!("at least {least}"),
        (None, Some(most)) => format!("at most {most}"),
        (None, None) => "anything".to_owned(),
    }
}

/// Whether `n` lies outside the inclusive bounds.
pub fn outside<T: PartialOrd>(n: T, least: Option<T>, most: Option<T>) -> bool {
    least.is_some_and(|least| n < least) || most.is_some_and(|most| n > most)
}

#[cfg(test)]
mod tests {
    use super::is_dynamic_reference;

    #[test]
    fn dynamic_references_with_or_without_spaces() {
        assert!(is_dynamic_reference("{{resolve:ssm:/a}}"));
        assert!(is_dynamic_reference("arn:{{ resolve:ssm:/a }}"));
        assert!(!is_dynamic_reference("{{ resolved }}"));
        assert!(!is_dynamic_reference("resolve:ssm:/a"));
    }
}
