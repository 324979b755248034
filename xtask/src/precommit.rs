//! `cargo xtask test --stage pre-commit`: a hook of `.pre-commit-hooks.yaml`, run by the real
//! `pre-commit` (from the project's venv) on a throwaway git repository with a good and a bad
//! template, a broken one, and the YAML a repository holds besides (a Helm chart, a Kubernetes
//! manifest, a workflow), which must never refuse a commit. This stage runs the `plimsoll` hook
//! (built from source); the `dist` stage runs `plimsoll-prebuilt` (the wheel) through the same
//! [`run_hook`].
//!
//! pre-commit installs the `plimsoll` hook with `cargo install --bins --path <this repository>` (so the
//! root package must install with nothing but Rust); it is given the target directory every
//! other build uses, so its release build shares their dependencies and repeated runs reuse
//! it. Its release profile is turned down for the stage (`QUICK_RELEASE`): the stage tests the
//! hook's wiring, not the optimiser, and a full release build from a cold cache is minutes of
//! CPU no other stage shares. Both ways in are exercised: `pre-commit try-repo` and a real `git commit` through an
//! installed hook pinned to this repository's HEAD.

use crate::{installed_tools, process, workspace};
use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

/// The hook that builds the CLI from source.
const HOOK_ID: &str = "plimsoll";
/// The hook the README's snippet names; the test puts the hook it runs in its place.
const README_HOOK: &str = "id: plimsoll-prebuilt";
const GOOD: &str = "examples/healthy-ecs-service.yaml";
const BAD: &str = "examples/deployment-deadlock.yaml";
/// What the bad template must report through the hook.
const FINDING: &str = "error[ECS001]";
/// What the template that does not parse must report.
const SYNTAX_ERROR: &str = "error[TPL001]";
/// Staged next to the templates; none of them is one, and the Helm template does not parse.
const NOT_TEMPLATES: &[(&str, &str)] = &[
    (
        "chart/templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include \"shop.labels\" . | nindent 4 }}\nspec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n",
    ),
    (
        "chart/Chart.yaml",
        "apiVersion: v2\nname: shop\nversion: 0.3.1\n",
    ),
    (
        "deploy/staging.yaml",
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports: [{port: 80}]\n",
    ),
    (
        ".github/workflows/ci.yml",
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
    ),
];
/// A template with a colon missing: a syntax error, which refuses the commit.
const BROKEN: (&str, &str) = (
    "stacks/broken.yaml",
    "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Orders:\n    Type AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n",
);
/// Overrides of the workspace's release profile (thin LTO, one codegen unit) for the hook's
/// `cargo install`, which cannot be asked for another profile.
const QUICK_RELEASE: &[(&str, &str)] = &[
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
];

pub fn run() -> Result<(), String> {
    let mut env = vec![(
        "CARGO_TARGET_DIR".to_owned(),
        workspace::target_dir().into_os_string(),
    )];
    env.extend(
        QUICK_RELEASE
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.into())),
    );
    run_hook(HOOK_ID, &env).map(|_| ())
}

/// Runs the hook `id` with `env` added to pre-commit's environment (what its install needs);
/// returns how long the first `try-repo` took: the hook's install into an empty
/// `PRE_COMMIT_HOME`, then one run on a template.
pub fn run_hook(id: &str, env: &[(String, OsString)]) -> Result<Duration, String> {
    let root = workspace::root();
    let work = workspace::scratch("pre-commit")?;
    let repo = work.join("repo");
    std::fs::create_dir_all(repo.join("stacks")).map_err(|e| e.to_string())?;
    copy(&root.join(GOOD), &repo.join("stacks/good.yaml"))?;
    copy(&root.join(BAD), &repo.join("stacks/bad.yaml"))?;
    std::fs::write(repo.join("README.md"), "# a service\n").map_err(|e| e.to_string())?;
    for (name, text) in NOT_TEMPLATES {
        write(&repo.join(name), text)?;
    }
    git(&repo, &["init", "--quiet", "--initial-branch=main"])?;
    git(&repo, &["add", "."])?;

    let hooks = root.to_string_lossy().into_owned();
    let home = work.join("pre-commit-home");
    let pre_commit = |args: &[&str]| {
        let mut command = process::command(installed_tools::venv_bin("pre-commit"));
        command
            .args(args)
            .current_dir(&repo)
            .env("PRE_COMMIT_HOME", &home)
            .env("PRE_COMMIT_COLOR", "never")
            .envs(env.iter().map(|(k, v)| (k, v)));
        process::capture(&mut command)
    };

    // try-repo: the good template passes, the bad one fails and shows its finding.
    let installing = Instant::now();
    let (code, out) = pre_commit(&[
        "try-repo",
        &hooks,
        id,
        "--files",
        "stacks/good.yaml",
        "README.md",
    ])?;
    let install_time = installing.elapsed();
    expect(code == 0, "try-repo on the good template should pass", &out)?;
    eprintln!(
        "pre-commit: {id}: the first try-repo (the hook installed into an empty cache, then run) \
         took {:.1}s",
        install_time.as_secs_f64()
    );
    let mut files = vec!["try-repo", &hooks, id, "--files", "stacks/good.yaml"];
    files.extend(NOT_TEMPLATES.iter().map(|(name, _)| *name));
    let (code, out) = pre_commit(&files)?;
    expect(
        code == 0,
        "try-repo on the good template, a Helm chart, a manifest and a workflow should pass",
        &out,
    )?;
    let (code, out) = pre_commit(&[
        "try-repo",
        &hooks,
        id,
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
    eprintln!("pre-commit: {id}: try-repo passes the good template and fails the bad one");

    // A real commit through the installed hook, configured as the README says: its snippet
    // (with this repository for the upstream one), then `pre-commit autoupdate`, which pins
    // this repository's HEAD (`--bleeding-edge`: a tag only if HEAD has one).
    let rev = process::output("git", &["-C", &hooks, "rev-parse", "HEAD"])
        .ok_or("cannot read this repository's HEAD")?;
    let config = readme_snippet(&root)?
        .replace(UPSTREAM, &hooks)
        .replace(README_HOOK, &format!("id: {id}"));
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
        let mut command = process::command("git");
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
            .envs(env.iter().map(|(k, v)| (k, v)));
        process::capture(&mut command)
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
    expect(
        !out.contains("chart/") && !out.contains("deploy/") && !out.contains(".github/"),
        "the refused commit should name no file that is not a template",
        &out,
    )?;
    git(&repo, &["rm", "--quiet", "--cached", "stacks/bad.yaml"])?;
    let (code, out) = commit("add the good stack")?;
    expect(
        code == 0,
        "the commit of the good template, a Helm chart, a manifest and a workflow should pass",
        &out,
    )?;
    write(&repo.join(BROKEN.0), BROKEN.1)?;
    git(&repo, &["add", BROKEN.0])?;
    let (code, out) = commit("add a broken stack")?;
    expect(
        code != 0,
        "the commit with a template that does not parse should be refused",
        &out,
    )?;
    expect(
        out.contains(SYNTAX_ERROR) && out.contains(BROKEN.0),
        "the refused commit should print the syntax error",
        &out,
    )?;
    eprintln!(
        "pre-commit: {id}: the installed hook refuses the bad and the broken commit, and accepts \
         the good one with a Helm chart, a manifest and a workflow"
    );
    Ok(install_time)
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
        .filter(|yaml| yaml.contains(UPSTREAM) && yaml.contains(README_HOOK))
        .map(str::to_owned)
        .ok_or_else(|| {
            format!("README.md: no pre-commit snippet naming the repository and `{README_HOOK}`")
        })
}

fn git(repo: &Path, args: &[&str]) -> Result<(), String> {
    let (code, out) = process::capture(process::command("git").args(args).current_dir(repo))?;
    expect(code == 0, &format!("git {}", args.join(" ")), &out)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
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
