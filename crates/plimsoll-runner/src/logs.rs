//! The last lines a failed container wrote, for the Reason: a person reading the stack's
//! events sees why the migration failed without opening CloudWatch.

use crate::ecs::ContainerDefinition;
use std::future::Future;

/// How many lines of a container's output the Reason quotes.
pub const TAIL_LINES: usize = 10;
/// The most of one line it quotes, in characters.
const LINE_CHARS: usize = 160;
/// The most it quotes of one container, in bytes (the whole answer must fit in 4 KB).
const TAIL_BYTES: usize = 900;

/// CloudWatch Logs, as the runner uses it.
pub trait Logs: Send + Sync {
    /// The last `lines` events of `stream` in `group` (GetLogEvents), oldest first.
    fn tail(
        &self,
        group: &str,
        stream: &str,
        lines: usize,
    ) -> impl Future<Output = Result<Vec<String>, String>> + Send;
}

/// Where a container of a task writes with the `awslogs` driver: its group and stream
/// (`<prefix>/<container>/<task id>`). `None` without awslogs or without a stream prefix
/// (the stream name is then not predictable).
pub fn awslogs_stream(definition: &ContainerDefinition, task_id: &str) -> Option<(String, String)> {
    let awslogs = definition.awslogs.as_ref()?;
    let prefix = awslogs.stream_prefix.as_deref()?;
    Some((
        awslogs.group.clone(),
        format!("{prefix}/{}/{task_id}", definition.name),
    ))
}

/// The quote of `lines` for a Reason: control characters replaced, each line and the whole
/// cut to their limits (keeping the last lines, which say why it ended).
pub fn quote(lines: &[String]) -> String {
    let mut quoted: Vec<String> = Vec::new();
    let mut bytes = 0;
    for line in lines.iter().rev() {
        let clean: String = line
            .trim_end()
            .chars()
            .map(|c| if unsafe_to_show(c) { ' ' } else { c })
            .take(LINE_CHARS)
            .collect();
        if bytes + clean.len() + 3 > TAIL_BYTES {
            break;
        }
        bytes += clean.len() + 3;
        quoted.push(clean);
    }
    quoted.reverse();
    quoted.join(" ⏎ ")
}

/// Characters that act on a terminal or reorder the text around them: control characters
/// (escape sequences) and the bidirectional marks, embeddings, overrides and isolates.
pub fn unsafe_to_show(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::AwsLogs;

    fn definition(prefix: Option<&str>) -> ContainerDefinition {
        ContainerDefinition {
            name: "migrate".to_owned(),
            essential: true,
            awslogs: Some(AwsLogs {
                group: "/ecs/app".to_owned(),
                stream_prefix: prefix.map(str::to_owned),
            }),
        }
    }

    #[test]
    fn the_stream_follows_the_awslogs_naming() {
        assert_eq!(
            awslogs_stream(&definition(Some("db")), "0123abcd"),
            Some(("/ecs/app".to_owned(), "db/migrate/0123abcd".to_owned()))
        );
        assert_eq!(awslogs_stream(&definition(None), "0123abcd"), None);
    }

    #[test]
    fn quotes_are_plain_and_bounded_keeping_the_end() {
        let lines: Vec<String> = (0..100)
            .map(|i| format!("line {i} \u{1b}[31m\u{202e}{}", "x".repeat(300)))
            .collect();
        let q = quote(&lines);
        assert!(q.len() <= TAIL_BYTES, "{}", q.len());
        assert!(!q.contains('\u{1b}') && !q.contains('\u{202e}'));
        assert!(q.contains("line 99 "), "{q}");
        assert!(!q.contains("line 0 "), "{q}");
    }
}
