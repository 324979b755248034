//! plimsoll-runner: a CloudFormation custom resource (`Custom::EcsRunTask`) that runs a
//! one-off ECS task, typically a database migration, waits for it, judges its containers'
//! exit codes and answers CloudFormation, never leaving a stack hanging.
//!
//! The logic lives here, one purpose per module; `main.rs` only wires the Lambda runtime.
//! ECS, the stack's status and self-invocation sit behind traits ([`ecs::Ecs`],
//! [`stacks::Stacks`], [`invoke::SelfInvoker`]) and the answer's PUT behind
//! [`put::ResponseSender`], so tests run the whole logic against fakes.

#[cfg(feature = "lambda")]
pub mod aws;
pub mod budget;
pub mod changes;
pub mod data;
pub mod decide;
pub mod ecs;
pub mod event;
#[cfg(feature = "lambda")]
pub mod http;
pub mod invoke;
pub mod judge;
pub mod logging;
pub mod logs;
pub mod physical_id;
pub mod properties;
pub mod put;
pub mod reason;
pub mod response;
pub mod response_url;
pub mod runner;
pub mod settings;
pub mod spec;
pub mod stacks;
pub mod wait;

pub use runner::{Invocation, Outcome, Runner};
pub use settings::Settings;

/// Wall-clock milliseconds since the Unix epoch.
pub fn wall_clock_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
