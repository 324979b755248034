//! The pinned wheel: from the cache outside the repository or fetched with `pip download`,
//! verified by its sha256 (the hash pip's lock files pin).

use super::{PACKAGE, SHA256, VERSION, WHEEL};
use crate::pinned_package::PinnedPackage;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::process::Command;

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
    PinnedPackage {
        command: "schema-data",
        spec: format!("{PACKAGE}=={VERSION}"),
        file: WHEEL.to_owned(),
        expected: SHA256,
        digest: sha256_hex,
        fetch: |dir| {
            let mut pip = Command::new("python3");
            pip.args(["-m", "pip", "download", &format!("{PACKAGE}=={VERSION}")])
                .args(["--no-deps", "--only-binary=:all:", "-d"])
                .arg(dir);
            pip
        },
    }
    .bytes()
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
