//! IAM: identity policies that grant too much or silently grant nothing.

mod cluster_condition_not_arn;
mod inapplicable_condition_key;
mod runtask_without_passrole;
mod unknown_action;
mod unscoped_resource;

pub use cluster_condition_not_arn::ClusterConditionNotArn;
pub use inapplicable_condition_key::InapplicableConditionKey;
pub use runtask_without_passrole::RuntaskWithoutPassrole;
pub use unknown_action::UnknownAction;
pub use unscoped_resource::UnscopedResource;
