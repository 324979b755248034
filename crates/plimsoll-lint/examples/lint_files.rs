//! Lints files or directories and prints one line per finding, for reviewing rules on real
//! templates: `cargo run -p plimsoll-lint --example lint_files -- [--code PREFIX] PATH…`

use plimsoll_lint::Settings;
use plimsoll_template::LineIndex;
use std::path::Path;

#[path = "../tests/support/files.rs"]
mod files;

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let mut settings = Settings::default();
    if args.peek().map(String::as_str) == Some("--code") {
        args.next();
        settings.select = args.next().into_iter().collect();
    }
    let mut files = Vec::new();
    for arg in args {
        files.extend(files::templates_under(Path::new(&arg)));
    }
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        let index = LineIndex::new(&source);
        for d in plimsoll_lint::lint(&source, &settings) {
            let at = index.line_col(d.span.start);
            println!(
                "{}:{}:{}: {} {}: {} [{}]",
                file.display(),
                at.line,
                at.column,
                d.severity,
                d.code,
                d.message,
                d.path
            );
        }
    }
}
