//! Users' guard rule files built to exhaust cfn-guard's stack: definitions in terms of
//! themselves, deep brackets and long chains of references are refused with a position; what
//! the limits let through evaluates on the smallest stack the rules run on (the browser's
//! 1 MB wasm stack).

use super::support::assert_well_formed;
use plimsoll_lint::guard::{self, RuleFile, RuleFileError};
use plimsoll_lint::{Linter, ParameterValues, Settings};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const TEMPLATE: &str =
    "Resources:\n  Api:\n    Type: AWS::ECS::Service\n    Properties:\n      DesiredCount: 1\n";

fn load(text: &str) -> Result<guard::GuardPass, RuleFileError> {
    guard::load_rules(&[RuleFile {
        name: String::from("org.guard"),
        text: text.to_owned(),
    }])
}

fn refused(text: &str) -> RuleFileError {
    match load(text) {
        Ok(_) => panic!("accepted:\n{}", &text[..text.len().min(300)]),
        Err(error) => error,
    }
}

/// Runs `check` on a thread with a 1 MB stack natively (the wasm build has only that).
fn on_small_stack(check: impl FnOnce() + Send) {
    #[cfg(target_arch = "wasm32")]
    check();
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn_scoped(scope, check)
            .unwrap();
        if let Err(panic) = worker.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

#[test]
fn variables_defined_through_themselves_are_refused_across_lines_and_comments() {
    for (text, at) in [
        ("let a =\n    %a\nrule r { %a exists }\n", (1, 1)),
        ("rule r {\n  let a = # c\n    %a\n  %a exists\n}\n", (2, 3)),
        (
            "let a = Resources.*[ Name == %b ]\nlet b := count(\n  %a)\nrule r { %b > 1 }\n",
            (1, 1),
        ),
    ] {
        let error = refused(text);
        assert_eq!((error.line, error.column), at, "{error}");
        assert!(error.message.contains("refers back to itself"), "{error}");
    }
}

#[test]
fn rules_that_name_themselves_are_refused() {
    let error = refused("rule a when a {\n    Resources exists\n}\n");
    assert_eq!(
        error.to_string(),
        "org.guard:1:1: this refers back to itself (rule a → rule a): cfn-guard cannot evaluate it"
    );
    let error =
        refused("rule a when b { Resources exists }\n\nrule b when a { Resources exists }\n");
    assert_eq!(
        (error.line, error.column, error.message.as_str()),
        (
            1,
            1,
            "this refers back to itself (rule a → rule b → rule a): cfn-guard cannot evaluate it"
        )
    );
    let error = refused("rule p(x) {\n    p(%x)\n}\nrule r { p(Resources) }\n");
    assert!(error.message.contains("rule p → rule p"), "{error}");
}

#[test]
fn deep_brackets_are_refused_before_cfn_guard_parses_them() {
    for levels in [600, 10_000, 100_000] {
        let text = format!(
            "rule r {{\n{}Resources exists{}\n}}\n",
            "Resources {".repeat(levels),
            "}".repeat(levels)
        );
        let error = refused(&text);
        assert_eq!((error.line, error.column), (2, 32 * 11), "{error}");
        assert!(error.message.contains("nest deeper than 32"), "{error}");
        let text = format!("let a = {}1{}\n", "[".repeat(levels), "]".repeat(levels));
        assert_eq!(refused(&text).line, 1);
    }
}

#[test]
fn long_chains_of_variables_and_rules_are_refused() {
    let mut lets = String::from("rule r { %v0 exists }\n");
    for i in 0..2_000 {
        lets.push_str(&format!("let v{i} = %v{}\n", i + 1));
    }
    lets.push_str("let v2000 = Resources\n");
    let error = refused(&lets);
    assert_eq!((error.line, error.column), (1, 1));
    assert!(
        error
            .message
            .starts_with("references here go 2002 levels deep (rule r → %v0 → %v1 → … →"),
        "{error}"
    );

    let mut rules = String::new();
    for i in 0..1_000 {
        rules.push_str(&format!(
            "rule r{i} when r{} {{ Resources exists }}\n",
            i + 1
        ));
    }
    rules.push_str("rule r1000 { Resources exists }\n");
    assert!(refused(&rules).message.contains("levels deep"));
}

/// A long chain is checked in one pass: 100,000 lets took cfn-guard's cycle check hours.
#[test]
fn a_chain_of_a_hundred_thousand_lets_is_refused_at_once() {
    let mut lets = String::new();
    for i in 0..100_000 {
        lets.push_str(&format!("let v{i} = %v{}\n", i + 1));
    }
    lets.push_str("rule r { %v0 exists }\n");
    assert!(refused(&lets).message.contains("levels deep"));
}

/// What the limits let through evaluates on a 1 MB stack: brackets 32 deep, and a chain of
/// variables and rules 64 deep.
#[test]
fn rule_files_at_the_limits_evaluate() {
    let nested = format!(
        "rule nested {{\n{}Properties.DesiredCount >= 2{}\n}}\n",
        "when Resources exists {".repeat(31),
        "}".repeat(31)
    );
    let mut chained = String::from("let v0 = Resources.*.Properties.DesiredCount\n");
    for i in 1..32 {
        chained.push_str(&format!("let v{i} = %v{}\n", i - 1));
    }
    chained.push_str("rule c0 when %v31 exists { %v31 >= 2 }\n");
    for i in 1..32 {
        chained.push_str(&format!("rule c{i} when c{} {{ %v31 >= 2 }}\n", i - 1));
    }
    for text in [nested, chained] {
        let pass = match load(&text) {
            Ok(pass) => pass,
            Err(error) => panic!("{error}\n{text}"),
        };
        on_small_stack(|| {
            let linter = Linter::new(Settings::default()).with_pass(Box::new(pass));
            let found = linter.lint(TEMPLATE, &ParameterValues::new());
            assert_well_formed(TEMPLATE, &found);
            assert!(
                found.iter().any(|d| d.code.starts_with("GUARD:")),
                "{found:#?}"
            );
        });
    }
}
