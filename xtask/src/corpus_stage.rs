//! The `corpus` stage: the lint core over every template of the shared corpus (no panic, the
//! same findings one at a time and in batches; every range exact): the ignored tests
//! `plimsoll-lint/tests/corpus.rs` and `plimsoll-template/tests/ranges.rs`.
//!
//! The corpus is not part of the repository. Without it the stage is skipped and says so,
//! except in CI (`CI` set), where a missing corpus fails the run.

use crate::test::Outcome;
use crate::{corpus, process};

pub fn run() -> Result<Outcome, String> {
    let Some(dir) = corpus::dir() else {
        return without_corpus(corpus::in_ci());
    };
    let count = corpus::templates(&dir).len();
    if count == 0 {
        return Err(format!("no templates in the corpus at {}", dir.display()));
    }
    eprintln!("corpus: {count} templates in {}", dir.display());
    process::cargo_with_env(
        &[
            "test",
            // The whole workspace's features, as the `unit` stage built them.
            "--workspace",
            "--test",
            "corpus",
            "--test",
            "ranges",
            "--",
            "--ignored",
            "--nocapture",
        ],
        &[("PLIMSOLL_CORPUS", dir.as_os_str())],
        "the corpus test",
    )?;
    Ok(Outcome::Passed)
}

/// What the stage does when no corpus is found: a skip that says so, or in CI a failure.
fn without_corpus(in_ci: bool) -> Result<Outcome, String> {
    let how =
        "set PLIMSOLL_CORPUS, or put the corpus at shared/corpus beside the checkout or above it";
    if in_ci {
        Err(format!(
            "the shared corpus is missing and CI is set ({how})"
        ))
    } else {
        Ok(Outcome::Skipped(format!("no shared corpus found ({how})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_corpus_is_a_skip_on_a_users_machine_and_a_failure_in_ci() {
        assert!(
            matches!(without_corpus(false), Ok(Outcome::Skipped(why)) if why.contains("PLIMSOLL_CORPUS"))
        );
        assert!(without_corpus(true).is_err_and(|e| e.contains("CI is set")));
    }
}
