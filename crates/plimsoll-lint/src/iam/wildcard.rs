//! IAM wildcard patterns: `*` matches any run of characters, `?` any single character.
//! Actions compare without regard to case; ARNs compare exactly.

/// Whether `pattern` matches all of `text`.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return matches_units(pattern.as_bytes(), text.as_bytes(), |p, t| {
            p == t || (ignore_case && p.eq_ignore_ascii_case(&t))
        });
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    matches_units(&pattern, &text, |p, t| {
        p == t || (ignore_case && p.to_lowercase().eq(t.to_lowercase()))
    })
}

/// Greedy matching with backtracking to the last `*`: no recursion, no allocation.
fn matches_units<T: Copy + PartialEq + From<u8>>(
    pattern: &[T],
    text: &[T],
    same: impl Fn(T, T) -> bool,
) -> bool {
    let (star_unit, any_unit) = (T::from(b'*'), T::from(b'?'));
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match (pattern.get(p), text.get(t)) {
            (Some(&c), _) if c == star_unit => {
                star = Some((p, t));
                p += 1;
            }
            (Some(&c), Some(&x)) if c == any_unit || same(c, x) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .unwrap_or_default()
        .iter()
        .all(|&c| c == star_unit)
}

/// Whether the text contains a wildcard.
pub fn is_pattern(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Whether some text starting with `prefix` could match `pattern`: the pattern's characters
/// before its first `*` agree with the prefix as far as both go.
pub fn may_start_with(pattern: &str, prefix: &str) -> bool {
    let mut pattern = pattern.chars();
    for expected in prefix.chars() {
        match pattern.next() {
            None => return false,
            Some('*') => return true,
            Some('?') => {}
            Some(c) if c == expected => {}
            Some(_) => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_and_question_marks() {
        assert!(matches("ecs:*", "ecs:RunTask", false));
        assert!(matches("ecs:Run*", "ecs:RunTask", false));
        assert!(!matches("ecs:Run*", "ecs:StartTask", false));
        assert!(matches("ecs:runtask", "ecs:RunTask", true));
        assert!(!matches("ecs:runtask", "ecs:RunTask", false));
        assert!(matches("*", "", false));
        assert!(matches("a*b*c", "aXXbYYc", false));
        assert!(!matches("a*b*c", "aXXbYY", false));
        assert!(matches("ecs:?unTask", "ecs:RunTask", false));
        assert!(matches("*Task", "ecs:RunTask", false));
        assert!(!matches("", "x", false));
        assert!(matches("role/é*", "role/équipe", false));
        assert!(matches("ROLE/É*", "role/équipe", true));
    }

    #[test]
    fn prefixes() {
        assert!(may_start_with("cluster/app", "cluster/"));
        assert!(may_start_with("clu*", "cluster/"));
        assert!(may_start_with("*", "cluster/"));
        assert!(!may_start_with("service/app", "cluster/"));
        assert!(!may_start_with("clu", "cluster/"));
    }
}
