//! The command line: subcommands and flags.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "plimsoll",
    version,
    about = "Finds the CloudFormation settings that make ECS deployments deadlock, drop traffic or hang a stack",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check templates (files, directories, or `-` for standard input).
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(Box<CheckArgs>),
    /// List every rule: code, name, severity, kind and summary.
    Rules(RulesArgs),
    /// Show a rule's documentation.
    Explain(ExplainArgs),
}

/// What `plimsoll check --help` says after the flags: which files it reads, and its exit codes.
const CHECK_AFTER_HELP: &str = "\
Files:
  A directory is searched for *.yaml, *.yml, *.json and *.template files that are
  CloudFormation templates (an AWSTemplateFormatVersion or Resources key at the top level);
  other files, hidden entries and node_modules are skipped. A file named on the command line
  that is not a template is skipped with a note (--quiet silences it).

Exit codes:
  0  no finding at or above the failing severity (--fail-on, default error)
  1  a finding at or above the failing severity
  2  a usage error, a file that cannot be read, or a file that could not be checked completely";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Template files or directories to check; `-` reads standard input. Defaults to `.`.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_name = "SEVERITY", value_parser = ["error", "warning", "info"])]
    pub fail_on: Option<String>,

    /// Only run these rules: codes or prefixes, comma-separated (replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,

    /// Do not run these rules: codes or prefixes, comma-separated (added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Report a code or prefix at another severity, e.g. `ECS005=error`.
    #[arg(long, value_name = "CODE=LEVEL")]
    pub severity: Vec<String>,

    /// Parameter overrides for every template: `Key=Value` lines, a JSON list of
    /// `ParameterKey`/`ParameterValue`, or `{"Parameters": {…}}`.
    #[arg(long, value_name = "FILE")]
    pub parameters: Vec<PathBuf>,

    /// One parameter override for every template, e.g. `ImageTag=v1.4.2`.
    #[arg(long, value_name = "KEY=VALUE")]
    pub parameter: Vec<String>,

    /// cfn-guard rule files or directories to run besides the built-in rules.
    #[arg(long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,

    /// Also report findings on the resources the AWS CDK framework itself generates in a
    /// synthesized template (custom resource providers, singleton functions, CDKMetadata).
    #[arg(long)]
    pub cdk_internals: bool,

    /// Use this configuration file instead of the `plimsoll.toml` found upward.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every `plimsoll.toml`.
    #[arg(long)]
    pub no_config: bool,

    /// The file name to report (and to match config globs against) for standard input.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Say nothing about named files that are not CloudFormation templates (for hooks that
    /// pass every YAML and JSON file).
    #[arg(short, long)]
    pub quiet: bool,

    /// When to colour text output (`NO_COLOR` always turns colours off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`ECS001`) or name (`deployment-deadlock`).
    pub rule: String,
}
