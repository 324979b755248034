use crate::context::Context;
use crate::registry::Check;
use crate::{Diagnostic, declare_rule, suggest};
use plimsoll_template::{NodeRef, Value};

declare_rule! {
    /// ### What it does
    /// Reports an intrinsic function whose argument has the wrong shape: the wrong number of
    /// items (`!Select [0]`, `!If [Cond, a]`, `!Equals [a]`), the wrong type (`!Ref [a]`,
    /// `!Join "a,b"`, `!GetAtt Resource` without an attribute), a literal `Fn::Select` index
    /// past the end of its list, and `Fn::…` names that are not functions (`Fn::Getatt`).
    ///
    /// Resource properties, outputs and conditions are checked. Templates transformed by
    /// anything but SAM (`AWS::LanguageExtensions`, macros) are not: those transforms give the
    /// functions other shapes and add functions of their own. What `Fn::Transform` includes is
    /// not checked either.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the template when it processes the function ("Template error:
    /// every Fn::Select object requires two parameters"), which is at deploy time for a change
    /// set and often after a slow review. Plimsoll's other rules cannot evaluate a malformed
    /// function either, so the problems it hides stay hidden until then.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Subnet:
    ///     Type: AWS::EC2::Subnet
    ///     Properties:
    ///       VpcId: vpc-0123456789abcdef0
    ///       CidrBlock: 10.0.0.0/24
    ///       AvailabilityZone: !Select [0]
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Subnet:
    ///     Type: AWS::EC2::Subnet
    ///     Properties:
    ///       VpcId: vpc-0123456789abcdef0
    ///       CidrBlock: 10.0.0.0/24
    ///       AvailabilityZone: !Select [0, !GetAZs ""]
    /// ```
    pub struct MalformedIntrinsic {
        code: "TPL006",
        name: "malformed-intrinsic",
        severity: Error,
    }
}

/// Functions CloudFormation (and its language extensions) defines, with the form each takes.
const FUNCTIONS: &[(&str, &str)] = &[
    ("Ref", "`Ref: LogicalName`"),
    ("Condition", "`Condition: ConditionName`"),
    (
        "Fn::GetAtt",
        "`Fn::GetAtt: [LogicalName, AttributeName]` or `!GetAtt LogicalName.AttributeName`",
    ),
    (
        "Fn::Sub",
        "`Fn::Sub: String` or `Fn::Sub: [String, {Name: Value, …}]`",
    ),
    ("Fn::Join", "`Fn::Join: [Delimiter, [Value, …]]`"),
    ("Fn::Select", "`Fn::Select: [Index, [Value, …]]`"),
    ("Fn::Split", "`Fn::Split: [Delimiter, String]`"),
    (
        "Fn::If",
        "`Fn::If: [ConditionName, ValueIfTrue, ValueIfFalse]`",
    ),
    (
        "Fn::FindInMap",
        "`Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]`",
    ),
    ("Fn::Base64", "`Fn::Base64: String`"),
    ("Fn::Cidr", "`Fn::Cidr: [IpBlock, Count, CidrBits]`"),
    (
        "Fn::GetAZs",
        "`Fn::GetAZs: Region` (`\"\"` for the stack's region)",
    ),
    ("Fn::ImportValue", "`Fn::ImportValue: ExportName`"),
    ("Fn::Equals", "`Fn::Equals: [Value, Value]`"),
    (
        "Fn::And",
        "`Fn::And: [Condition, Condition, …]` with 2 to 10 conditions",
    ),
    (
        "Fn::Or",
        "`Fn::Or: [Condition, Condition, …]` with 2 to 10 conditions",
    ),
    ("Fn::Not", "`Fn::Not: [Condition]`"),
    (
        "Fn::Transform",
        "`Fn::Transform: {Name: MacroName, Parameters: {…}}`",
    ),
    ("Fn::Length", "`Fn::Length: [Value, …]`"),
    ("Fn::ToJsonString", "`Fn::ToJsonString: Value`"),
    (
        "Fn::ForEach",
        "`Fn::ForEach::Name: [Identifier, Collection, Fragment]`",
    ),
];

impl Check for MalformedIntrinsic {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let template = cx.template;
        if transformed_beyond_sam(template.root) {
            return;
        }
        // (node, whether it sits where a condition is expected, so `Condition` is a function)
        let mut roots: Vec<(NodeRef<'_>, bool)> = Vec::new();
        roots.extend(
            template
                .resources
                .iter()
                .filter_map(|r| r.properties)
                .map(|p| (p, false)),
        );
        for output in &template.outputs {
            roots.extend(
                ["Value", "Export"]
                    .iter()
                    .filter_map(|k| output.node.get(k))
                    .map(|n| (n, false)),
            );
        }
        roots.extend(template.conditions.iter().map(|c| (c.node, true)));
        let mut stack = roots;
        while let Some((node, in_condition)) = stack.pop() {
            let call = node
                .intrinsic()
                .filter(|(name, _)| *name != "Condition" || in_condition);
            if let Some((name, argument)) = call {
                if let Some(problem) = problem(name, argument) {
                    out.push(diagnostic(node, name, problem));
                }
                if name == "Fn::Transform" {
                    continue;
                }
                let conditions = matches!(name, "Fn::And" | "Fn::Or" | "Fn::Not");
                stack.extend(argument.items().map(|i| (i, conditions)));
                stack.extend(argument.entries().map(|(_, v)| (v, false)));
                continue;
            }
            stack.extend(node.items().map(|i| (i, false)));
            stack.extend(node.entries().map(|(_, v)| (v, false)));
        }
    }
}

/// What is wrong with a call, in words, or `None` when its shape is right.
fn problem(name: &str, argument: NodeRef<'_>) -> Option<String> {
    let items: Vec<NodeRef<'_>> = argument.items().collect();
    let count = |range: std::ops::RangeInclusive<usize>, what: &str| -> Option<String> {
        if !argument.is_seq() {
            return Some(format!("takes a list of {what}, not {}", kind(argument)));
        }
        (!range.contains(&items.len()))
            .then(|| format!("takes a list of {what}, not {}", kind(argument)))
    };
    match name {
        "Ref" | "Condition" => {
            (!is_string(argument)).then(|| format!("takes a name, not {}", kind(argument)))
        }
        "Fn::GetAtt" => get_att(argument, &items),
        "Fn::Sub" => {
            if is_string(argument) {
                return None;
            }
            if !argument.is_seq() {
                return Some(format!(
                    "takes a string, or a list of a string and a mapping of variables, not {}",
                    kind(argument)
                ));
            }
            count(2..=2, "a string and a mapping of variables").or_else(|| {
                if !is_string(items[0]) {
                    Some(format!(
                        "needs a string to substitute into, not {}",
                        kind(items[0])
                    ))
                } else if !items[1].is_map() {
                    Some(format!(
                        "needs a mapping of variables, not {}",
                        kind(items[1])
                    ))
                } else {
                    None
                }
            })
        }
        "Fn::Join" => count(2..=2, "a delimiter and a list").or_else(|| {
            if !is_scalar(items[0]) {
                Some(format!("needs a delimiter string, not {}", kind(items[0])))
            } else if !is_list_like(items[1]) {
                Some(format!(
                    "needs a list of values to join, not {}",
                    kind(items[1])
                ))
            } else {
                None
            }
        }),
        "Fn::Select" => count(2..=2, "an index and a list").or_else(|| select(items[0], items[1])),
        "Fn::Split" => count(2..=2, "a delimiter and a string").or_else(|| {
            if !is_scalar(items[0]) {
                Some(format!("needs a delimiter string, not {}", kind(items[0])))
            } else if !is_value(items[1]) {
                Some(format!("needs a string to split, not {}", kind(items[1])))
            } else {
                None
            }
        }),
        "Fn::If" => count(3..=3, "a condition name and two values").or_else(|| {
            (!is_string(items[0]))
                .then(|| format!("needs a condition name first, not {}", kind(items[0])))
        }),
        "Fn::FindInMap" => {
            // A fourth item `{DefaultValue: …}` comes with AWS::LanguageExtensions.
            let default = items.len() == 4 && items[3].get("DefaultValue").is_some();
            let range = if default { 3..=4 } else { 3..=3 };
            count(range, "a map name and two keys").or_else(|| {
                items[..3]
                    .iter()
                    .find(|i| !is_value(**i))
                    .map(|i| format!("needs names and keys, not {}", kind(*i)))
            })
        }
        "Fn::Base64" | "Fn::ImportValue" | "Fn::ToJsonString" => (!is_value(argument)
            && !(name == "Fn::ToJsonString" && (argument.is_map() || argument.is_seq())))
        .then(|| format!("takes a single value, not {}", kind(argument))),
        "Fn::GetAZs" => (!is_value(argument) && !argument.is_null())
            .then(|| format!("takes a region name, not {}", kind(argument))),
        "Fn::Cidr" => count(3..=3, "an address block, a count and a size"),
        "Fn::Equals" => count(2..=2, "two values"),
        "Fn::And" | "Fn::Or" => count(2..=10, "2 to 10 conditions"),
        "Fn::Not" => count(1..=1, "one condition"),
        "Fn::Transform" => {
            let named = |m: NodeRef<'_>| m.get("Name").is_some();
            let ok = named(argument) || (argument.is_seq() && argument.items().all(named));
            (!ok).then(|| "takes a mapping with the macro's `Name`".to_owned())
        }
        "Fn::GetStackOutput" => None,
        "Fn::Length" => {
            (!is_list_like(argument)).then(|| format!("takes a list, not {}", kind(argument)))
        }
        _ => {
            let known = FUNCTIONS.iter().map(|(n, _)| *n);
            Some(match suggest::closest(name, known) {
                Some(close) => format!("is not a CloudFormation function; did you mean `{close}`?"),
                None => "is not a CloudFormation function".to_owned(),
            })
        }
    }
}

/// Whether a `Transform` other than SAM's may reshape the template's functions.
fn transformed_beyond_sam(root: NodeRef<'_>) -> bool {
    root.get("Transform").is_some_and(|t| {
        t.one_or_many()
            .any(|name| name.as_str() != Some("AWS::Serverless-2016-10-31"))
    })
}

fn get_att(argument: NodeRef<'_>, items: &[NodeRef<'_>]) -> Option<String> {
    if let Some(text) = argument.as_str() {
        return match text.split_once('.') {
            Some((resource, attribute)) if !resource.is_empty() && !attribute.is_empty() => None,
            _ => Some(format!("needs a resource and an attribute, not `{text}`")),
        };
    }
    if !argument.is_seq() {
        return Some(format!(
            "takes a list of a resource and an attribute, not {}",
            kind(argument)
        ));
    }
    match items {
        [resource, attribute] => {
            if !is_string(*resource) {
                Some(format!(
                    "needs a resource name first, not {}",
                    kind(*resource)
                ))
            } else if attribute.as_str() == Some("") {
                Some(format!(
                    "names no attribute of `{}`",
                    resource.as_str().unwrap_or_default()
                ))
            } else if !is_value(*attribute) {
                Some(format!("needs an attribute name, not {}", kind(*attribute)))
            } else {
                None
            }
        }
        _ => Some(format!(
            "takes a list of a resource and an attribute, not {}",
            kind(argument)
        )),
    }
}

fn select(index: NodeRef<'_>, list: NodeRef<'_>) -> Option<String> {
    if !is_list_like(list) {
        return Some(format!("needs a list to select from, not {}", kind(list)));
    }
    if index.intrinsic().is_some() {
        return None;
    }
    let literal = match index.value() {
        Value::Int(i) => Some(*i),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    let Some(i) = literal.filter(|i| *i >= 0) else {
        return Some(format!(
            "needs an index that is a whole number from 0, not {}",
            kind(index)
        ));
    };
    let length = list.is_seq().then(|| list.len());
    match length {
        Some(length) if i as u64 >= length as u64 => Some(format!(
            "selects item {i} of a list of {}: the index is past its end",
            items_count(length)
        )),
        _ => None,
    }
}

fn is_string(node: NodeRef<'_>) -> bool {
    node.as_str().is_some()
}

fn is_scalar(node: NodeRef<'_>) -> bool {
    node.is_scalar() && !node.is_null()
}

/// A scalar or a function call that yields one.
fn is_value(node: NodeRef<'_>) -> bool {
    is_scalar(node) || node.intrinsic().is_some()
}

/// A list, or a function call that may yield one.
fn is_list_like(node: NodeRef<'_>) -> bool {
    node.is_seq() || node.intrinsic().is_some()
}

/// How a value is named in messages: `a list of 2 items`, the string `x` …
pub(super) fn kind(node: NodeRef<'_>) -> String {
    match node.value() {
        Value::Null => "an empty value".to_owned(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Int(i) => format!("the number `{i}`"),
        Value::Float(_) => "a number".to_owned(),
        Value::String(s) if s.chars().count() <= 40 => format!("the string `{s}`"),
        Value::String(_) => "a string".to_owned(),
        Value::Seq(items) => format!("a list of {}", items_count(items.len())),
        Value::Map(_) => match node.intrinsic() {
            Some((function, _)) => format!("a `{function}` call"),
            None => "a mapping".to_owned(),
        },
    }
}

fn items_count(n: usize) -> String {
    match n {
        0 => "no items".to_owned(),
        1 => "1 item".to_owned(),
        n => format!("{n} items"),
    }
}

fn diagnostic(node: NodeRef<'_>, name: &str, problem: String) -> Diagnostic {
    let form = FUNCTIONS
        .iter()
        .find(|(n, form)| *n == name && !form.is_empty())
        .map(|(_, form)| format!("write it as {form}"));
    let builder = Diagnostic::at(
        &MalformedIntrinsic::META,
        node,
        format!("`{name}` {problem}"),
    );
    match form {
        Some(form) => builder.help(form),
        None => builder.help("use one of CloudFormation's intrinsic functions"),
    }
    .build()
}
