//! SARIF 2.1.0 for code scanning, built by `plimsoll_report::sarif`: artifact URIs relative to
//! the working directory (`file:` URIs for files elsewhere), and the run's invocation
//! (unreadable files as notifications); safe to print (`plimsoll_report::terminal_safe`).

use crate::paths::{normalize, relative_to};
use crate::report::{FileReport, RunReport};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::Path;

pub fn print(report: &RunReport, cwd: &Path, out: &mut dyn Write) -> io::Result<()> {
    let uris: Vec<String> = report.files.iter().map(|f| artifact_uri(f, cwd)).collect();
    let mut log = plimsoll_report::sarif::log_at(&report.findings(|f| &f.name), &uris);
    if let Some(run) = log.get_mut("runs").and_then(|r| r.get_mut(0)) {
        run["invocations"] = json!([invocation(report)]);
    }
    let text = serde_json::to_string_pretty(&log).map_err(io::Error::other)?;
    writeln!(out, "{}", plimsoll_report::terminal_safe::escape(text))
}

fn invocation(report: &RunReport) -> Value {
    let notifications: Vec<Value> = report
        .failures
        .iter()
        .map(|f| json!({"level": "error", "message": {"text": f.message}}))
        .collect();
    json!({
        "executionSuccessful": report.failures.is_empty(),
        "toolExecutionNotifications": notifications,
    })
}

/// The file relative to the working directory (what code scanning resolves against the
/// repository root), or a `file:` URI of its absolute path when it lies elsewhere, made from
/// the path's bytes. Standard input's name (`--stdin-filename`) is read as a path the same way.
fn artifact_uri(file: &FileReport, cwd: &Path) -> String {
    let path = file.path.as_deref().unwrap_or(Path::new(&file.name));
    let path = relative_to(path, cwd, cwd).unwrap_or_else(|| normalize(&cwd.join(path)));
    plimsoll_report::sarif::path_uri(&path_bytes(&path))
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().replace('\\', "/").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file(path: &str) -> FileReport {
        FileReport {
            name: path.to_owned(),
            path: Some(PathBuf::from(path)),
            source: String::new(),
            diagnostics: Vec::new(),
            parameters: None,
            parameter_file: false,
        }
    }

    #[test]
    fn uris_are_relative_to_the_working_directory_or_file_uris() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(artifact_uri(&file("./stacks/a.yml"), cwd), "stacks/a.yml");
        assert_eq!(artifact_uri(&file("/repo/sub/x/b.yml"), cwd), "x/b.yml");
        assert_eq!(
            artifact_uri(&file("../other.yml"), cwd),
            "file:///repo/other.yml"
        );
        assert_eq!(
            artifact_uri(&file("https:evil.yaml"), cwd),
            "https%3Aevil.yaml"
        );
    }

    #[cfg(unix)]
    #[test]
    fn uris_keep_the_bytes_of_names_that_are_not_utf8() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let mut report = file("x");
        report.path = Some(PathBuf::from(OsStr::from_bytes(b"caf\xe9 1.yaml")));
        assert_eq!(artifact_uri(&report, Path::new("/r")), "caf%E9%201.yaml");
    }

    #[test]
    fn standard_input_is_named_by_its_stdin_filename() {
        let cwd = Path::new("/repo");
        let mut stdin = file("<stdin>");
        stdin.path = None;
        assert_eq!(artifact_uri(&stdin, cwd), "%3Cstdin%3E");
        stdin.name = "stacks/a.yml".into();
        assert_eq!(artifact_uri(&stdin, cwd), "stacks/a.yml");
    }
}
