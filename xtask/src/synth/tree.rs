//! A small ordered template tree and its YAML (short-form tags) and JSON renderings.

/// A template value. Mappings keep their order, so the output reads like a hand-written
/// template.
#[derive(Clone, Debug)]
pub enum Node {
    Str(String),
    Int(i64),
    Bool(bool),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// An intrinsic function: `!Ref x` in YAML, `{"Ref": "x"}` in JSON.
    Call(&'static str, Box<Node>),
}

pub fn s(text: impl Into<String>) -> Node {
    Node::Str(text.into())
}

pub fn map(entries: Vec<(&str, Node)>) -> Node {
    Node::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

pub fn seq(items: Vec<Node>) -> Node {
    Node::Seq(items)
}

pub fn r#ref(name: impl Into<String>) -> Node {
    Node::Call("Ref", Box::new(s(name)))
}

pub fn sub(text: impl Into<String>) -> Node {
    Node::Call("Fn::Sub", Box::new(s(text)))
}

/// JSON, indented by two spaces.
pub fn to_json(node: &Node) -> String {
    let mut out = String::new();
    json(node, 0, &mut out);
    out.push('\n');
    out
}

/// YAML in block style with short-form tags; `root` must be a mapping.
pub fn to_yaml(root: &Node) -> String {
    let mut out = String::new();
    if let Node::Map(entries) = root {
        for (key, value) in entries {
            yaml_entry(key, value, 0, 0, &mut out);
        }
    }
    out
}

fn indent(level: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', level));
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn json(node: &Node, level: usize, out: &mut String) {
    match node {
        Node::Str(text) => out.push_str(&quoted(text)),
        Node::Int(i) => out.push_str(&i.to_string()),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Seq(items) if items.is_empty() => out.push_str("[]"),
        Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(level + 2, out);
                json(item, level + 2, out);
            }
            out.push('\n');
            indent(level, out);
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(level + 2, out);
                out.push_str(&quoted(key));
                out.push_str(": ");
                json(value, level + 2, out);
            }
            out.push('\n');
            indent(level, out);
            out.push('}');
        }
        Node::Call(name, argument) => {
            let call = Node::Map(vec![((*name).to_owned(), (**argument).clone())]);
            json(&call, level, out);
        }
    }
}

/// A plain YAML scalar when the text reads back as the same string, else a quoted one.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:${}*@ ".contains(c))
        && !text.starts_with(['-', ' ', '*', '@', '$', '{', '}', ':'])
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        // Numbers, and dates a YAML 1.1 reader would turn into timestamps.
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
        );
    if plain { text.to_owned() } else { quoted(text) }
}

fn yaml_inline(node: &Node) -> Option<String> {
    match node {
        Node::Str(text) => Some(yaml_scalar(text)),
        Node::Int(i) => Some(i.to_string()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Seq(items) if items.is_empty() => Some("[]".to_owned()),
        Node::Map(entries) if entries.is_empty() => Some("{}".to_owned()),
        Node::Seq(items)
            if items
                .iter()
                .all(|i| matches!(i, Node::Str(_) | Node::Int(_))) =>
        {
            let items: Vec<String> = items.iter().filter_map(yaml_inline).collect();
            Some(format!("[{}]", items.join(", ")))
        }
        Node::Call("Fn::GetAtt", argument) => match argument.as_ref() {
            Node::Seq(parts) => match parts.as_slice() {
                [Node::Str(resource), Node::Str(attribute)] => {
                    Some(format!("!GetAtt {resource}.{attribute}"))
                }
                _ => None,
            },
            _ => None,
        },
        Node::Call(name, argument) => {
            let tag = name.strip_prefix("Fn::").unwrap_or(name);
            yaml_inline(argument).map(|a| format!("!{tag} {a}"))
        }
        _ => None,
    }
}

/// `key: value`, indented by `at` spaces; nested content is indented relative to `level`.
fn yaml_entry(key: &str, value: &Node, at: usize, level: usize, out: &mut String) {
    indent(at, out);
    out.push_str(&yaml_scalar(key));
    out.push(':');
    yaml_value(value, level, out);
}

/// A value after `key:` or `-` at `level`.
fn yaml_value(value: &Node, level: usize, out: &mut String) {
    if let Some(inline) = yaml_inline(value) {
        out.push(' ');
        out.push_str(&inline);
        out.push('\n');
        return;
    }
    match value {
        Node::Map(entries) => {
            out.push('\n');
            for (key, value) in entries {
                yaml_entry(key, value, level + 2, level + 2, out);
            }
        }
        Node::Seq(items) => {
            out.push('\n');
            for item in items {
                indent(level + 2, out);
                match item {
                    // `- Key: value` with the mapping's other keys aligned under the first.
                    Node::Map(entries) if !entries.is_empty() => {
                        out.push_str("- ");
                        for (j, (key, value)) in entries.iter().enumerate() {
                            let at = if j == 0 { 0 } else { level + 4 };
                            yaml_entry(key, value, at, level + 4, out);
                        }
                    }
                    _ => {
                        out.push('-');
                        yaml_value(item, level + 2, out);
                    }
                }
            }
        }
        Node::Call(name, argument) => {
            let tag = name.strip_prefix("Fn::").unwrap_or(name);
            out.push_str(" !");
            out.push_str(tag);
            yaml_value(argument, level, out);
        }
        scalar => {
            out.push(' ');
            out.push_str(&yaml_inline(scalar).unwrap_or_default());
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_plain_only_when_they_read_back_as_strings() {
        assert_eq!(yaml_scalar("AWS::ECS::Service"), "AWS::ECS::Service");
        assert_eq!(yaml_scalar("2010-09-09"), "\"2010-09-09\"");
        assert_eq!(yaml_scalar("30"), "\"30\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
        assert_eq!(yaml_scalar("*"), "\"*\"");
        assert_eq!(
            yaml_scalar("${AWS::StackName}-x"),
            "\"${AWS::StackName}-x\""
        );
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
    }

    #[test]
    fn intrinsics_use_short_forms_in_yaml_and_long_forms_in_json() {
        let root = map(vec![
            ("A", r#ref("X")),
            (
                "B",
                Node::Call("Fn::GetAtt", Box::new(seq(vec![s("Y"), s("Arn")]))),
            ),
            (
                "C",
                Node::Call(
                    "Fn::If",
                    Box::new(seq(vec![s("P"), Node::Int(1), r#ref("Z")])),
                ),
            ),
        ]);
        assert_eq!(
            to_yaml(&root),
            "A: !Ref X\nB: !GetAtt Y.Arn\nC: !If\n  - P\n  - 1\n  - !Ref Z\n"
        );
        let items = map(vec![(
            "L",
            seq(vec![map(vec![
                ("K", s("a")),
                ("V", seq(vec![map(vec![("X", Node::Int(1))])])),
            ])]),
        )]);
        assert_eq!(to_yaml(&items), "L:\n  - K: a\n    V:\n      - X: 1\n");
        assert!(to_json(&root).contains("\"Fn::GetAtt\": [\n      \"Y\",\n      \"Arn\"\n    ]"));
    }
}
