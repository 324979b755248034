//! The `web-e2e` stage: builds the page, serves `dist/` on 127.0.0.1 and drives it in the
//! system Chromium with playwright-core (`web/e2e/page.test.mjs`). The screenshot and the
//! timing figures land in `$CARGO_TARGET_DIR/xtask/web-e2e/`.

use crate::{cmd, node, serve, web};

pub fn run() -> Result<(), String> {
    let corpus = crate::corpus::dir().ok_or(
        "the shared corpus is missing (set PLIMSOLL_CORPUS): the test pastes the seed's Chapter 8 stack",
    )?;
    node::bin("wasm-opt")?;
    web::build()?;
    let addr = serve::spawn(web::dist(), 0)?;
    let root = cmd::root();
    let artifacts = crate::tools::scratch("web-e2e")?;
    let status = std::process::Command::new("node")
        .args(["--test", "--test-concurrency=1", "e2e/page.test.mjs"])
        .current_dir(root.join("web"))
        .env("PLIMSOLL_URL", format!("http://{addr}/"))
        .env("PLIMSOLL_CORPUS", &corpus)
        .env("PLIMSOLL_ARTIFACTS", &artifacts)
        .status()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if status.success() {
        eprintln!("screenshot and timings in {}", artifacts.display());
        Ok(())
    } else {
        Err(format!("the page's end-to-end test failed ({status})"))
    }
}
