//! The stack of the seed chapter (the todobackend ECS application): its image tag parameter
//! defaults to `latest` (ECS007 on both task definitions), and its migration custom resource
//! has no ServiceTimeout (CFR005). Deploying with a commit hash as the tag, as the chapter
//! does, removes ECS007. The stacks are in `tests/third-party/` (see its README for their
//! source and license).

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use plimsoll_lint::rollout::Outcome;
use plimsoll_lint::{Diagnostic, ParameterValues, Settings};

const CHAPTER_8: &str = "docker-on-amazon-web-services/chapter08-stack.yml";
const CHAPTER_12: &str = "docker-on-amazon-web-services/chapter12-stack.yml";

fn seed() -> String {
    support::third_party(CHAPTER_8)
}

fn of<'a>(findings: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    findings.iter().filter(|d| d.code == code).collect()
}

#[test]
fn the_latest_tag_default_and_the_missing_service_timeout_are_reported() {
    let source = seed();
    let findings = plimsoll_lint::lint(&source, &Settings::default());

    let images: Vec<&str> = of(&findings, "ECS007")
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        images,
        [
            "/Resources/MigrateTaskDefinition/Properties/ContainerDefinitions/0/Image",
            "/Resources/ApplicationTaskDefinition/Properties/ContainerDefinitions/0/Image",
            "/Resources/ApplicationTaskDefinition/Properties/ContainerDefinitions/1/Image",
        ]
    );
    for finding in of(&findings, "ECS007") {
        assert!(
            finding
                .message
                .ends_with("(with the parameter default ApplicationImageTag=latest)"),
            "{}",
            finding.message
        );
    }

    let timeouts = of(&findings, "CFR005");
    assert_eq!(timeouts.len(), 1, "{timeouts:?}");
    assert_eq!(timeouts[0].path, "/Resources/MigrateTask");
    assert!(
        timeouts[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("ServiceTimeout to 360")
    );
    assert_eq!(timeouts[0].span.text(&source), "MigrateTask");
}

#[test]
fn a_commit_hash_tag_removes_the_mutable_tag_findings() {
    let source = seed();
    let parameters: ParameterValues = [("ApplicationImageTag".to_owned(), "97e4abf".to_owned())]
        .into_iter()
        .collect();
    let findings = plimsoll_lint::lint_with_parameters(&source, &Settings::default(), &parameters);
    assert!(of(&findings, "ECS007").is_empty(), "{findings:?}");
    assert_eq!(of(&findings, "CFR005").len(), 1);
}

#[test]
fn the_service_rolls_out_whatever_its_desired_count() {
    let source = seed();
    let analysis = plimsoll_lint::analyze(&source, &Settings::default(), &ParameterValues::new());
    let [service] = analysis.services.as_slice() else {
        panic!("one service expected: {:?}", analysis.services);
    };
    assert_eq!(service.service, "ApplicationService");
    // ApplicationDesiredCount has no default; 100/200 completes for every count.
    assert!(service.desired_count.is_none());
    assert_eq!(service.plan.outcome, Outcome::Completes);
    let with_two: ParameterValues = [("ApplicationDesiredCount".to_owned(), "2".to_owned())]
        .into_iter()
        .collect();
    let analysis = plimsoll_lint::analyze(&source, &Settings::default(), &with_two);
    let plan = &analysis.services[0].plan;
    assert_eq!((plan.min_tasks, plan.max_tasks), (Some(2), Some(4)));
    assert_eq!(plan.steps.len(), 3);
}

/// From Chapter 12 on, the book's stack defines two resources twice. Both duplicates are
/// reported, and linting goes on with the first definitions.
#[test]
fn chapter_twelve_reports_both_duplicates_and_its_other_findings() {
    let source = support::third_party(CHAPTER_12);
    let findings = plimsoll_lint::lint(&source, &Settings::default());
    let index = plimsoll_template::LineIndex::new(&source);
    let duplicates: Vec<(String, u32, u32)> = of(&findings, "TPL002")
        .iter()
        .map(|d| {
            let first = d
                .labels
                .first()
                .map_or(0, |l| index.line_col(l.span.start).line);
            (d.path.clone(), index.line_col(d.span.start).line, first)
        })
        .collect();
    assert_eq!(
        duplicates,
        [
            ("/Resources/EcsCapacityPermission".to_owned(), 350, 171),
            ("/Resources/EcsCapacityEvents".to_owned(), 357, 180),
        ]
    );
    assert_eq!(of(&findings, "ECS007").len(), 3);
    assert_eq!(of(&findings, "CFR005").len(), 2);
}
