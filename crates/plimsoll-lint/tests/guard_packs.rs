//! Every built-in pack under `rules/` passes its cfn-guard test file
//! (`rules/tests/<pack>_tests.yaml`), run by cfn-guard's own `test` command.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

use cfn_guard::commands::Executable;
use cfn_guard::utils::reader::{ReadBuffer, Reader};
use cfn_guard::utils::writer::{WriteBuffer, Writer};
use cfn_guard::{CommandBuilder, TestBuilder};
use std::path::{Path, PathBuf};

fn packs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut packs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("rules directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "guard"))
        .collect();
    packs.sort();
    packs
}

#[test]
fn every_pack_passes_its_cfn_guard_tests() {
    let packs = packs();
    assert_eq!(packs.len(), 3, "{packs:?}");
    for pack in packs {
        let stem = pack.file_stem().unwrap().to_string_lossy();
        let tests = pack.with_file_name(format!("tests/{stem}_tests.yaml"));
        assert!(tests.is_file(), "{} has no test file", pack.display());
        let command = TestBuilder::default()
            .rules(Some(pack.display().to_string()))
            .test_data(Some(tests.display().to_string()))
            .try_build()
            .unwrap();
        let mut reader = Reader::new(ReadBuffer::Cursor(std::io::Cursor::new(Vec::new())));
        let mut writer =
            Writer::new_with_err(WriteBuffer::Vec(Vec::new()), WriteBuffer::Vec(Vec::new()))
                .unwrap();
        let status = command.execute(&mut writer, &mut reader).unwrap();
        let output = writer.stripped().unwrap();
        assert_eq!(status, 0, "{}:\n{output}", tests.display());
        let cases = output.matches("Test Case #").count();
        assert!(
            cases >= 10,
            "{}: only {cases} test cases ran",
            tests.display()
        );
        assert!(!output.contains("FAIL Rules"), "{output}");
    }
}

/// The built-in packs read one resource at a time, so a template whose resources are more
/// than cfn-guard is given at once is evaluated in parts: every resource still gets exactly
/// the findings it gets alone, at its own position.
#[test]
fn a_template_evaluated_in_parts_gives_each_resource_its_own_findings() {
    use plimsoll_lint::{Settings, guard, lint};
    let guard_codes: Vec<&str> = guard::builtin_metas().iter().map(|m| m.code).collect();
    let kinds = [
        "TaskDefinition: app",
        "TaskDefinition: app\n      DeploymentConfiguration:\n        MinimumHealthyPercent: 150\n        DeploymentCircuitBreaker: {Enable: true, Rollback: true}",
        "TaskDefinition: app\n      SchedulingStrategy: DAEMON\n      DesiredCount: 2\n      LaunchType: FARGATE",
        "TaskDefinition: app\n      DeploymentConfiguration:\n        DeploymentCircuitBreaker: {Enable: true, Rollback: false}",
    ];
    let service = |i: usize| {
        format!(
            "  Service{i}:\n    Type: AWS::ECS::Service\n    Properties:\n      {}\n",
            kinds[i % kinds.len()]
        )
    };
    let guard_findings = |source: &str| -> Vec<(String, String, String)> {
        lint(source, &Settings::default())
            .into_iter()
            .filter(|d| guard_codes.contains(&d.code.as_ref()))
            .map(|d| {
                let at = &source[d.span.start as usize..d.span.end as usize];
                (d.code.to_string(), d.path.clone(), at.to_owned())
            })
            .collect()
    };
    let alone: Vec<Vec<(String, String, String)>> = (0..kinds.len())
        .map(|i| guard_findings(&format!("Resources:\n{}", service(i))))
        .collect();
    assert!(alone.iter().all(|found| !found.is_empty()), "{alone:?}");

    let count = 4_000;
    let source: String = std::iter::once(String::from("Resources:\n"))
        .chain((0..count).map(service))
        .collect();
    let mut found = guard_findings(&source);
    found.sort();
    let mut expected: Vec<(String, String, String)> = (0..count)
        .flat_map(|i| {
            alone[i % kinds.len()].iter().map(move |(code, path, at)| {
                let path = path.replacen(
                    &format!("/Service{}", i % kinds.len()),
                    &format!("/Service{i}"),
                    1,
                );
                let at = at.replacen(
                    &format!("Service{}", i % kinds.len()),
                    &format!("Service{i}"),
                    1,
                );
                (code.clone(), path, at)
            })
        })
        .collect();
    expected.sort();
    assert_eq!(found.len(), expected.len());
    assert_eq!(found, expected);
}
