//! `cargo xtask dist`: the CLI as static Linux executables, one `.tar.gz` per architecture
//! (`plimsoll-<version>-<target>.tar.gz`: the binary, the README and the licences) and a
//! `SHA256SUMS` file, in `$CARGO_TARGET_DIR/dist/` beside the wheels.
//!
//! One build per architecture gives both: the wheel's build (`wheel::build`, maturin with
//! cargo-zigbuild and zig: a static musl executable) is archived as it is, and the sums cover
//! the archives and the wheels, which is everything a release publishes but the npm package.

use crate::commands::DistArgs;
use crate::{process, wheel, workspace};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The targets a release ships, in the order they are built.
pub const TARGETS: &[&str] = &["x86_64-unknown-linux-musl", "aarch64-unknown-linux-musl"];
/// What goes into every archive beside the binary, from the repository root.
const DOCUMENTS: &[&str] = &["README.md", "LICENSE-MIT", "LICENSE-APACHE"];
/// The checksums file, in `sha256sum`'s format (`sha256sum -c SHA256SUMS` checks it).
pub const SUMS: &str = "SHA256SUMS";

/// Where the archives and their sums go.
pub fn dir() -> PathBuf {
    workspace::target_dir().join("dist")
}

/// Writes `plimsoll-<version>-<target>.tar.gz` into [`dir`]; returns its path.
pub fn archive(target: &str, binary: &Path) -> Result<PathBuf, String> {
    let name = format!("plimsoll-{}-{target}", workspace::version()?);
    let out = dir();
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let path = out.join(format!("{name}.tar.gz"));
    let file = std::fs::File::create(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        file,
        flate2::Compression::best(),
    ));
    // Every entry gets the commit's time, so the same commit archives to the same bytes.
    let mtime = process::output("git", &["log", "-1", "--format=%ct"])
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let mut add = |from: &Path, file_name: &str, mode: u32| -> Result<(), String> {
        let bytes = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(mode);
        header.set_mtime(mtime);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, format!("{name}/{file_name}"), bytes.as_slice())
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    add(binary, "plimsoll", 0o755)?;
    for document in DOCUMENTS {
        add(&workspace::root().join(document), document, 0o644)?;
    }
    tar.into_inner()
        .and_then(|gz| gz.finish())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Writes [`SUMS`] beside `files` (all in one directory): `<sha256>  <file name>` lines.
pub fn write_sums(files: &[PathBuf]) -> Result<PathBuf, String> {
    let mut sums = String::new();
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        sums.push_str(&format!("{}  {name}\n", hex(&Sha256::digest(&bytes))));
    }
    let path = dir().join(SUMS);
    std::fs::write(&path, sums).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `cargo xtask dist [--target TARGET]…`
pub fn run(args: &DistArgs) -> Result<(), String> {
    let targets = chosen(&args.targets);
    crate::setup::ensure(&[crate::setup::PYTHON_TOOLS, crate::setup::RUST_TARGETS])?;
    let mut artifacts = Vec::new();
    for target in &targets {
        let built = wheel::build(target)?;
        artifacts.push(archive(target, &built.binary)?);
        artifacts.push(built.wheel);
    }
    let sums = write_sums(&artifacts)?;
    for artifact in &artifacts {
        let size = std::fs::metadata(artifact).map(|m| m.len()).unwrap_or(0);
        eprintln!("dist: {} ({size} bytes)", artifact.display());
    }
    eprintln!("dist: {}", sums.display());
    Ok(())
}

/// The targets asked for, or every one.
pub fn chosen(asked: &[String]) -> Vec<String> {
    if asked.is_empty() {
        TARGETS.iter().map(|t| (*t).to_owned()).collect()
    } else {
        asked.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_carry_the_licences_the_package_names() {
        for document in DOCUMENTS {
            assert!(workspace::root().join(document).is_file(), "{document}");
        }
        let manifest =
            std::fs::read_to_string(workspace::root().join("Cargo.toml")).unwrap_or_default();
        assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    }
}
