//! Plain HTTP/1.1 plumbing for the end-to-end test's local servers: read a request, pass it
//! on to another local port, answer. Enough for the AWS SDK, the Lambda runtime client and
//! the test's own calls; not a general HTTP implementation.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// One HTTP request, as received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

/// One HTTP/1.1 request with a `content-length` body.
pub fn read_http(stream: &TcpStream) -> Option<Recorded> {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Recorded {
        method,
        path,
        headers,
        body,
    })
}

/// Sends `request` to `127.0.0.1:port` at `path`; the response's head (status line and
/// headers, without the framing ones) and its body.
pub fn forward(
    request: &Recorded,
    port: u16,
    path: &str,
    read_timeout: Duration,
) -> Option<(String, Vec<u8>)> {
    let mut upstream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let _ = upstream.set_read_timeout(Some(read_timeout));
    let mut head = format!(
        "{} {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-length: {}\r\nconnection: close\r\n",
        request.method,
        request.body.len()
    );
    for (k, v) in &request.headers {
        if !matches!(k.as_str(), "host" | "content-length" | "connection") {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("\r\n");
    upstream.write_all(head.as_bytes()).ok()?;
    upstream.write_all(&request.body).ok()?;
    let mut response = Vec::new();
    let _ = upstream.read_to_end(&mut response);
    let split = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let kept: Vec<&str> = head
        .split("\r\n")
        .filter(|line| {
            let name = line
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            !matches!(
                name.as_str(),
                "content-length" | "connection" | "transfer-encoding"
            )
        })
        .collect();
    Some((kept.join("\r\n"), response[split + 4..].to_vec()))
}

/// Answers on `stream` with `head` (a status line and headers) and `body`.
pub fn respond(stream: TcpStream, head: &str, body: &[u8]) -> Option<()> {
    let mut stream = stream;
    let framing = format!(
        "\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(framing.as_bytes()).ok()?;
    stream.write_all(body).ok()
}
