//! The values of each resource's `Properties` paired with the schema nodes that describe them,
//! as CloudFormation would see them: `Fn::If` branches the template does not rule out are
//! followed, `Ref: AWS::NoValue` and every other intrinsic function are left out (their value
//! is not written in the template), and a template a macro rewrites is not walked at all.

use super::{ResourceType, Shape, schemas};
use crate::context::Context;
use crate::view::Resource;
use plimsoll_template::{NodeId, NodeRef, ParseErrorKind, Span};

/// Transforms that leave `Resources` as written, so the schemas apply to it.
const KNOWN_TRANSFORMS: [&str; 2] = ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"];

/// Whether a transform other than SAM's and the language extensions (a macro, which may
/// rewrite resources) processes the template.
pub fn transformed_by_macro(root: NodeRef<'_>) -> bool {
    root.get("Transform").is_some_and(|t| {
        t.one_or_many()
            .any(|name| name.as_str().is_none_or(|n| !KNOWN_TRANSFORMS.contains(&n)))
    })
}

/// Whether the template declares the SAM transform.
pub fn uses_sam(root: NodeRef<'_>) -> bool {
    root.get("Transform").is_some_and(|t| {
        t.one_or_many()
            .any(|name| name.as_str() == Some(KNOWN_TRANSFORMS[0]))
    })
}

/// Every resource whose type has a schema, with it; none when the template is rewritten by a
/// macro or the schemas are not built in. Custom resources are left out (they take any
/// properties), and so are resources whose `Condition` the template decides false (their
/// values are judged with the very parameters that leave them out).
pub fn typed_resources<'c, 'd>(
    cx: &'c Context<'d>,
) -> impl Iterator<Item = (&'c Resource<'d>, ResourceType<'static, 'static>)> + 'c {
    cx.template
        .resources
        .iter()
        .filter_map(|resource| Some((resource, schema_of(cx, resource)?)))
}

/// The schema a resource is judged against, if any (see [`typed_resources`]).
fn schema_of(cx: &Context<'_>, resource: &Resource<'_>) -> Option<ResourceType<'static, 'static>> {
    if transformed_by_macro(cx.template.root)
        || resource.is_custom()
        || cx.eval.is_deployed(resource.condition) == Some(false)
    {
        return None;
    }
    schemas().resource_type(resource.type_name?)
}

/// A value and the schema node for it.
#[derive(Debug, Clone, Copy)]
pub struct Value<'d> {
    pub node: NodeRef<'d>,
    pub shape: Shape<'static, 'static>,
    /// Whether the value is an intrinsic function (other than `Fn::If`, which is followed, and
    /// `Ref: AWS::NoValue`, which is left out): its result is for `cx.eval` to decide, and its
    /// mapping is not the value's.
    pub function: bool,
    /// Whether the schema requires the property the value is written under (for `Properties`
    /// itself: whether the type requires any property), so that SCH003 speaks for it when it
    /// is missing or has no value.
    pub required: bool,
}

/// A [`Value`] of the resource at `resource` in `Template::resources`, as the context keeps it.
#[derive(Debug, Clone, Copy)]
pub struct Walked {
    resource: usize,
    node: NodeId,
    shape: Shape<'static, 'static>,
    function: bool,
    required: bool,
}

/// Calls `visit` with every value of every schema-typed resource's `Properties` (the
/// `Properties` mapping itself first), reached through literal mappings, lists and `Fn::If`.
/// The walk is made once per context and shared by the rules.
pub fn for_each_value<'d>(cx: &Context<'d>, mut visit: impl FnMut(&Resource<'d>, Value<'d>)) {
    let values = cx.schema_values.get_or_init(|| {
        let mut values = Vec::new();
        for (index, resource) in cx.template.resources.iter().enumerate() {
            let Some(schema) = schema_of(cx, resource) else {
                continue;
            };
            let Some(properties) = resource.properties else {
                continue;
            };
            let root = schema.properties();
            let required = root.required().next().is_some() || !root.required_any().is_empty();
            walk(cx, properties, root, required, |value| {
                values.push(Walked {
                    resource: index,
                    node: value.node.id(),
                    shape: value.shape,
                    function: value.function,
                    required: value.required,
                })
            });
        }
        values
    });
    for walked in values {
        if let Some(resource) = cx.template.resources.get(walked.resource) {
            let value = Value {
                node: cx.document.node(walked.node),
                shape: walked.shape,
                function: walked.function,
                required: walked.required,
            };
            visit(resource, value);
        }
    }
}

/// Walks one value and everything under it that the schema describes (explicit stack: no
/// recursion on the template's depth).
pub fn walk<'d>(
    cx: &Context<'d>,
    node: NodeRef<'d>,
    shape: Shape<'static, 'static>,
    required: bool,
    mut visit: impl FnMut(Value<'d>),
) {
    // Values under a tag Plimsoll does not know (a preprocessor's, `!Rain::S3`) are rewritten
    // before CloudFormation sees them.
    let tags: Vec<Span> = cx
        .parse_diagnostics
        .iter()
        .filter(|d| matches!(d.kind, ParseErrorKind::UnknownTag { .. }))
        .map(|d| d.span)
        .collect();
    let mut stack = vec![(node, shape, required)];
    while let Some((node, shape, required)) = stack.pop() {
        if !tags.is_empty() && tagged(cx.source, &tags, node) || is_rain_directive(node) {
            continue;
        }
        if let Some((name, argument)) = function(node) {
            if name == "Fn::If" {
                push_branches(cx, argument, shape, required, &mut stack);
            } else if !(name == "Ref" && argument.as_str() == Some("AWS::NoValue")) {
                visit(Value {
                    node,
                    shape,
                    function: true,
                    required,
                });
            }
            continue;
        }
        visit(Value {
            node,
            shape,
            function: false,
            required,
        });
        if node.is_map() {
            let groups = shape.required_any();
            for (key, child) in node.entries() {
                if let Some(child_shape) = shape.property(key) {
                    let required = shape.required().any(|name| name == key)
                        || groups.iter().flatten().any(|name| *name == key);
                    stack.push((child, child_shape, required));
                }
            }
        } else if node.is_seq()
            && let Some(items) = shape.items()
        {
            stack.extend(node.items().map(|item| (item, items, false)));
        }
    }
}

/// Whether one of `tags` is written right before the value (or at its start).
fn tagged(source: &str, tags: &[Span], node: NodeRef<'_>) -> bool {
    let start = node.span().start;
    tags.iter().any(|tag| {
        tag.start == start
            || (tag.end <= start
                && source
                    .get(tag.end as usize..start as usize)
                    .is_some_and(|between| between.trim().is_empty()))
    })
}

/// Rain's directives in their mapping form (`{"Rain::Embed": "handler.py"}`), replaced before
/// CloudFormation sees the template.
fn is_rain_directive(node: NodeRef<'_>) -> bool {
    matches!(node.map_entries(), [entry] if entry.key.starts_with("Rain::"))
}

/// The name a value is written under: its key, or the key of the list (or `Fn::If`) it is in.
pub fn owner_key<'d>(node: NodeRef<'d>) -> Option<&'d str> {
    let mut at = Some(node);
    while let Some(node) = at {
        if let Some(key) = node.key().filter(|k| !k.starts_with("Fn::")) {
            return Some(key);
        }
        at = node.parent();
    }
    None
}

/// The intrinsic function a value is, if any. `Condition` is not one inside `Properties`
/// (it is a property name of several types).
pub fn function(node: NodeRef<'_>) -> Option<(&str, NodeRef<'_>)> {
    node.intrinsic().filter(|(name, _)| *name != "Condition")
}

/// The branches of `Fn::If [condition, then, else]` that the template does not rule out.
fn push_branches<'d>(
    cx: &Context<'d>,
    argument: NodeRef<'d>,
    shape: Shape<'static, 'static>,
    required: bool,
    stack: &mut Vec<(NodeRef<'d>, Shape<'static, 'static>, bool)>,
) {
    let (Some(condition), Some(then), Some(otherwise), None) = (
        argument.at(0),
        argument.at(1),
        argument.at(2),
        argument.at(3),
    ) else {
        return;
    };
    let decided = condition.as_str().and_then(|name| cx.eval.condition(name));
    if decided != Some(false) {
        stack.push((then, shape, required));
    }
    if decided != Some(true) {
        stack.push((otherwise, shape, required));
    }
}
