//! IAM: identity policies that grant too much or silently grant nothing.

mod cluster_condition_not_arn;
mod runtask_without_passrole;

pub use cluster_condition_not_arn::ClusterConditionNotArn;
pub use runtask_without_passrole::RuntaskWithoutPassrole;
