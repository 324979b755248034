//! The lint the page runs: the quick part without cfn-guard, the complete part with the built-in
//! packs and the user's rules, exports, and the worker's JSON protocol. Built with the `guard`
//! feature (the worker's module) and without it (the page's own module).

use plimsoll_lint::Severity;
use plimsoll_web::lint_job::{Export, Request, Response, failed_json, run, run_json};
use plimsoll_web::rule_settings::RuleSettings;
use std::collections::BTreeMap;

const SERVICE: &str = "\
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Service:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 1
      TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/app:1
      DeploymentConfiguration:
        MinimumHealthyPercent: 50
        MaximumPercent: 100
";

const OWN_RULES: &str = "\
let queues = Resources.*[ Type == 'AWS::SQS::Queue' ]

# code: ORG001
# severity: warning
# fix: tag the queue with its team
rule ORG001_queues_have_tags when %queues !empty {
    %queues.Properties.Tags exists
}
";

fn request(guard_rules: &str, complete: bool) -> Request {
    Request {
        revision: 7,
        source: SERVICE.to_owned(),
        parameters: BTreeMap::new(),
        guard_rules: guard_rules.to_owned(),
        rules: RuleSettings::default(),
        complete,
        export: None,
    }
}

fn codes(response: &Response) -> Vec<&str> {
    response
        .report
        .findings
        .iter()
        .map(|f| f.code.as_str())
        .collect()
}

#[cfg(feature = "guard")]
#[test]
fn the_quick_lint_runs_the_rust_rules_and_the_complete_one_adds_guard() {
    let quick = run(&request("", false));
    assert!(!quick.complete);
    assert!(codes(&quick).contains(&"ECS001"), "{:?}", codes(&quick));
    assert!(!codes(&quick).contains(&"ECS005"), "{:?}", codes(&quick));
    let complete = run(&request("", true));
    assert!(complete.complete);
    // ECS005 (no circuit breaker) is a built-in guard rule.
    assert!(
        codes(&complete).contains(&"ECS005"),
        "{:?}",
        codes(&complete)
    );
    for code in codes(&quick) {
        assert!(
            codes(&complete).contains(&code),
            "{code} only in the quick lint"
        );
    }
    assert_eq!(quick.report.services, complete.report.services);
}

#[cfg(feature = "guard")]
#[test]
fn the_users_rules_report_with_positions_in_the_complete_lint_only() {
    let quick = run(&request(OWN_RULES, false));
    assert!(!codes(&quick).contains(&"ORG001"));
    let complete = run(&request(OWN_RULES, true));
    assert_eq!(complete.guard_error, None);
    let own = complete
        .report
        .findings
        .iter()
        .find(|f| f.code == "ORG001")
        .unwrap_or_else(|| panic!("{:?}", codes(&complete)));
    assert_eq!(own.severity, plimsoll_lint::Severity::Warning);
    assert_eq!(own.help.as_deref(), Some("tag the queue with its team"));
    // The queue has no Properties: the finding sits on its name.
    assert_eq!(own.range.start.line, 2);
    assert!(own.path.starts_with("/Resources/Queue"), "{}", own.path);
}

#[cfg(feature = "guard")]
#[test]
fn a_broken_rule_file_is_an_error_with_its_position_and_the_rest_still_lints() {
    let broken = "let x = Resources.*\n\nrule broken {\n    %x.Properties.Tags exists\n";
    let complete = run(&request(broken, true));
    let error = complete
        .guard_error
        .clone()
        .expect("the rules cannot be used");
    assert!(error.line >= 3, "{error:?}");
    assert!(error.message.contains("syntax error"), "{error:?}");
    assert!(
        codes(&complete).contains(&"ECS005"),
        "the built-in packs still ran"
    );
}

#[cfg(feature = "guard")]
#[test]
fn the_worker_protocol_round_trips_and_survives_garbage() {
    let text = serde_json::to_string(&request(OWN_RULES, true)).unwrap();
    let response: Response = serde_json::from_str(&run_json(&text)).unwrap();
    assert_eq!(response.revision, 7);
    assert!(codes(&response).contains(&"ORG001"));
    let garbage: Response = serde_json::from_str(&run_json("{not json")).unwrap();
    assert!(garbage.complete);
    assert!(
        garbage
            .guard_error
            .is_some_and(|e| e.message.contains("bad lint request"))
    );
}

#[cfg(not(feature = "guard"))]
#[test]
fn without_guard_a_complete_lint_is_the_quick_one_and_says_guard_was_unavailable() {
    let quick = run(&request(OWN_RULES, false));
    let complete = run(&request(OWN_RULES, true));
    assert!(complete.complete);
    assert!(complete.guard_unavailable);
    assert!(!quick.guard_unavailable);
    assert_eq!(complete.guard_error, None);
    assert!(
        codes(&complete).contains(&"ECS001"),
        "{:?}",
        codes(&complete)
    );
    assert_eq!(codes(&quick), codes(&complete));
}

#[test]
fn exports_hold_the_complete_findings() {
    let mut export = request(OWN_RULES, true);
    export.export = Some(plimsoll_web::lint_job::ExportRequest {
        format: Export::Sarif,
        file: "stack.yaml".into(),
        save_as: "stack.sarif".into(),
    });
    let response: Response =
        serde_json::from_str(&run_json(&serde_json::to_string(&export).unwrap())).unwrap();
    let file = response.export.expect("an export");
    assert_eq!(
        (file.format, file.save_as.as_str()),
        (Export::Sarif, "stack.sarif")
    );
    let sarif: serde_json::Value = serde_json::from_str(&file.text).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(file.text.contains("stack.yaml"));
    assert!(file.text.contains("\"ECS001\""));
    assert!(
        response.report.findings.is_empty(),
        "an export is not a report"
    );
    // With cfn-guard the built-in packs and the user's rules are in; without, it says so.
    let guard_found = file.text.contains("\"ECS005\"") && file.text.contains("\"ORG001\"");
    assert_eq!(guard_found, cfg!(feature = "guard"));
    assert_eq!(response.guard_unavailable, !cfg!(feature = "guard"));
}

/// In wasm a panic aborts the worker's module, which throws the panic's message; the worker
/// answers with this: complete (nothing more is coming), the Rust rules' findings, and first an
/// internal error that names the template's lint and carries the message.
#[test]
fn a_lint_that_panicked_is_answered_with_an_internal_error_and_the_rust_rules_findings() {
    let text = serde_json::to_string(&request(OWN_RULES, true)).unwrap();
    let response: Response = serde_json::from_str(&failed_json(
        &text,
        "boom (at cfn-guard-3.2.1/src/x.rs:1:2)",
    ))
    .unwrap();
    assert_eq!(response.revision, 7);
    assert!(response.complete);
    let codes: Vec<&str> = response
        .report
        .findings
        .iter()
        .map(|f| f.code.as_str())
        .collect();
    assert_eq!(codes[0], plimsoll_lint::INTERNAL_ERROR, "{codes:?}");
    assert!(codes.contains(&"ECS001"), "{codes:?}");
    assert!(!codes.contains(&"ECS005"), "no guard findings: {codes:?}");
    let error = &response.report.findings[0];
    assert!(
        error.message.contains("the lint with the guard rules")
            && error
                .message
                .ends_with("it panicked: boom (at cfn-guard-3.2.1/src/x.rs:1:2)"),
        "{}",
        error.message
    );
    assert_eq!(error.range.start.line, 1);
}

/// The page's rule settings act as `ignore` and `[severity]` in a `plimsoll.toml`, in the
/// quick lint and the complete one alike.
#[test]
fn rule_settings_turn_rules_off_and_change_severities() {
    let mut rules = RuleSettings::default();
    rules.set_enabled("ECS001", false);
    rules.set_severity("TPL001", Severity::Warning);
    for complete in [false, true] {
        let plain = run(&request("", complete));
        assert!(codes(&plain).contains(&"ECS001"), "{:?}", codes(&plain));
        let configured = run(&Request {
            rules: rules.clone(),
            ..request("", complete)
        });
        assert!(
            !codes(&configured).contains(&"ECS001"),
            "{:?}",
            codes(&configured)
        );
        let broken = run(&Request {
            rules: rules.clone(),
            source: "Resources: [\n".to_owned(),
            ..request("", complete)
        });
        let syntax = broken.report.findings.iter().find(|f| f.code == "TPL001");
        assert_eq!(syntax.map(|f| f.severity), Some(Severity::Warning));
    }
    // A request from before the page had rule settings still runs, with every rule.
    let old = serde_json::json!({
        "revision": 1, "source": SERVICE, "parameters": {}, "guard_rules": "", "complete": false
    });
    let answer: Response = serde_json::from_str(&run_json(&old.to_string())).unwrap();
    assert!(codes(&answer).contains(&"ECS001"), "{:?}", codes(&answer));
}
