//! Builds the [`Linter`] for a `check` run from the resolved configuration.

use crate::config::Resolved;
use plimsoll_lint::Linter;

/// The linter every file of the run is checked with.
///
/// User guard rules (`rules = […]` in `plimsoll.toml`, `--rules PATH`) arrive here as
/// `config.guard_rules`; loading them into the linter belongs here too.
pub fn build(config: &Resolved, warn: &mut dyn FnMut(String)) -> Result<Linter, String> {
    let linter = Linter::new(config.settings.clone());
    for path in &config.guard_rules {
        warn(format!(
            "guard rules in {} are not run: this build cannot load user guard rules",
            path.display()
        ));
    }
    Ok(linter)
}
