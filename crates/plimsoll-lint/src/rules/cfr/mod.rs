//! CFR: custom resources (`AWS::CloudFormation::CustomResource`, `Custom::*`).

mod missing_service_timeout;
mod service_timeout_shorter_than_function;
mod service_token_not_arn;

pub use missing_service_timeout::MissingServiceTimeout;
pub use service_timeout_shorter_than_function::ServiceTimeoutShorterThanFunction;
pub use service_token_not_arn::ServiceTokenNotArn;
