//! The one definition of xtask's commands and their arguments: `main` dispatches from it,
//! and the usage text (`cargo xtask help`) and every command's usage line are made from it.

use crate::{
    bench, bench_cli, docs, fuzz, iam_data, lambda, npm, runner_e2e, serve, setup, synth, test, web,
};

/// One `cargo xtask` command.
pub struct Command {
    pub name: &'static str,
    /// The arguments it takes, as a usage line shows them.
    pub args: &'static str,
    pub about: &'static str,
    pub run: fn(&[String]) -> Result<(), String>,
}

pub const COMMANDS: &[Command] = &[
    Command {
        name: "test",
        args: "[--skip-setup] [--stage NAME]...",
        about: "run every check CI runs (the README's test command); setup first unless skipped",
        run: test::run,
    },
    Command {
        name: "setup",
        args: "",
        about: "install every tool the stages run, pinned, into $PLIMSOLL_TOOLS_DIR (idempotent)",
        run: setup::run,
    },
    Command {
        name: "synth",
        args: "[--resources N,...] [--format yaml,json] [--out DIR]",
        about: "synthetic templates (default: 100 to 5,000 resources, both formats)",
        run: synth::run,
    },
    Command {
        name: "fuzz",
        args: "[--seconds N] [--build-only] [TARGET]...",
        about: "run the cargo-fuzz targets (default 60 s each)",
        run: fuzz::run,
    },
    Command {
        name: "bench",
        args: "[--corpus DIR] [--out FILE] [--readme] [--skip-criterion | --only-series] [--limit SECONDS]",
        about: "criterion benchmarks, then plimsoll against cfn-guard, cfn-lint and checkov on the corpus and the synthetic series (Markdown report)",
        run: bench::run,
    },
    Command {
        name: "bench-cli",
        args: "[--corpus DIR]",
        about: "plimsoll check against cfn-lint and cfn-guard on the corpus",
        run: bench_cli::run,
    },
    Command {
        name: "docs",
        args: "",
        about: "write docs/rules/ from the rules' docs",
        run: docs::run,
    },
    Command {
        name: "iam-data",
        args: "[--check] [--cross-check PATH/TO/Policies.json]",
        about: "regenerate (or check) the IAM reference data",
        run: iam_data::run,
    },
    Command {
        name: "web",
        args: "",
        about: "build the browser checker into dist/",
        run: web::run,
    },
    Command {
        name: "serve",
        args: "[--port N]",
        about: "serve dist/ on 127.0.0.1 (default port 8080)",
        run: serve::run,
    },
    Command {
        name: "npm",
        args: "",
        about: "build the npm package into $CARGO_TARGET_DIR/npm/plimsoll/ (default target/)",
        run: npm::run,
    },
    Command {
        name: "lambda",
        args: "[--arch arm64|x86_64]...",
        about: "build the runner's bootstrap zips (default: both)",
        run: lambda::run,
    },
    Command {
        name: "runner-e2e",
        args: "",
        about: "the runner's end-to-end test (moto, cargo lambda watch)",
        run: runner_e2e::run,
    },
];

/// The command named `name`.
pub fn find(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// `usage: cargo xtask NAME ARGS` for one command.
pub fn usage(name: &str) -> String {
    match find(name) {
        Some(c) if c.args.is_empty() => format!("usage: cargo xtask {}", c.name),
        Some(c) => format!("usage: cargo xtask {} {}", c.name, c.args),
        None => format!("usage: cargo xtask {name}"),
    }
}

/// The whole usage text: every command with its arguments and what it does, and the stages.
pub fn usage_text() -> String {
    let mut out = String::from("usage: cargo xtask <command> [args]\n\ncommands:\n");
    for c in COMMANDS {
        out.push_str(format!("  {} {}", c.name, c.args).trim_end());
        out.push('\n');
        out.push_str(&format!("      {}\n", c.about));
    }
    out.push_str(&format!(
        "\nstages of `test` (in order): {}\n",
        test::stage_names().join(", ")
    ));
    out.push_str(
        "\nenvironment: CARGO_TARGET_DIR (builds), PLIMSOLL_TOOLS_DIR (installed tools, default\n\
         ~/.cache/plimsoll/tools), PLIMSOLL_CORPUS (the shared corpus), CI (a missing corpus fails)\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::COMMANDS;

    /// Every flag a command's source matches on appears in its arguments here, so the usage
    /// text cannot fall behind the parsers.
    #[test]
    fn every_parsed_flag_is_in_the_usage() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for c in COMMANDS {
            let module = c.name.replace('-', "_");
            let file = [
                src.join(format!("{module}.rs")),
                src.join(&module).join("mod.rs"),
            ]
            .into_iter()
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no source for `{}`", c.name));
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for flag in text
                .split('"')
                .skip(1)
                .step_by(2)
                .filter(|s| s.starts_with("--") && s.len() > 2 && !s.contains(' '))
                .filter(|s| {
                    text.contains(&format!("\"{s}\" =>"))
                        || text.contains(&format!("flag == \"{s}\""))
                })
            {
                assert!(
                    c.args.contains(flag),
                    "`cargo xtask {}` parses {flag}, which its usage in commands.rs lacks",
                    c.name
                );
            }
        }
    }
}
