//! Self-invocation, to continue waiting in a new Lambda invocation.

use std::future::Future;

/// Invokes a Lambda function asynchronously (InvocationType `Event`).
pub trait SelfInvoker: Send + Sync {
    /// Queues an invocation of `function` (name or ARN) with `payload`.
    fn invoke_async(
        &self,
        function: &str,
        payload: Vec<u8>,
    ) -> impl Future<Output = Result<(), String>> + Send;
}
