//! The built-in guard packs, embedded at compile time and read once per process. Users read
//! them under `rules/` at the top of the repository; the crate embeds its own copy in `packs/`
//! so that it packages on its own, and a test holds the two equal.

use super::header::{self, RuleDecl};
#[cfg(feature = "guard")]
use super::{GuardPass, GuardRule};
use crate::registry::{Needs, RuleKind, RuleMeta};
#[cfg(feature = "guard")]
use std::borrow::Cow;
#[cfg(feature = "guard")]
use std::collections::HashMap;
use std::sync::OnceLock;

/// A built-in pack: its file name, the resource types its rules read, and its text. The pack
/// runs only on templates with one of those types and is given only those resources.
struct Pack {
    file: &'static str,
    #[cfg_attr(not(feature = "guard"), allow(dead_code))]
    applies_to: &'static [&'static str],
    text: &'static str,
}

const PACKS: [Pack; 3] = [
    Pack {
        file: "ecs-deployment.guard",
        applies_to: &["AWS::ECS::Service"],
        text: include_str!("../../packs/ecs-deployment.guard"),
    },
    Pack {
        file: "custom-resources.guard",
        applies_to: &["AWS::CloudFormation::CustomResource", "Custom::*"],
        text: include_str!("../../packs/custom-resources.guard"),
    },
    Pack {
        file: "iam.guard",
        applies_to: &[
            "AWS::IAM::Policy",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::RolePolicy",
            "AWS::IAM::UserPolicy",
            "AWS::IAM::GroupPolicy",
            "AWS::IAM::Role",
            "AWS::IAM::User",
            "AWS::IAM::Group",
        ],
        text: include_str!("../../packs/iam.guard"),
    },
];

/// One catalog entry per code, from the header that documents it; sorted by code.
static METAS: OnceLock<Vec<RuleMeta>> = OnceLock::new();

/// Catalog entries of the built-in guard rules (known with or without the `guard` feature).
pub fn builtin_metas() -> Vec<&'static RuleMeta> {
    METAS.get_or_init(load_metas).iter().collect()
}

/// Every rule declaration of the built-in packs. The packs are part of the build and a test
/// reads them all, so a malformed header cannot reach a release; it would drop its pack here.
fn declarations() -> Vec<RuleDecl<'static>> {
    PACKS
        .iter()
        .filter_map(|pack| header::scan(pack.file, pack.text).ok())
        .flatten()
        .collect()
}

/// Docs in the shape `declare_rule!` gives Rust rules' doc comments (one leading space per
/// line, none on blank lines), which [`RuleMeta::markdown`] takes off again.
fn as_doc_comment(docs: &str) -> String {
    docs.lines()
        .map(|line| match line.trim_end() {
            "" => String::from("\n"),
            line => format!(" {line}\n"),
        })
        .collect()
}

fn load_metas() -> Vec<RuleMeta> {
    let mut metas: Vec<RuleMeta> = Vec::new();
    for decl in declarations() {
        let h = &decl.header;
        if let (Some(code), Some(name), Some(severity), Some(docs)) =
            (h.code, h.name, h.severity, &h.docs)
        {
            metas.push(RuleMeta {
                code,
                name,
                severity,
                kind: RuleKind::Guard,
                // Built once per process and kept for its whole life, like the packs' text.
                docs: String::leak(as_doc_comment(docs)),
                needs: Needs::Nothing,
            });
        }
    }
    metas.sort_by_key(|m| m.code);
    metas
}

#[cfg(feature = "guard")]
static PASS: OnceLock<GuardPass> = OnceLock::new();

/// The pass that runs the built-in packs; every [`crate::Linter`] runs it.
#[cfg(feature = "guard")]
pub fn builtin_pass() -> &'static GuardPass {
    PASS.get_or_init(load_pass)
}

/// Names of the built-in guard rules, which users' rules may not reuse.
#[cfg(feature = "guard")]
pub(super) fn rule_names() -> impl Iterator<Item = &'static str> {
    builtin_pass().rules.keys().map(String::as_str)
}

#[cfg(feature = "guard")]
fn load_pass() -> GuardPass {
    let metas = builtin_metas();
    let mut rules = HashMap::new();
    for decl in declarations() {
        let h = decl.header;
        let Some(meta) = h.code.and_then(|c| metas.iter().find(|m| m.code == c)) else {
            continue;
        };
        rules.insert(
            decl.guard_name.to_owned(),
            GuardRule {
                code: Cow::Borrowed(meta.code),
                name: Cow::Borrowed(h.name.unwrap_or(meta.name)),
                severity: h.severity.unwrap_or(meta.severity),
                help: h.fix,
            },
        );
    }
    GuardPass::new(
        PACKS.iter().map(|pack| (pack.text, Some(pack.applies_to))),
        rules,
        String::from("the built-in guard rules"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_entries_come_from_the_headers_with_or_without_guard() {
        for meta in builtin_metas() {
            assert!(
                meta.summary().starts_with("Reports ") || meta.summary().starts_with("Checks "),
                "{}: the summary is the first paragraph of What it does: {}",
                meta.code,
                meta.summary()
            );
            assert!(!meta.summary().contains("###"), "{}", meta.code);
        }
        let codes: Vec<&str> = builtin_metas().iter().map(|m| m.code).collect();
        assert_eq!(
            codes,
            [
                "CFR001", "CFR003", "ECS003", "ECS004", "ECS005", "ECS006", "ECS010", "IAM001",
                "IAM004", "IAM008"
            ]
        );
    }

    #[cfg(feature = "guard")]
    #[test]
    fn every_pack_parses_and_every_rule_has_a_catalog_entry() {
        for Pack { file, text, .. } in PACKS {
            crate::guard::engine::check_syntax(file, text).unwrap();
            let decls = header::scan(file, text).unwrap();
            assert!(!decls.is_empty(), "{file} declares no rules");
            for decl in decls {
                let code = decl
                    .header
                    .code
                    .unwrap_or_else(|| panic!("{file}: rule {} has no code", decl.guard_name));
                assert!(
                    decl.guard_name.starts_with(code),
                    "{file}: rule {} should start with its code {code}",
                    decl.guard_name
                );
                assert!(builtin_pass().rules.contains_key(decl.guard_name));
            }
        }
    }

    #[cfg(feature = "guard")]
    #[test]
    fn packs_run_only_on_templates_with_their_resource_types() {
        let pass = builtin_pass();
        assert!(pass.applies(0, &["AWS::S3::Bucket", "AWS::ECS::Service"]));
        assert!(!pass.applies(0, &["AWS::ECS::Cluster"]));
        assert!(pass.applies(1, &["Custom::Migration"]));
        assert!(pass.applies(1, &["AWS::CloudFormation::CustomResource"]));
        assert!(!pass.applies(1, &["AWS::CloudFormation::WaitCondition"]));
        assert!(pass.applies(2, &["AWS::IAM::ManagedPolicy"]));
        assert!(!pass.applies(2, &[]));
        assert!(!pass.applies(2, &["AWS::IAM::InstanceProfile"]));
    }

    /// A pack is given only the resources of its types: every type its text names must be one.
    #[cfg(feature = "guard")]
    #[test]
    fn every_resource_type_a_pack_names_is_one_it_is_given() {
        for pack in &PACKS {
            let named: Vec<&str> = pack
                .text
                .lines()
                .filter(|line| !line.trim_start().starts_with('#'))
                .flat_map(|line| line.split("'AWS::").skip(1))
                .filter_map(|rest| rest.split('\'').next())
                .filter(|rest| rest.contains("::"))
                .collect();
            assert!(!named.is_empty(), "{} names no resource type", pack.file);
            for name in named {
                let type_name = format!("AWS::{name}");
                assert!(
                    crate::guard::pass::matches_any(pack.applies_to, &type_name),
                    "{} names {type_name}, which it is not given",
                    pack.file
                );
            }
        }
    }

    #[cfg(feature = "guard")]
    #[test]
    fn iam001_is_an_error_for_star_and_a_warning_for_a_service() {
        let rules = &builtin_pass().rules;
        let star = &rules["IAM001_wildcard_action"];
        let service = &rules["IAM001_service_wildcard_action"];
        assert_eq!(
            (star.code.as_ref(), star.severity),
            ("IAM001", crate::Severity::Error)
        );
        assert_eq!(
            (
                service.code.as_ref(),
                service.name.as_ref(),
                service.severity
            ),
            ("IAM001", "wildcard-action", crate::Severity::Warning)
        );
    }
}
