//! `cargo xtask test --stage sarif`: plimsoll's SARIF checked by the official SARIF validator
//! (`@microsoft/sarif-multitool`: the 2.1.0 schema plus the SARIF rules) and, independently,
//! against the 2.1.0 JSON schema the validator ships (Python `jsonschema`).
//!
//! The validator exits 0 even for invalid files, so its `error` lines decide. It also reports
//! nothing at all for some invalid files (an unknown enum value hides every other error), so a
//! deliberately broken copy must make it complain before a silent pass counts.

use crate::{installed_tools, process, workspace};
use std::path::{Path, PathBuf};

/// The validator's npm package and its lock file (`npm ci` installs exactly what it pins).
const PACKAGE_DIR: &str = "xtask/sarif-validator";

/// The pinned validator version, read from its `package.json`.
fn version() -> Result<String, String> {
    let manifest = crate::workspace::root()
        .join(PACKAGE_DIR)
        .join("package.json");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    json["devDependencies"]["@microsoft/sarif-multitool"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: no @microsoft/sarif-multitool", manifest.display()))
}

/// Where the validator is installed: a directory per version in the tools directory.
pub fn install_dir() -> PathBuf {
    let version = version().unwrap_or_else(|_| "unknown".to_owned());
    installed_tools::tools_dir().join(format!("sarif-multitool-{version}"))
}

fn package_dir() -> PathBuf {
    install_dir().join("node_modules/@microsoft/sarif-multitool-linux")
}

/// The validator binary (the package's own postinstall `chmod` may not have run).
pub fn validator() -> PathBuf {
    package_dir().join("Sarif.Multitool")
}

pub fn schema() -> PathBuf {
    package_dir().join("sarif-2.1.0.json")
}

pub fn is_installed() -> bool {
    crate::process::command(validator())
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Copies the package and lock file into the install directory and runs `npm ci` there.
pub fn install() -> Result<(), String> {
    let dir = install_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let source = crate::workspace::root().join(PACKAGE_DIR);
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), dir.join(file))
            .map_err(|e| format!("cannot copy {file} to {}: {e}", dir.display()))?;
    }
    crate::process::run_in(&dir, "npm", &["ci", "--no-audit", "--no-fund"])?;
    make_executable(&validator())
}

fn make_executable(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .permissions();
    permissions.set_mode(permissions.mode() | 0o755);
    std::fs::set_permissions(path, permissions).map_err(|e| format!("{}: {e}", path.display()))
}

/// The runs whose SARIF is validated: (name, expected exit code, `check` arguments).
const CASES: [(&str, i32, &[&str]); 3] = [
    (
        "findings",
        1,
        &[
            "examples",
            "crates/plimsoll/tests/fixtures",
            "crates/plimsoll-lint/tests/fixtures",
        ],
    ),
    (
        "unreadable",
        2,
        &["examples/healthy-ecs-service.yaml", "no-such-template.yaml"],
    ),
    ("clean", 0, &["examples/healthy-ecs-service.yaml"]),
];

pub fn run() -> Result<(), String> {
    if !is_installed() {
        return Err(format!(
            "the SARIF validator is missing at {} (run `cargo xtask setup`)",
            validator().display()
        ));
    }
    let plimsoll = workspace::plimsoll(false)?;
    let dir = workspace::scratch("sarif")?;
    for (name, expected, paths) in CASES {
        let log = dir.join(format!("{name}.sarif"));
        let mut command = crate::process::command(&plimsoll);
        command
            .current_dir(crate::workspace::root())
            .args(["check", "--format", "sarif", "--output"])
            .arg(&log)
            .args(paths);
        let (code, output) = process::capture(&mut command)?;
        if code != expected {
            return Err(format!(
                "{name}: plimsoll exited {code}, expected {expected}\n{output}"
            ));
        }
        let errors = validate(&log)?;
        if !errors.is_empty() {
            return Err(format!(
                "{name}: the SARIF validator reports:\n{}",
                errors.join("\n")
            ));
        }
        schema_check(&log)?;
        eprintln!("sarif: {name}.sarif is valid SARIF 2.1.0");
    }
    hostile_names(&plimsoll, &dir)?;
    negative_control(&dir.join("findings.sarif"), &dir.join("broken.sarif"))
}

/// Files whose names are not plain URI paths: a colon that would read as a scheme, characters
/// a URI must escape, bytes that are not UTF-8, and a file outside the working directory (a
/// `file:` URI).
fn hostile_names(plimsoll: &Path, dir: &Path) -> Result<(), String> {
    use std::os::unix::ffi::OsStrExt;
    let work = dir.join("hostile");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let example = crate::workspace::root().join("examples/broken-references.yaml");
    let text = std::fs::read(&example).map_err(|e| format!("{}: {e}", example.display()))?;
    let names: [&[u8]; 4] = [
        b"https:evil.yaml",
        b"a b#c%d?.yaml",
        b"caf\xe9.yaml",
        "über [1].yaml".as_bytes(),
    ];
    let mut command = crate::process::command(plimsoll);
    command
        .current_dir(&work)
        .args(["check", "--format", "sarif", "--output", "../hostile.sarif"])
        .arg(&example);
    for name in names {
        let name = std::ffi::OsStr::from_bytes(name);
        std::fs::write(work.join(name), &text).map_err(|e| format!("{name:?}: {e}"))?;
        command.arg(name);
    }
    let log = dir.join("hostile.sarif");
    let (code, output) = process::capture(&mut command)?;
    if code != 1 {
        return Err(format!(
            "hostile names: plimsoll exited {code}, expected 1\n{output}"
        ));
    }
    let errors = validate(&log)?;
    if !errors.is_empty() {
        return Err(format!(
            "hostile names: the SARIF validator reports:\n{}",
            errors.join("\n")
        ));
    }
    schema_check(&log)?;
    eprintln!(
        "sarif: hostile.sarif (file names that are not plain URI paths) is valid SARIF 2.1.0"
    );
    Ok(())
}

/// The validator's `error` lines for one file.
fn validate(log: &Path) -> Result<Vec<String>, String> {
    let out = log.with_extension("validation.sarif");
    let (code, text) = process::capture(
        crate::process::command(validator())
            .arg("validate")
            .arg(log)
            .arg("-o")
            .arg(&out),
    )?;
    if code != 0 {
        return Err(format!("the SARIF validator failed ({code}):\n{text}"));
    }
    Ok(text
        .lines()
        .filter(|l| l.contains(": error ") || l.starts_with("error "))
        .map(str::to_owned)
        .collect())
}

/// Validates against the JSON schema with Python's `jsonschema` (the schema's own draft), from
/// the project's venv.
fn schema_check(log: &Path) -> Result<(), String> {
    const SCRIPT: &str = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        cls = jsonschema.validators.validator_for(schema)\n\
        errors = list(cls(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
        for e in errors: print('/'.join(map(str, e.absolute_path)), e.message)\n\
        sys.exit(1 if errors else 0)\n";
    let (code, text) = process::capture(
        crate::process::command(installed_tools::venv_bin("python"))
            .args(["-c", SCRIPT])
            .arg(schema())
            .arg(log),
    )?;
    if code == 0 {
        Ok(())
    } else {
        Err(format!(
            "{}: not valid against the SARIF 2.1.0 schema:\n{text}",
            log.display()
        ))
    }
}

/// Breaks a region in a valid log and requires both checks to notice.
fn negative_control(valid: &Path, broken: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(valid).map_err(|e| format!("{}: {e}", valid.display()))?;
    let corrupted = text.replacen("\"startLine\": ", "\"startLine\": 0, \"x-was\": ", 1);
    if corrupted == text {
        return Err("negative control: no region to break".into());
    }
    std::fs::write(broken, corrupted).map_err(|e| format!("{}: {e}", broken.display()))?;
    if validate(broken)?.is_empty() {
        return Err("negative control: the validator accepted a region with startLine 0".into());
    }
    if schema_check(broken).is_ok() {
        return Err("negative control: the schema check accepted a region with startLine 0".into());
    }
    eprintln!("sarif: the validator and the schema check both reject a broken copy");
    Ok(())
}
