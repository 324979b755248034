//! One finding of either tool, reduced to what the comparison reads.

/// A finding: the template, the code, where it starts and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The template as both tools were given it (an absolute path).
    pub file: String,
    pub code: String,
    /// 1-based line of the start of the finding's range.
    pub line: u64,
    /// JSON pointer into the template (`/Resources/Service/Properties/LaunchType`), empty when
    /// the tool gives none.
    pub pointer: String,
    pub message: String,
}

/// A JSON pointer from cfn-lint's `Path` (a list of keys and list indexes).
pub fn pointer_of(path: &serde_json::Value) -> String {
    let Some(steps) = path.as_array() else {
        return String::new();
    };
    let mut out = String::new();
    for step in steps {
        out.push('/');
        let step = match step {
            serde_json::Value::String(key) => key.clone(),
            other => other.to_string(),
        };
        out.push_str(&step.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// cfn-lint's findings (its `--format json` list) as findings.
pub fn from_cfn_lint(report: &serde_json::Value) -> Vec<Finding> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    report
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| Finding {
            file: text(&m["Filename"]),
            code: text(&m["Rule"]["Id"]),
            line: m["Location"]["Start"]["LineNumber"].as_u64().unwrap_or(0),
            pointer: pointer_of(&m["Location"]["Path"]),
            message: text(&m["Message"]),
        })
        .collect()
}

/// Plimsoll's findings (the `diagnostics` of `check --format json`) as findings.
pub fn from_plimsoll(report: &serde_json::Value) -> Vec<Finding> {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| Finding {
            file: text(&d["file"]),
            code: text(&d["code"]),
            line: d["range"]["start"]["line"].as_u64().unwrap_or(0),
            pointer: text(&d["path"]),
            message: text(&d["message"]),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cfn_lint_paths_become_json_pointers() {
        let path = json!(["Resources", "A/B", "Properties", "Tags", 0, "Key~"]);
        assert_eq!(pointer_of(&path), "/Resources/A~1B/Properties/Tags/0/Key~0");
        assert_eq!(pointer_of(&serde_json::Value::Null), "");
    }

    #[test]
    fn reads_both_reports() {
        let lint = json!([{
            "Filename": "/c/a.yaml",
            "Rule": {"Id": "E3002"},
            "Location": {"Start": {"LineNumber": 7}, "Path": ["Resources", "S"]},
            "Message": "m"
        }]);
        let plimsoll = json!({"diagnostics": [{
            "file": "/c/a.yaml", "code": "SCH002", "message": "n",
            "path": "/Resources/S", "range": {"start": {"line": 7, "column": 3}}
        }]});
        let (a, b) = (&from_cfn_lint(&lint)[0], &from_plimsoll(&plimsoll)[0]);
        assert_eq!((a.line, a.pointer.as_str()), (b.line, b.pointer.as_str()));
        assert_eq!((a.code.as_str(), b.code.as_str()), ("E3002", "SCH002"));
    }
}
