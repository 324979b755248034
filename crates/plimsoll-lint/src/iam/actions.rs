//! The actions a policy's `Action` value names, looked up in the IAM reference data.

use super::data::{self, Action, Service};
use super::wildcard;

/// What one `Action` value stands for.
#[derive(Debug)]
pub enum ActionRef<'c> {
    /// `*`: every action of every service.
    Everything,
    /// One action (`ecs:RunTask`).
    Exact {
        service: &'c Service<'static>,
        action: &'c Action<'static>,
    },
    /// A wildcard pattern within one service (`ecs:Describe*`) and the actions it matches.
    Pattern {
        service: &'c Service<'static>,
        matches: Vec<&'c Action<'static>>,
    },
    /// `svc:Name` where no service has the prefix `svc`.
    UnknownService { prefix: String },
    /// An action name that the service does not have.
    UnknownAction { service: &'c Service<'static> },
    /// Not `service:Action` (no colon, an empty part, or a wildcard in the prefix).
    Unjudged,
}

impl ActionRef<'static> {
    /// Looks up an action value. `None` when the reference data could not be loaded.
    pub fn resolve(value: &str) -> Option<ActionRef<'static>> {
        let catalog = data::catalog();
        if catalog.services().is_empty() {
            return None;
        }
        if value == "*" {
            return Some(ActionRef::Everything);
        }
        let Some((prefix, name)) = value.split_once(':') else {
            return Some(ActionRef::Unjudged);
        };
        if prefix.is_empty() || name.is_empty() || wildcard::is_pattern(prefix) {
            return Some(ActionRef::Unjudged);
        }
        let Some(service) = catalog.service(prefix) else {
            return Some(ActionRef::UnknownService {
                prefix: prefix.to_owned(),
            });
        };
        if wildcard::is_pattern(name) {
            let matches = service
                .actions
                .iter()
                .filter(|a| wildcard::matches(name, a.name, true))
                .collect();
            return Some(ActionRef::Pattern { service, matches });
        }
        Some(match service.action(name) {
            Some(action) => ActionRef::Exact { service, action },
            None => ActionRef::UnknownAction { service },
        })
    }
}

/// `ecs:RunTask`, as AWS spells it.
pub fn qualified(service: &Service<'_>, action: &Action<'_>) -> String {
    format!("{}:{}", service.prefix, action.name)
}

/// "`a`, `b`, `c` and 4 more".
pub fn list_some(names: &[String], shown: usize) -> String {
    let mut out: Vec<String> = names.iter().take(shown).map(|n| format!("`{n}`")).collect();
    if names.len() > shown {
        let last = format!("{} more", names.len() - shown);
        return format!("{} and {last}", out.join(", "));
    }
    match out.len() {
        0 => String::new(),
        1 => out.remove(0),
        n => {
            let last = out.remove(n - 1);
            format!("{} and {last}", out.join(", "))
        }
    }
}

#[cfg(test)]
#[cfg(feature = "iam-data")]
mod tests {
    use super::*;

    #[test]
    fn resolves_exact_patterns_and_unknowns() {
        assert!(matches!(
            ActionRef::resolve("ecs:runtask"),
            Some(ActionRef::Exact { action, .. }) if action.name == "RunTask"
        ));
        let Some(ActionRef::Pattern { matches, .. }) = ActionRef::resolve("ecs:Describe*") else {
            panic!("a pattern");
        };
        assert!(matches.iter().any(|a| a.name == "DescribeTasks"));
        assert!(matches!(
            ActionRef::resolve("ecs:RunTasks"),
            Some(ActionRef::UnknownAction { .. })
        ));
        assert!(matches!(
            ActionRef::resolve("ecz:RunTask"),
            Some(ActionRef::UnknownService { prefix }) if prefix == "ecz"
        ));
        assert!(matches!(
            ActionRef::resolve("*"),
            Some(ActionRef::Everything)
        ));
        assert!(matches!(
            ActionRef::resolve("RunTask"),
            Some(ActionRef::Unjudged)
        ));
    }

    #[test]
    fn lists() {
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        assert_eq!(list_some(&names, 2), "`a`, `b` and 2 more");
        assert_eq!(list_some(&names[..2], 3), "`a` and `b`");
        assert_eq!(list_some(&names[..1], 3), "`a`");
    }
}
