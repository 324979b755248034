//! `cargo xtask test --stage pre-commit`: the hook in `.pre-commit-hooks.yaml`, run by the real
//! `pre-commit` (from the project's venv) on a throwaway git repository with a good and a bad
//! template.
//!
//! pre-commit installs the hook with `cargo install --bins --path <this repository>` (so the
//! root package must install with nothing but Rust); it is given the target directory every
//! other build uses, so its release build shares their dependencies and repeated runs reuse
//! it. Its release profile is turned down for the stage (`QUICK_RELEASE`): the stage tests the
//! hook's wiring, not the optimiser, and a full release build from a cold cache is minutes of
//! CPU no other stage shares. Both ways in are exercised: `pre-commit try-repo` and a real `git commit` through an
//! installed hook pinned to this repository's HEAD.

use crate::cmd;
use crate::tools::{self, capture};
use std::path::Path;

const HOOK_ID: &str = "plimsoll";
const GOOD: &str = "examples/healthy-ecs-service.yaml";
const BAD: &str = "examples/deployment-deadlock.yaml";
/// What the bad template must report through the hook.
const FINDING: &str = "error[ECS001]";
/// Overrides of the workspace's release profile (thin LTO, one codegen unit) for the hook's
/// `cargo install`, which cannot be asked for another profile.
const QUICK_RELEASE: &[(&str, &str)] = &[
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
];

pub fn run() -> Result<(), String> {
    let root = cmd::root();
    let work = tools::scratch("pre-commit")?;
    let repo = work.join("repo");
    std::fs::create_dir_all(repo.join("stacks")).map_err(|e| e.to_string())?;
    copy(&root.join(GOOD), &repo.join("stacks/good.yaml"))?;
    copy(&root.join(BAD), &repo.join("stacks/bad.yaml"))?;
    std::fs::write(repo.join("README.md"), "# a service\n").map_err(|e| e.to_string())?;
    git(&repo, &["init", "--quiet", "--initial-branch=main"])?;
    git(&repo, &["add", "."])?;

    let hooks = root.to_string_lossy().into_owned();
    let home = work.join("pre-commit-home");
    let pre_commit = |args: &[&str]| {
        let mut command = cmd::command(tools::venv_bin("pre-commit"));
        command
            .args(args)
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &home)
            .env("PRE_COMMIT_COLOR", "never")
            .env("CARGO_TARGET_DIR", tools::target_dir())
            .envs(QUICK_RELEASE.iter().copied());
        capture(&mut command)
    };

    // try-repo: the good template passes, the bad one fails and shows its finding.
    let (code, out) = pre_commit(&[
        "try-repo",
        &hooks,
        HOOK_ID,
        "--files",
        "stacks/good.yaml",
        "README.md",
    ])?;
    expect(code == 0, "try-repo on the good template should pass", &out)?;
    let (code, out) = pre_commit(&[
        "try-repo",
        &hooks,
        HOOK_ID,
        "--files",
        "stacks/good.yaml",
        "stacks/bad.yaml",
    ])?;
    expect(code == 1, "try-repo on the bad template should fail", &out)?;
    expect(
        out.contains(FINDING) && out.contains("stacks/bad.yaml"),
        "the finding should be printed",
        &out,
    )?;
    eprintln!("pre-commit: try-repo passes the good template and fails the bad one");

    // A real commit through the installed hook, configured as the README says: its snippet
    // (with this repository for the upstream one), then `pre-commit autoupdate`, which pins
    // this repository's HEAD (`--bleeding-edge`: a tag only if HEAD has one).
    let rev = cmd::output("git", &["-C", &hooks, "rev-parse", "HEAD"])
        .ok_or("cannot read this repository's HEAD")?;
    let config = readme_snippet(&root)?.replace(UPSTREAM, &hooks);
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).map_err(|e| e.to_string())?;
    let (code, out) = pre_commit(&[
        "autoupdate",
        "--bleeding-edge",
        "--freeze",
        "--repo",
        &hooks,
    ])?;
    expect(code == 0, "pre-commit autoupdate", &out)?;
    let pinned =
        std::fs::read_to_string(repo.join(".pre-commit-config.yaml")).map_err(|e| e.to_string())?;
    expect(
        pinned.contains(&format!("rev: {rev}")),
        "autoupdate should pin this repository's HEAD",
        &pinned,
    )?;
    git(&repo, &["add", ".pre-commit-config.yaml"])?;
    let (code, out) = pre_commit(&["install"])?;
    expect(code == 0, "pre-commit install", &out)?;
    let commit = |message: &str| {
        let mut command = cmd::command("git");
        command
            .args([
                "-c",
                "user.name=ci",
                "-c",
                "user.email=ci@localhost",
                "commit",
                "--quiet",
                "-m",
                message,
            ])
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &home)
            .env("PRE_COMMIT_COLOR", "never")
            .env("CARGO_TARGET_DIR", tools::target_dir())
            .envs(QUICK_RELEASE.iter().copied());
        capture(&mut command)
    };
    let (code, out) = commit("add stacks")?;
    expect(
        code != 0,
        "the commit with the bad template should be refused",
        &out,
    )?;
    expect(
        out.contains(FINDING),
        "the refused commit should print the finding",
        &out,
    )?;
    git(&repo, &["rm", "--quiet", "--cached", "stacks/bad.yaml"])?;
    let (code, out) = commit("add the good stack")?;
    expect(
        code == 0,
        "the commit without the bad template should pass",
        &out,
    )?;
    eprintln!("pre-commit: the installed hook refuses the bad commit and accepts the good one");
    Ok(())
}

/// The repository the README's snippet names.
const UPSTREAM: &str = "https://github.com/plimsoll-dev/plimsoll";

/// The `.pre-commit-config.yaml` the README's pre-commit section shows.
fn readme_snippet(root: &Path) -> Result<String, String> {
    let readme =
        std::fs::read_to_string(root.join("README.md")).map_err(|e| format!("README.md: {e}"))?;
    readme
        .split("## pre-commit")
        .nth(1)
        .and_then(|section| section.split("```yaml\n").nth(1))
        .and_then(|block| block.split("```").next())
        .filter(|yaml| yaml.contains(UPSTREAM))
        .map(str::to_owned)
        .ok_or_else(|| String::from("README.md: no pre-commit snippet naming the repository"))
}

fn git(repo: &Path, args: &[&str]) -> Result<(), String> {
    let (code, out) = capture(cmd::command("git").args(args).current_dir(repo))?;
    expect(code == 0, &format!("git {}", args.join(" ")), &out)
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

fn expect(ok: bool, what: &str, output: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("{what}; pre-commit printed:\n{output}"))
    }
}
