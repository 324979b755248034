//! Helpers for the crate's unit tests.

use crate::{Fix, Settings};

/// `source` with the fixes of every `code` finding applied at once.
pub(crate) fn fixed(code: &str, source: &str) -> String {
    let settings = Settings {
        select: vec![code.to_owned()],
        ..Settings::default()
    };
    let fixes: Vec<Fix> = crate::lint(source, &settings)
        .into_iter()
        .filter_map(|d| d.fix)
        .collect();
    Fix::apply_all(source, &fixes).unwrap_or_else(|| panic!("{code}: overlapping fixes"))
}
