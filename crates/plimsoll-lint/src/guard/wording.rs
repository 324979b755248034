//! What a guard finding says when its rule gives no `<< message >>`: the failed clause told from
//! cfn-guard's structured report, naming the property and quoting its value, short. cfn-guard's
//! own text ("Check was not compliant as property … Value={…}") quotes the whole object it
//! stopped at, often a resource's every property.

use crate::excerpt::{EXCERPT_CHARS, excerpt};
use serde_json::Value;

/// A failed `Clause`'s `Unary` or `Binary` report, in words.
pub(crate) fn clause(report: &Value) -> Option<String> {
    let check = report.get("check")?;
    if let Some(resolved) = check.get("Resolved") {
        let (op, negated) = comparison(resolved)?;
        if let Some(value) = resolved.get("value") {
            return Some(unary(value, op, negated));
        }
        let from = resolved.get("from")?;
        let to = resolved.get("to")?;
        return Some(binary(from, op, negated, &[to]));
    }
    if let Some(resolved) = check.get("InResolved") {
        let (op, negated) = comparison(resolved)?;
        let to: Vec<&Value> = resolved.get("to")?.as_array()?.iter().collect();
        return Some(binary(resolved.get("from")?, op, negated, &to));
    }
    if let Some(unresolved) = check.get("UnResolved") {
        return missing(unresolved.get("value")?);
    }
    if let Some(context) = check.get("UnResolvedContext").and_then(Value::as_str) {
        return Some(format!(
            "`{}` has no value",
            excerpt(context, EXCERPT_CHARS)
        ));
    }
    None
}

/// A failed `Block` report (`x { … }` where `x` is missing), in words.
pub(crate) fn block(report: &Value) -> Option<String> {
    missing(report.get("unresolved")?)
}

/// What was missing: the rest of the query from where cfn-guard stopped.
fn missing(unresolved: &Value) -> Option<String> {
    let query = unresolved.get("remaining_query")?.as_str()?.trim();
    (!query.is_empty()).then(|| format!("`{}` is missing", excerpt(query, EXCERPT_CHARS)))
}

fn comparison(check: &Value) -> Option<(&str, bool)> {
    let pair = check.get("comparison")?.as_array()?;
    Some((pair.first()?.as_str()?, pair.get(1)?.as_bool()?))
}

fn unary(value: &Value, op: &str, negated: bool) -> String {
    let subject = subject(value);
    let shown = shown(value.get("value"));
    let kind = match op {
        "Exists" if negated => return format!("`{subject}` is present, expected absent"),
        "Exists" => return format!("`{subject}` is missing"),
        "Empty" if negated => return format!("`{subject}` is empty"),
        "Empty" => return format!("`{subject}` is not empty"),
        "IsString" => "a string",
        "IsList" => "a list",
        "IsMap" => "a mapping",
        "IsBool" => "a boolean",
        "IsInt" => "an integer",
        "IsFloat" => "a number with a fraction",
        "IsNull" => "null",
        other => return format!("`{subject}` is {shown}, which fails `{other}`"),
    };
    let not = if negated { "not " } else { "" };
    format!("`{subject}` is {shown}, expected {not}{kind}")
}

fn binary(from: &Value, op: &str, negated: bool, to: &[&Value]) -> String {
    let subject = subject(from);
    let found = shown(from.get("value"));
    // `in` compares with a list: cfn-guard gives it as one value holding the list.
    let wanted = match to {
        [one] => shown(one.get("value")),
        many => {
            let values: Vec<Value> = many
                .iter()
                .filter_map(|v| v.get("value"))
                .cloned()
                .collect();
            shown(Some(&Value::Array(values)))
        }
    };
    let is_pattern = |v: &[&Value]| {
        matches!(v, [one] if one.get("value").and_then(Value::as_str)
            .is_some_and(|s| s.len() > 1 && s.starts_with('/') && s.ends_with('/')))
    };
    let relation = match (op, negated) {
        ("Eq", false) if is_pattern(to) => "to match",
        ("Eq", true) if is_pattern(to) => "not to match",
        ("Eq", false) => "",
        ("Eq", true) => "anything but",
        ("In", false) => "one of",
        ("In", true) => "none of",
        ("Gt", false) => "more than",
        ("Ge", false) => "at least",
        ("Lt", false) => "less than",
        ("Le", false) => "at most",
        ("Gt", true) => "at most",
        ("Ge", true) => "less than",
        ("Lt", true) => "at least",
        ("Le", true) => "more than",
        (other, _) => return format!("`{subject}` is {found}, which fails `{other}` {wanted}"),
    };
    let relation = if relation.is_empty() {
        String::new()
    } else {
        format!("{relation} ")
    };
    format!("`{subject}` is {found}, expected {relation}{wanted}")
}

/// The property a value is, from its path: below the resource's `Properties`
/// (`DeploymentConfiguration.MaximumPercent`), or the whole path when it is not in one.
fn subject(value: &Value) -> String {
    let path = value.get("path").and_then(Value::as_str).unwrap_or("");
    let segments: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let from = match segments.as_slice() {
        [resources, _, properties, ..]
            if resources == "Resources" && properties == "Properties" =>
        {
            3
        }
        [resources, _, _, ..] if resources == "Resources" => 2,
        _ => 0,
    };
    let mut name = String::new();
    for segment in segments.iter().skip(from) {
        if segment.bytes().all(|b| b.is_ascii_digit()) && !segment.is_empty() {
            name.push_str(&format!("[{segment}]"));
        } else {
            if !name.is_empty() {
                name.push('.');
            }
            name.push_str(segment);
        }
    }
    if name.is_empty() {
        // `Properties` itself, or a value the rule wrote rather than one of the template.
        name = segments.last().cloned().unwrap_or_default();
    }
    if name.is_empty() {
        return String::from("the value");
    }
    // The end of a long path says most about it.
    let chars: Vec<char> = name.chars().collect();
    if chars.len() > EXCERPT_CHARS {
        let tail: String = chars[chars.len() - (EXCERPT_CHARS - 1)..].iter().collect();
        return excerpt(&format!("…{tail}"), EXCERPT_CHARS);
    }
    excerpt(&name, EXCERPT_CHARS)
}

/// A value as JSON cut to a short excerpt; a mapping, or a list holding one, in words (its
/// size and first keys), not as a dump of everything in it.
fn shown(value: Option<&Value>) -> String {
    match value {
        Some(Value::Object(map)) if map.is_empty() => String::from("an empty mapping"),
        Some(Value::Object(map)) => {
            let keys: Vec<&str> = map.keys().take(3).map(String::as_str).collect();
            let more = if map.len() > keys.len() { ", …" } else { "" };
            let noun = if map.len() == 1 { "key" } else { "keys" };
            excerpt(
                &format!(
                    "a mapping of {} {noun} ({}{more})",
                    map.len(),
                    keys.join(", ")
                ),
                EXCERPT_CHARS,
            )
        }
        Some(Value::Array(items)) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            let noun = if items.len() == 1 { "item" } else { "items" };
            format!("a list of {} {noun}", items.len())
        }
        _ => {
            let text = value.map_or_else(|| String::from("null"), Value::to_string);
            excerpt(&text, EXCERPT_CHARS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn binary_report(path: &str, from: Value, op: &str, negated: bool, to: Value) -> Value {
        json!({"check": {"Resolved": {
            "from": {"path": path, "value": from},
            "to": {"path": "", "value": to},
            "comparison": [op, negated]
        }}})
    }

    #[test]
    fn comparisons_name_the_property_its_value_and_what_was_expected() {
        let path = "/Resources/Service/Properties/DesiredCount";
        let cases = [
            (
                "Le",
                false,
                json!(2),
                "`DesiredCount` is 5, expected at most 2",
            ),
            ("Eq", false, json!(2), "`DesiredCount` is 5, expected 2"),
            (
                "Eq",
                true,
                json!(5),
                "`DesiredCount` is 5, expected anything but 5",
            ),
            (
                "Gt",
                true,
                json!(4),
                "`DesiredCount` is 5, expected at most 4",
            ),
            (
                "Eq",
                false,
                json!("/^1/"),
                "`DesiredCount` is 5, expected to match \"/^1/\"",
            ),
        ];
        for (op, negated, to, want) in cases {
            let report = binary_report(path, json!(5), op, negated, to);
            assert_eq!(clause(&report).as_deref(), Some(want));
        }
        let deep = binary_report(
            "/Resources/S/Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets/3",
            json!("subnet-1"),
            "Eq",
            false,
            json!("/^subnet-[0-9a-f]+$/"),
        );
        assert_eq!(
            clause(&deep).as_deref(),
            Some(
                "`NetworkConfiguration.AwsvpcConfiguration.Subnets[3]` is \"subnet-1\", \
                 expected to match \"/^subnet-[0-9a-f]+$/\""
            )
        );
    }

    #[test]
    fn membership_shows_the_list() {
        let report = json!({"check": {"InResolved": {
            "from": {"path": "/Resources/S/Properties/LaunchType", "value": "FARGATE"},
            "to": [{"path": "", "value": ["EC2", "EXTERNAL"]}],
            "comparison": ["In", false]
        }}});
        assert_eq!(
            clause(&report).as_deref(),
            Some("`LaunchType` is \"FARGATE\", expected one of [\"EC2\",\"EXTERNAL\"]")
        );
    }

    #[test]
    fn unary_checks_and_missing_values() {
        let unary = |op: &str, negated: bool, value: Value| {
            clause(&json!({"check": {"Resolved": {
                "value": {"path": "/Resources/S/Properties/Tags", "value": value},
                "comparison": [op, negated]
            }}}))
        };
        assert_eq!(
            unary("Exists", true, json!([])).as_deref(),
            Some("`Tags` is present, expected absent")
        );
        assert_eq!(
            unary("IsList", false, json!("a")).as_deref(),
            Some("`Tags` is \"a\", expected a list")
        );
        assert_eq!(
            unary("Empty", true, json!([])).as_deref(),
            Some("`Tags` is empty")
        );
        let whole = clause(&json!({"check": {"Resolved": {
            "value": {"path": "/Resources/S/Properties", "value": {"A": 1}},
            "comparison": ["Empty", false]
        }}}));
        assert_eq!(whole.as_deref(), Some("`Properties` is not empty"));
        let missing = json!({"check": {"UnResolved": {
            "value": {
                "traversed_to": {"path": "/Resources/S/Properties", "value": {"A": 1}},
                "remaining_query": "Tags",
                "reason": "Could not find key Tags"
            },
            "comparison": ["Exists", false]
        }}});
        assert_eq!(clause(&missing).as_deref(), Some("`Tags` is missing"));
        let report = json!({"unresolved": {"remaining_query": "DeploymentConfiguration"}});
        assert_eq!(
            block(&report).as_deref(),
            Some("`DeploymentConfiguration` is missing")
        );
    }

    #[test]
    fn large_values_and_long_paths_are_cut() {
        let big: serde_json::Map<String, Value> = (0..100)
            .map(|i| (format!("Property{i}"), json!("x".repeat(100))))
            .collect();
        let report = binary_report(
            &format!("/Resources/S/Properties/{}", "Nested/".repeat(30) + "Leaf"),
            Value::Object(big),
            "Eq",
            false,
            json!({}),
        );
        let message = clause(&report).unwrap();
        assert!(message.chars().count() < 3 * EXCERPT_CHARS, "{message}");
        assert!(message.starts_with("`…"), "{message}");
        assert!(message.contains("Nested.Leaf`"), "{message}");
    }

    #[test]
    fn mappings_and_lists_of_them_are_described_not_dumped() {
        let properties = json!({"Cluster": {"Ref": "C"}, "LaunchType": "FARGATE", "DesiredCount": 1, "Tags": []});
        let report = json!({"check": {"Resolved": {
            "value": {"path": "/Resources/S/Properties", "value": properties},
            "comparison": ["IsString", false]
        }}});
        assert_eq!(
            clause(&report).as_deref(),
            Some(
                "`Properties` is a mapping of 4 keys (Cluster, LaunchType, DesiredCount, …), expected a string"
            )
        );
        let report = binary_report(
            "/Resources/S/Properties/C",
            json!({}),
            "Eq",
            true,
            json!({}),
        );
        assert_eq!(
            clause(&report).as_deref(),
            Some("`C` is an empty mapping, expected anything but an empty mapping")
        );
        let report = json!({"check": {"Resolved": {
            "value": {"path": "/Resources/S/Properties/L", "value": [{"A": 1}, {"B": 2}]},
            "comparison": ["IsString", false]
        }}});
        assert_eq!(
            clause(&report).as_deref(),
            Some("`L` is a list of 2 items, expected a string")
        );
    }
}
