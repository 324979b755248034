//! `--cross-check PATH`: the model against cfn-lint's bundled `Policies.json`, differences
//! reported, never a failure.

use super::model::{ActionModel, Model, ServiceModel, lower};
use super::{PACKAGE, VERSION};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Deserialize)]
struct CfnService {
    #[serde(rename = "Actions", default)]
    actions: BTreeMap<String, CfnAction>,
    #[serde(rename = "Resources", default)]
    resources: BTreeMap<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct CfnAction {
    #[serde(rename = "Resources", default)]
    resources: Vec<String>,
}

fn examples(items: &BTreeSet<String>) -> String {
    let shown: Vec<&str> = items.iter().take(8).map(String::as_str).collect();
    let more = items.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} … and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

pub fn cross_check(model: &Model, path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let theirs: BTreeMap<String, CfnService> =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let theirs: BTreeMap<String, CfnService> =
        theirs.into_iter().map(|(k, v)| (lower(&k), v)).collect();
    let ours: BTreeMap<String, &ServiceModel> = model
        .services
        .iter()
        .map(|s| (lower(&s.prefix), s))
        .collect();

    let only_ours: BTreeSet<String> = ours
        .keys()
        .filter(|k| !theirs.contains_key(*k))
        .cloned()
        .collect();
    let only_theirs: BTreeSet<String> = theirs
        .keys()
        .filter(|k| !ours.contains_key(*k))
        .cloned()
        .collect();
    let common = ours.len() - only_ours.len();
    println!(
        "cross-check: {} {} against {}",
        PACKAGE,
        VERSION,
        path.display()
    );
    println!(
        "services: ours {}, cfn-lint {}, common {common}; only ours {}: {}; only cfn-lint {}: {}",
        ours.len(),
        theirs.len(),
        only_ours.len(),
        examples(&only_ours),
        only_theirs.len(),
        examples(&only_theirs)
    );

    let (mut actions_ours, mut actions_theirs, mut actions_common) = (0usize, 0usize, 0usize);
    let (mut services_differing, mut only_ours_total, mut only_theirs_total) =
        (0usize, 0usize, 0usize);
    let mut rt_differing = 0usize;
    let (mut resources_only_ours, mut resources_only_theirs) = (0usize, 0usize);
    let mut action_examples_ours = BTreeSet::new();
    let mut action_examples_theirs = BTreeSet::new();
    let mut rt_examples = BTreeSet::new();
    for (prefix, svc) in &ours {
        let Some(cfn) = theirs.get(prefix) else {
            continue;
        };
        let our_actions: BTreeMap<String, &ActionModel> =
            svc.actions.iter().map(|a| (lower(&a.name), a)).collect();
        actions_ours += our_actions.len();
        actions_theirs += cfn.actions.len();
        let mine: BTreeSet<&String> = our_actions.keys().collect();
        let other: BTreeSet<String> = cfn.actions.keys().map(|k| lower(k)).collect();
        let a: Vec<&String> = mine
            .iter()
            .copied()
            .filter(|k| !other.contains(*k))
            .collect();
        let b: Vec<&String> = other
            .iter()
            .filter(|k| !our_actions.contains_key(*k))
            .collect();
        if !a.is_empty() || !b.is_empty() {
            services_differing += 1;
        }
        only_ours_total += a.len();
        only_theirs_total += b.len();
        action_examples_ours.extend(a.iter().map(|k| format!("{prefix}:{k}")));
        action_examples_theirs.extend(b.iter().map(|k| format!("{prefix}:{k}")));
        for (name, action) in &our_actions {
            let Some(cfn_action) = cfn.actions.get(name.as_str()).or_else(|| {
                cfn.actions
                    .iter()
                    .find(|(k, _)| lower(k) == **name)
                    .map(|(_, v)| v)
            }) else {
                continue;
            };
            actions_common += 1;
            let our_rts: BTreeSet<String> = action
                .rows
                .iter()
                .filter_map(|r| svc.resource_types.get(usize::from(r.resource_type)))
                .map(|r| lower(&r.name))
                .collect();
            let their_rts: BTreeSet<String> =
                cfn_action.resources.iter().map(|r| lower(r)).collect();
            if our_rts != their_rts {
                rt_differing += 1;
                let join = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
                    a.difference(b).cloned().collect::<Vec<_>>().join(",")
                };
                rt_examples.insert(format!(
                    "{prefix}:{} (only ours [{}], only cfn-lint [{}])",
                    action.name,
                    join(&our_rts, &their_rts),
                    join(&their_rts, &our_rts)
                ));
            }
        }
        let our_res: BTreeSet<String> = svc.resource_types.iter().map(|r| lower(&r.name)).collect();
        let their_res: BTreeSet<String> = cfn.resources.keys().map(|k| lower(k)).collect();
        resources_only_ours += our_res.difference(&their_res).count();
        resources_only_theirs += their_res.difference(&our_res).count();
    }
    println!(
        "actions in common services: ours {actions_ours}, cfn-lint {actions_theirs}, common \
         {actions_common}; {services_differing} services differ"
    );
    println!(
        "  only ours {only_ours_total}: {}",
        examples(&action_examples_ours)
    );
    println!(
        "  only cfn-lint {only_theirs_total}: {}",
        examples(&action_examples_theirs)
    );
    println!(
        "common actions whose resource types differ: {rt_differing}: {}",
        examples(&rt_examples)
    );
    println!(
        "resource types in common services: only ours {resources_only_ours}, only cfn-lint \
         {resources_only_theirs}"
    );
    Ok(())
}
