//! `cargo xtask serve`: a small static file server for `dist/` on 127.0.0.1.
//!
//! Serves GET and HEAD for files under one directory with the right content types
//! (`application/wasm` lets browsers compile while downloading), gzipped for clients that
//! accept it as any static host would, so what a browser transfers here is what a visitor
//! downloads; everything else is 404/405.

use crate::commands::ServeArgs;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::SystemTime;

/// Serves `dir` on `127.0.0.1:port` (0 picks a free port) from a background thread; returns
/// the address it listens on.
pub fn spawn(dir: PathBuf, port: u16) -> Result<SocketAddr, String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            thread::spawn(move || {
                let _ = handle(stream, &dir);
            });
        }
    });
    Ok(addr)
}

/// `cargo xtask serve [--port N]`: serves `dist/` until interrupted.
pub fn run(args: &ServeArgs) -> Result<(), String> {
    let port = args.port;
    let dir = crate::workspace::root().join("dist");
    if !dir.join("index.html").is_file() {
        return Err("dist/index.html is missing: run `cargo xtask web` first".into());
    }
    let addr = spawn(dir, port)?;
    println!("Serving dist/ at http://{addr}/ (Ctrl-C to stop)");
    loop {
        thread::park();
    }
}

fn handle(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read the headers up to the blank line; only Accept-Encoding matters.
    let mut gzip = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("accept-encoding")
        {
            gzip = value.split(',').any(|e| e.trim().starts_with("gzip"));
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        let reply = Reply {
            status: "405 Method Not Allowed",
            content_type: "text/plain",
            body: b"",
            gzip: false,
        };
        return respond(&mut stream, reply, method);
    }
    match resolve(dir, target).and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((path, body)) => {
            let gzip = gzip && compressible(&path);
            let body = if gzip { gzipped(&path, &body)? } else { body };
            let reply = Reply {
                status: "200 OK",
                content_type: content_type(&path),
                body: &body,
                gzip,
            };
            respond(&mut stream, reply, method)
        }
        None => {
            let reply = Reply {
                status: "404 Not Found",
                content_type: "text/plain",
                body: b"not found\n",
                gzip: false,
            };
            respond(&mut stream, reply, method)
        }
    }
}

fn compressible(path: &Path) -> bool {
    !content_type(path).starts_with("image/png")
}

/// The file gzipped at the highest level (the figure `cargo xtask web` reports), compressed
/// once per version of the file.
fn gzipped(path: &Path, body: &[u8]) -> std::io::Result<Vec<u8>> {
    type Cache = Mutex<HashMap<PathBuf, (Option<SystemTime>, Vec<u8>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let cache = CACHE.get_or_init(Cache::default);
    if let Ok(cache) = cache.lock()
        && let Some((when, bytes)) = cache.get(path)
        && *when == modified
    {
        return Ok(bytes.clone());
    }
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(body)?;
    let bytes = encoder.finish()?;
    if let Ok(mut cache) = cache.lock() {
        cache.insert(path.to_owned(), (modified, bytes.clone()));
    }
    Ok(bytes)
}

/// A response whose body is plain or, when `gzip`, gzipped.
struct Reply<'b> {
    status: &'static str,
    content_type: &'static str,
    body: &'b [u8],
    gzip: bool,
}

fn respond(stream: &mut TcpStream, reply: Reply<'_>, method: &str) -> std::io::Result<()> {
    let Reply {
        status,
        content_type,
        body,
        gzip,
    } = reply;
    let encoding = if gzip {
        "Content-Encoding: gzip\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{encoding}\
         Vary: Accept-Encoding\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file a request target names inside `dir`, refusing anything that would leave it.
pub fn resolve(dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut full = dir.join(relative);
    if full.is_dir() {
        full = full.join("index.html");
    }
    full.is_file().then_some(full)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "yaml" | "yml" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn serves_files_with_their_types_and_refuses_escapes() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("sub/a b.wasm"), [0u8, 97, 115, 109]).unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(
            resolve(&dir, "/sub/a%20b.wasm?x=1"),
            Some(dir.join("sub/a b.wasm"))
        );
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/sub/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&dir, "/missing.js"), None);

        let addr = spawn(dir.clone(), 0).unwrap();
        let get = |target: &str| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut text = Vec::new();
            s.read_to_end(&mut text).unwrap();
            String::from_utf8_lossy(&text).into_owned()
        };
        let page = get("/");
        assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
        assert!(page.contains("text/html") && page.ends_with("<p>hi</p>"));
        assert!(get("/sub/a%20b.wasm").contains("Content-Type: application/wasm"));
        assert!(get("/nope").starts_with("HTTP/1.1 404"));

        // Clients that accept gzip get it, and it unpacks to the file.
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        s.read_to_end(&mut response).unwrap();
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        let head = String::from_utf8_lossy(&response[..split]);
        assert!(head.contains("Content-Encoding: gzip"), "{head}");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&response[split..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "<p>hi</p>");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
