//! Which roles of the template each policy document applies to: a role's inline `Policies`,
//! `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy` through their `Roles` lists,
//! `AWS::IAM::RolePolicy` through its `RoleName`, and managed policies named in a role's
//! `ManagedPolicyArns`.

use super::policy::{PolicyDocument, alternatives};
use crate::context::Context;
use plimsoll_template::NodeRef;
use std::collections::HashMap;

/// The policy documents that apply to one role.
#[derive(Clone, Debug, Default)]
pub struct RolePolicies {
    /// Indexes into the document list, with whether the attachment certainly deploys.
    pub documents: Vec<(usize, bool)>,
    /// The role also has managed policies the template does not show (by ARN, parameter or
    /// import), which may grant anything.
    pub external: bool,
}

/// The roles every document applies to.
#[derive(Clone, Debug, Default)]
pub struct Attachments<'d> {
    /// By the role's logical name.
    pub roles: HashMap<&'d str, RolePolicies>,
    /// Documents attached to roles the template does not decide (a `Roles` entry that is a
    /// parameter or an import): they may apply to any role.
    pub floating: Vec<usize>,
}

impl<'d> Attachments<'d> {
    /// The documents of a role (none for a name that is not a role of the template).
    pub fn of(&self, role: &str) -> Option<&RolePolicies> {
        self.roles.get(role)
    }
}

/// Works out the attachments of `documents` (from [`super::policy::documents`]).
pub fn attachments<'d>(cx: &Context<'d>, documents: &[PolicyDocument<'d>]) -> Attachments<'d> {
    let template = cx.template;
    let mut out = Attachments::default();
    let mut role_names: HashMap<String, &'d str> = HashMap::new();
    for role in template.resources_of_type("AWS::IAM::Role") {
        out.roles.insert(role.name, RolePolicies::default());
        if let Some(name) = role
            .property("RoleName")
            .and_then(|n| cx.eval.eval(n).value)
            .and_then(|v| v.to_text())
        {
            role_names.insert(name, role.name);
        }
    }
    let role_of = |node: NodeRef<'d>| -> Option<&'d str> {
        if let Some(("Ref", name)) = node.intrinsic() {
            let name = name.as_str()?;
            return template
                .resource(name)
                .filter(|r| r.type_name == Some("AWS::IAM::Role"))
                .map(|r| r.name);
        }
        let text = cx.eval.eval(node).value?.to_text()?;
        role_names.get(&text).copied()
    };
    let mut by_holder: HashMap<&'d str, Vec<usize>> = HashMap::new();
    for (index, document) in documents.iter().enumerate() {
        let holder = document.holder;
        by_holder.entry(holder.name).or_default().push(index);
        let targets = match holder.type_name {
            Some("AWS::IAM::Role") => {
                if let Some(role) = out.roles.get_mut(holder.name) {
                    role.documents.push((index, document.certain));
                }
                continue;
            }
            Some("AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy") => holder.property("Roles"),
            Some("AWS::IAM::RolePolicy") => holder.property("RoleName"),
            _ => continue,
        };
        let Some(targets) = targets else {
            continue;
        };
        for (list, list_certain) in alternatives(cx.eval, targets) {
            if list.intrinsic().is_some() && !list.is_seq() && role_of(list).is_none() {
                out.floating.push(index);
                continue;
            }
            for item in list.one_or_many() {
                for (item, certain) in alternatives(cx.eval, item) {
                    match role_of(item).and_then(|r| out.roles.get_mut(r)) {
                        Some(role) => role
                            .documents
                            .push((index, document.certain && list_certain && certain)),
                        None => out.floating.push(index),
                    }
                }
            }
        }
    }
    for role in template.resources_of_type("AWS::IAM::Role") {
        let Some(arns) = role.property("ManagedPolicyArns") else {
            continue;
        };
        let mut attached = Vec::new();
        let mut external = false;
        for (list, list_certain) in alternatives(cx.eval, arns) {
            if !list.is_seq() {
                external = true;
                continue;
            }
            for item in list.items() {
                for (item, certain) in alternatives(cx.eval, item) {
                    let policy = match item.intrinsic() {
                        Some(("Ref", name)) => name
                            .as_str()
                            .and_then(|n| template.resource(n))
                            .filter(|r| r.type_name == Some("AWS::IAM::ManagedPolicy")),
                        _ => None,
                    };
                    match policy {
                        Some(policy) => {
                            for &index in by_holder.get(policy.name).into_iter().flatten() {
                                let document_certain = documents[index].certain;
                                attached.push((index, document_certain && list_certain && certain));
                            }
                        }
                        None => external = true,
                    }
                }
            }
        }
        if let Some(entry) = out.roles.get_mut(role.name) {
            entry.documents.extend(attached);
            entry.external |= external;
        }
    }
    out.floating.sort_unstable();
    out.floating.dedup();
    out
}
