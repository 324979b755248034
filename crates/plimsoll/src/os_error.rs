//! An operating system error in the words the native CLI prints on Linux. Built for WASI (the
//! npm package's bin), an error carries WASI's error number and wasi-libc's words ("Symbolic
//! link loop (os error 32)"); they are given Linux's instead, so that the bin's output is the
//! native one.

use std::io;

/// `e` as the native CLI on Linux displays it.
pub fn text(e: &io::Error) -> String {
    #[cfg(target_os = "wasi")]
    if let Some((words, number)) = e.raw_os_error().and_then(on_linux) {
        return format!("{words} (os error {number})");
    }
    e.to_string()
}

/// Linux's words and number for a WASI error number, for the errors reading and writing files
/// can meet.
#[cfg_attr(not(target_os = "wasi"), allow(dead_code))]
fn on_linux(wasi: i32) -> Option<(&'static str, i32)> {
    Some(match wasi {
        2 => ("Permission denied", 13),
        6 => ("Resource temporarily unavailable", 11),
        8 => ("Bad file descriptor", 9),
        10 => ("Device or resource busy", 16),
        22 => ("File too large", 27),
        28 => ("Invalid argument", 22),
        29 => ("Input/output error", 5),
        31 => ("Is a directory", 21),
        32 => ("Too many levels of symbolic links", 40),
        33 => ("Too many open files", 24),
        37 => ("File name too long", 36),
        41 => ("Too many open files in system", 23),
        43 => ("No such device", 19),
        44 => ("No such file or directory", 2),
        48 => ("Cannot allocate memory", 12),
        51 => ("No space left on device", 28),
        54 => ("Not a directory", 20),
        58 => ("Operation not supported", 95),
        60 => ("No such device or address", 6),
        61 => ("Value too large for defined data type", 75),
        63 => ("Operation not permitted", 1),
        64 => ("Broken pipe", 32),
        69 => ("Read-only file system", 30),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    /// The table's words are Linux's own for its numbers.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_words_are_linuxs() {
        for wasi in 0..80 {
            if let Some((words, number)) = super::on_linux(wasi) {
                let native = std::io::Error::from_raw_os_error(number).to_string();
                assert_eq!(native, format!("{words} (os error {number})"));
            }
        }
    }
}
