//! The template as it would deploy, for guard to read, with the source node of every value.
//!
//! In `Resources` and `Outputs`: entries whose `Condition` is false are left out, decided
//! `Fn::If`s are replaced by their branch, `!Ref AWS::NoValue` removes its property or list
//! item, and intrinsic functions the evaluator can compute (parameter references with their
//! default or override, `Fn::FindInMap`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, …) are replaced
//! by their value. Everything the template does not decide stays the intrinsic function object
//! it is (`{"Ref": "Cluster"}`), which rules treat as unknown. Other sections are copied as
//! written. Each value keeps the node it came from, so a path guard reports maps back to an
//! exact position in the source.

use crate::context::Context;
use crate::eval::{Evaluator, ParamUse, Val};
use plimsoll_template::{NodeRef, Span, Value as Src};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;

/// A value of the deployed template.
#[derive(Debug)]
pub(crate) struct Node<'d> {
    /// The source node this value was read or computed from.
    pub origin: NodeRef<'d>,
    /// The span of the mapping key this value sits under in the source, if any.
    pub key_span: Option<Span>,
    /// Parameters whose values decided this value.
    pub inputs: Vec<ParamUse<'d>>,
    pub value: Value<'d>,
}

#[derive(Debug)]
pub(crate) enum Value<'d> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'d, str>),
    Seq(Vec<Node<'d>>),
    Map(Vec<(Cow<'d, str>, Node<'d>)>),
}

/// A node found by a path, with the nodes above it.
#[derive(Debug)]
pub(crate) struct Located<'a, 'd> {
    /// Root first, the found node last.
    pub chain: Vec<&'a Node<'d>>,
    /// The path segments that named the found node (keys as written, indices as text).
    pub segments: Vec<String>,
}

impl<'a, 'd> Located<'a, 'd> {
    pub fn node(&self) -> Option<&'a Node<'d>> {
        self.chain.last().copied()
    }

    /// Every parameter that decided a value along the path, in order.
    pub fn inputs(&self) -> Vec<ParamUse<'d>> {
        let mut out: Vec<ParamUse<'d>> = Vec::new();
        for node in &self.chain {
            for input in &node.inputs {
                if !out.contains(input) {
                    out.push(input.clone());
                }
            }
        }
        out
    }
}

/// Sections whose entries may carry a `Condition` and whose values are evaluated.
const DEPLOYED_SECTIONS: [&str; 2] = ["Resources", "Outputs"];

/// The deployed view of a template whose root is a mapping.
pub(crate) fn template<'d>(cx: &Context<'d>) -> Node<'d> {
    let root = cx.template.root;
    let ev = cx.eval;
    let mut entries = Vec::new();
    for entry in root.map_entries() {
        let node = cx.document.node(entry.value);
        let value = if DEPLOYED_SECTIONS.contains(&entry.key.as_str()) && node.is_map() {
            section(ev, node)
        } else {
            raw(node)
        };
        entries.push((
            Cow::Borrowed(entry.key.as_str()),
            keyed(value, entry.key_span),
        ));
    }
    let mut deployed = Node::new(root, Value::Map(entries));
    collapse_deep(&mut deployed);
    deployed
}

/// Deepest nesting of the deployed template that reaches cfn-guard. Its report quotes the
/// values it checks inside a dozen levels of its own, and a report deeper than a JSON reader
/// takes (128 levels) cost the template every guard finding; the parser keeps 128 levels.
const DEEPEST: usize = 64;

/// What a value deeper than [`DEEPEST`] is replaced by, as text.
const ELIDED: &str = "…";

/// Replaces the mappings and sequences deeper than [`DEEPEST`]: an intrinsic function keeps its
/// name with [`ELIDED`] as its argument (rules only ask whether a value is one: it stays
/// undecided), anything else becomes [`ELIDED`]. Walked with a stack, not recursion.
fn collapse_deep(root: &mut Node<'_>) {
    let mut stack: Vec<(&mut Node<'_>, usize)> = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        if depth >= DEEPEST {
            let origin = node.origin;
            let function = match &node.value {
                Value::Map(entries) if entries.len() == 1 && is_intrinsic_key(&entries[0].0) => {
                    Some(entries[0].0.clone())
                }
                _ => None,
            };
            match (function, &node.value) {
                (Some(name), _) => {
                    let argument = Node::new(origin, Value::Str(Cow::Borrowed(ELIDED)));
                    node.value = Value::Map(vec![(name, argument)]);
                }
                (None, Value::Map(_) | Value::Seq(_)) => {
                    node.value = Value::Str(Cow::Borrowed(ELIDED));
                }
                _ => {}
            }
            continue;
        }
        match &mut node.value {
            Value::Map(entries) => {
                stack.extend(entries.iter_mut().map(|(_, child)| (child, depth + 1)));
            }
            Value::Seq(items) => stack.extend(items.iter_mut().map(|child| (child, depth + 1))),
            _ => {}
        }
    }
}

fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// `Resources` or `Outputs`: entries whose condition is false are not deployed.
fn section<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>) -> Node<'d> {
    let mut entries = Vec::new();
    for entry in node.map_entries() {
        let value = node.document().node(entry.value);
        let condition = value.get("Condition").and_then(NodeRef::as_str);
        if ev.is_deployed(condition) == Some(false) {
            continue;
        }
        if let Some(deployed) = deploy(ev, value) {
            entries.push((
                Cow::Borrowed(entry.key.as_str()),
                keyed(deployed, entry.key_span),
            ));
        }
    }
    Node::new(node, Value::Map(entries))
}

/// A value as deployed; `None` when it is removed (`AWS::NoValue`).
fn deploy<'d>(ev: &Evaluator<'_, 'd>, node: NodeRef<'d>) -> Option<Node<'d>> {
    match node.value() {
        Src::Seq(_) => {
            let items = node.items().filter_map(|item| deploy(ev, item)).collect();
            Some(Node::new(node, Value::Seq(items)))
        }
        Src::Map(entries) => match node.intrinsic() {
            Some((function, argument)) => intrinsic(ev, node, function, argument),
            None => {
                let mut out = Vec::with_capacity(entries.len());
                for entry in entries {
                    let value = node.document().node(entry.value);
                    if let Some(deployed) = deploy(ev, value) {
                        out.push((
                            Cow::Borrowed(entry.key.as_str()),
                            keyed(deployed, entry.key_span),
                        ));
                    }
                }
                Some(Node::new(node, Value::Map(out)))
            }
        },
        _ => Some(raw(node)),
    }
}

fn intrinsic<'d>(
    ev: &Evaluator<'_, 'd>,
    node: NodeRef<'d>,
    function: &str,
    argument: NodeRef<'d>,
) -> Option<Node<'d>> {
    if function == "Fn::If" {
        // Follow the decided branch structurally, so its values keep their own positions.
        let decided = argument
            .at(0)
            .and_then(NodeRef::as_str)
            .and_then(|name| ev.condition(name));
        let branch = decided.and_then(|b| argument.at(if b { 1 } else { 2 }));
        let Some(branch) = branch else {
            return Some(raw(node));
        };
        let mut out = deploy(ev, branch)?;
        let name = argument.at(0).and_then(NodeRef::as_str).unwrap_or_default();
        for input in condition_inputs(ev, name) {
            if !out.inputs.contains(&input) {
                out.inputs.push(input);
            }
        }
        return Some(out);
    }
    let resolved = ev.eval(node);
    match resolved.value {
        Some(Val::NoValue) => None,
        Some(value) => {
            let mut out = from_val(node, value);
            out.inputs = resolved.inputs;
            Some(out)
        }
        None => Some(raw(node)),
    }
}

/// The parameters a named condition reads, through the conditions it names, so a value chosen
/// by `Fn::If` can say which parameter values chose it.
fn condition_inputs<'d>(ev: &Evaluator<'_, 'd>, name: &str) -> Vec<ParamUse<'d>> {
    let mut inputs: Vec<ParamUse<'d>> = Vec::new();
    let mut seen: Vec<&str> = vec![name];
    let template = ev.template();
    let mut conditions: Vec<NodeRef<'d>> = template.condition(name).into_iter().collect();
    let mut nodes: Vec<NodeRef<'d>> = Vec::new();
    while let Some(condition) = conditions.pop() {
        nodes.push(condition);
        while let Some(node) = nodes.pop() {
            match node.intrinsic() {
                Some(("Ref", argument)) => {
                    let used = argument.as_str().and_then(|p| ev.parameter(p));
                    if let Some((_, used)) = used
                        && !inputs.contains(used)
                    {
                        inputs.push(used.clone());
                    }
                }
                Some(("Condition", argument)) => {
                    if let Some(other) = argument.as_str()
                        && !seen.contains(&other)
                    {
                        seen.push(other);
                        conditions.extend(template.condition(other));
                    }
                }
                _ => nodes.extend(node.items().chain(node.entries().map(|(_, v)| v))),
            }
        }
    }
    inputs
}

/// A computed value; all of it points at the intrinsic function it came from.
fn from_val<'d>(origin: NodeRef<'d>, value: Val) -> Node<'d> {
    let value = match value {
        Val::Null | Val::NoValue => Value::Null,
        Val::Bool(b) => Value::Bool(b),
        Val::Int(i) => Value::Int(i),
        Val::Float(f) => Value::Float(f),
        Val::Str(s) => Value::Str(Cow::Owned(s)),
        Val::List(items) => Value::Seq(items.into_iter().map(|v| from_val(origin, v)).collect()),
        Val::Map(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| (Cow::Owned(k), from_val(origin, v)))
                .collect(),
        ),
    };
    Node::new(origin, value)
}

/// A value copied as written.
fn raw(node: NodeRef<'_>) -> Node<'_> {
    let value = match node.value() {
        Src::Null => Value::Null,
        Src::Bool(b) => Value::Bool(*b),
        Src::Int(i) => Value::Int(*i),
        Src::Float(f) => Value::Float(*f),
        Src::String(s) => Value::Str(Cow::Borrowed(s.as_str())),
        Src::Seq(_) => Value::Seq(node.items().map(raw).collect()),
        Src::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|e| {
                    let value = raw(node.document().node(e.value));
                    (Cow::Borrowed(e.key.as_str()), keyed(value, e.key_span))
                })
                .collect(),
        ),
    };
    Node::new(node, value)
}

fn keyed(mut node: Node<'_>, key_span: Span) -> Node<'_> {
    node.key_span = Some(key_span);
    node
}

impl<'d> Node<'d> {
    fn new(origin: NodeRef<'d>, value: Value<'d>) -> Node<'d> {
        Node {
            origin,
            key_span: None,
            inputs: Vec::new(),
            value,
        }
    }

    /// The node a guard path names (`/Resources/Api/Properties/Tags/0`), as deep as it exists.
    /// Guard joins keys with `/` without escaping, so a key containing `/` spans segments.
    pub fn locate(&self, path: &str) -> Located<'_, 'd> {
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        let mut located = Located {
            chain: vec![self],
            segments: Vec::new(),
        };
        let mut node = self;
        let mut at = 0;
        'walk: while at < segments.len() {
            match &node.value {
                Value::Map(entries) => {
                    for end in at + 1..=segments.len() {
                        let key = segments[at..end].join("/");
                        if let Some((written, child)) =
                            entries.iter().find(|(k, _)| guard_key(k) == key)
                        {
                            located.segments.push(written.to_string());
                            located.chain.push(child);
                            node = child;
                            at = end;
                            continue 'walk;
                        }
                    }
                    break;
                }
                Value::Seq(items) => {
                    match segments[at]
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| items.get(i))
                    {
                        Some(child) => {
                            located.segments.push(segments[at].to_owned());
                            located.chain.push(child);
                            node = child;
                            at += 1;
                        }
                        None => break,
                    }
                }
                _ => break,
            }
        }
        located
    }

    /// The deployed template as JSON text, for cfn-guard.
    pub fn to_json(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"));
        escape_unprintable(&json)
    }

    /// The resources whose `Type` `keep` accepts, as `{"Resources": {…}}` JSON documents of
    /// at most about `budget` bytes each (a larger resource is a document of its own); none
    /// when no resource is kept. That is all rule files reading one resource at a time need:
    /// cfn-guard copies its data for every rule file and keeps a record of every check until
    /// a document is done, so smaller documents bound what evaluating them holds in memory.
    pub fn resource_documents(&self, keep: impl Fn(&str) -> bool, budget: usize) -> Vec<String> {
        const OPEN: &str = "{\"Resources\":{";
        const CLOSE: &str = "}}";
        let mut documents = Vec::new();
        let Some(Node {
            value: Value::Map(entries),
            ..
        }) = self.child("Resources")
        else {
            return documents;
        };
        let mut current = String::new();
        for (name, resource) in entries {
            if !resource.type_name().is_some_and(&keep) {
                continue;
            }
            let (Ok(key), Ok(value)) = (
                serde_json::to_string(guard_key(name).as_ref()),
                serde_json::to_string(resource),
            ) else {
                continue;
            };
            let entry_len = key.len() + 1 + value.len();
            if !current.is_empty() && current.len() + 1 + entry_len + CLOSE.len() > budget {
                current.push_str(CLOSE);
                documents.push(escape_unprintable(&current));
                current.clear();
            }
            if current.is_empty() {
                current.push_str(OPEN);
            } else {
                current.push(',');
            }
            current.push_str(&key);
            current.push(':');
            current.push_str(&value);
        }
        if !current.is_empty() {
            current.push_str(CLOSE);
            documents.push(escape_unprintable(&current));
        }
        documents
    }

    fn child(&self, key: &str) -> Option<&Node<'d>> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn type_name(&self) -> Option<&str> {
        match &self.child("Type")?.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// cfn-guard reads its data as YAML, which refuses characters JSON allows raw: DEL, the C1
/// controls but NEL, and U+FFFE/U+FFFF. They can only occur inside strings here, where a
/// `\uXXXX` escape means the same character in both languages.
fn escape_unprintable(json: &str) -> String {
    let unprintable =
        |c: char| matches!(c, '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}');
    if !json.contains(unprintable) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unprintable(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Keys longer than this many characters reach cfn-guard shortened.
const LONGEST_KEY: usize = 128;

/// A mapping key as cfn-guard sees it. Its YAML reader takes a key on at most 1,024 characters
/// of JSON text, so a longer key (never a valid logical ID or property name, but any text may
/// be linted) is shortened to its start and a hash of the whole, which keeps sibling keys apart
/// and lets `locate` map guard's paths back. Escaped, `LONGEST_KEY` characters stay below the
/// limit.
fn guard_key(key: &str) -> Cow<'_, str> {
    if key.chars().nth(LONGEST_KEY).is_none() {
        return Cow::Borrowed(key);
    }
    let start: String = key.chars().take(LONGEST_KEY - 24).collect();
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(key, &mut hasher);
    Cow::Owned(format!(
        "{start}~{:016x}",
        std::hash::Hasher::finish(&hasher)
    ))
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) => serializer.serialize_f64(*f),
            Value::Str(s) => serializer.serialize_str(s),
            Value::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(guard_key(key).as_ref(), value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::Evaluator;
    use crate::view::Template;
    use crate::{Context, ParameterValues, Settings};
    use plimsoll_template::parse_with_limits;

    /// The deployed view of `source`, handed to `check`.
    fn with_deployed(source: &str, check: impl FnOnce(&super::Node<'_>)) {
        let settings = Settings::default();
        let parsed = parse_with_limits(source, &settings.limits);
        let root = parsed.document.root().expect("a template");
        let template = Template::new(root);
        let parameters = ParameterValues::new();
        let evaluator = Evaluator::new(&template, &parameters);
        let cx = Context {
            source,
            document: &parsed.document,
            template: &template,
            eval: &evaluator,
            settings: &settings,
            parse_diagnostics: &parsed.diagnostics,
            schema_values: Default::default(),
        };
        check(&super::template(&cx));
    }

    #[test]
    fn resource_documents_keep_only_the_selected_types_within_a_budget() {
        let source = "Parameters:\n  Env: {Type: String, Default: prod}\n\
                      Resources:\n\
                      \x20 Role: {Type: AWS::IAM::Role, Properties: {RoleName: !Sub 'app-${Env}'}}\n\
                      \x20 Bucket: {Type: AWS::S3::Bucket}\n\
                      \x20 Broken: {Properties: {}}\n\
                      \x20 Hook: {Type: Custom::Migrate, Properties: {ServiceToken: arn}}\n";
        with_deployed(source, |deployed| {
            let keep = |t: &str| t.starts_with("AWS::IAM::") || t.starts_with("Custom::");
            let parse =
                |json: &str| -> serde_json::Value { serde_json::from_str(json).expect("JSON") };
            let role = serde_json::json!({"Type": "AWS::IAM::Role", "Properties": {"RoleName": "app-prod"}});
            let hook = serde_json::json!({"Type": "Custom::Migrate", "Properties": {"ServiceToken": "arn"}});
            let whole = deployed.resource_documents(keep, usize::MAX);
            assert_eq!(whole.len(), 1);
            assert_eq!(
                parse(&whole[0]),
                serde_json::json!({"Resources": {"Role": role, "Hook": hook}})
            );
            // Too small a budget for two: one document per resource, in order.
            let split = deployed.resource_documents(keep, 40);
            let split: Vec<serde_json::Value> = split.iter().map(|d| parse(d)).collect();
            assert_eq!(
                split,
                [
                    serde_json::json!({"Resources": {"Role": role}}),
                    serde_json::json!({"Resources": {"Hook": hook}})
                ]
            );
            assert!(
                deployed
                    .resource_documents(|_| false, usize::MAX)
                    .is_empty()
            );
        });
    }
}
