//! Invariants of the runner's property parser (`plimsoll_runner::properties`) and of the
//! invocation payload readers, checked on whatever JSON the fuzzer produces.

use plimsoll_runner::event::{self, CfnRequest};
use plimsoll_runner::properties;
use plimsoll_runner::spec;
use serde_json::Value;

/// Checks one JSON value, both as `ResourceProperties` and as a whole invocation payload.
pub fn check_properties(value: &Value) {
    check_resource_properties(value);
    if let Some(inner) = value.get("ResourceProperties") {
        check_resource_properties(inner);
    }
    // The payload readers answer Ok or Err, never panic.
    let _ = CfnRequest::from_payload(value);
    let _ = event::continuation(value);
}

fn check_resource_properties(value: &Value) {
    let run_on = properties::lenient_run_on(value);
    match properties::parse(value) {
        Ok(config) => {
            if let Value::Object(map) = value {
                for name in map.keys() {
                    assert!(
                        spec::property(name).is_some(),
                        "unknown property `{name}` accepted"
                    );
                }
            }
            assert!(
                (1..=u32::try_from(spec::MAX_COUNT).unwrap_or(u32::MAX)).contains(&config.count),
                "Count {} accepted",
                config.count
            );
            assert!(
                (1..=3600).contains(&config.service_timeout),
                "ServiceTimeout {} accepted",
                config.service_timeout
            );
            assert!(
                config.launch_type.is_none() || config.capacity_provider_strategy.is_empty(),
                "LaunchType and CapacityProviderStrategy both accepted"
            );
            assert_eq!(run_on, Some(config.run_on), "lenient RunOn disagrees");
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "rejected without a reason");
            assert!(
                errors.0.iter().all(|e| !e.trim().is_empty()),
                "an empty reason: {errors:?}"
            );
        }
    }
}
