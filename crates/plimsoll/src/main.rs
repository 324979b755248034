//! `plimsoll`: checks CloudFormation templates for the settings that make ECS deployments
//! deadlock, drop traffic or hang a stack. This binary only wires the modules below together.

mod args;
mod catalog;
mod check;
mod config;
mod discovery;
mod exit;
mod input_file;
mod linter;
mod os_error;
mod panics;
mod parameters;
mod paths;
mod printable;
mod printers;
mod real_path;
mod report;
mod std_streams;
mod template_keys;
mod unknown_parameters;
#[cfg(target_os = "wasi")]
mod wasi_dir;

use args::{CheckArgs, Cli, ColorChoice, Command, Format};
use clap::Parser;
use discovery::Input;
use report::Failure;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std_streams::Closed;

/// cfn-guard allocates and frees heavily; mimalloc takes a sixth off `check` on the corpus.
#[cfg(not(target_family = "wasm"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let closed = Closed::detect();
    panics::install_hook();
    #[cfg(target_os = "wasi")]
    if let Err(message) = wasi_dir::enter() {
        say!("error: {message}");
        return exit::code(exit::ERROR);
    }
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check_command(&args, closed),
        Command::Rules(args) => finish_output(
            catalog::print_rules(args.format, &mut io::stdout().lock()),
            exit::SUCCESS,
        ),
        Command::Explain(args) => match catalog::find(&args.rule) {
            Ok(meta) => finish_output(
                io::stdout()
                    .lock()
                    .write_all(plimsoll_lint::docs::rule_page(meta).as_bytes()),
                exit::SUCCESS,
            ),
            Err(message) => {
                say!("error: {}", printable::lines(&message));
                exit::ERROR
            }
        },
    };
    exit::code(code)
}

fn check_command(args: &CheckArgs, closed: Closed) -> u8 {
    match run_check(args, closed) {
        Ok(code) => code,
        Err(message) => {
            say!("error: {}", printable::lines(&message));
            exit::ERROR
        }
    }
}

/// Runs `plimsoll check`; `Err` is a usage error (bad flag value, bad config file).
fn run_check(args: &CheckArgs, closed: Closed) -> Result<u8, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the working directory: {e}"))?;
    let loaded = config::load(args, &cwd)?;
    let resolved = config::resolve(loaded, args, &cwd)?;
    let linter = linter::build(&resolved, &mut |w| {
        say!("warning: {}", printable::one_line(&w))
    })?;
    config::check_codes(&resolved, &linter.codes())?;

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let discovered = discovery::discover(&paths);
    let stdin = discovered.inputs.contains(&Input::Stdin).then(|| {
        let limit = linter.settings().limits.max_bytes;
        check::Stdin::read(args.stdin_filename.clone(), limit, closed.stdin)
    });
    let mut report = check::run(
        &discovered.inputs,
        stdin.as_ref(),
        &linter,
        &resolved.parameters,
    );
    unknown_parameters::check(&resolved.parameters, &mut report, &linter, &cwd);
    report
        .failures
        .extend(discovered.errors.iter().map(|(path, message)| Failure {
            name: paths::display_name(path),
            message: format!("cannot read {}: {message}", paths::display_name(path)),
        }));

    for failure in &report.failures {
        say!("error: {}", printable::one_line(&failure.message));
    }
    for name in report.skipped.iter().filter(|_| !args.quiet) {
        say!(
            "note: skipped {}: not a CloudFormation template (no AWSTemplateFormatVersion or Resources at the top level)",
            printable::one_line(name)
        );
    }

    let written = match &args.output {
        Some(file) => {
            let mut buffer = Vec::new();
            printers::print(args.format, &report, false, &cwd, &mut buffer)
                .and_then(|()| std::fs::write(file, buffer))
                .map_err(|e| format!("cannot write {}: {}", file.display(), os_error::text(&e)))?;
            Ok(())
        }
        None => {
            let color = use_color(args.color, args.format);
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            printers::print(args.format, &report, color, &cwd, &mut out).and_then(|()| out.flush())
        }
    };
    Ok(finish_output(
        written,
        exit::for_report(&report, resolved.fail_on),
    ))
}

/// Colours for text on a terminal, unless `NO_COLOR` is set or `--color` says otherwise.
fn use_color(choice: ColorChoice, format: Format) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    format == Format::Text
        && !no_color
        && match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => io::stdout().is_terminal(),
        }
}

/// The exit code after writing output: a pipe closed by its reader (`| head`) is not an error.
/// (A standard output closed from the start is the null device by then: Rust's runtime opens
/// it there, and writes cannot fail.)
fn finish_output(result: io::Result<()>, code: u8) -> u8 {
    match result {
        Ok(()) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            say!(
                "error: cannot write the report: {}",
                printable::one_line(&os_error::text(&e))
            );
            exit::ERROR
        }
    }
}
