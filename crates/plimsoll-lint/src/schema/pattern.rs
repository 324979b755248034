//! The schemas' `pattern`s, run by a linear-time engine (the `regex` crate: finite automata,
//! no backtracking), so a value costs time in proportion to its length whatever the pattern.
//!
//! The schemas write ECMA-262 syntax, with Python's `\Z` (end of text) in places; `\Z` is
//! rewritten to the engine's `\z`. A pattern the engine does not take (lookaround,
//! backreferences) or that would compile too large is not checked: silence, not a guess.
//! Each pattern compiles once per process.

/// Whether `text` contains a match of `pattern`; `None` when the pattern is not checked (or
/// the crate is built without the `schemas` feature, which brings the engine).
pub fn matches(pattern: &'static str, text: &str) -> Option<bool> {
    engine::matches(pattern, text)
}

/// `pattern` in the engine's syntax. Besides `\Z`, a character class is where ECMA-262 and
/// the engine differ: there `[` is a literal (the engine nests classes), `&&` and `~~` are
/// literals (the engine's set operations), and a `-` beside a class escape (`[\w-.]`) is a
/// literal (the engine's error), so each is escaped.
pub fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    // Whether the class's last item was a class escape (`\w`), after which `-` is a literal.
    let mut after_class_escape = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                if next == 'Z' {
                    out.push_str("\\z");
                } else {
                    out.push('\\');
                    out.push(next);
                }
                after_class_escape = in_class && matches!(next, 'w' | 'W' | 'd' | 'D' | 's' | 'S');
                continue;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '[' | '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_class => {
                let before_class_escape = {
                    let mut ahead = chars.clone();
                    ahead.next() == Some('\\')
                        && matches!(ahead.next(), Some('w' | 'W' | 'd' | 'D' | 's' | 'S'))
                };
                if after_class_escape || before_class_escape {
                    out.push_str("\\-");
                } else {
                    out.push('-');
                }
            }
            _ => out.push(c),
        }
        after_class_escape = false;
    }
    out
}

#[cfg(feature = "schemas")]
mod engine {
    use regex::{Regex, RegexBuilder};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};

    /// Compiled size limit per pattern: the engine's own default, which a Unicode class under
    /// a counted repetition (`[\w+=,.@-]{1,64}`) needs.
    const SIZE_LIMIT: usize = 10 * 1024 * 1024;

    type Cache = HashMap<&'static str, Option<Arc<Regex>>>;

    pub fn matches(pattern: &'static str, text: &str) -> Option<bool> {
        static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let compiled = {
            let mut cache = cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            cache
                .entry(pattern)
                .or_insert_with(|| {
                    RegexBuilder::new(&super::translate(pattern))
                        .size_limit(SIZE_LIMIT)
                        .build()
                        .ok()
                        .map(Arc::new)
                })
                .clone()
        }?;
        Some(compiled.is_match(text))
    }
}

#[cfg(not(feature = "schemas"))]
mod engine {
    pub fn matches(_pattern: &'static str, _text: &str) -> Option<bool> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_end_of_text_becomes_the_engines() {
        assert_eq!(translate(r"^[a-z]+\Z"), r"^[a-z]+\z");
        assert_eq!(translate(r"a\\Z"), r"a\\Z");
        assert_eq!(translate("x\\"), "x\\");
    }

    #[test]
    fn class_literals_the_engine_reads_otherwise_are_escaped() {
        assert_eq!(translate(r"^[a@[\]+=&;]*$"), r"^[a@\[\]+=\&;]*$");
        assert_eq!(translate(r"[\w-.~]+"), r"[\w\-.\~]+");
        assert_eq!(translate(r"[a-z-\d]"), r"[a-z\-\d]");
        assert_eq!(translate(r"[^[]"), r"[^\[]");
        assert_eq!(translate(r"a&&b[x]"), r"a&&b[x]");
    }

    #[cfg(feature = "schemas")]
    #[test]
    fn matching_is_a_search_and_unsupported_patterns_are_skipped() {
        assert_eq!(matches("^[a-z]{3}$", "abc"), Some(true));
        assert_eq!(matches("[0-9]", "ab1c"), Some(true));
        assert_eq!(matches(r"^[a-z]+\Z", "abc\n"), Some(false));
        assert_eq!(matches("^(?!aws)", "x"), None);
        // ECMA literals inside a class.
        let class = r#"^([a-z,A-Z,0-9,. _\-:/()#,@[\]+=&;\{\}!$*])*$"#;
        assert_eq!(matches(class, "a[b]&c"), Some(true));
        assert_eq!(matches(class, "a ^ b"), Some(false));
        assert_eq!(matches(r"^[\w-.~]+$", "a-b.c~d"), Some(true));
        // Linear time: a pattern that backtracking engines take exponential time on.
        let long = "a".repeat(100_000);
        assert_eq!(matches("^(a+)+$", &long), Some(true));
        assert_eq!(matches("^(a+)+b$", &long), Some(false));
    }

    #[cfg(feature = "schemas")]
    #[test]
    fn most_stored_patterns_compile() {
        use std::collections::{BTreeSet, HashSet};
        let schemas = super::super::schemas();
        let mut patterns = BTreeSet::new();
        let mut visited = HashSet::new();
        let mut stack: Vec<_> = schemas
            .type_names()
            .filter_map(|name| schemas.resource_type(name))
            .map(|t| t.properties())
            .collect();
        while let Some(shape) = stack.pop() {
            if !visited.insert(std::ptr::from_ref(shape.data)) {
                continue;
            }
            if let Some(pattern) = shape.limits().pattern {
                patterns.insert(pattern);
            }
            stack.extend(shape.property_names().filter_map(|n| shape.property(n)));
            stack.extend(shape.items());
        }
        let failing: Vec<_> = patterns
            .iter()
            .filter(|p| matches(p, "").is_none())
            .collect();
        assert!(patterns.len() > 500, "{}", patterns.len());
        assert!(
            // 165 of 2,898 with cfn-lint 1.58: lookaround, and Unicode classes repeated
            // beyond the size limit.
            failing.len() * 10 < patterns.len(),
            "{} of {} patterns do not compile: {:?}",
            failing.len(),
            patterns.len(),
            &failing[..failing.len().min(20)]
        );
    }
}
