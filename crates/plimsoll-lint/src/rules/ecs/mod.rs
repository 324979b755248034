//! ECS: rolling deployments of `AWS::ECS::Service` and the images of `AWS::ECS::TaskDefinition`.

mod deployment_deadlock;
mod deployment_downtime;
mod grace_period_without_health_check;
mod mutable_image_tag;
mod slow_connection_draining;
mod target_group_not_attached;

pub use deployment_deadlock::DeploymentDeadlock;
pub use deployment_downtime::DeploymentDowntime;
pub use grace_period_without_health_check::GracePeriodWithoutHealthCheck;
pub use mutable_image_tag::MutableImageTag;
pub use slow_connection_draining::SlowConnectionDraining;
pub use target_group_not_attached::TargetGroupNotAttached;

use crate::model::property_value::PropertyValue;
use crate::rollout::ServiceRollout;
use plimsoll_template::Span;

/// "DesiredCount 1" or "DesiredCount 1 (the default)".
pub(crate) fn describe(name: &str, value: &PropertyValue<i64>) -> String {
    match value.source {
        crate::model::property_value::Source::Default => {
            format!("{name} {} (the default)", value.value)
        }
        _ => format!("{name} {}", value.value),
    }
}

/// The span a deployment finding points at: the written percentage, else the
/// `DeploymentConfiguration` mapping, else the service's name.
pub(crate) fn deployment_span(
    rollout: &ServiceRollout,
    preferred: Option<&PropertyValue<i64>>,
) -> (Span, String) {
    preferred
        .and_then(|s| s.location.as_ref())
        .or(rollout.deployment_configuration.as_ref())
        .map_or_else(
            || (rollout.location.span, rollout.location.path.clone()),
            |l| (l.span, l.path.clone()),
        )
}
