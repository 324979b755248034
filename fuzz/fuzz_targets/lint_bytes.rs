//! The whole lint on arbitrary bytes, decoded as the CLI decodes files (invalid UTF-8 becomes
//! replacement characters): no panic, and well-formed findings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll_fuzz::invariants::check_diagnostics;
use plimsoll_lint::{Settings, lint};

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let diagnostics = lint(&source, &Settings::default());
    check_diagnostics(&source, &diagnostics);
});
