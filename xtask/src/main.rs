//! `cargo xtask …`: the project's development commands.
//!
//! Each command lives in its own module; `commands` defines them and their arguments once
//! (clap), and `main` only parses and dispatches.

mod agreement;
mod bench;
mod commands;
mod corpus;
mod corpus_stage;
mod dist;
mod dist_stage;
mod docs;
mod fuzz;
mod iam_data;
mod installed_tools;
mod lambda;
mod linted_build;
mod no_guard;
mod node_modules;
mod npm_package;
mod npm_test;
mod pinned_package;
mod precommit;
mod process;
mod runner_e2e;
mod sarif;
mod schema_data;
mod serve;
mod setup;
mod static_elf;
mod synth;
mod test;
mod wasm;
mod wasm_hostile;
mod web;
mod web_e2e;
mod wheel;
mod workspace;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
