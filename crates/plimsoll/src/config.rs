//! `plimsoll.toml`: finding it, reading it, and merging it with the command line.
//!
//! ```toml
//! select = ["ECS", "CFR", "IAM", "TPL"]   # codes or prefixes to run (default: all)
//! ignore = ["ECS009"]                     # codes or prefixes not to run
//! fail-on = "error"                       # lowest severity that fails the run
//! rules = ["guard/"]                      # extra cfn-guard rule files or directories
//!
//! [severity]                              # per code or prefix
//! ECS005 = "error"
//!
//! [[parameters]]                          # parameter overrides per template glob
//! templates = "stacks/dev/*.yml"
//! file = "stacks/dev.cfg"
//! ```
//!
//! Relative paths and globs are relative to the directory holding the file, and the files a
//! config names (`rules`, a parameter `file`) must lie inside that directory's tree, after
//! `..` and symbolic links are resolved: a repository's config cannot read the machine's files.

use crate::args::CheckArgs;
use crate::input_file::{self, CONFIG_LIMIT};
use crate::parameters::{ParameterPlan, ParameterSource};
use crate::paths::normalize;
use crate::real_path::real_path;
use plimsoll_lint::excerpt::{self, EXCERPT_CHARS, excerpt};
use plimsoll_lint::settings::entry_problem;
use plimsoll_lint::{Settings, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "plimsoll.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default)]
    pub select: Vec<String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    pub fail_on: Option<String>,
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    #[serde(default)]
    pub parameters: Vec<ParameterEntry>,
    /// Report findings on the resources the AWS CDK framework generates.
    pub cdk_internals: Option<bool>,
}

/// Parameter overrides for the templates matching a glob.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterEntry {
    pub templates: String,
    pub file: PathBuf,
}

/// A configuration file and the directory its relative paths start from.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub dir: PathBuf,
    pub file: ConfigFile,
}

/// Everything a `check` run needs to know, from the config file and the flags together.
#[derive(Debug)]
pub struct Resolved {
    pub settings: Settings,
    pub fail_on: Severity,
    /// cfn-guard rule files or directories given by `rules = […]` and `--rules`, to run besides
    /// the built-in packs (see `linter::build`).
    pub guard_rules: Vec<PathBuf>,
    pub parameters: ParameterPlan,
    /// The codes and prefixes of `select`, `ignore` and `severity`, for `check_codes`.
    pub codes: Vec<CodeEntry>,
}

/// A code or prefix as written in the config file or on the command line.
#[derive(Debug)]
pub struct CodeEntry {
    pub code: String,
    /// Where it was written: `--ignore`, `plimsoll.toml: select`.
    pub origin: String,
}

/// The nearest `plimsoll.toml` in `start` or one of its ancestors. One that is not a regular
/// file (a link to a device, say) is found too, and refused when read.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.symlink_metadata().is_ok_and(|m| !m.is_dir()))
}

/// Reads the config file the flags ask for: `--config FILE`, none with `--no-config`, or the
/// one found upward from `cwd`.
pub fn load(args: &CheckArgs, cwd: &Path) -> Result<Option<Loaded>, String> {
    let path = match (&args.config, args.no_config) {
        (_, true) => return Ok(None),
        (Some(path), _) => cwd.join(path),
        (None, false) => match find(cwd) {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let text = input_file::read_text(&path, CONFIG_LIMIT)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path
        .parent()
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    Ok(Some(Loaded { path, dir, file }))
}

/// Parses the text of a config file. An error gives the line and column and TOML's words,
/// quoting the file only in short escaped excerpts (never the source lines TOML would show).
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| {
        let message = excerpt::message(e.message().trim_end());
        match e.span() {
            Some(span) => {
                let before = text.get(..span.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("line {line}, column {column}: {message}")
            }
            None => message,
        }
    })
}

/// A path the config file names, resolved against its directory; an error when it leads out of
/// that directory, lexically or through symbolic links. A path that does not exist is returned
/// as it is (reading it reports it missing).
fn contained(dir: &Path, path: &Path, origin: &str) -> Result<PathBuf, String> {
    let joined = dir.join(path);
    let outside = || {
        format!(
            "{origin}: `{}` is outside the directory of the configuration file ({}); \
             the paths a plimsoll.toml names must lie inside it",
            excerpt(&path.to_string_lossy(), EXCERPT_CHARS),
            dir.display()
        )
    };
    if !normalize(&joined).starts_with(normalize(dir)) {
        return Err(outside());
    }
    let Ok(real) = real_path(&joined) else {
        return Ok(joined);
    };
    let real_dir = real_path(dir).map_err(|e| {
        format!(
            "{origin}: cannot resolve {}: {}",
            dir.display(),
            crate::os_error::text(&e)
        )
    })?;
    if real.starts_with(&real_dir) {
        Ok(real)
    } else {
        Err(outside())
    }
}

/// Merges the config file (if any) with the flags: `--select` replaces the file's `select`,
/// `--ignore`, `--severity`, `--rules` and parameters add to or override the file's.
pub fn resolve(loaded: Option<Loaded>, args: &CheckArgs, cwd: &Path) -> Result<Resolved, String> {
    let (file, dir, config) = match loaded {
        Some(l) => (l.file, l.dir, Some(l.path)),
        None => (ConfigFile::default(), cwd.to_path_buf(), None),
    };
    let origin = config
        .as_ref()
        .map_or_else(|| FILE_NAME.to_owned(), |p| p.display().to_string());

    // Every code or prefix with where it was written, checked once the users' rules are loaded
    // (`check_codes`).
    let mut entries: Vec<CodeEntry> = Vec::new();
    let mut add = |code: &str, origin: String| {
        entries.push(CodeEntry {
            code: code.trim().to_owned(),
            origin,
        });
    };
    let select: Vec<String> = if args.select.is_empty() {
        for code in &file.select {
            add(code, format!("{origin}: select"));
        }
        file.select.iter().map(|c| c.trim().to_owned()).collect()
    } else {
        for code in &args.select {
            add(code, "--select".into());
        }
        args.select.iter().map(|c| c.trim().to_owned()).collect()
    };
    for code in &file.ignore {
        add(code, format!("{origin}: ignore"));
    }
    for code in &args.ignore {
        add(code, "--ignore".into());
    }
    let ignore: Vec<String> = file
        .ignore
        .iter()
        .chain(&args.ignore)
        .map(|c| c.trim().to_owned())
        .collect();
    let mut severity = BTreeMap::new();
    for (code, level) in &file.severity {
        let level =
            parse_severity(level).map_err(|e| format!("{origin}: [severity] {code}: {e}"))?;
        add(code, format!("{origin}: [severity]"));
        severity.insert(code.trim().to_owned(), level);
    }
    for entry in &args.severity {
        let (code, level) = entry
            .split_once('=')
            .ok_or_else(|| format!("--severity {entry}: expected CODE=LEVEL"))?;
        let level = parse_severity(level).map_err(|e| format!("--severity {entry}: {e}"))?;
        add(code, "--severity".into());
        severity.insert(code.trim().to_owned(), level);
    }

    let fail_on = match args.fail_on.as_deref().or(file.fail_on.as_deref()) {
        Some(level) => parse_severity(level).map_err(|e| format!("fail-on: {e}"))?,
        None => Severity::Error,
    };

    // The config's paths are contained; the command line's are the user's own choice.
    let mut guard_rules: Vec<PathBuf> = file
        .rules
        .iter()
        .map(|p| contained(&dir, p, &origin))
        .collect::<Result<_, _>>()?;
    guard_rules.extend(args.rules.iter().map(|p| cwd.join(p)));
    if let Some(missing) = guard_rules.iter().find(|p| !p.exists()) {
        return Err(format!(
            "guard rules {}: no such file or directory",
            missing.display()
        ));
    }

    let mut sources: Vec<ParameterSource> = file
        .parameters
        .iter()
        .map(|entry| {
            Ok(ParameterSource::Glob {
                pattern: entry.templates.clone(),
                file: contained(&dir, &entry.file, &origin)?,
            })
        })
        .collect::<Result<_, String>>()?;
    sources.extend(
        args.parameters
            .iter()
            .map(|p| ParameterSource::File(cwd.join(p))),
    );
    for assignment in &args.parameter {
        let (key, value) = plimsoll_lint::parameter_file::parse_assignment(assignment)
            .ok_or_else(|| format!("--parameter {assignment}: expected KEY=VALUE"))?;
        sources.push(ParameterSource::Value(key, value));
    }
    let parameters = ParameterPlan::load(&dir, cwd, sources)?;

    Ok(Resolved {
        settings: Settings {
            select,
            ignore,
            severity,
            cdk_internals: args.cdk_internals || file.cdk_internals.unwrap_or(false),
            ..Settings::default()
        },
        fail_on,
        guard_rules,
        parameters,
        codes: entries,
    })
}

/// Refuses a code or prefix that is empty or matches none of `known` (the linter's codes, the
/// users' rules included): as a usage error naming where it was written, with the nearest code.
pub fn check_codes(resolved: &Resolved, known: &[&str]) -> Result<(), String> {
    for entry in &resolved.codes {
        if let Some(problem) = entry_problem(&entry.code, known) {
            return Err(format!("{}: {problem}", entry.origin));
        }
    }
    Ok(())
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text.trim()).ok_or_else(|| {
        format!(
            "`{}` is not a severity (error, warning or info)",
            excerpt(text, EXCERPT_CHARS)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn check_args(flags: &[&str]) -> CheckArgs {
        let mut argv = vec!["plimsoll", "check"];
        argv.extend(flags);
        match crate::args::Cli::parse_from(argv).command {
            crate::args::Command::Check(args) => *args,
            other => panic!("not check: {other:?}"),
        }
    }

    #[test]
    fn parses_every_key() {
        let file = parse(
            "select = [\"ECS\"]\nignore = [\"ECS009\"]\nfail-on = \"warning\"\nrules = [\"guard\"]\n\
             [severity]\nECS005 = \"error\"\n[[parameters]]\ntemplates = \"*.yml\"\nfile = \"dev.cfg\"\n",
        )
        .unwrap();
        assert_eq!(file.select, ["ECS"]);
        assert_eq!(file.ignore, ["ECS009"]);
        assert_eq!(file.fail_on.as_deref(), Some("warning"));
        assert_eq!(file.rules, [PathBuf::from("guard")]);
        assert_eq!(file.severity["ECS005"], "error");
        assert_eq!(file.parameters[0].templates, "*.yml");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let err = parse("selekt = [\"ECS\"]\n").unwrap_err();
        assert!(err.contains("selekt") && err.contains("line 1"), "{err}");
    }

    #[test]
    fn flags_override_and_extend_the_file() {
        let file = parse(
            "select = [\"ECS\"]\nignore = [\"ECS009\"]\nfail-on = \"warning\"\n[severity]\nTPL = \"info\"\n",
        )
        .unwrap();
        let cwd = std::env::temp_dir();
        let loaded = Loaded {
            path: cwd.join(FILE_NAME),
            dir: cwd.clone(),
            file,
        };
        let args = check_args(&[
            "--select",
            "TPL,IAM",
            "--ignore",
            "TPL004",
            "--severity",
            "TPL003=warning",
            "--fail-on",
            "info",
        ]);
        let resolved = resolve(Some(loaded), &args, &cwd).unwrap();
        assert_eq!(resolved.settings.select, ["TPL", "IAM"]);
        assert_eq!(resolved.settings.ignore, ["ECS009", "TPL004"]);
        assert_eq!(resolved.settings.severity["TPL"], Severity::Info);
        assert_eq!(resolved.settings.severity["TPL003"], Severity::Warning);
        assert_eq!(resolved.fail_on, Severity::Info);
    }

    /// The browser checker exports its rule settings with `config_text::write`: read back by
    /// this reader, they are the same settings and give the same findings.
    #[test]
    fn written_settings_read_back_to_the_same_findings() {
        let settings = Settings {
            ignore: vec!["ECS002".into()],
            severity: BTreeMap::from([("ECS007".to_owned(), Severity::Info)]),
            ..Settings::default()
        };
        let cwd = std::env::temp_dir();
        let loaded = Loaded {
            path: cwd.join(FILE_NAME),
            dir: cwd.clone(),
            file: parse(&plimsoll_lint::config_text::write(&settings)).unwrap(),
        };
        let read = resolve(Some(loaded), &check_args(&[]), &cwd)
            .unwrap()
            .settings;
        assert_eq!(read.ignore, settings.ignore);
        assert_eq!(read.severity, settings.severity);
        let template = "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      \
                        ContainerDefinitions:\n        - Name: app\n          Image: nginx:latest\n  \
                        Service:\n    Type: AWS::ECS::Service\n    Properties:\n      \
                        TaskDefinition: !Ref Task\n      DesiredCount: 2\n      \
                        DeploymentConfiguration: {MinimumHealthyPercent: 0}\n";
        let findings = |settings: &Settings| -> Vec<(String, Severity)> {
            plimsoll_lint::lint(template, settings)
                .into_iter()
                .map(|d| (d.code.into_owned(), d.severity))
                .collect()
        };
        let all = findings(&Settings::default());
        assert!(all.iter().any(|(code, _)| code == "ECS002"), "{all:?}");
        assert!(
            all.contains(&("ECS007".to_owned(), Severity::Warning)),
            "{all:?}"
        );
        let configured = findings(&read);
        assert_eq!(configured, findings(&settings));
        assert!(!configured.iter().any(|(code, _)| code == "ECS002"));
        assert!(configured.contains(&("ECS007".to_owned(), Severity::Info)));
    }

    #[test]
    fn bad_values_are_usage_errors() {
        let cwd = std::env::temp_dir();
        let err = resolve(None, &check_args(&["--severity", "TPL003"]), &cwd).unwrap_err();
        assert!(err.contains("CODE=LEVEL"), "{err}");
        let err = resolve(None, &check_args(&["--severity", "TPL003=fatal"]), &cwd).unwrap_err();
        assert!(err.contains("not a severity"), "{err}");
        let err = resolve(None, &check_args(&["--parameter", "NoEquals"]), &cwd).unwrap_err();
        assert!(err.contains("KEY=VALUE"), "{err}");
        let err = resolve(None, &check_args(&["--rules", "no/such/guard/dir"]), &cwd).unwrap_err();
        assert!(err.contains("no/such/guard/dir"), "{err}");
    }

    #[test]
    fn empty_and_unknown_codes_are_usage_errors_naming_their_origin() {
        let cwd = std::env::temp_dir();
        let known = ["ECS009", "TPL001", "TPL004", "ORG001"];
        let check = |flags: &[&str]| {
            let resolved = resolve(None, &check_args(flags), &cwd).unwrap();
            check_codes(&resolved, &known)
        };
        assert_eq!(check(&["--ignore", "tpl00,ECS009 ,ORG"]), Ok(()));
        let err = check(&["--ignore", "ECS009,"]).unwrap_err();
        assert!(err.starts_with("--ignore: an empty code"), "{err}");
        let err = check(&["--severity", "=info"]).unwrap_err();
        assert!(err.starts_with("--severity: an empty code"), "{err}");
        let err = check(&["--select", "TPL0004"]).unwrap_err();
        assert!(err.contains("did you mean `TPL004`?"), "{err}");
        let loaded = Loaded {
            path: cwd.join(FILE_NAME),
            dir: cwd.clone(),
            file: parse("ignore = [\"\"]\n").unwrap(),
        };
        let resolved = resolve(Some(loaded), &check_args(&[]), &cwd).unwrap();
        let err = check_codes(&resolved, &known).unwrap_err();
        assert!(
            err.contains("plimsoll.toml: ignore: an empty code"),
            "{err}"
        );
    }

    #[test]
    fn finds_the_nearest_file_upward() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b/c");
        std::fs::create_dir_all(&nested).unwrap();
        // Nothing inside the temporary directory yet: whatever is found lies above it.
        assert_eq!(find(&nested), find(root.path()));
        std::fs::write(root.path().join(FILE_NAME), "").unwrap();
        assert_eq!(find(&nested), Some(root.path().join(FILE_NAME)));
        std::fs::write(root.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(find(&nested), Some(root.path().join("a").join(FILE_NAME)));
    }
}
