//! `src/lint_result.d.ts`, the declarations of what `lint` returns, is written from the Rust
//! types of `plimsoll_report::editor`: this test fails when the checked-in file differs, and
//! `PLIMSOLL_UPDATE_TYPES=1 cargo test -p plimsoll-wasm --test typescript` rewrites it.

use std::path::Path;

const HEADER: &str = "// Written from the Rust types of plimsoll_report::editor; do not edit by hand:\n\
                      // PLIMSOLL_UPDATE_TYPES=1 cargo test -p plimsoll-wasm --test typescript\n\n";

#[test]
fn lint_result_declarations_are_written_from_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint_result.d.ts");
    let written = format!(
        "{HEADER}{}",
        plimsoll_report::editor::typescript_declarations()
    );
    if std::env::var_os("PLIMSOLL_UPDATE_TYPES").is_some() {
        std::fs::write(&path, &written).unwrap();
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == written,
        "{} differs from the Rust types; rewrite it with \
         PLIMSOLL_UPDATE_TYPES=1 cargo test -p plimsoll-wasm --test typescript and review the diff",
        path.display()
    );
}
