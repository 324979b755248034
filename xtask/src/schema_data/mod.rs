//! `cargo xtask schema-data`: regenerates the CloudFormation resource schemas
//! (`crates/plimsoll-lint/data/schemas.bin`) from a pinned cfn-lint wheel.
//!
//! # Why cfn-lint's wheel
//!
//! Two registries serve the resource provider schemas in machine-readable form: cfn-lint's
//! wheel bundles them (MIT-0) and the npm package `@aws-cdk/aws-service-spec` (Apache-2.0)
//! holds a database built from them. The wheel is the better source for a linter:
//! - it carries one region's set of types per file (`providers/us-east-1.json` maps each type
//!   to a content-addressed schema under `resources/`), so the region is a choice, not a guess;
//! - its schemas are the provider schemas as CloudFormation validates them, with cfn-lint's
//!   corrections applied, which is what the corpus agreement is measured against;
//! - the version is the one the benchmarks already pin (`xtask/python-requirements.txt`), so the
//!   data and the cfn-lint we compare with agree by construction;
//! - MIT-0 asks for no attribution in the binary.
//!
//! The CDK database is a reshaped model (its own type system, merged documentation) that
//! would need translating back to the schemas' terms.
//!
//! # Commands
//!
//! - `cargo xtask schema-data` fetches the wheel with `pip download` into a cache outside the
//!   repository, verifies its sha256, builds the model and writes the stored file.
//! - `--check` regenerates in memory and fails if the stored file differs (CI runs this).
//! - `--region eu-west-1` stores another region's types instead, for a build of one's own;
//!   the repository keeps us-east-1's.
//!
//! Generation is deterministic: lists are sorted, shapes are numbered in a fixed walk, and the
//! compressor and its level are fixed. The byte layout is documented (and decoded) in
//! `plimsoll_lint::schema::format`.
//!
//! One file a step: [`fetch`] (the pinned wheel, cached), [`wheel`] (its files),
//! [`model`] (the schemas as the stored shapes) and [`encode`] (the model as bytes); the
//! compression is IAM data's.

mod attributes;
mod encode;
mod fetch;
mod model;
mod wheel;

use crate::commands::SchemaDataArgs;
use crate::iam_data::deflate::compress;
use crate::workspace;

/// The pinned source.
pub const PACKAGE: &str = "cfn-lint";
pub const VERSION: &str = "1.58.0";
pub const WHEEL: &str = "cfn_lint-1.58.0-py3-none-any.whl";
pub const SHA256: &str = "9d9f06043160756a6158f5c3f92a44ce38254b1c578127461608305bc8262987";
/// The region whose resource types the repository's data holds.
pub const REGION: &str = "us-east-1";

/// Where the stored data lives, relative to the repository root.
pub const STORED: &str = "crates/plimsoll-lint/data/schemas.bin";

pub fn run(args: &SchemaDataArgs) -> Result<(), String> {
    let bytes = fetch::fetch()?;
    let files = wheel::read_schemas(&bytes)?;
    let region = args.region.as_str();
    if args.check && region != REGION {
        return Err(format!(
            "--check compares with the stored data, which is {REGION}'s"
        ));
    }
    let model = model::build(&files, region)
        .map_err(|e| format!("{e} (the wheel's regions are its providers/<region>.json files)"))?;
    let source = format!("{PACKAGE} {VERSION} {region}");
    let raw = encode::encode(&model, &source)?;
    let compressed = compress(&raw);
    eprintln!(
        "schema-data: {source}: {}; raw {} bytes, compressed {} bytes",
        model.counts(),
        raw.len(),
        compressed.len()
    );
    let path = workspace::root().join(STORED);
    if args.check {
        let stored =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if stored == compressed {
            eprintln!("schema-data: {STORED} is up to date");
            return Ok(());
        }
        return Err(format!(
            "{STORED} is stale or edited by hand; run `cargo xtask schema-data`"
        ));
    }
    std::fs::write(&path, &compressed)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("schema-data: wrote {STORED}");
    Ok(())
}
