//! The standard streams: which were closed when the process started, and writing to standard
//! error without ever failing (a closed or broken stderr must not stop the report).

use std::io::{self, Write};

/// Which standard streams the process was started without.
///
/// Only standard input matters: a closed one would read as an empty template. Standard output
/// is not judged: a closed one cannot be told from the null device opened read-write, which is
/// how Python's `subprocess.DEVNULL` and Go's `os/exec` discard a child's output, and a caller
/// that discards the report still gets the exit code.
#[derive(Clone, Copy, Debug, Default)]
pub struct Closed {
    pub stdin: bool,
}

impl Closed {
    /// Looks at descriptor 0 as the process found it.
    pub fn detect() -> Closed {
        Closed {
            stdin: was_closed(0),
        }
    }
}

/// Whether descriptor `fd` was closed when the process started. Rust's runtime opens the null
/// device read-write into a closed standard descriptor before `main` (so a closed stdin reads
/// as empty and writes to a closed stdout vanish); a shell's `</dev/null` or `>/dev/null`
/// opens it for reading or for writing only, which tells the two apart. Built for WASI (the npm
/// package's bin), this reads the descriptors of the Node process it runs in, which opens the
/// null device into a closed standard descriptor the same way.
#[cfg(any(target_os = "linux", target_os = "wasi"))]
fn was_closed(fd: u32) -> bool {
    let is_null = std::fs::read_link(format!("/proc/self/fd/{fd}"))
        .is_ok_and(|target| target == std::path::Path::new("/dev/null"));
    is_null
        && std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).is_ok_and(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("flags:"))
                .and_then(|flags| i32::from_str_radix(flags.trim(), 8).ok())
                .is_some_and(|flags| flags & O_ACCMODE == O_RDWR)
        })
}

/// Linux's access mode bits in `fdinfo`'s `flags` (octal), and the one of read-write.
#[cfg(any(target_os = "linux", target_os = "wasi"))]
const O_ACCMODE: i32 = 0o3;
#[cfg(any(target_os = "linux", target_os = "wasi"))]
const O_RDWR: i32 = 0o2;

/// Elsewhere a closed descriptor cannot be told from the null device.
#[cfg(not(any(target_os = "linux", target_os = "wasi")))]
fn was_closed(_fd: u32) -> bool {
    false
}

/// Writes one line to standard error. `eprintln!` panics when stderr is a pipe whose reader
/// has gone (`2>&1 | head -1`); a lost note must not cost the report, so errors are ignored.
pub fn say(line: std::fmt::Arguments<'_>) {
    let mut stderr = io::stderr().lock();
    let _ = stderr
        .write_fmt(line)
        .and_then(|()| stderr.write_all(b"\n"));
}

/// [`say`] with `format!` arguments.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::std_streams::say(format_args!($($arg)*))
    };
}
