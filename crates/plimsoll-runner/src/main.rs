//! The Lambda entry point: wires the runtime to the library. No logic here.

// The handler future nests deeply (runtime, tracing, catch_unwind, the SDK calls).
#![recursion_limit = "256"]

use lambda_runtime::{Error, LambdaEvent, service_fn};
use plimsoll_runner::{Invocation, Runner, Settings, aws, http::HyperSender, logging};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    logging::init();
    let clients = aws::clients().await;
    let runner = Arc::new(Runner {
        ecs: clients.ecs,
        stacks: clients.stacks,
        logs: clients.logs,
        sender: HyperSender::new(Duration::from_secs(10))?,
        invoker: Some(clients.invoker),
        settings: Settings::from_env(|name| std::env::var(name).ok()),
    });
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let runner = Arc::clone(&runner);
        async move {
            runner
                .handle(Invocation {
                    payload: event.payload,
                    now_ms: plimsoll_runner::wall_clock_ms(),
                    deadline_ms: event.context.deadline,
                    function_arn: event.context.invoked_function_arn,
                })
                .await;
            // Always Ok: an error would make Lambda retry, and run the task again.
            Ok::<(), Error>(())
        }
    }))
    .await
}
