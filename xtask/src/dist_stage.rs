//! `cargo xtask test --stage dist`: what a release publishes for Linux, used the way its users
//! use it. One x86_64 build (the aarch64 one, `cargo xtask dist`, cannot run here) gives:
//!
//! - the archive: unpacked, its binary checks the examples inside an otherwise empty chroot
//!   (no C library, no `/etc`, no `/tmp`) with an empty environment;
//! - the wheel: `pip install` into a fresh venv, and `pipx run --spec <wheel>`;
//! - pre-commit's `plimsoll-prebuilt` hook, installing that wheel into an empty cache.
//!
//! Each run prints what the native CLI prints on the examples, with its exit code. pip and
//! pre-commit run with no index (`PIP_NO_INDEX`), given the built wheel; only pipx fetches, its
//! own copy of pip.

use crate::{dist, installed_tools, precommit, process, workspace};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const TARGET: &str = "x86_64-unknown-linux-musl";
/// coreutils' chroot, named by its path: it runs with an empty environment, so no `PATH`.
const CHROOT: &str = "/usr/sbin/chroot";
/// What every way in runs, from the directory holding `examples/`.
const CHECK: [&str; 2] = ["check", "examples"];

pub fn run() -> Result<(), String> {
    let work = workspace::scratch("dist")?;
    let built = crate::wheel::build(TARGET)?;
    let archive = dist::archive(TARGET, &built.binary)?;
    dist::write_sums(&[archive.clone(), built.wheel.clone()])?;
    let wheel_size = std::fs::metadata(&built.wheel).map_or(0, |m| m.len());
    let archive_size = std::fs::metadata(&archive).map_or(0, |m| m.len());
    eprintln!(
        "dist: {} ({archive_size} bytes), {} ({wheel_size} bytes)",
        archive.display(),
        built.wheel.display()
    );

    let native = workspace::plimsoll(false)?;
    let expected = checked(Command::new(&native).current_dir(workspace::root()))?;
    if expected.0 != 1 {
        return Err(format!(
            "the native CLI should find errors in the examples (exit 1), got {}",
            expected.0
        ));
    }
    let same = |what: &str, got: (i32, String)| -> Result<(), String> {
        if got == expected {
            eprintln!("dist: {what}: the same findings and exit code as the native CLI");
            Ok(())
        } else {
            Err(format!(
                "{what} printed (exit {}):\n{}\nbut the native CLI printed (exit {}):\n{}",
                got.0, got.1, expected.0, expected.1
            ))
        }
    };

    let root_dir = chroot_with_examples(&work, &archive)?;
    same(
        "the archive's binary in an empty chroot",
        checked(
            Command::new(CHROOT)
                .arg(&root_dir)
                .arg("/plimsoll")
                .env_clear(),
        )?,
    )?;

    let venv = work.join("venv");
    process::run("python3", &["-m", "venv", &venv.to_string_lossy()])?;
    let installing = Instant::now();
    process::status(
        offline(&mut Command::new(venv.join("bin/python")))
            .args(["-m", "pip", "install", "--quiet"])
            .arg(&built.wheel),
        "pip install of the wheel",
    )?;
    eprintln!(
        "dist: pip installed the wheel ({wheel_size} bytes) in {:.1}s",
        installing.elapsed().as_secs_f64()
    );
    same(
        "the wheel's `plimsoll` installed by pip",
        checked(Command::new(venv.join("bin/plimsoll")).current_dir(workspace::root()))?,
    )?;

    // pipx's own pip (its "shared libraries", in the fresh PIPX_HOME) comes from the index;
    // the wheel has no dependency, so nothing else does.
    let pipx_started = Instant::now();
    let pipx = checked(
        Command::new(installed_tools::venv_bin("pipx"))
            .env_remove("PIP_FIND_LINKS")
            .args(["run", "--spec"])
            .arg(&built.wheel)
            .arg("plimsoll")
            .env("PIPX_HOME", work.join("pipx"))
            .env("PIPX_BIN_DIR", work.join("pipx/bin"))
            .current_dir(workspace::root()),
    )?;
    eprintln!(
        "dist: pipx run took {:.1}s",
        pipx_started.elapsed().as_secs_f64()
    );
    same("`pipx run --spec <wheel> plimsoll`", pipx)?;

    let wheels = built.wheel.parent().unwrap_or(Path::new(".")).as_os_str();
    let env = [
        ("PIP_NO_INDEX".to_owned(), OsString::from("1")),
        ("PIP_FIND_LINKS".to_owned(), wheels.to_owned()),
    ];
    let took = precommit::run_hook("plimsoll-prebuilt", &env)?;
    eprintln!(
        "dist: pre-commit installed and ran plimsoll-prebuilt in {:.1}s from an empty cache",
        took.as_secs_f64()
    );
    Ok(())
}

/// pip with no index: only the wheel it is given (and its directory) may be installed.
fn offline(command: &mut Command) -> &mut Command {
    command
        .env("PIP_NO_INDEX", "1")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env_remove("PIP_FIND_LINKS")
}

/// The exit code and standard output of `plimsoll check examples`, run by `command` (the
/// program, or what runs it, with its arguments so far).
fn checked(command: &mut Command) -> Result<(i32, String), String> {
    command.args(CHECK);
    let what = process::describe(command);
    let out = command
        .output()
        .map_err(|e| format!("cannot start {what}: {e}"))?;
    let code = out.status.code().unwrap_or(-1);
    if code == 2 || out.status.code().is_none() {
        return Err(format!(
            "{what} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok((code, String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// A directory holding only the archive's `plimsoll` (at `/plimsoll`) and the examples (at
/// `/examples`); the archive must hold exactly the binary, the README and the licences.
fn chroot_with_examples(work: &Path, archive: &Path) -> Result<PathBuf, String> {
    let unpacked = work.join("unpacked");
    let file = std::fs::File::open(archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    tar::Archive::new(flate2::read::GzDecoder::new(file))
        .unpack(&unpacked)
        .map_err(|e| format!("cannot unpack {}: {e}", archive.display()))?;
    let name = archive
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".tar.gz"))
        .ok_or("the archive's name should end in .tar.gz")?;
    let top = unpacked.join(name);
    let mut held: Vec<String> = std::fs::read_dir(&top)
        .map_err(|e| format!("the archive has no {name}/ directory: {e}"))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    held.sort();
    if held != ["LICENSE-APACHE", "LICENSE-MIT", "README.md", "plimsoll"] {
        return Err(format!("{name}.tar.gz holds {held:?}"));
    }
    let root_dir = work.join("chroot");
    copy_tree(
        &workspace::root().join("examples"),
        &root_dir.join("examples"),
    )?;
    copy_tree(&top.join("plimsoll"), &root_dir.join("plimsoll"))?;
    Ok(root_dir)
}

/// Copies a file, or a directory and everything under it.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if from.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
        let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
        for entry in entries.flatten() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to)
            .map(|_| ())
            .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
    }
}
