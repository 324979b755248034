//! `cargo xtask …`: the project's development commands.
//!
//! Each command lives in its own module; `commands` defines them and their arguments once, and
//! `main` only dispatches.

mod bench;
mod bench_cli;
mod cmd;
mod commands;
mod corpus;
mod corpus_stage;
mod docs;
mod fuzz;
mod iam_data;
mod lambda;
mod linted_build;
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((name, rest)) = args.split_first() else {
        eprint!("{}", commands::usage_text());
        return ExitCode::from(2);
    };
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        print!("{}", commands::usage_text());
        return ExitCode::SUCCESS;
    }
    let Some(command) = commands::find(name) else {
        eprint!(
            "xtask: unknown command `{name}`\n{}",
            commands::usage_text()
        );
        return ExitCode::from(2);
    };
    match (command.run)(rest) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            let about_arguments =
                message.contains("unknown argument") || message.contains(" needs ");
            if about_arguments && !message.contains("usage:") {
                eprintln!("{}", commands::usage(name));
            }
            ExitCode::FAILURE
        }
    }
}
