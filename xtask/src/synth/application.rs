//! One application of a synthetic template, from `application.yaml`: its placeholders filled
//! in for application `i` (with the mistake it carries, if any), then parsed into the tree.
//! Some applications carry the mistakes Plimsoll finds, in fixed proportions, so the rules have
//! real work at every size.

use super::tree::Node;
use plimsoll_template::{NodeRef, Value};

const TEXT: &str = include_str!("application.yaml");

/// Resources in one [`block`].
pub const RESOURCES: usize = 12;

/// The mistakes application `i` carries (most carry none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flaw {
    None,
    /// One task, 100/100 percentages: the rolling deployment cannot progress (ECS001).
    Deadlock,
    /// The image tag `latest` (ECS007).
    MutableTag,
    /// No ServiceTimeout on the custom resource (CFR005).
    NoServiceTimeout,
    /// `ServiceToken: !Ref Function`, the function's name (CFR002).
    TokenIsName,
    /// The target group keeps the 300 s deregistration delay (ECS009).
    SlowDraining,
}

fn flaw(i: usize) -> Flaw {
    match i % 10 {
        1 => Flaw::Deadlock,
        3 => Flaw::MutableTag,
        5 => Flaw::NoServiceTimeout,
        7 => Flaw::TokenIsName,
        9 => Flaw::SlowDraining,
        _ => Flaw::None,
    }
}

/// The resources of application `i`.
pub fn block(i: usize) -> Result<Vec<(String, Node)>, String> {
    let flaw = flaw(i);
    let pick = |mistake: Flaw, with: String, without: String| {
        if flaw == mistake { with } else { without }
    };
    let values = [
        ("{i}", i.to_string()),
        ("{family}", format!("app{i}")),
        ("{priority}", (i + 1).to_string()),
        (
            "{image}",
            pick(
                Flaw::MutableTag,
                "${Repository}:latest".into(),
                "${Repository}:${ImageTag}".into(),
            ),
        ),
        (
            "{delay}",
            pick(Flaw::SlowDraining, "300".into(), "30".into()),
        ),
        (
            "{desired}",
            pick(Flaw::Deadlock, "1".into(), "!Ref DesiredCount".into()),
        ),
        ("{minimum}", pick(Flaw::Deadlock, "100".into(), "50".into())),
        (
            "{maximum}",
            pick(Flaw::Deadlock, "100".into(), "200".into()),
        ),
        (
            "{token}",
            pick(
                Flaw::TokenIsName,
                format!("!Ref RunnerFunction{i}"),
                format!("!GetAtt RunnerFunction{i}.Arn"),
            ),
        ),
        (
            "{service_timeout}",
            pick(Flaw::NoServiceTimeout, "null".into(), "360".into()),
        ),
    ];
    let mut text = TEXT.to_owned();
    for (placeholder, value) in values {
        text = text.replace(placeholder, &value);
    }
    let parsed = plimsoll_template::parse(&text);
    if let Some(problem) = parsed.diagnostics.first() {
        return Err(format!("application.yaml: {}", problem.message));
    }
    let root = parsed
        .document
        .root()
        .ok_or("application.yaml holds no resources")?;
    root.entries()
        .map(|(name, resource)| Ok((name.to_owned(), tree(resource)?)))
        .collect()
}

/// A parsed node as the template tree; an entry whose value is null is left out.
fn tree(node: NodeRef<'_>) -> Result<Node, String> {
    if let Some((name, argument)) = node.intrinsic() {
        return Ok(Node::Call(intrinsic(name)?, Box::new(tree(argument)?)));
    }
    Ok(match node.value() {
        Value::Bool(b) => Node::Bool(*b),
        Value::Int(n) => Node::Int(*n),
        Value::String(text) => Node::Str(text.clone()),
        Value::Seq(_) => Node::Seq(node.items().map(tree).collect::<Result<_, _>>()?),
        Value::Map(_) => Node::Map(
            node.entries()
                .filter(|(_, value)| !value.is_null())
                .map(|(key, value)| Ok((key.to_owned(), tree(value)?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Null | Value::Float(_) => {
            return Err(format!(
                "application.yaml: {}: only strings, whole numbers and booleans",
                node.path()
            ));
        }
    })
}

/// The functions the block uses, by their long names.
fn intrinsic(name: &str) -> Result<&'static str, String> {
    ["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Fn::Equals"]
        .into_iter()
        .find(|known| *known == name)
        .ok_or_else(|| format!("application.yaml: {name} is not a function the tree writes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn properties(i: usize, resource: &str) -> Vec<(String, Node)> {
        let block = block(i).unwrap();
        let Some((_, Node::Map(entries))) = block.iter().find(|(name, _)| *name == resource) else {
            panic!("no {resource}")
        };
        match entries.iter().find(|(k, _)| k == "Properties") {
            Some((_, Node::Map(properties))) => properties.clone(),
            _ => panic!("{resource} has no properties"),
        }
    }

    fn has(properties: &[(String, Node)], key: &str) -> bool {
        properties.iter().any(|(k, _)| k == key)
    }

    #[test]
    fn the_placeholders_carry_each_applications_mistake() {
        assert!(has(&properties(0, "MigrateTask0"), "ServiceTimeout"));
        // Application 5 has no ServiceTimeout: its null leaves the key out.
        assert!(!has(&properties(5, "MigrateTask5"), "ServiceTimeout"));
        let desired = |i: usize| {
            properties(i, &format!("Service{i}"))
                .into_iter()
                .find(|(k, _)| k == "DesiredCount")
                .map(|(_, v)| format!("{v:?}"))
        };
        assert_eq!(desired(1).as_deref(), Some("Int(1)"));
        assert_eq!(
            desired(2).as_deref(),
            Some("Call(\"Ref\", Str(\"DesiredCount\"))")
        );
    }
}
