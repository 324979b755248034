//! The `web-e2e` stage: builds the page, serves `dist/` on 127.0.0.1 and drives it in the
//! Chromium setup installed, with playwright-core (`web/e2e/page.test.mjs`). The screenshots
//! (`screenshots/`, each main view) and the timing figures land in
//! `$CARGO_TARGET_DIR/xtask/web-e2e/`.
//!
//! The templates it opens by name are the repository's own (`crates/plimsoll-lint/tests/
//! third-party/`); the largest-template timings use the shared corpus when there is one.

use crate::{node_modules, process, serve, web, workspace};

pub fn run() -> Result<(), String> {
    node_modules::bin("wasm-opt")?;
    web::build()?;
    let addr = serve::spawn(web::dist(), 0)?;
    let root = workspace::root();
    let artifacts = crate::workspace::scratch("web-e2e")?;
    let mut command = process::command("node");
    command
        .args(["--test", "--test-concurrency=1", "e2e/page.test.mjs"])
        .current_dir(root.join("web"))
        .env("PLIMSOLL_URL", format!("http://{addr}/"))
        .env("PLIMSOLL_CHROMIUM", crate::setup::CHROMIUM)
        .env("PLIMSOLL_ARTIFACTS", &artifacts);
    if let Some(corpus) = crate::corpus::dir() {
        command.env("PLIMSOLL_CORPUS", corpus);
    }
    process::status(&mut command, "the page's end-to-end test")?;
    eprintln!("screenshots and timings in {}", artifacts.display());
    Ok(())
}
