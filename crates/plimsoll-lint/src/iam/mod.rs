//! IAM policies in a template: the policy model, ARNs and wildcard patterns.

pub mod arn;
pub mod attachment;
pub mod data;
pub mod pass_role;
pub mod policy;
pub mod wildcard;
