//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use crate::commands::{FuzzArgs, IamDataArgs, SchemaDataArgs, TestArgs};
use crate::{
    corpus_stage, fuzz, iam_data, linted_build, no_guard, npm_test, precommit, process, sarif,
    schema_data, setup, wasm_hostile, web_e2e,
};
use std::time::Instant;

/// How a stage ended when it did not fail.
#[derive(Debug)]
pub enum Outcome {
    Passed,
    /// Nothing was checked, for the reason given (never in CI).
    Skipped(String),
}

/// A named stage of the test run.
struct Stage {
    name: &'static str,
    run: fn() -> Result<Outcome, String>,
}

/// A stage that either passes or fails.
fn passed(result: Result<(), String>) -> Result<Outcome, String> {
    result.map(|()| Outcome::Passed)
}

fn stages() -> Vec<Stage> {
    vec![
        Stage {
            name: "fmt",
            run: || passed(process::run("cargo", &["fmt", "--all", "--", "--check"])),
        },
        Stage {
            // Every target of the workspace built once, its own crates by clippy-driver with
            // `-D warnings`: clippy and the test binaries share one compile of the dependencies.
            name: "clippy",
            run: || {
                passed(linted_build::cargo(
                    &linted_build::WORKSPACE,
                    "the linted build",
                ))
            },
        },
        Stage {
            // The same environment as the build above, so nothing is compiled again.
            name: "unit",
            run: || passed(linted_build::cargo(&["test", "--workspace"], "the tests")),
        },
        Stage {
            // Every template of the shared corpus, when there is one (a failure in CI without).
            name: "corpus",
            run: corpus_stage::run,
        },
        Stage {
            // The lint core without cfn-guard, as the browser page's own module has it.
            name: "no-guard",
            run: || passed(no_guard::run()),
        },
        Stage {
            // Regenerates the IAM reference data from the pinned npm package (needs npm and
            // the npm registry) and fails if the stored file differs.
            name: "iam-data",
            run: || {
                passed(iam_data::run(&IamDataArgs {
                    check: true,
                    cross_check: None,
                }))
            },
        },
        Stage {
            // Regenerates the resource schemas from the pinned cfn-lint wheel (needs pip and
            // the Python package index) and fails if the stored file differs.
            name: "schema-data",
            run: || {
                passed(schema_data::run(&SchemaDataArgs {
                    check: true,
                    region: schema_data::REGION.to_owned(),
                }))
            },
        },
        Stage {
            // plimsoll's SARIF through the official validator and the 2.1.0 JSON schema.
            name: "sarif",
            run: || passed(sarif::run()),
        },
        Stage {
            // The `plimsoll` hook (built from source) through the real pre-commit.
            name: "pre-commit",
            run: || passed(precommit::run()),
        },
        Stage {
            // The static x86_64 executable as a release ships it: the archive in an empty
            // chroot, the wheel through pip, pipx and pre-commit's `plimsoll-prebuilt` hook.
            name: "dist",
            run: || passed(crate::dist_stage::run()),
        },
        Stage {
            // The hostile-input tests again in the wasm build, under Node.
            name: "wasm-hostile",
            run: || passed(wasm_hostile::run()),
        },
        Stage {
            // A smoke run of every fuzz target, to keep them building and catch the shallow crashes
            // (the long run is `cargo xtask fuzz --seconds 600`).
            name: "fuzz",
            run: || {
                passed(fuzz::run(&FuzzArgs {
                    seconds: 10,
                    build_only: false,
                    targets: Vec::new(),
                }))
            },
        },
        Stage {
            // The npm package, built for wasm32 with clippy's lints on (as is the page below).
            name: "npm",
            run: || passed(npm_test::run()),
        },
        Stage {
            name: "web-e2e",
            run: || passed(web_e2e::run()),
        },
        Stage {
            name: "runner-e2e",
            run: || passed(crate::runner_e2e::run()),
        },
    ]
}

/// The names of the stages, in order (for the usage text).
pub fn stage_names() -> Vec<&'static str> {
    stages().iter().map(|s| s.name).collect()
}

pub fn run(args: &TestArgs) -> Result<(), String> {
    let skip_setup = args.skip_setup;
    let only = args.stages.clone();
    let all = stages();
    if let Some(unknown) = only
        .iter()
        .find(|n| !all.iter().any(|s| s.name == n.as_str()))
    {
        return Err(format!(
            "no stage named `{unknown}` (stages: {})",
            stage_names().join(", ")
        ));
    }
    // The wasm32 crates are linted by the builds of the npm and page stages.
    linted_build::turn_on();
    let started = Instant::now();
    let mut report: Vec<(&str, String)> = Vec::new();
    if !skip_setup {
        let t = Instant::now();
        eprintln!("\n=== setup ===");
        setup::run()?;
        report.push(("setup", format!("{:.0}s", t.elapsed().as_secs_f64())));
    }
    let result = run_stages(&all, &only, &mut report);
    eprintln!("\n| stage | time |\n|---|---|");
    for (name, time) in &report {
        eprintln!("| {name} | {time} |");
    }
    eprintln!("| total | {:.0}s |", started.elapsed().as_secs_f64());
    result?;
    eprintln!(
        "\nall stages passed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs the chosen stages in order, stopping at the first failure; records each one's time.
fn run_stages<'a>(
    all: &'a [Stage],
    only: &[String],
    report: &mut Vec<(&'a str, String)>,
) -> Result<(), String> {
    for stage in all
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|n| n == s.name))
    {
        let t = Instant::now();
        eprintln!("\n=== stage {} ===", stage.name);
        let outcome = (stage.run)();
        let seconds = t.elapsed().as_secs_f64();
        match outcome {
            Ok(Outcome::Passed) => {
                eprintln!("=== stage {} passed in {seconds:.1}s ===", stage.name);
                report.push((stage.name, format!("{seconds:.0}s")));
            }
            Ok(Outcome::Skipped(why)) => {
                eprintln!("=== stage {} SKIPPED: {why} ===", stage.name);
                report.push((stage.name, format!("skipped: {why}")));
            }
            Err(e) => {
                report.push((stage.name, format!("FAILED after {seconds:.0}s")));
                return Err(format!("stage {} failed: {e}", stage.name));
            }
        }
    }
    Ok(())
}
