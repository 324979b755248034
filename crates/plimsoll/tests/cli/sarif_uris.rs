//! SARIF artifact locations are URIs that resolve to the files checked, whatever their names:
//! relative to the working directory, `file:` URIs outside it, never a scheme or a host taken
//! from a file name, and the bytes of names that are not UTF-8.

use crate::support::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The artifact URIs of the results of a SARIF log.
fn uris(log: &serde_json::Value) -> BTreeSet<String> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// Percent-decoding, to the bytes of a path.
fn decode(uri: &str) -> Vec<u8> {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The file a URI reference points at, resolved against the working directory as code
/// scanning resolves it against the repository root.
#[cfg(unix)]
fn resolve(uri: &str, cwd: &Path) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let (base, path) = match uri.strip_prefix("file://") {
        Some(absolute) => (PathBuf::from("/"), absolute),
        None => {
            // A relative reference: no scheme, no host, no leading slash.
            let first = uri.split('/').next().unwrap();
            assert!(!first.contains(':') && !uri.starts_with('/'), "{uri}");
            (cwd.to_path_buf(), uri)
        }
    };
    base.join(std::ffi::OsStr::from_bytes(&decode(path)))
}

#[cfg(unix)]
#[test]
fn every_uri_resolves_to_the_file_checked() {
    use std::os::unix::ffi::OsStrExt;
    let root = scratch(&[
        ("work/https:evil.yaml", ONE_TYPO),
        ("work/sub dir/a#b%c?.yaml", ONE_TYPO),
        ("work/x:y/c.yaml", ONE_TYPO),
        ("outside/o.yaml", ONE_TYPO),
    ]);
    let work = root.path().join("work");
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(work.join(latin1), ONE_TYPO).unwrap();
    let outside = root.path().join("outside/o.yaml");
    let mut cmd = plimsoll_in(
        &work,
        &[
            "check",
            "-f",
            "sarif",
            "https:evil.yaml",
            "./sub dir",
            "x:y",
            "../outside/o.yaml",
        ],
    );
    cmd.arg(latin1).arg(&outside);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains("uriBaseId"), "{out}");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found = uris(&log);
    let outside_uri = format!("file://{}", outside.display());
    let expected: BTreeSet<String> = [
        "caf%E9.yaml",
        "https%3Aevil.yaml",
        "sub%20dir/a%23b%25c%3F.yaml",
        "x%3Ay/c.yaml",
        &outside_uri,
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(found, expected, "{out}");
    for uri in &found {
        let file = resolve(uri, &work);
        assert!(file.is_file(), "{uri} resolves to {}", file.display());
    }
}

#[test]
fn standard_input_is_located_by_its_stdin_filename() {
    let dir = scratch(&[]);
    let mut cmd = plimsoll_in(
        dir.path(),
        &[
            "check",
            "-f",
            "sarif",
            "--stdin-filename",
            "https://evil/x.yaml",
            "-",
        ],
    );
    cmd.write_stdin(ONE_TYPO);
    let (code, out, _) = run(cmd);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let expected: BTreeSet<String> = ["https%3A/evil/x.yaml".to_owned()].into();
    assert_eq!(uris(&log), expected);
}
