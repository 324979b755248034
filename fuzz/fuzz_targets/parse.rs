//! The template parser on arbitrary text: no panic, and every span inside the source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll_fuzz::invariants::check_parsed;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let parsed = plimsoll_template::parse(source);
        check_parsed(source, &parsed);
    }
});
