//! What real Lambda does and `cargo lambda watch` does not, between the runner's bootstrap
//! and the emulator: a deadline in every invocation, and asynchronous invocation.
//!
//! - The emulator's Runtime API hands every invocation the fixed deadline 600,000 ms after the
//!   Unix epoch (in 1970). The shim passes Runtime API calls through and sets
//!   `lambda-runtime-deadline-ms` to now + the function's timeout, as Lambda does.
//! - The emulator's Invoke API answers only when the function has. An `Event` invocation
//!   (`x-amz-invocation-type: Event`, the runner's hand-over to itself) is queued as Lambda
//!   queues it: the shim answers 202 at once and passes the invocation on in the background.
//!   Every function name goes to the one function the emulator runs (`_`).

use crate::local_http::{Recorded, forward, read_http, respond};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The emulator's name for the function it runs.
const FUNCTION: &str = "/2015-03-31/functions/_/invocations";

/// What went through the shim.
#[derive(Debug, Default)]
pub struct Seen {
    /// Deadlines handed to invocations (ms since the epoch).
    pub deadlines: Vec<u64>,
    /// Bodies of `Event` invocations queued.
    pub queued: Vec<Vec<u8>>,
}

/// Starts the shim in front of the emulator on `emulator`; its port and what it saw.
pub fn start(emulator: u16, timeout: Duration) -> (u16, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let seen = Arc::new(Mutex::new(Seen::default()));
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let record = Arc::clone(&record);
            std::thread::spawn(move || serve(stream, emulator, timeout, &record));
        }
    });
    (port, seen)
}

fn serve(stream: TcpStream, emulator: u16, timeout: Duration, seen: &Mutex<Seen>) -> Option<()> {
    let request = read_http(&stream)?;
    if request.path.starts_with("/2015-03-31/functions/") {
        return invoke(stream, request, emulator, seen);
    }
    // The Runtime API: `next` waits for an invocation.
    let (head, body) = forward(&request, emulator, &request.path, Duration::from_secs(900))?;
    let head = if request.path.ends_with("/invocation/next") {
        let deadline = now_ms() + u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        lock(seen).deadlines.push(deadline);
        with_deadline(&head, deadline)
    } else {
        head
    };
    respond(stream, &head, &body)
}

fn invoke(stream: TcpStream, request: Recorded, emulator: u16, seen: &Mutex<Seen>) -> Option<()> {
    let event = request
        .headers
        .get("x-amz-invocation-type")
        .is_some_and(|t| t == "Event");
    if !event {
        let (head, body) = forward(&request, emulator, FUNCTION, Duration::from_secs(900))?;
        return respond(stream, &head, &body);
    }
    lock(seen).queued.push(request.body.clone());
    respond(stream, "HTTP/1.1 202 Accepted", b"")?;
    forward(&request, emulator, FUNCTION, Duration::from_secs(900)).map(|_| ())
}

/// `head` with its `lambda-runtime-deadline-ms` header set to `deadline`.
fn with_deadline(head: &str, deadline: u64) -> String {
    head.split("\r\n")
        .map(|line| {
            if line
                .to_ascii_lowercase()
                .starts_with("lambda-runtime-deadline-ms:")
            {
                format!("lambda-runtime-deadline-ms: {deadline}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn lock(seen: &Mutex<Seen>) -> std::sync::MutexGuard<'_, Seen> {
    seen.lock().unwrap_or_else(|p| p.into_inner())
}
