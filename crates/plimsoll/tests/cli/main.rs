//! End-to-end tests of the `plimsoll` binary: every format, exit codes, inputs, configuration,
//! parameter files and the rule catalog commands.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod catalog;
mod cdk;
mod config;
mod containment;
mod examples;
mod exit_codes;
mod formats;
mod guard_rules;
mod hostile;
mod inputs;
mod non_templates;
mod parameters;
mod readme;
mod sarif_uris;
mod selectors;
mod snapshot_files;
mod special_files;
mod streams;
mod support;
mod text_output;
