//! A pinned package the data commands (`iam-data`, `schema-data`) read: taken from a cache
//! outside the repository when its digest matches, fetched with the package manager's own
//! command otherwise, and verified either way.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PinnedPackage<'a> {
    /// The command's name: the cache folder's name and the messages' prefix (`iam-data`).
    pub command: &'a str,
    /// What is fetched, for messages (`cfn-lint==1.58.0`).
    pub spec: String,
    /// The file the fetch leaves in the folder it is given.
    pub file: String,
    /// The digest the file must have, as `digest` writes it.
    pub expected: &'a str,
    pub digest: fn(&[u8]) -> String,
    /// The fetch, told the folder to write into.
    pub fetch: fn(&Path) -> Command,
}

fn cache_dir(command: &str) -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("plimsoll").join(command)
}

impl PinnedPackage<'_> {
    /// The verified package's bytes, from the cache or fetched.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        let dir = cache_dir(self.command);
        let file = dir.join(&self.file);
        if let Ok(bytes) = std::fs::read(&file) {
            if (self.digest)(&bytes) == self.expected {
                return Ok(bytes);
            }
            eprintln!(
                "{}: cached {} fails the integrity check; fetching again",
                self.command,
                file.display()
            );
            std::fs::remove_file(&file)
                .map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut command = (self.fetch)(&dir);
        command.current_dir(&dir);
        let program = command.get_program().to_string_lossy().into_owned();
        eprintln!(
            "$ {program} {}",
            command
                .get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let out = command
            .output()
            .map_err(|e| format!("cannot start `{program}`: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "fetching {} failed ({}): {}",
                self.spec,
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let bytes = std::fs::read(&file).map_err(|e| {
            format!(
                "fetching {} did not produce {}: {e}; it said: {}",
                self.spec,
                file.display(),
                String::from_utf8_lossy(&out.stdout).trim()
            )
        })?;
        let got = (self.digest)(&bytes);
        if got != self.expected {
            let _ = std::fs::remove_file(&file);
            return Err(format!(
                "{}: integrity mismatch: expected {}, got {got}",
                self.spec, self.expected
            ));
        }
        Ok(bytes)
    }
}
