//! The task definition's containers: which decide success, and what the failed ones wrote.

use super::Runner;
use crate::ecs::{ContainerDefinition, Ecs};
use crate::invoke::SelfInvoker;
use crate::judge::Judged;
use crate::logs::{self, Logs};
use crate::properties::RunConfig;
use crate::put::ResponseSender;
use crate::stacks::Stacks;

impl<E: Ecs, S: ResponseSender, I: SelfInvoker, C: Stacks, L: Logs> Runner<E, S, I, C, L> {
    /// The containers of the task definition; `None` when it cannot be read (the runner
    /// then judges every container and quotes no output).
    pub(super) async fn task_definition(
        &self,
        config: &RunConfig,
    ) -> Option<Vec<ContainerDefinition>> {
        match self
            .ecs
            .describe_task_definition(&config.task_definition)
            .await
        {
            Ok(containers) => Some(containers),
            Err(e) => {
                tracing::warn!(event = "task_definition.unreadable", error = %e);
                None
            }
        }
    }

    /// ` | last output of <container> (<group> <stream>): …` for the containers `of` names
    /// (task id, container; at most two) that log with awslogs.
    pub(super) async fn output(
        &self,
        of: Vec<(&str, &str)>,
        definition: Option<&[ContainerDefinition]>,
    ) -> String {
        let Some(definition) = definition else {
            return String::new();
        };
        let mut out = String::new();
        for (task_id, container) in of.into_iter().take(2) {
            let Some((group, stream)) = definition
                .iter()
                .find(|d| d.name == container)
                .and_then(|d| logs::awslogs_stream(d, task_id))
            else {
                continue;
            };
            match self.logs.tail(&group, &stream, logs::TAIL_LINES).await {
                Ok(lines) if !lines.is_empty() => out.push_str(&format!(
                    " | last output of {container} ({group} {stream}): {}",
                    logs::quote(&lines)
                )),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(event = "logs.unreadable", group = %group, stream = %stream, error = %e);
                    out.push_str(&format!(" | output of {container}: {group} {stream}"));
                }
            }
        }
        out
    }
}

/// The containers that decide success: `SuccessContainers`, else the task definition's
/// essential containers, else (the definition unreadable) every container.
pub(super) fn judged(config: &RunConfig, definition: Option<&[ContainerDefinition]>) -> Judged {
    match (&config.success_containers, definition) {
        (Some(names), _) => Judged::Named(names.clone()),
        (None, Some(containers)) => Judged::Essential(
            containers
                .iter()
                .filter(|c| c.essential)
                .map(|c| c.name.clone())
                .collect(),
        ),
        (None, None) => Judged::All,
    }
}
