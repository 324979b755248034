//! RunTask's parameters beyond what to run and where: platform version, tags, ECS Exec,
//! placement and group. Each is passed to RunTask as written; ECS judges the values.

use super::read::{Problems, boolean, string, string_pairs};
use crate::spec;
use serde_json::{Map, Value};

/// The optional RunTask parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunOptions {
    /// `PlatformVersion` (Fargate).
    pub platform_version: Option<String>,
    /// `Tags` (`Key`, `Value`): organisations whose SCPs require tags block untagged tasks.
    pub tags: Vec<(String, String)>,
    /// `PropagateTags`: `TASK_DEFINITION` or `NONE`.
    pub propagate_tags: Option<String>,
    /// `EnableECSManagedTags`.
    pub enable_ecs_managed_tags: Option<bool>,
    /// `EnableExecuteCommand`.
    pub enable_execute_command: Option<bool>,
    /// `PlacementConstraints` (`Type`, `Expression`).
    pub placement_constraints: Vec<(String, Option<String>)>,
    /// `PlacementStrategy` (`Type`, `Field`).
    pub placement_strategy: Vec<(String, Option<String>)>,
    /// `Group`.
    pub group: Option<String>,
}

/// Reads the options from the properties `m`.
pub(super) fn parse(m: &Map<String, Value>, p: &mut Problems) -> RunOptions {
    let text = |name: &str, p: &mut Problems| m.get(name).and_then(|v| string(v, name, p));
    let flag = |name: &str, p: &mut Problems| m.get(name).and_then(|v| boolean(v, name, p));
    let propagate_tags = text("PropagateTags", p);
    if let (Some(value), Some(spec::PropertyKind::Enum(allowed))) = (
        &propagate_tags,
        spec::property("PropagateTags").map(|s| s.kind),
    ) && !allowed.contains(&value.as_str())
    {
        p.push(format!(
            "PropagateTags must be one of {}, got {value}",
            allowed.join(", ")
        ));
    }
    RunOptions {
        platform_version: text("PlatformVersion", p),
        tags: string_pairs(m, "Tags", "Tags", ("Key", true), ("Value", true), p)
            .into_iter()
            .map(|(k, v)| (k, v.unwrap_or_default()))
            .collect(),
        propagate_tags,
        enable_ecs_managed_tags: flag("EnableECSManagedTags", p),
        enable_execute_command: flag("EnableExecuteCommand", p),
        placement_constraints: string_pairs(
            m,
            "PlacementConstraints",
            "PlacementConstraints",
            ("Type", true),
            ("Expression", false),
            p,
        ),
        placement_strategy: string_pairs(
            m,
            "PlacementStrategy",
            "PlacementStrategy",
            ("Type", true),
            ("Field", false),
            p,
        ),
        group: text("Group", p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(properties: Value) -> (RunOptions, Vec<String>) {
        let mut p = Problems::default();
        let m = properties.as_object().cloned().unwrap_or_default();
        (parse(&m, &mut p), p.0)
    }

    #[test]
    fn every_option_is_read() {
        let (o, problems) = parsed(json!({
            "PlatformVersion": "1.4.0",
            "Tags": [{"Key": "team", "Value": "db"}],
            "PropagateTags": "TASK_DEFINITION",
            "EnableECSManagedTags": "true",
            "EnableExecuteCommand": false,
            "PlacementConstraints": [{"Type": "memberOf", "Expression": "attribute:ecs.os-type == linux"}],
            "PlacementStrategy": [{"Type": "spread", "Field": "attribute:ecs.availability-zone"}, {"Type": "random"}],
            "Group": "migrations",
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(o.platform_version.as_deref(), Some("1.4.0"));
        assert_eq!(o.tags, [("team".to_owned(), "db".to_owned())]);
        assert_eq!(o.enable_ecs_managed_tags, Some(true));
        assert_eq!(o.enable_execute_command, Some(false));
        assert_eq!(o.placement_strategy.len(), 2);
        assert_eq!(o.placement_strategy[1], ("random".to_owned(), None));
        assert_eq!(o.group.as_deref(), Some("migrations"));
    }

    #[test]
    fn malformed_options_name_their_path() {
        let (_, problems) = parsed(json!({
            "Tags": [{"Key": "team"}, {"key": "x", "Value": "y"}],
            "PropagateTags": "SERVICE",
            "PlacementStrategy": [{"Field": "cpu"}],
        }));
        let text = problems.join("; ");
        for needle in [
            "Tags[0].Value is required",
            "unknown property Tags[1].key: write Key",
            "PropagateTags must be one of TASK_DEFINITION, NONE, got SERVICE",
            "PlacementStrategy[0].Type is required",
        ] {
            assert!(text.contains(needle), "{needle} not in {text}");
        }
    }
}
