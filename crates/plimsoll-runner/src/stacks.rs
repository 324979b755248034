//! The stack's status, to tell the Update of a rollback from the Update of a deployment.
//!
//! When an Update fails, CloudFormation rolls back by sending another Update whose new
//! properties are the old ones: it would run the old migration again, and when the failure
//! was capacity, IAM or a sidecar, that run fails too and strands the stack in
//! UPDATE_ROLLBACK_FAILED. The stack's status tells which Update this is.

use std::future::Future;

/// The status of a stack whose Update is being rolled back.
pub const UPDATE_ROLLING_BACK: &str = "UPDATE_ROLLBACK_IN_PROGRESS";

/// CloudFormation's DescribeStacks, as the runner uses it.
pub trait Stacks: Send + Sync {
    /// The `StackStatus` of `stack_id` (an ARN), or why it could not be read.
    fn status(&self, stack_id: &str) -> impl Future<Output = Result<String, String>> + Send;
}
