//! IAM: the reference data, and the policies of a template (statements, conditions, role
//! attachments, PassRole coverage, ARNs and wildcard patterns).

pub mod actions;
pub mod arn;
pub mod attachment;
pub mod data;
pub mod pass_role;
pub mod policy;
pub mod wildcard;
