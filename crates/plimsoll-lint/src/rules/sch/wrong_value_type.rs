use crate::context::Context;
use crate::eval::Val;
use crate::excerpt::{EXCERPT_CHARS, excerpt};
use crate::registry::Check;
use crate::schema::walk::{Value, for_each_value, owner_key, typed_resources};
use crate::schema::{JsonType, Shape};
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports a property value of a kind its schema does not allow: a list or a mapping where
    /// a single value belongs (or the other way round), text that is not a number where only a
    /// number is allowed, or not `true`/`false` where only a boolean is, and a key written
    /// without a value (null), which CloudFormation rejects (a required one is SCH003's).
    ///
    /// CloudFormation converts between text, numbers and booleans, so `"3"` for a number,
    /// `"True"` for a boolean and `3` for a string are fine, and a local path where packaging
    /// (`aws cloudformation package`) puts an artifact (`Code: ./src`) is not reported. Values of intrinsic functions are judged only when the
    /// template decides them (parameter defaults or overrides, mappings, conditions); the rest,
    /// `Fn::If` branches the conditions rule out, custom resources and templates processed by a
    /// macro are not.
    ///
    /// ### Why is this bad?
    /// CloudFormation rejects the resource ("expected type: JSONArray, found: String") and the
    /// deployment fails and rolls back.
    ///
    /// ### Example
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       DesiredCount: two
    ///       LoadBalancers:
    ///         ContainerName: app
    ///         ContainerPort: 80
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Resources:
    ///   Service:
    ///     Type: AWS::ECS::Service
    ///     Properties:
    ///       DesiredCount: "2"
    ///       LoadBalancers:
    ///         - ContainerName: app
    ///           ContainerPort: 80
    /// ```
    pub struct WrongValueType {
        code: "SCH004",
        name: "wrong-value-type",
        severity: Error,
        needs: Schemas,
    }
}

impl Check for WrongValueType {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // `Properties:` without a value, on a type that requires nothing (SCH003 speaks for
        // the others).
        for (resource, schema) in typed_resources(cx) {
            let root = schema.properties();
            if let Some(written) = resource.node.get("Properties").filter(|p| p.is_null())
                && root.required().next().is_none()
                && root.required_any().is_empty()
            {
                let value = Value {
                    node: written,
                    shape: root,
                    function: false,
                    required: false,
                };
                out.push(no_value(&Self::META, value, resource.name));
            }
        }
        for_each_value(cx, |resource, value| {
            if !value.function && value.node.is_null() {
                // A required property without a value is SCH003's: it is missing.
                if !value.required {
                    out.push(no_value(&Self::META, value, resource.name));
                }
                return;
            }
            if value.node.parent() == Some(resource.node) || value.shape.types().next().is_none() {
                return;
            }
            let Some((found, provenance)) = judged(cx, value) else {
                return;
            };
            if fits(value.shape, &found) || packaged(value, &found) {
                return;
            }
            let expected: Vec<&str> = value.shape.types().map(noun).collect();
            let name = owner_key(value.node).unwrap_or("Properties");
            let message = format!(
                "`{name}` of resource `{}` is {}{provenance}; it must be {}",
                resource.name,
                describe(&found),
                expected.join(" or ")
            );
            out.push(Diagnostic::at(&Self::META, value.node, message).build());
        });
    }
}

/// A key written without a value (`EncryptionType:`), which CloudFormation refuses.
fn no_value(meta: &'static crate::RuleMeta, value: Value<'_>, resource: &str) -> Diagnostic {
    let name = owner_key(value.node).unwrap_or("Properties");
    let message = format!(
        "`{name}` of resource `{resource}` has no value (null); CloudFormation rejects null values"
    );
    let span = if value.node.key().is_some() {
        value.node.key_span()
    } else {
        value.node.span()
    };
    Diagnostic::builder(meta, span, value.node.path(), message)
        .help("write a value, or leave the key out (`!Ref AWS::NoValue` leaves it out when a condition says so)")
        .build()
}

/// The value to judge and where parameters came in; `None` when the template does not decide
/// it.
fn judged(cx: &Context<'_>, value: Value<'_>) -> Option<(Val, String)> {
    let node = value.node;
    if !value.function {
        // Only the kind of a literal mapping or list matters (its contents are walked).
        if node.is_map() {
            return Some((Val::Map(Default::default()), String::new()));
        }
        if node.is_seq() {
            return Some((Val::List(Vec::new()), String::new()));
        }
    }
    let resolved = cx.eval.eval(node);
    let provenance = resolved.provenance();
    match resolved.value? {
        Val::Null | Val::NoValue => None,
        Val::Str(text) if super::decided::is_dynamic_reference(&text) => None,
        other => Some((other, provenance)),
    }
}

/// Properties `aws cloudformation package` (and `sam package`) replace a local path in with an
/// uploaded artifact (`Code: ./src`).
const PACKAGED: [&str; 5] = [
    "Code",
    "Content",
    "BodyS3Location",
    "DefinitionS3Location",
    "SourceBundle",
];

/// Whether the value is a path that packaging replaces before CloudFormation sees it.
fn packaged(value: Value<'_>, found: &Val) -> bool {
    matches!(found, Val::Str(_)) && value.node.key().is_some_and(|key| PACKAGED.contains(&key))
}

/// Whether the schema allows a value of this kind, converting as CloudFormation does.
fn fits(shape: Shape<'_, '_>, value: &Val) -> bool {
    let scalar = [
        JsonType::String,
        JsonType::Number,
        JsonType::Integer,
        JsonType::Boolean,
    ];
    match value {
        Val::Map(_) => shape.allows(JsonType::Object),
        Val::List(_) => shape.allows(JsonType::Array),
        Val::Null | Val::NoValue => true,
        Val::Str(text) if !shape.allows(JsonType::String) => {
            (shape.allows(JsonType::Number) || shape.allows(JsonType::Integer))
                && text.trim().parse::<f64>().is_ok()
                || shape.allows(JsonType::Boolean)
                    && matches!(
                        text.as_str(),
                        "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
                    )
        }
        _ => scalar.iter().any(|&t| shape.allows(t)),
    }
}

/// A type as the messages name it.
fn noun(ty: JsonType) -> &'static str {
    match ty {
        JsonType::String => "text",
        JsonType::Number => "a number",
        JsonType::Integer => "an integer",
        JsonType::Boolean => "a boolean",
        JsonType::Object => "a mapping",
        JsonType::Array => "a list",
        JsonType::Null => "null",
    }
}

fn describe(value: &Val) -> String {
    match value {
        Val::Map(_) => "a mapping".to_owned(),
        Val::List(_) => "a list".to_owned(),
        Val::Str(text) => format!("the text `{}`", excerpt(text, EXCERPT_CHARS)),
        other => format!("`{}`", other.to_text().unwrap_or_default()),
    }
}
