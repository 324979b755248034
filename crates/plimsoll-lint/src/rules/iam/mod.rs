//! IAM: identity policies that grant too much or silently grant nothing.

mod cluster_condition_not_arn;

pub use cluster_condition_not_arn::ClusterConditionNotArn;
