//! What an Update changed, to tell a change that should run the task again from one that
//! should not.

use crate::spec::TIMING;
use serde_json::{Map, Value};

/// Whether `new` and `old` (ResourceProperties and OldResourceProperties) differ only in
/// [`TIMING`] properties. A lengthened timeout must not run a migration a second time.
pub fn only_timing_changed(new: &Value, old: Option<&Value>) -> bool {
    let (Some(new), Some(old)) = (new.as_object(), old.and_then(Value::as_object)) else {
        return false;
    };
    new != old && without_timing(new) == without_timing(old)
}

fn without_timing(properties: &Map<String, Value>) -> Map<String, Value> {
    properties
        .iter()
        .filter(|(name, _)| !TIMING.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_timing_change_alone_is_recognised() {
        let old = json!({"Cluster": "app", "TimeoutSeconds": "600", "ServiceTimeout": "960"});
        let new = json!({"Cluster": "app", "TimeoutSeconds": "1200", "StopOnTimeout": "false"});
        assert!(only_timing_changed(&new, Some(&old)));
    }

    #[test]
    fn any_other_change_or_none_is_not() {
        let old = json!({"Cluster": "app", "TimeoutSeconds": "600"});
        let new = json!({"Cluster": "app", "TimeoutSeconds": "1200", "Triggers": {"t": "1"}});
        assert!(!only_timing_changed(&new, Some(&old)));
        // No change at all is an explicit re-run request (e.g. a retried deployment).
        assert!(!only_timing_changed(&old, Some(&old)));
        assert!(!only_timing_changed(&new, None));
        assert!(!only_timing_changed(&json!("x"), Some(&old)));
    }
}
