//! `cargo xtask …`: the project's development commands.
//!
//! Each command lives in its own module; `main` only dispatches.

mod bench;
mod bench_cli;
mod cmd;
mod corpus;
mod docs;
mod fuzz;
mod iam_data;
mod lambda;
mod no_guard;
mod node;
mod npm;
mod npm_test;
mod precommit;
mod runner_e2e;
mod sarif;
mod serve;
mod setup;
mod synth;
mod test;
mod tools;
mod wasm;
mod wasm_hostile;
mod web;
mod web_e2e;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  test [--skip-setup] [--stage NAME]...   run every check CI runs (the README's test command)
  setup                                   install the tools the tests need (idempotent)
  synth [--resources N,…] [--format yaml,json] [--out DIR]
                                          synthetic templates (default: 100…5,000 resources, both formats)
  fuzz [--seconds N] [TARGET]...          run the cargo-fuzz targets (default 60 s each)
  bench [--corpus DIR] [--out FILE] [--skip-criterion] [--limit SECONDS]
                                          criterion benchmarks, then plimsoll against cfn-guard, cfn-lint
                                          and checkov on the corpus and the synthetic series (Markdown report)
  bench-cli [--corpus DIR]                plimsoll check against cfn-lint and cfn-guard on the corpus
  docs                                    write docs/rules/ from the rules' docs
  iam-data [--check] [--cross-check PATH] regenerate (or check) the IAM reference data
  web                                     build the browser checker into dist/
  serve [--port N]                        serve dist/ on 127.0.0.1 (default port 8080)
  npm                                     build the npm package into target/npm/plimsoll/
  lambda [--arch arm64|x86_64]...         build the runner's bootstrap zips (default: both)
  runner-e2e                              the runner's end-to-end test (moto, cargo lambda watch)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "test" => test::run(rest),
        "bench" => bench::run(rest),
        "bench-cli" => bench_cli::run(rest),
        "setup" => setup::run(rest),
        "docs" => docs::run(rest),
        "fuzz" => fuzz::run(rest),
        "synth" => synth::run(rest),
        "iam-data" => iam_data::run(rest),
        "web" => web::run(rest),
        "serve" => serve::run(rest),
        "npm" => npm::run(rest),
        "lambda" => lambda::run(rest),
        "runner-e2e" => runner_e2e::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
