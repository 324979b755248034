//! `cargo xtask setup`: installs, pinned, every tool a stage of `cargo xtask test` runs.
//!
//! Each step checks first and installs only what is missing or at another version, so a warm
//! machine pays nothing. Everything lands in the tools directory (`installed_tools::tools_dir`) or
//! `web/node_modules`, and the stages run it from there. From the machine come only
//! cargo/rustup, node/npm, python3 (with its `venv` module), git and, for Chromium, apt.

use crate::{installed_tools, node_modules, process, sarif, wasm, workspace};
use std::path::Path;

/// What an install mostly waits on. Downloads run beside compiles, so a cold setup costs about
/// the longer of the two rather than their sum on a two-core machine.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// `cargo install`: the cores.
    Compile,
    /// rustup, pip, npm and apt: mostly the network and the disk.
    Download,
}

/// One installable tool: how to tell it is present, and how to install it.
pub struct Step {
    pub name: &'static str,
    pub work: Work,
    pub present: fn() -> bool,
    pub install: fn() -> Result<(), String>,
}

/// The step that installs the Python tools (for `ensure`).
pub const PYTHON_TOOLS: &str = "Python tools (pre-commit, jsonschema, cargo-lambda, moto, \
     zig, maturin, pipx) in the project's venv";

/// The step that adds the Rust targets (for `ensure`).
pub const RUST_TARGETS: &str =
    "rust targets (wasm32, wasm32-wasip1, aarch64 linux, static x86_64 and aarch64 linux)";

/// The Rust targets the wasm builds (the npm package's CLI is built for WASI), the arm64
/// Lambda and the static executables need.
const TARGETS: [&str; 5] = [
    "wasm32-unknown-unknown",
    wasm::WASI_TARGET,
    "aarch64-unknown-linux-gnu",
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
];

fn steps() -> Vec<Step> {
    vec![
        Step {
            name: RUST_TARGETS,
            work: Work::Download,
            present: || {
                process::output("rustup", &["target", "list", "--installed"])
                    .is_some_and(|t| TARGETS.iter().all(|target| t.contains(target)))
            },
            install: || {
                let mut args = vec!["target", "add"];
                args.extend(TARGETS);
                process::run("rustup", &args)
            },
        },
        Step {
            name: "nightly toolchain (cargo fuzz)",
            work: Work::Download,
            present: || {
                process::output(
                    "cargo",
                    &[&format!("+{}", installed_tools::NIGHTLY), "--version"],
                )
                .is_some()
            },
            install: || {
                process::run(
                    "rustup",
                    &[
                        "toolchain",
                        "install",
                        installed_tools::NIGHTLY,
                        "--profile",
                        "minimal",
                    ],
                )
            },
        },
        Step {
            name: "wasm-bindgen CLI (the version in Cargo.lock)",
            work: Work::Compile,
            present: wasm_bindgen_present,
            install: install_wasm_bindgen,
        },
        Step {
            name: "cargo-fuzz",
            work: Work::Compile,
            present: || {
                process::output(
                    installed_tools::cargo_fuzz_root().join("bin/cargo-fuzz"),
                    &["--version"],
                )
                .is_some_and(|v| v.contains(installed_tools::CARGO_FUZZ_VERSION))
            },
            install: || {
                let root = installed_tools::cargo_fuzz_root();
                process::run(
                    "cargo",
                    &[
                        "install",
                        "cargo-fuzz",
                        "--locked",
                        "--version",
                        installed_tools::CARGO_FUZZ_VERSION,
                        "--root",
                        &root.to_string_lossy(),
                    ],
                )
            },
        },
        Step {
            name: PYTHON_TOOLS,
            work: Work::Download,
            present: venv_present,
            install: install_venv,
        },
        Step {
            name: "npm packages for the web build and tests (binaryen, playwright-core, axe-core, typescript)",
            work: Work::Download,
            present: node_modules::installed,
            install: node_modules::install,
        },
        Step {
            name: "SARIF validator (npm @microsoft/sarif-multitool)",
            work: Work::Download,
            present: sarif::is_installed,
            install: sarif::install,
        },
        Step {
            name: "chromium (headless browser for the page's tests)",
            work: Work::Download,
            present: || Path::new(CHROMIUM).exists(),
            install: || apt_install("chromium"),
        },
    ]
}

/// The browser the page's tests drive (`web/e2e/page.test.mjs` launches this path).
pub const CHROMIUM: &str = "/usr/bin/chromium";

fn wasm_bindgen_present() -> bool {
    let (Ok(version), Ok(bin), Ok(runner)) = (
        installed_tools::wasm_bindgen_version(),
        installed_tools::wasm_bindgen_bin("wasm-bindgen"),
        installed_tools::wasm_bindgen_bin("wasm-bindgen-test-runner"),
    ) else {
        return false;
    };
    runner.is_file()
        && process::output(&bin, &["--version"])
            .is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str()))
}

/// `cargo install` without `--locked`: the crate's published lock file lacks an entry, so a
/// locked install fails. The exact version and the versioned root keep it pinned.
fn install_wasm_bindgen() -> Result<(), String> {
    let version = installed_tools::wasm_bindgen_version()?;
    let root = installed_tools::wasm_bindgen_root()?;
    process::run(
        "cargo",
        &[
            "install",
            // Not `--locked`: its lock file pins a release of a dependency that was since
            // yanked, and cargo refuses to install from it.
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--root",
            &root.to_string_lossy(),
        ],
    )
}

/// What the venv was last installed from: the requirements file itself.
fn venv_stamp() -> std::path::PathBuf {
    installed_tools::venv().join("plimsoll-requirements.txt")
}

fn venv_present() -> bool {
    let wanted = std::fs::read(workspace::root().join(installed_tools::PYTHON_REQUIREMENTS)).ok();
    let installed = std::fs::read(venv_stamp()).ok();
    wanted.is_some()
        && wanted == installed
        && process::output(installed_tools::venv_bin("python"), &["--version"]).is_some()
}

fn install_venv() -> Result<(), String> {
    let venv = installed_tools::venv();
    if process::output(installed_tools::venv_bin("python"), &["--version"]).is_none() {
        // Debian and Ubuntu ship `venv` without `ensurepip` unless python3-venv is installed.
        if process::output("python3", &["-c", "import ensurepip, venv"]).is_none() {
            apt_install("python3-venv")?;
        }
        if venv.exists() {
            std::fs::remove_dir_all(&venv)
                .map_err(|e| format!("cannot clear {}: {e}", venv.display()))?;
        }
        process::run("python3", &["-m", "venv", &venv.to_string_lossy()])?;
    }
    let requirements = workspace::root().join(installed_tools::PYTHON_REQUIREMENTS);
    process::run(
        &installed_tools::venv_bin("python").to_string_lossy(),
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--requirement",
            &requirements.to_string_lossy(),
        ],
    )?;
    std::fs::copy(&requirements, venv_stamp())
        .map(|_| ())
        .map_err(|e| format!("cannot write {}: {e}", venv_stamp().display()))
}

/// Installs a Debian package (needs root); `apt-get update` first, as a fresh machine's
/// package lists may be empty or stale.
fn apt_install(package: &str) -> Result<(), String> {
    process::run("apt-get", &["update", "--quiet"])?;
    process::run("apt-get", &["install", "--quiet", "--yes", package]).map_err(|e| {
        format!("{e}: installing {package} needs apt and root (see docs/toolchain.md)")
    })
}

/// Runs only the named steps (each still checks first).
pub fn ensure(names: &[&str]) -> Result<(), String> {
    run_steps(steps().into_iter().filter(|s| names.contains(&s.name)))
}

pub fn run() -> Result<(), String> {
    run_steps(steps().into_iter())
}

fn run_steps(steps: impl Iterator<Item = Step>) -> Result<(), String> {
    eprintln!("setup: tools in {}", installed_tools::tools_dir().display());
    let (compiles, downloads): (Vec<Step>, Vec<Step>) =
        steps.partition(|step| step.work == Work::Compile);
    let (compiled, downloaded) = std::thread::scope(|scope| {
        let downloading = scope.spawn(|| run_in_order(&downloads));
        let compiled = run_in_order(&compiles);
        let downloaded = downloading
            .join()
            .unwrap_or_else(|_| Err("a setup step panicked".to_owned()));
        (compiled, downloaded)
    });
    match (compiled, downloaded) {
        (Err(a), Err(b)) => Err(format!("{a}\n{b}")),
        (Err(e), _) | (_, Err(e)) => Err(e),
        _ => Ok(()),
    }
}

/// Runs steps one after another, stopping at the first that fails.
fn run_in_order(steps: &[Step]) -> Result<(), String> {
    for step in steps {
        if (step.present)() {
            eprintln!("setup: {} already present", step.name);
        } else {
            eprintln!("setup: installing {}", step.name);
            let started = std::time::Instant::now();
            (step.install)()?;
            if !(step.present)() {
                return Err(format!("{} is still missing after its install", step.name));
            }
            eprintln!(
                "setup: installed {} in {:.0}s",
                step.name,
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}
