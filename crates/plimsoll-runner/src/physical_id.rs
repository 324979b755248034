//! PhysicalResourceIds and the ECS `startedBy` idempotency key.
//!
//! A Create answers an id derived only from the stack id and the logical id, so a retried
//! Create answers the same id. A failed Create answers the same id with a marker prefix; the
//! rollback's Delete of such an id is answered SUCCESS without any work. Update and Delete
//! always echo the incoming id, on failure too (a different id on Update would mean
//! replacement and a Delete of the old resource).

/// Prefix of the ids answered by a successful (or skipped) Create.
pub const PREFIX: &str = "runtask:";
/// Prefix of the ids answered by a failed Create.
pub const FAILED_PREFIX: &str = "runtask-create-failed:";
/// ECS allows at most 36 characters in `startedBy`.
pub const STARTED_BY_MAX: usize = 36;

/// 64-bit FNV-1a, seeded: a small, stable, dependency-free hash.
fn fnv1a(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// 32 lowercase hex digits derived from `s`.
fn hex128(s: &str) -> String {
    format!(
        "{:016x}{:016x}",
        fnv1a(0, s.as_bytes()),
        fnv1a(0x9e37_79b9_7f4a_7c15, s.as_bytes())
    )
}

/// The stack's name out of its ARN (`arn:…:stack/NAME/GUID`), or the whole id.
fn stack_name(stack_id: &str) -> &str {
    stack_id
        .split_once(":stack/")
        .and_then(|(_, rest)| rest.split('/').next())
        .filter(|n| !n.is_empty())
        .unwrap_or(stack_id)
}

/// The id a Create answers: `runtask:<stack name>:<logical id>:<8 hex of the stack id>`.
pub fn for_create(stack_id: &str, logical_id: &str) -> String {
    let hash = hex128(stack_id);
    let id = format!(
        "{PREFIX}{}:{logical_id}:{}",
        stack_name(stack_id),
        &hash[..8]
    );
    limit(id)
}

/// The id a failed Create answers.
pub fn for_failed_create(stack_id: &str, logical_id: &str) -> String {
    let ok = for_create(stack_id, logical_id);
    limit(format!("{FAILED_PREFIX}{}", &ok[PREFIX.len()..]))
}

/// Whether `id` was answered by a failed Create.
pub fn is_failed_create(id: &str) -> bool {
    id.starts_with(FAILED_PREFIX)
}

/// Keeps an id within CloudFormation's 1 KB limit (stack names and logical ids are far
/// shorter, so this never cuts in practice).
fn limit(mut id: String) -> String {
    const MAX: usize = 1024;
    if id.len() > MAX {
        let mut cut = MAX;
        while !id.is_char_boundary(cut) {
            cut -= 1;
        }
        id.truncate(cut);
    }
    id
}

/// The `startedBy` key of the tasks run for a request.
///
/// ECS allows 36 characters and `cfn-<RequestId>` is 40 for a UUID, so the key is `cfn-`
/// followed by the RequestId's 32 hex digits without dashes (still readable as the request
/// id). A RequestId that is not a UUID is replaced by 32 hex digits of a hash of it. Both are
/// deterministic, so a duplicate invocation of the same request finds the same key.
pub fn started_by(request_id: &str) -> String {
    let compact: String = request_id.chars().filter(|c| *c != '-').collect();
    let digits = if compact.len() == 32 && compact.chars().all(|c| c.is_ascii_hexdigit()) {
        compact.to_ascii_lowercase()
    } else {
        hex128(request_id)
    };
    format!("cfn-{digits}")
}

/// RunTask's `clientToken` for `count` more tasks of a request: its `startedBy` key and the
/// count (at most 39 ASCII characters; ECS allows 64). The count is part of it because
/// after adopting some tasks the runner asks for fewer, and ECS refuses a reused token with
/// different parameters.
pub fn client_token(request_id: &str, count: u32) -> String {
    format!("{}-{count}", started_by(request_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STACK: &str =
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/todobackend/0a1b2c3d-aaaa";

    #[test]
    fn create_ids_are_deterministic_and_distinct() {
        assert_eq!(for_create(STACK, "Migrate"), for_create(STACK, "Migrate"));
        assert_ne!(for_create(STACK, "Migrate"), for_create(STACK, "Seed"));
        assert_ne!(
            for_create(STACK, "Migrate"),
            for_create(&format!("{STACK}x"), "Migrate")
        );
        assert!(for_create(STACK, "Migrate").starts_with("runtask:todobackend:Migrate:"));
    }

    #[test]
    fn failed_marker_is_recognised() {
        let failed = for_failed_create(STACK, "Migrate");
        assert!(is_failed_create(&failed));
        assert!(!is_failed_create(&for_create(STACK, "Migrate")));
        // A stack whose name starts with "failed" does not look failed.
        assert!(!is_failed_create(&for_create(
            "arn:aws:cloudformation:r:1:stack/failed-x/g",
            "M"
        )));
    }

    #[test]
    fn started_by_fits_ecs_36_characters() {
        let key = started_by("5f3c2a1e-8b7d-4c6a-9e0f-1a2b3c4d5e6f");
        assert_eq!(key, "cfn-5f3c2a1e8b7d4c6a9e0f1a2b3c4d5e6f");
        assert_eq!(key.len(), STARTED_BY_MAX);
        let odd = started_by("not a uuid, and rather long: ".repeat(5).as_str());
        assert_eq!(odd.len(), STARTED_BY_MAX);
        assert_eq!(
            odd,
            started_by("not a uuid, and rather long: ".repeat(5).as_str())
        );
        assert!(odd[4..].chars().all(|c| c.is_ascii_hexdigit()));
    }
}
