//! The runner's property parser on arbitrary JSON: no panic, and what it accepts is consistent
//! (only known names, every value in its range, the lenient readers agree with the strict one).
#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll_fuzz::runner::check_properties;

fuzz_target!(|data: &[u8]| {
    if let Ok(payload) = serde_json::from_slice::<serde_json::Value>(data) {
        check_properties(&payload);
    }
});
