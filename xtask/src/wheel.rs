//! `cargo xtask wheel`: the `plimsoll` Python wheels (maturin, `bindings = "bin"`, from
//! `packaging/python/`) into `$CARGO_TARGET_DIR/dist/`.
//!
//! The binary in each wheel is the static musl executable, built by maturin with `--zig`
//! (cargo-zigbuild, built into maturin, with zig from the project's venv as the C cross compiler
//! the allocator needs and as the linker). It needs no C library, so the wheel is tagged for
//! both manylinux (glibc, 2.17 and later) and musllinux (1.2 and later): one wheel per
//! architecture installs on every Linux. `cargo xtask dist` archives the same build.

use crate::commands::DistArgs;
use crate::{dist, installed_tools, process, static_elf, workspace};
use std::path::PathBuf;

/// The platform tags of every wheel: glibc 2.17 (manylinux2014) and musl 1.2 Linux.
const COMPATIBILITY: &[&str] = &["manylinux2014", "musllinux_1_2"];

/// What one build gives: the wheel, and the static binary inside it.
#[derive(Debug)]
pub struct Built {
    pub wheel: PathBuf,
    pub binary: PathBuf,
}

/// Builds the release binary for a musl `target` and its wheel; checks that the binary is
/// static. Nothing is compiled again when nothing changed since the last build.
pub fn build(target: &str) -> Result<Built, String> {
    let out = dist::dir();
    let mut command = process::command(installed_tools::venv_bin("maturin"));
    command
        .args([
            "build",
            "--release",
            "--locked",
            "--zig",
            "--target",
            target,
        ])
        .arg("--compatibility")
        .args(COMPATIBILITY)
        .arg("--out")
        .arg(&out)
        .current_dir(workspace::root().join("packaging/python"))
        .env("CARGO_TARGET_DIR", workspace::target_dir());
    process::status(&mut command, &format!("the wheel for {target}"))?;
    let binary = workspace::target_dir()
        .join(target)
        .join("release")
        .join("plimsoll");
    let elf = std::fs::read(&binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    static_elf::check(&elf)
        .map_err(|why| format!("{} is not statically linked: {why}", binary.display()))?;
    let wheel = out.join(file_name(&workspace::version()?, target));
    if !wheel.is_file() {
        return Err(format!("maturin did not write {}", wheel.display()));
    }
    Ok(Built { wheel, binary })
}

/// The wheel's file name: `plimsoll-<version>-py3-none-<platform tags>.whl`.
fn file_name(version: &str, target: &str) -> String {
    let arch = target.split('-').next().unwrap_or(target);
    format!(
        "plimsoll-{version}-py3-none-manylinux2014_{arch}.manylinux_2_17_{arch}.musllinux_1_2_{arch}.whl"
    )
}

/// `cargo xtask wheel [--target TARGET]…`
pub fn run(args: &DistArgs) -> Result<(), String> {
    crate::setup::ensure(&[crate::setup::PYTHON_TOOLS, crate::setup::RUST_TARGETS])?;
    for target in dist::chosen(&args.targets) {
        let built = build(&target)?;
        let size = std::fs::metadata(&built.wheel)
            .map(|m| m.len())
            .unwrap_or(0);
        eprintln!("wheel: {} ({size} bytes)", built.wheel.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn one_wheel_per_architecture_for_glibc_and_musl() {
        assert_eq!(
            file_name("0.1.0", "aarch64-unknown-linux-musl"),
            "plimsoll-0.1.0-py3-none-manylinux2014_aarch64.manylinux_2_17_aarch64.musllinux_1_2_aarch64.whl"
        );
    }
}
