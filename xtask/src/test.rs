//! `cargo xtask test`: every check CI runs, in order, stopping at the first failure.

use crate::{
    cmd, fuzz, iam_data, no_guard, npm_test, precommit, sarif, setup, wasm_hostile, web_e2e,
};
use std::time::Instant;

/// A named stage of the test run.
struct Stage {
    name: &'static str,
    run: fn() -> Result<(), String>,
}

fn stages() -> Vec<Stage> {
    vec![
        Stage {
            name: "fmt",
            run: || cmd::run("cargo", &["fmt", "--all", "--", "--check"]),
        },
        Stage {
            name: "clippy",
            run: || {
                cmd::run(
                    "cargo",
                    &[
                        "clippy",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ],
                )
            },
        },
        Stage {
            name: "unit",
            run: || cmd::run("cargo", &["test", "--workspace"]),
        },
        Stage {
            name: "wasm",
            run: || {
                cmd::run(
                    "cargo",
                    &[
                        "build",
                        "--package",
                        "plimsoll-lint",
                        "--target",
                        "wasm32-unknown-unknown",
                    ],
                )
            },
        },
        Stage {
            // The lint core without cfn-guard, as the browser page's own module has it.
            name: "no-guard",
            run: no_guard::run,
        },
        Stage {
            // Regenerates the IAM reference data from the pinned npm package (needs npm and
            // the npm registry) and fails if the stored file differs.
            name: "iam-data",
            run: || iam_data::run(&["--check".to_owned()]),
        },
        Stage {
            // plimsoll's SARIF through the official validator and the 2.1.0 JSON schema.
            name: "sarif",
            run: sarif::run,
        },
        Stage {
            // The hook in .pre-commit-hooks.yaml through the real pre-commit.
            name: "pre-commit",
            run: precommit::run,
        },
        Stage {
            // The hostile-input tests again in the wasm build, under Node.
            name: "wasm-hostile",
            run: wasm_hostile::run,
        },
        Stage {
            // A short run of every fuzz target (the longer run is `cargo xtask fuzz --seconds 300`).
            name: "fuzz",
            run: || fuzz::run(&["--seconds".to_owned(), "45".to_owned()]),
        },
        Stage {
            name: "web-clippy",
            run: || {
                let clippy = |package: &str, features: &[&str]| {
                    let mut args = vec![
                        "clippy",
                        "--package",
                        package,
                        "--target",
                        "wasm32-unknown-unknown",
                    ];
                    args.extend_from_slice(features);
                    args.extend_from_slice(&["--", "-D", "warnings"]);
                    cmd::run("cargo", &args)
                };
                clippy("plimsoll-wasm", &[])?;
                // The two modules `cargo xtask web` builds: the page's and the worker's.
                for features in ["app", "guard"] {
                    clippy(
                        "plimsoll-web",
                        &["--no-default-features", "--features", features],
                    )?;
                }
                Ok(())
            },
        },
        Stage {
            name: "npm",
            run: npm_test::run,
        },
        Stage {
            name: "web-e2e",
            run: web_e2e::run,
        },
        Stage {
            name: "runner-e2e",
            run: || crate::runner_e2e::run(&[]),
        },
    ]
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut skip_setup = false;
    let mut only: Vec<String> = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--skip-setup" => skip_setup = true,
            "--stage" => only.push(iter.next().ok_or("--stage needs a name")?.clone()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !skip_setup {
        setup::run(&[])?;
    }
    let all = stages();
    if let Some(unknown) = only
        .iter()
        .find(|n| !all.iter().any(|s| s.name == n.as_str()))
    {
        return Err(format!("no stage named `{unknown}`"));
    }
    let started = Instant::now();
    for stage in all
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|n| n == s.name))
    {
        let t = Instant::now();
        eprintln!("\n=== stage {} ===", stage.name);
        (stage.run)().map_err(|e| format!("stage {} failed: {e}", stage.name))?;
        eprintln!(
            "=== stage {} passed in {:.1}s ===",
            stage.name,
            t.elapsed().as_secs_f64()
        );
    }
    eprintln!(
        "\nall stages passed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
