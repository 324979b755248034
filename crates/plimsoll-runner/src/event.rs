//! The CloudFormation custom resource request, and the continuation state the runner adds
//! when it re-invokes itself.

use crate::data::TaskResult;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Name of the field the runner adds to the event when it continues in a new invocation.
pub const CONTINUATION_FIELD: &str = "PlimsollContinuation";

/// The fields of a custom resource request that the runner reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CfnRequest {
    /// `Create`, `Update` or `Delete`.
    pub request_type: String,
    /// Pre-signed URL the answer is PUT to.
    #[serde(rename = "ResponseURL")]
    pub response_url: String,
    /// The stack's ARN.
    pub stack_id: String,
    /// Unique per request (reused when a deployment is retried).
    pub request_id: String,
    /// The resource's logical id in the template.
    pub logical_resource_id: String,
    /// Present on Update and Delete.
    #[serde(default)]
    pub physical_resource_id: Option<String>,
    /// The resource's properties (including ServiceToken and ServiceTimeout).
    #[serde(default)]
    pub resource_properties: Value,
    /// The previous properties, on Update.
    #[serde(default)]
    pub old_resource_properties: Option<Value>,
}

/// What a continuation invocation carries besides the original event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Continuation {
    /// The tasks started (or adopted) by the first invocation, in start order.
    pub task_arns: Vec<String>,
    /// Those of them that already finished (and succeeded), with their results.
    #[serde(default)]
    pub finished: Vec<TaskResult>,
    /// When the first invocation started, in milliseconds since the Unix epoch.
    pub started_at_ms: u64,
    /// 1 for the first continuation, 2 for the next, …
    pub generation: u32,
}

impl CfnRequest {
    /// Reads the request out of an invocation payload.
    pub fn from_payload(payload: &Value) -> Result<Self, String> {
        Self::deserialize(payload)
            .map_err(|e| format!("not a CloudFormation custom resource request: {e}"))
    }
}

/// The continuation state in `payload`, if this invocation is a continuation.
pub fn continuation(payload: &Value) -> Result<Option<Continuation>, String> {
    match payload.get(CONTINUATION_FIELD) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => Continuation::deserialize(v)
            .map(Some)
            .map_err(|e| format!("unreadable {CONTINUATION_FIELD}: {e}")),
    }
}

/// The payload of the next invocation: the original event plus the continuation state.
pub fn continuation_payload(original: &Value, state: &Continuation) -> Value {
    let mut payload = original.clone();
    if let Value::Object(m) = &mut payload {
        m.insert(
            CONTINUATION_FIELD.to_owned(),
            serde_json::to_value(state).unwrap_or(Value::Null),
        );
    }
    payload
}
