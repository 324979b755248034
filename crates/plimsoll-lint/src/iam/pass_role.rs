//! `iam:PassRole`: which role a property such as `TaskRoleArn` names, and whether a role's
//! policies let it pass that role.

use super::arn::Arn;
use super::attachment::Attachments;
use super::policy::{Effect, PolicyDocument, Statement, Values, alternatives};
use super::wildcard;
use crate::context::Context;
use crate::view::sub::{self, SubPart};
use plimsoll_template::NodeRef;

/// A role that some property hands to a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassedRole<'d> {
    /// A role of the template, by logical name.
    Template(&'d str),
    /// A role outside the template, by its ARN, and the parameters that decided it
    /// (" (with the parameter default X=…)" or "").
    Arn { arn: String, provenance: String },
}

impl PassedRole<'_> {
    /// How a policy names this role in `Resource`.
    pub fn resource_text(&self) -> String {
        match self {
            PassedRole::Template(name) => format!("!GetAtt {name}.Arn"),
            PassedRole::Arn { arn, .. } => arn.clone(),
        }
    }

    /// How messages name this role.
    pub fn describe(&self) -> String {
        match self {
            PassedRole::Template(name) => format!("`{name}`"),
            PassedRole::Arn { arn, provenance } => format!("`{arn}`{provenance}"),
        }
    }
}

/// Whether something is allowed: yes, no, or the template does not tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cover {
    No,
    Maybe,
    Yes,
}

/// The role a property names (`!GetAtt Role.Arn`, `!Ref Role`, `!Sub ${Role.Arn}`,
/// `…:role/${Role}`, or a known role ARN), when the template decides it.
pub fn passed_role<'d>(cx: &Context<'d>, node: NodeRef<'d>) -> Option<PassedRole<'d>> {
    let node = match alternatives(cx.eval, node).as_slice() {
        [(node, true)] => *node,
        _ => return None,
    };
    if let Some(role) = template_role(cx, node) {
        return Some(PassedRole::Template(role));
    }
    let text = cx.eval.eval_text(node)?;
    let provenance = crate::eval::Resolved {
        value: None,
        inputs: text.inputs.clone(),
    }
    .provenance();
    let text = text.known()?;
    let arn = Arn::parse(&text)?;
    let is_role = arn.service == "iam" && arn.resource.starts_with("role/");
    (is_role && !wildcard::is_pattern(&text)).then_some(PassedRole::Arn {
        arn: text,
        provenance,
    })
}

/// The template role a node refers to: `!Ref Role`, `!GetAtt Role.Arn`, `!Sub ${Role.Arn}`,
/// or a Sub that ends in `:role/${Role}` (the role's name, which `Ref` gives).
pub fn template_role<'d>(cx: &Context<'d>, node: NodeRef<'d>) -> Option<&'d str> {
    let is_role = |name: &str| {
        cx.template
            .resource(name)
            .filter(|r| r.type_name == Some("AWS::IAM::Role"))
            .map(|r| r.name)
    };
    if let Some((resource, attribute)) = cx.template.referenced_resource(node) {
        return match attribute.as_deref() {
            None | Some("Arn") => is_role(resource.name),
            _ => None,
        };
    }
    let ("Fn::Sub", argument) = node.intrinsic()? else {
        return None;
    };
    let parts = sub::parse(argument.as_str()?);
    match parts.as_slice() {
        [.., SubPart::Text(before), SubPart::Variable(variable)]
            if before.ends_with(":role/") && !variable.name.contains('.') =>
        {
            is_role(variable.name)
        }
        _ => None,
    }
}

/// The role name and path of a template role, where the template decides them.
fn role_name(cx: &Context<'_>, role: &str) -> Option<String> {
    let resource = cx.template.resource(role)?;
    let name = cx
        .eval
        .eval(resource.property("RoleName")?)
        .value?
        .to_text()?;
    let path = match resource.property("Path") {
        Some(path) => cx.eval.eval(path).value?.to_text()?,
        None => "/".to_owned(),
    };
    Some(format!("role{path}{name}"))
}

/// Whether one resource value of a PassRole statement covers the role.
fn value_covers(cx: &Context<'_>, value: &str, role: &PassedRole<'_>) -> Cover {
    if value == "*" {
        return Cover::Yes;
    }
    let Some(arn) = Arn::parse(value) else {
        return Cover::No;
    };
    if !wildcard::matches(arn.service, "iam", false) {
        return Cover::No;
    }
    match role {
        PassedRole::Arn { arn: target, .. } => match wildcard::matches(value, target, false) {
            true => Cover::Yes,
            false => Cover::No,
        },
        PassedRole::Template(name) => match role_name(cx, name) {
            Some(resource) => match wildcard::matches(arn.resource, &resource, false) {
                true => Cover::Yes,
                false => Cover::No,
            },
            // A generated name: only a pattern that covers every role surely covers it.
            None if arn.resource == "*" || arn.resource == "role/*" => Cover::Yes,
            None if wildcard::may_start_with(arn.resource, "role/") => Cover::Maybe,
            None => Cover::No,
        },
    }
}

/// Whether a value the template does not decide covers the role.
fn unknown_covers(cx: &Context<'_>, node: NodeRef<'_>, role: &PassedRole<'_>) -> Cover {
    match (template_role(cx, node), role) {
        (Some(other), PassedRole::Template(name)) if other == *name => Cover::Yes,
        (Some(_), PassedRole::Template(_)) => Cover::No,
        (Some(other), PassedRole::Arn { arn: target, .. }) => match role_name(cx, other) {
            Some(resource) => match target.ends_with(&format!(":{resource}")) {
                true => Cover::Yes,
                false => Cover::No,
            },
            None => Cover::Maybe,
        },
        (None, _) => Cover::Maybe,
    }
}

/// Whether a statement's resources cover the role.
fn resources_cover(
    cx: &Context<'_>,
    resources: Option<&Values<'_>>,
    role: &PassedRole<'_>,
) -> Cover {
    let Some(resources) = resources else {
        return Cover::Maybe;
    };
    if resources.negated {
        return Cover::Maybe;
    }
    let known = resources
        .items
        .iter()
        .map(|i| value_covers(cx, &i.value, role));
    let unknown = resources
        .unknown
        .iter()
        .map(|&n| unknown_covers(cx, n, role));
    known.chain(unknown).max().unwrap_or(Cover::No)
}

/// Whether a statement's actions include `action` (`svc:Name`).
pub fn actions_include(statement: &Statement<'_>, action: &str) -> Cover {
    let listed = statement
        .action
        .items
        .iter()
        .any(|i| wildcard::matches(&i.value, action, true));
    let complete = statement.action.is_complete();
    match (statement.action.negated, listed, complete) {
        (false, true, _) => Cover::Yes,
        (false, false, true) => Cover::No,
        (true, true, _) => Cover::No,
        (true, false, true) => Cover::Yes,
        (_, false, false) => Cover::Maybe,
    }
}

/// Whether one statement allows passing the role.
fn statement_covers(cx: &Context<'_>, statement: &Statement<'_>, role: &PassedRole<'_>) -> Cover {
    if statement.effect != Effect::Allow {
        return Cover::No;
    }
    let action = actions_include(statement, "iam:PassRole");
    if action == Cover::No {
        return Cover::No;
    }
    action.min(resources_cover(cx, statement.resource.as_ref(), role))
}

/// Whether the policies of `holder` (a template role) allow it to pass `role`.
pub fn can_pass(
    cx: &Context<'_>,
    documents: &[PolicyDocument<'_>],
    attachments: &Attachments<'_>,
    holder: &str,
    role: &PassedRole<'_>,
) -> Cover {
    let Some(policies) = attachments.of(holder) else {
        return Cover::Maybe;
    };
    if policies.external {
        return Cover::Maybe;
    }
    let mut best = Cover::No;
    let attached = policies.documents.iter().copied();
    let floating = attachments.floating.iter().map(|&i| (i, false));
    for (index, attachment_certain) in attached.chain(floating) {
        let Some(document) = documents.get(index) else {
            continue;
        };
        if document.has_unknown_statements {
            best = best.max(Cover::Maybe);
        }
        for statement in &document.statements {
            let mut cover = statement_covers(cx, statement, role);
            if cover == Cover::Yes && !(attachment_certain && statement.certain) {
                cover = Cover::Maybe;
            }
            best = best.max(cover);
            if best == Cover::Yes {
                return best;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::Cover;

    #[test]
    fn cover_orders_no_maybe_yes() {
        assert_eq!(Cover::Yes.min(Cover::Maybe), Cover::Maybe);
        assert_eq!(Cover::No.max(Cover::Maybe), Cover::Maybe);
    }
}
