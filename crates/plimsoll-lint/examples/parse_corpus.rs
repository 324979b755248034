//! Parses every file under a directory and prints the problems found, for corpus review.
//!
//! `cargo run --release -p plimsoll-lint --example parse_corpus -- DIR`

use std::path::Path;
use std::time::Instant;

#[path = "../tests/support/files.rs"]
mod files;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let files = files::templates_under(Path::new(&dir));
    let started = Instant::now();
    let (mut bytes, mut nodes, mut with_problems) = (0, 0, 0);
    for file in &files {
        let Ok(data) = std::fs::read(file) else {
            continue;
        };
        let text = String::from_utf8_lossy(&data);
        bytes += text.len();
        let parsed = plimsoll_template::parse(&text);
        nodes += parsed.document.node_count();
        if !parsed.diagnostics.is_empty() {
            with_problems += 1;
            let index = plimsoll_template::LineIndex::new(&text);
            for d in &parsed.diagnostics {
                let at = index.line_col(d.span.start);
                println!(
                    "{}:{}:{}: {:?}: {}",
                    file.display(),
                    at.line,
                    at.column,
                    d.kind,
                    d.message
                );
            }
        }
    }
    eprintln!(
        "{} files, {} bytes, {} nodes, {} with problems, {:.1} ms",
        files.len(),
        bytes,
        nodes,
        with_problems,
        started.elapsed().as_secs_f64() * 1000.0
    );
}
