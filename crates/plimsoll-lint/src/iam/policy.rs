//! Identity policies in a template: every statement of every policy document, each value with
//! its node (for positions) and its evaluated value.
//!
//! Trust policies (`AssumeRolePolicyDocument`) are not read: they say who may assume a role,
//! not what the role may do. `Fn::If` is followed where its condition is decided; where it is
//! not, both branches are kept and marked uncertain, so each rule can decide whether a finding
//! in a branch that may not deploy is still worth reporting.

use crate::context::Context;
use crate::eval::{Evaluator, ParamUse, Val};
use crate::view::Resource;
use plimsoll_template::{NodeRef, Span};
use std::borrow::Cow;

/// Resource types whose properties hold identity policies.
pub const POLICY_HOLDERS: &[&str] = &[
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
];

/// One policy document and where it lives.
#[derive(Clone, Debug)]
pub struct PolicyDocument<'d> {
    /// The resource that declares the document.
    pub holder: Resource<'d>,
    /// The `PolicyDocument` node.
    pub node: NodeRef<'d>,
    pub statements: Vec<Statement<'d>>,
    /// Whether some statements were left out because their Effect or Action is not decided.
    pub has_unknown_statements: bool,
    /// False when the document deploys only under a condition the template does not decide.
    pub certain: bool,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// One statement of a policy document.
#[derive(Clone, Debug)]
pub struct Statement<'d> {
    pub node: NodeRef<'d>,
    pub sid: Option<&'d str>,
    pub effect: Effect,
    /// `Action` or `NotAction`.
    pub action: Values<'d>,
    /// `Resource` or `NotResource`, when the statement has either.
    pub resource: Option<Values<'d>>,
    pub conditions: Conditions<'d>,
    /// False when the statement deploys only under a condition the template does not decide.
    pub certain: bool,
}

impl Statement<'_> {
    /// "statement `Sid`" or "this statement", for messages.
    pub fn describe(&self) -> String {
        match self.sid {
            Some(sid) if !sid.is_empty() => format!("statement `{sid}`"),
            _ => "this statement".to_owned(),
        }
    }
}

/// The values of `Action`, `NotAction`, `Resource` or `NotResource`.
#[derive(Clone, Debug)]
pub struct Values<'d> {
    /// The property's value node.
    pub node: NodeRef<'d>,
    /// `NotAction` / `NotResource`.
    pub negated: bool,
    /// The values the template decides.
    pub items: Vec<Item<'d>>,
    /// The nodes whose values the template does not decide (`!GetAtt Role.Arn`, an import).
    pub unknown: Vec<NodeRef<'d>>,
}

impl<'d> Values<'d> {
    /// Whether every value is known.
    pub fn is_complete(&self) -> bool {
        self.unknown.is_empty()
    }
}

/// One known value and the node it comes from (a list item, or an intrinsic whose value is a
/// list of several items).
#[derive(Clone, Debug)]
pub struct Item<'d> {
    pub node: NodeRef<'d>,
    pub value: Cow<'d, str>,
    /// Parameters that decided the value.
    pub inputs: Vec<ParamUse<'d>>,
}

impl Item<'_> {
    /// " (with the parameter default X=…)" when a parameter decided the value.
    pub fn provenance(&self) -> String {
        crate::eval::Resolved {
            value: None,
            inputs: self.inputs.clone(),
        }
        .provenance()
    }

    /// The span of the value in the source: the item's node.
    pub fn span(&self) -> Span {
        self.node.span()
    }
}

/// A statement's `Condition` block.
#[derive(Clone, Debug)]
pub enum Conditions<'d> {
    /// No `Condition`.
    Absent,
    /// A `Condition` whose shape the template does not decide (an undecided `Fn::If`).
    Unknown,
    /// Every operator/key pair.
    Known(Vec<Condition<'d>>),
}

impl<'d> Conditions<'d> {
    /// The known conditions (none when absent or unknown).
    pub fn known(&self) -> &[Condition<'d>] {
        match self {
            Conditions::Known(conditions) => conditions,
            _ => &[],
        }
    }
}

/// One `Operator: {key: value}` pair of a condition block.
#[derive(Clone, Debug)]
pub struct Condition<'d> {
    /// The operator as written (`ForAnyValue:StringLikeIfExists`).
    pub operator: &'d str,
    pub key: &'d str,
    pub key_span: Span,
    /// The value node (a scalar, a list or an intrinsic).
    pub value: NodeRef<'d>,
}

impl Condition<'_> {
    /// The operator without its `ForAnyValue:` / `ForAllValues:` qualifier.
    pub fn base_operator(&self) -> &str {
        self.operator
            .split_once(':')
            .map_or(self.operator, |(_, op)| op)
    }

    /// Whether the condition matches a request that does not carry the key at all: operators
    /// ending in `IfExists`, `Null`, and `ForAllValues:` (true for an empty set).
    pub fn matches_missing_key(&self) -> bool {
        let operator = self.operator.to_ascii_lowercase();
        operator.ends_with("ifexists")
            || operator == "null"
            || operator.starts_with("forallvalues:")
    }
}

/// Every identity policy document in the template, in template order.
pub fn documents<'d>(cx: &Context<'d>) -> Vec<PolicyDocument<'d>> {
    let mut out = Vec::new();
    for resource in &cx.template.resources {
        let Some(type_name) = resource.type_name else {
            continue;
        };
        if !POLICY_HOLDERS.contains(&type_name) {
            continue;
        }
        let resource_certain = match cx.eval.is_deployed(resource.condition) {
            Some(false) => continue,
            Some(true) => true,
            None => false,
        };
        for (node, certain) in document_nodes(cx.eval, resource, type_name) {
            out.push(document(
                cx.eval,
                *resource,
                node,
                resource_certain && certain,
            ));
        }
    }
    out
}

/// The `PolicyDocument` nodes of a resource: inline `Policies[].PolicyDocument` of roles,
/// users and groups, or the resource's own `PolicyDocument`.
fn document_nodes<'d>(
    ev: &Evaluator<'_, 'd>,
    resource: &Resource<'d>,
    type_name: &str,
) -> Vec<(NodeRef<'d>, bool)> {
    let mut out = Vec::new();
    match type_name {
        "AWS::IAM::Role" | "AWS::IAM::User" | "AWS::IAM::Group" => {
            let Some(policies) = resource.property("Policies") else {
                return out;
            };
            for (list, list_certain) in alternatives(ev, policies) {
                for item in list.items() {
                    for (policy, certain) in alternatives(ev, item) {
                        if let Some(document) = policy.get("PolicyDocument") {
                            for (node, doc_certain) in alternatives(ev, document) {
                                out.push((node, list_certain && certain && doc_certain));
                            }
                        }
                    }
                }
            }
        }
        _ => {
            if let Some(document) = resource.property("PolicyDocument") {
                out.extend(alternatives(ev, document));
            }
        }
    }
    out.retain(|(node, _)| node.is_map());
    out
}

fn document<'d>(
    ev: &Evaluator<'_, 'd>,
    holder: Resource<'d>,
    node: NodeRef<'d>,
    certain: bool,
) -> PolicyDocument<'d> {
    let mut statements = Vec::new();
    let mut has_unknown_statements = false;
    if let Some(list) = node.get("Statement") {
        for (list, list_certain) in alternatives(ev, list) {
            if list.intrinsic().is_some() {
                has_unknown_statements = true;
                continue;
            }
            for item in list.one_or_many() {
                for (node, item_certain) in alternatives(ev, item) {
                    match statement(ev, node, list_certain && item_certain) {
                        Some(statement) => statements.push(statement),
                        None => has_unknown_statements = true,
                    }
                }
            }
        }
    }
    PolicyDocument {
        holder,
        node,
        statements,
        has_unknown_statements,
        certain,
    }
}

/// A statement, or `None` when its Effect or Action is not decided (or it is malformed).
fn statement<'d>(
    ev: &Evaluator<'_, 'd>,
    node: NodeRef<'d>,
    certain: bool,
) -> Option<Statement<'d>> {
    if !node.is_map() {
        return None;
    }
    let effect = ev.eval(node.get("Effect")?);
    let effect = match effect.as_str()? {
        e if e.eq_ignore_ascii_case("Allow") => Effect::Allow,
        e if e.eq_ignore_ascii_case("Deny") => Effect::Deny,
        _ => return None,
    };
    let action = field(ev, node, "Action", "NotAction")?;
    if action.items.is_empty() {
        return None;
    }
    Some(Statement {
        node,
        sid: node.get("Sid").and_then(NodeRef::as_str),
        effect,
        action,
        resource: field(ev, node, "Resource", "NotResource"),
        conditions: conditions(ev, node.get("Condition")),
        certain,
    })
}

/// `Action`/`NotAction` or `Resource`/`NotResource`.
fn field<'d>(
    ev: &Evaluator<'_, 'd>,
    statement: NodeRef<'d>,
    name: &str,
    negated_name: &str,
) -> Option<Values<'d>> {
    let (node, negated) = match statement.get(name) {
        Some(node) => (node, false),
        None => (statement.get(negated_name)?, true),
    };
    let mut values = Values {
        node,
        negated,
        items: Vec::new(),
        unknown: Vec::new(),
    };
    if node.is_seq() {
        for item in node.items() {
            push_values(ev, item, &mut values);
        }
    } else {
        push_values(ev, node, &mut values);
    }
    Some(values)
}

/// Adds the value(s) of one node: a string, or an intrinsic evaluating to a string or a list.
fn push_values<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>, values: &mut Values<'d>) {
    if let Some(text) = node.as_str() {
        values.items.push(Item {
            node,
            value: Cow::Borrowed(text),
            inputs: Vec::new(),
        });
        return;
    }
    let resolved = ev.eval(node);
    let mut push = |value: &Val| match value.to_text() {
        Some(text) => values.items.push(Item {
            node,
            value: Cow::Owned(text),
            inputs: resolved.inputs.clone(),
        }),
        None => values.unknown.push(node),
    };
    match &resolved.value {
        Some(Val::NoValue) => {}
        Some(Val::List(items)) => items.iter().for_each(&mut push),
        Some(value) => push(value),
        None => values.unknown.push(node),
    }
}

fn conditions<'d>(ev: &Evaluator<'_, 'd>, node: Option<NodeRef<'d>>) -> Conditions<'d> {
    let Some(node) = node else {
        return Conditions::Absent;
    };
    let block = match alternatives(ev, node).as_slice() {
        [] => return Conditions::Absent,
        [(block, true)] if block.is_map() && block.intrinsic().is_none() => *block,
        _ => return Conditions::Unknown,
    };
    let mut out = Vec::new();
    for (operator, keys) in block.entries() {
        let keys = match alternatives(ev, keys).as_slice() {
            [] => continue,
            [(keys, true)] if keys.is_map() && keys.intrinsic().is_none() => *keys,
            _ => return Conditions::Unknown,
        };
        for entry in keys.map_entries() {
            out.push(Condition {
                operator,
                key: &entry.key,
                key_span: entry.key_span,
                value: keys.document().node(entry.value),
            });
        }
    }
    Conditions::Known(out)
}

/// What a node stands for once decidable `Fn::If`s are followed: one node when the template
/// decides, both branches (marked uncertain) when it does not, none for `AWS::NoValue`.
/// The flag says whether the node certainly deploys.
pub fn alternatives<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>) -> Vec<(NodeRef<'d>, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![(node, true)];
    while let Some((node, certain)) = stack.pop() {
        match node.intrinsic() {
            Some(("Fn::If", argument)) => {
                let Some(name) = argument.at(0).and_then(NodeRef::as_str) else {
                    continue;
                };
                let (yes, no) = (argument.at(1), argument.at(2));
                match ev.condition(name) {
                    Some(true) => stack.extend(yes.map(|n| (n, certain))),
                    Some(false) => stack.extend(no.map(|n| (n, certain))),
                    None => {
                        stack.extend(no.map(|n| (n, false)));
                        stack.extend(yes.map(|n| (n, false)));
                    }
                }
            }
            Some(("Ref", argument)) if argument.as_str() == Some("AWS::NoValue") => {}
            _ => out.push((node, certain)),
        }
    }
    out
}
