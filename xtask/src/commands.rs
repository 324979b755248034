//! The one definition of xtask's commands and their arguments (clap): `main` parses and
//! dispatches from it, and `cargo xtask help` and every command's usage are made from it.

use crate::{
    agreement, bench, dist, docs, fuzz, iam_data, lambda, npm_package, runner_e2e, schema_data,
    serve, setup, synth, test, web, wheel,
};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The project's development commands.
#[derive(Debug, Parser)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    after_help = "environment: CARGO_TARGET_DIR (builds), PLIMSOLL_TOOLS_DIR (installed tools, default \
                  ~/.cache/plimsoll/tools), PLIMSOLL_CORPUS (the shared corpus), CI (a missing corpus fails)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every check CI runs (the README's test command); setup first unless skipped
    Test(TestArgs),
    /// Install every tool the stages run, pinned, into $PLIMSOLL_TOOLS_DIR (idempotent)
    Setup,
    /// Write synthetic templates (default: 100 to 5,000 resources, both formats)
    Synth(SynthArgs),
    /// Run the cargo-fuzz targets
    Fuzz(FuzzArgs),
    /// Criterion benchmarks, then plimsoll against cfn-guard, cfn-lint and checkov on the corpus
    /// and the synthetic series (Markdown report)
    Bench(BenchArgs),
    /// How many of cfn-lint's findings in the codes the schema rules answer Plimsoll also
    /// reports on the corpus, and what only Plimsoll reports
    Agreement(AgreementArgs),
    /// Write docs/rules/ from the rules' docs
    Docs,
    /// Regenerate (or check) the IAM reference data
    IamData(IamDataArgs),
    /// Regenerate (or check) the CloudFormation resource schemas
    SchemaData(SchemaDataArgs),
    /// Build the browser checker into dist/
    Web,
    /// Serve dist/ on 127.0.0.1
    Serve(ServeArgs),
    /// Build the npm package into $CARGO_TARGET_DIR/npm/plimsoll/ (default target/)
    Npm,
    /// Build the runner's bootstrap zips
    Lambda(LambdaArgs),
    /// Build the static Linux executables: .tar.gz archives and wheels, with their SHA-256 sums
    Dist(DistArgs),
    /// Build the `plimsoll` Python wheels (the static executables, for pip, pipx and pre-commit)
    Wheel(DistArgs),
    /// The runner's end-to-end test (moto, cargo lambda watch)
    RunnerE2e,
}

#[derive(Debug, Args)]
#[command(after_help = stages_help())]
pub struct TestArgs {
    /// Leave out `cargo xtask setup`
    #[arg(long)]
    pub skip_setup: bool,
    /// Run only this stage (repeatable)
    #[arg(long = "stage", value_name = "NAME")]
    pub stages: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Resource counts, one template each
    #[arg(long = "resources", value_name = "N", value_delimiter = ',', default_values_t = synth::SERIES.to_vec())]
    pub sizes: Vec<usize>,
    /// Formats to write
    #[arg(long = "format", value_enum, value_delimiter = ',', default_values_t = [synth::Format::Yaml, synth::Format::Json])]
    pub formats: Vec<synth::Format>,
    /// Where to write them (default: $CARGO_TARGET_DIR/synth)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// Seconds per target
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Build the targets, run none
    #[arg(long)]
    pub build_only: bool,
    /// Targets to run (default: every one)
    #[arg(value_name = "TARGET", value_parser = clap::builder::PossibleValuesParser::new(fuzz::target_names()))]
    pub targets: Vec<String>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The corpus of real templates (default: $PLIMSOLL_CORPUS or shared/corpus)
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Where to write the report (default: $CARGO_TARGET_DIR/bench/report.md)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write the report into the README's Performance section
    #[arg(long)]
    pub readme: bool,
    /// Run no criterion benchmark
    #[arg(long, conflicts_with = "only_series")]
    pub skip_criterion: bool,
    /// Run only the criterion benchmark the report reads (the synthetic series)
    #[arg(long)]
    pub only_series: bool,
    /// Stop a tool still running after this long on one input
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub limit: u64,
}

#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// The corpus of real templates (default: $PLIMSOLL_CORPUS or shared/corpus)
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Compare this plimsoll binary (another commit's build) instead of building the release CLI
    #[arg(long, value_name = "BIN")]
    pub plimsoll: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IamDataArgs {
    /// Fail if the stored data differs from what the pinned package gives
    #[arg(long)]
    pub check: bool,
    /// Compare the model with cfn-lint's Policies.json instead of writing it
    #[arg(long, value_name = "PATH/TO/Policies.json")]
    pub cross_check: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SchemaDataArgs {
    /// Fail if the stored data differs from what the pinned wheel gives
    #[arg(long)]
    pub check: bool,
    /// The region whose resource types to store, for a build of your own (the repository's
    /// data is us-east-1's, and `--check` compares with it)
    #[arg(long, default_value = "us-east-1", value_name = "REGION")]
    pub region: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

#[derive(Debug, Args)]
pub struct LambdaArgs {
    /// Architectures to build (repeatable; default: both)
    #[arg(long = "arch", value_parser = ["arm64", "x86_64"])]
    pub arches: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DistArgs {
    /// Targets to build (repeatable; default: every one)
    #[arg(long = "target", value_parser = dist::TARGETS.to_vec())]
    pub targets: Vec<String>,
}

fn stages_help() -> String {
    format!("stages (in order): {}", test::stage_names().join(", "))
}

/// Runs the parsed command.
pub fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Test(args) => test::run(&args),
        Command::Setup => setup::run(),
        Command::Synth(args) => synth::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Agreement(args) => agreement::run(&args),
        Command::Docs => docs::run(),
        Command::IamData(args) => iam_data::run(&args),
        Command::SchemaData(args) => schema_data::run(&args),
        Command::Web => web::run(),
        Command::Serve(args) => serve::run(&args),
        Command::Npm => npm_package::run(),
        Command::Lambda(args) => lambda::run(&args),
        Command::Dist(args) => dist::run(&args),
        Command::Wheel(args) => wheel::run(&args),
        Command::RunnerE2e => runner_e2e::run(),
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::{CommandFactory, Parser};

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every `cargo xtask …` command line the documentation shows parses, so the docs cannot
    /// name a command or flag that does not exist.
    #[test]
    fn every_command_the_docs_show_parses() {
        let root = crate::workspace::root();
        let mut docs = vec![
            root.join("README.md"),
            root.join("CONTRIBUTING.md"),
            root.join("fuzz/README.md"),
            root.join("crates/plimsoll-wasm/README.md"),
            root.join("crates/plimsoll-runner/README.md"),
        ];
        docs.extend(
            std::fs::read_dir(root.join("docs"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md")),
        );
        let mut checked = 0;
        for doc in docs {
            let text = std::fs::read_to_string(&doc).unwrap_or_default();
            for line in command_lines(&text) {
                checked += 1;
                let words = line.split_whitespace().skip(1);
                if let Err(e) = Cli::try_parse_from(std::iter::once("cargo xtask").chain(words)) {
                    assert!(
                        e.kind() == clap::error::ErrorKind::DisplayHelp,
                        "{}: `{line}` does not parse:\n{e}",
                        doc.display()
                    );
                }
            }
        }
        assert!(checked > 20, "only {checked} command lines found");
    }

    /// `cargo xtask …` as the docs write it: inside backticks or on a line of a code block, up
    /// to a comment, a colon or the end. A line with a placeholder for the command is left out.
    fn command_lines(markdown: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut in_code = false;
        for line in markdown.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let spans: Vec<&str> = if in_code {
                vec![line]
            } else {
                line.split('`').skip(1).step_by(2).collect()
            };
            for span in spans {
                let Some(at) = span.find("cargo xtask ") else {
                    continue;
                };
                let command: Vec<&str> = span[at + "cargo xtask".len()..]
                    .split_whitespace()
                    .take_while(|w| !w.starts_with('#') && !w.ends_with(':') && *w != "-->")
                    .collect();
                if command.is_empty() || command[0].contains('…') || command[0] == "<command>" {
                    continue;
                }
                out.push(format!("xtask {}", command.join(" ")));
            }
        }
        out
    }

    #[test]
    fn command_lines_are_read_from_backticks_and_code_blocks() {
        let doc = "Run `cargo xtask fuzz --seconds 300` or `cargo xtask …`.\n\
                   ```sh\ncargo xtask test --stage npm   # one stage\n```\n\
                   <!-- cargo xtask bench --readme: start -->\n";
        assert_eq!(
            command_lines(doc),
            ["xtask fuzz --seconds 300", "xtask test --stage npm"]
        );
    }
}
