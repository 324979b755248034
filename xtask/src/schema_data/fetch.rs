//! The pinned wheel: from the cache outside the repository or fetched with `pip download`,
//! verified by its sha256 (the hash pip's lock files pin).

use super::{PACKAGE, SHA256, VERSION, WHEEL};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("plimsoll").join("schema-data")
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The verified wheel, from the cache or fetched with `pip download`.
pub fn fetch() -> Result<Vec<u8>, String> {
    let dir = cache_dir();
    let file = dir.join(WHEEL);
    if let Ok(bytes) = std::fs::read(&file) {
        if sha256_hex(&bytes) == SHA256 {
            return Ok(bytes);
        }
        eprintln!(
            "schema-data: cached {} fails the integrity check; fetching again",
            file.display()
        );
        std::fs::remove_file(&file)
            .map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let spec = format!("{PACKAGE}=={VERSION}");
    eprintln!(
        "$ python3 -m pip download {spec} --no-deps --only-binary=:all: -d {}",
        dir.display()
    );
    let out = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            &spec,
            "--no-deps",
            "--only-binary=:all:",
        ])
        .arg("-d")
        .arg(&dir)
        .output()
        .map_err(|e| format!("cannot start `python3 -m pip` (is Python installed?): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`pip download {spec}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let bytes = std::fs::read(&file)
        .map_err(|e| format!("`pip download` did not produce {}: {e}", file.display()))?;
    let got = sha256_hex(&bytes);
    if got != SHA256 {
        let _ = std::fs::remove_file(&file);
        return Err(format!(
            "{spec}: integrity mismatch: expected sha256 {SHA256}, got {got}"
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lowercase_hex() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
