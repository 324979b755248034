//! A user's guard rule file, then a template, through the path `--rules` takes
//! (`guard::load_rules`, then the lint with the pass it returns), on a 1 MB stack like the
//! browser's wasm stack: a refused file names a position, an accepted one never panics, hangs
//! or overflows the stack, and its findings are well formed.
//!
//! The input is the rule text, a NUL byte, and the template; without a NUL, the rule text is
//! checked against a small template with two ECS services.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plimsoll_fuzz::invariants::check_diagnostics_with;
use plimsoll_lint::guard::{self, RuleFile};
use plimsoll_lint::{Linter, Pass, ParameterValues, Settings};

const TEMPLATE: &str = "Parameters:\n  Count: {Type: Number, Default: 1}\nResources:\n  Api:\n    Type: AWS::ECS::Service\n    Properties:\n      DesiredCount: !Ref Count\n      Tags: [{Key: team, Value: payments}]\n  Worker:\n    Type: AWS::ECS::Service\n    Properties: {DesiredCount: 3}\n";

/// The stack the rules get in the browser (wasm's default); the CLI's workers have more.
const STACK: usize = 1 << 20;

fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (rules, template) = text.split_once('\0').unwrap_or((&text, TEMPLATE));
    let file = RuleFile {
        name: String::from("fuzz.guard"),
        text: rules.to_owned(),
    };
    let pass = match guard::load_rules(&[file]) {
        Ok(pass) => pass,
        Err(error) => {
            assert!(error.line >= 1 && error.column >= 1, "{error}");
            assert!(!error.message.is_empty(), "{error:?}");
            return;
        }
    };
    // A user's rules may fail to evaluate on a template (`json_parse` of text that is not
    // JSON): that is a finding, GUARD:error, like their own codes.
    let mut codes: Vec<String> = pass.codes().into_iter().map(str::to_owned).collect();
    codes.push(String::from("GUARD:error"));
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    let linter = Linter::new(Settings::default()).with_pass(Box::new(pass));
    let diagnostics = linter.lint(template, &ParameterValues::new());
    check_diagnostics_with(template, &diagnostics, &codes);
}

fuzz_target!(|data: &[u8]| {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn_scoped(scope, || check(data))
            .expect("a thread");
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
    });
});
