//! The JSON report, the SARIF log and the editor model built from real lint findings.

use plimsoll_lint::{Diagnostic, ParameterValues, Settings, Severity, analyze, lint};
use plimsoll_report::{FileFindings, editor, json, sarif};
use std::borrow::Cow;

/// A template with an unresolved reference after non-ASCII text, and a duplicate key.
const TEMPLATE: &str = "\
Description: Café ☕ 😀 stack
Parameters:
  Tag:
    Type: String
    Default: latest
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Ref Missing😀
      QueueName: twice
";

fn findings() -> Vec<Diagnostic> {
    let found = lint(TEMPLATE, &Settings::default());
    assert!(found.iter().any(|d| d.code == "TPL003"), "{found:#?}");
    assert!(found.iter().any(|d| d.code == "TPL002"), "{found:#?}");
    found
}

fn file(diagnostics: &[Diagnostic]) -> FileFindings<'_> {
    FileFindings {
        file: "stacks/my stack.yaml",
        source: TEMPLATE,
        diagnostics,
    }
}

#[test]
fn json_report_has_one_based_character_positions_and_a_summary() {
    let diagnostics = findings();
    let report = json::report(&[file(&diagnostics)]);
    assert_eq!(report.version, 1);
    assert_eq!(report.summary.files, 1);
    assert_eq!(report.summary.errors, diagnostics.len());
    let unresolved = report
        .diagnostics
        .iter()
        .find(|d| d.finding.code == "TPL003")
        .unwrap();
    assert_eq!(unresolved.file, "stacks/my stack.yaml");
    assert_eq!(unresolved.finding.severity, Severity::Error);
    assert_eq!(unresolved.finding.range.start.line, 10);
    let value: serde_json::Value =
        serde_json::from_str(&json::to_string(&[file(&diagnostics)])).unwrap();
    assert_eq!(value["summary"]["errors"], diagnostics.len());
    assert!(value["diagnostics"][0]["range"]["start"]["column"].is_u64());
}

#[test]
fn sarif_results_point_at_their_rules_and_regions() {
    let mut diagnostics = findings();
    let mut user = diagnostics[0].clone();
    user.code = Cow::Borrowed("GUARD:my_rule");
    user.rule = Cow::Borrowed("my_rule");
    user.severity = Severity::Info;
    diagnostics.push(user);
    let log = sarif::log(&[file(&diagnostics)]);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, "stacks/my%20stack.yaml");
    }
    let guard = results
        .iter()
        .find(|r| r["ruleId"] == "GUARD:my_rule")
        .unwrap();
    assert_eq!(guard["level"], "note");
    let tpl003 = rules.iter().find(|r| r["id"] == "TPL003").unwrap();
    assert!(
        tpl003["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("### What it does")
    );
    assert_eq!(tpl003["defaultConfiguration"]["level"], "error");
    let unresolved = results.iter().find(|r| r["ruleId"] == "TPL003").unwrap();
    let region = &unresolved["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 10);
    // Columns count code points, not bytes.
    let span = diagnostics
        .iter()
        .find(|d| d.code == "TPL003")
        .unwrap()
        .span;
    let line_start = TEMPLATE[..span.start as usize].rfind('\n').unwrap() + 1;
    let col = TEMPLATE[line_start..span.start as usize].chars().count() + 1;
    assert_eq!(region["startColumn"], col);
    let end_line_start = TEMPLATE[..span.end as usize].rfind('\n').unwrap() + 1;
    let end_col = TEMPLATE[end_line_start..span.end as usize].chars().count() + 1;
    assert_eq!(region["endColumn"], end_col);
}

#[test]
fn editor_offsets_slice_javascript_strings() {
    let analysis = analyze(TEMPLATE, &Settings::default(), &ParameterValues::new());
    let report = editor::report(TEMPLATE, &analysis);
    let utf16: Vec<u16> = TEMPLATE.encode_utf16().collect();
    let slice = |r: editor::Range| {
        String::from_utf16(&utf16[r.start.offset as usize..r.end.offset as usize]).unwrap()
    };
    let unresolved = report.findings.iter().find(|f| f.code == "TPL003").unwrap();
    assert!(slice(unresolved.range).contains("Missing😀"));
    assert_eq!(unresolved.range.start.line, 10);
    let tag = &report.parameters[0];
    assert_eq!(tag.name, "Tag");
    assert_eq!(tag.default.as_deref(), Some("latest"));
    assert_eq!(slice(tag.range), "Tag");
    assert_eq!(report.counts.total(), report.findings.len());
    // The model survives a JSON round trip (the browser's worker sends it as text).
    let text = serde_json::to_string(&report).unwrap();
    let back: editor::LintResult = serde_json::from_str(&text).unwrap();
    assert_eq!(back, report);
    assert!(text.contains("\"noEcho\":false"));
}

#[test]
fn editor_services_carry_the_rollout_plan() {
    let source = "\
Parameters:
  Count:
    Type: Number
    Default: 1
Resources:
  Api:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: !Ref Count
      TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/app:1
      DeploymentConfiguration:
        MinimumHealthyPercent: 50
        MaximumPercent: 100
";
    let report = editor::report(
        source,
        &analyze(source, &Settings::default(), &ParameterValues::new()),
    );
    let api = &report.services[0];
    assert_eq!(api.name, "Api");
    assert_eq!(api.outcome, editor::Outcome::Deadlock);
    assert_eq!((api.min_tasks, api.max_tasks), (Some(1), Some(1)));
    assert_eq!(api.steps, vec![editor::Step { old: 1, new: 0 }]);
    assert_eq!(api.scheduling, Some(editor::Scheduling::Replica));
    assert!(api.provenance.contains("Count=1"), "{}", api.provenance);
    assert_eq!(api.range.start.line, 6);
    assert!(report.findings.iter().any(|f| f.code == "ECS001"));
    // Two tasks: the deployment completes, stopping one old task first.
    let two = ParameterValues::from([("Count".to_owned(), "2".to_owned())]);
    let report = editor::report(source, &analyze(source, &Settings::default(), &two));
    assert_eq!(report.services[0].outcome, editor::Outcome::Completes);
    assert_eq!(
        report.services[0].steps.last(),
        Some(&editor::Step { old: 0, new: 2 })
    );
    let json = serde_json::to_string(&report.services[0]).unwrap();
    assert!(
        json.contains("\"outcome\":\"completes\"") && json.contains("\"minTasks\":1"),
        "{json}"
    );
}
