//! The package's JSON as the model the stored file holds: every list sorted by name ignoring
//! ASCII case (the decoder's binary searches expect it), references resolved to ids.

use super::fetch::Files;
use super::format::{ACCESS_LEVELS, VALUE_TYPES};
use super::{PACKAGE, VERSION};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// Everything the stored file holds, in stored order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub source: String,
    pub services: Vec<ServiceModel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceModel {
    pub prefix: String,
    pub name: String,
    /// Name and value type code.
    pub keys: Vec<(String, u8)>,
    pub resource_types: Vec<ResourceModel>,
    pub actions: Vec<ActionModel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceModel {
    pub name: String,
    pub arn: String,
    pub keys: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionModel {
    pub name: String,
    pub access: u8,
    pub keys: Vec<u16>,
    pub rows: Vec<RowModel>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowModel {
    pub resource_type: u16,
    pub required: bool,
    pub keys: Vec<u16>,
}

impl Model {
    pub fn counts(&self) -> String {
        let sum = |f: fn(&ServiceModel) -> usize| self.services.iter().map(f).sum::<usize>();
        format!(
            "{} services, {} actions, {} resource types, {} condition keys",
            self.services.len(),
            sum(|s| s.actions.len()),
            sum(|s| s.resource_types.len()),
            sum(|s| s.keys.len()),
        )
    }
}

#[derive(Deserialize)]
struct SrcKey {
    key: String,
    #[serde(rename = "type")]
    value_type: String,
}

#[derive(Deserialize)]
struct SrcResource {
    key: String,
    arn: String,
    #[serde(rename = "conditionKeys", default)]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
struct SrcAction {
    name: String,
    #[serde(rename = "accessLevel")]
    access_level: String,
    #[serde(rename = "resourceTypes")]
    resource_types: Vec<SrcActionResource>,
    #[serde(rename = "conditionKeys")]
    condition_keys: Vec<String>,
}

#[derive(Deserialize)]
struct SrcActionResource {
    name: String,
    required: bool,
    #[serde(rename = "conditionKeys")]
    condition_keys: Vec<String>,
}

fn json<T: for<'de> Deserialize<'de>>(files: &Files, path: &str) -> Result<T, String> {
    let bytes = files
        .get(path)
        .ok_or_else(|| format!("{PACKAGE} {VERSION} has no data/{path}"))?;
    serde_json::from_slice(bytes).map_err(|e| format!("data/{path}: {e}"))
}

pub fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Sorts by name ignoring ASCII case (the decoder's order) and rejects names equal but for
/// case, which a case-insensitive lookup could not tell apart.
fn sort_unique<T>(items: &mut [T], name: fn(&T) -> &str, what: &str) -> Result<(), String> {
    items.sort_by_key(|item| lower(name(item)));
    for pair in items.windows(2) {
        if let [a, b] = pair
            && lower(name(a)) == lower(name(b))
        {
            return Err(format!("{what} `{}` appears twice", name(b)));
        }
    }
    Ok(())
}

pub fn checked(s: &str) -> Result<String, String> {
    if s.contains('\n') {
        Err(format!("a name contains a newline: {s:?}"))
    } else {
        Ok(s.to_owned())
    }
}

/// Builds the model from the package's data files.
pub fn build_model(files: &Files) -> Result<Model, String> {
    let prefixes: Vec<String> = json(files, "services.json")?;
    let names: BTreeMap<String, String> = json(files, "serviceNames.json")?;
    let mut services = Vec::with_capacity(prefixes.len());
    for prefix in &prefixes {
        let name = names
            .get(prefix)
            .ok_or_else(|| format!("serviceNames.json has no name for `{prefix}`"))?;
        services.push(
            build_service(files, prefix, name).map_err(|e| format!("service `{prefix}`: {e}"))?,
        );
    }
    sort_unique(&mut services, |s| &s.prefix, "service")?;
    Ok(Model {
        source: format!("{PACKAGE} {VERSION}"),
        services,
    })
}

fn build_service(files: &Files, prefix: &str, name: &str) -> Result<ServiceModel, String> {
    let src_keys: BTreeMap<String, SrcKey> = json(files, &format!("conditionKeys/{prefix}.json"))?;
    let src_resources: BTreeMap<String, SrcResource> =
        json(files, &format!("resourceTypes/{prefix}.json"))?;
    let src_actions: BTreeMap<String, SrcAction> = json(files, &format!("actions/{prefix}.json"))?;

    let mut keys = src_keys
        .values()
        .map(|k| {
            let code = VALUE_TYPES
                .iter()
                .position(|&t| t == k.value_type)
                .and_then(|i| u8::try_from(i).ok())
                .ok_or_else(|| {
                    format!("condition key `{}`: unknown type `{}`", k.key, k.value_type)
                })?;
            Ok((checked(&k.key)?, code))
        })
        .collect::<Result<Vec<_>, String>>()?;
    sort_unique(&mut keys, |k| &k.0, "condition key")?;
    let key_index: HashMap<String, u16> = keys
        .iter()
        .enumerate()
        .map(|(i, (k, _))| {
            Ok((
                lower(k),
                u16::try_from(i).map_err(|_| "too many condition keys")?,
            ))
        })
        .collect::<Result<_, String>>()?;
    let ids = |list: &[String], whose: &str| -> Result<Vec<u16>, String> {
        let mut ids = list
            .iter()
            .map(|k| {
                key_index.get(&lower(k)).copied().ok_or_else(|| {
                    format!("{whose}: condition key `{k}` is not in conditionKeys/{prefix}.json")
                })
            })
            .collect::<Result<Vec<u16>, String>>()?;
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    };

    let mut resource_types = src_resources
        .values()
        .map(|r| {
            Ok(ResourceModel {
                name: checked(&r.key)?,
                arn: checked(&r.arn)?,
                keys: ids(&r.condition_keys, &format!("resource type `{}`", r.key))?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    sort_unique(&mut resource_types, |r| &r.name, "resource type")?;
    let rt_index: HashMap<String, u16> = resource_types
        .iter()
        .enumerate()
        .map(|(i, r)| {
            Ok((
                lower(&r.name),
                u16::try_from(i).map_err(|_| "too many resource types")?,
            ))
        })
        .collect::<Result<_, String>>()?;

    let mut actions = src_actions
        .values()
        .map(|a| {
            let whose = format!("action `{}`", a.name);
            let mut access = 0u8;
            for level in a.access_level.split(", ") {
                let bit = ACCESS_LEVELS
                    .iter()
                    .find(|(n, _)| *n == level)
                    .map(|&(_, b)| b)
                    .ok_or_else(|| format!("{whose}: unknown access level `{level}`"))?;
                access |= bit;
            }
            let rows = a
                .resource_types
                .iter()
                .map(|r| {
                    Ok(RowModel {
                        resource_type: rt_index.get(&lower(&r.name)).copied().ok_or_else(|| {
                            format!(
                                "{whose}: resource type `{}` is not in resourceTypes/{prefix}.json",
                                r.name
                            )
                        })?,
                        required: r.required,
                        keys: ids(&r.condition_keys, &whose)?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(ActionModel {
                name: checked(&a.name)?,
                access,
                keys: ids(&a.condition_keys, &whose)?,
                rows,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    sort_unique(&mut actions, |a| &a.name, "action")?;

    Ok(ServiceModel {
        prefix: checked(prefix)?,
        name: checked(name)?,
        keys,
        resource_types,
        actions,
    })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_data::test_data::fake_files;

    #[test]
    fn the_model_is_sorted_ignoring_case_and_resolves_references() {
        let model = build_model(&fake_files()).unwrap();
        let prefixes: Vec<&str> = model.services.iter().map(|s| s.prefix.as_str()).collect();
        assert_eq!(prefixes, ["Alpha", "zeta"]);
        let zeta = &model.services[1];
        let keys: Vec<&str> = zeta.keys.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(
            keys,
            ["aws:RequestTag/${TagKey}", "zeta:B", "zeta:Tag/<key>"]
        );
        let rts: Vec<&str> = zeta
            .resource_types
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(rts, ["gadget", "widgetModel"]);
        assert_eq!(zeta.resource_types[1].keys, [2]);
        let make = &zeta.actions[1];
        assert_eq!(make.name, "MakeWidget");
        assert_eq!(make.access, 16 | 4);
        assert_eq!(make.keys, [0, 1]);
        assert_eq!(make.rows[0].resource_type, 1);
        assert!(make.rows[0].required);
        assert_eq!(make.rows[0].keys, [1]);
        assert_eq!(make.rows[1].resource_type, 0);
    }

    #[test]
    fn the_model_rejects_what_it_cannot_store() {
        let mut f = fake_files();
        f.insert(
            "actions/Alpha.json".into(),
            br#"{"x": {"name": "X", "accessLevel": "Admin", "resourceTypes": [], "conditionKeys": []}}"#.to_vec(),
        );
        assert!(
            build_model(&f)
                .unwrap_err()
                .contains("unknown access level")
        );
        let mut f = fake_files();
        f.insert(
            "actions/Alpha.json".into(),
            br#"{"x": {"name": "X", "accessLevel": "Read", "resourceTypes": [], "conditionKeys": ["alpha:nope"]}}"#.to_vec(),
        );
        assert!(build_model(&f).unwrap_err().contains("alpha:nope"));
        let mut f = fake_files();
        f.remove("actions/zeta.json");
        assert!(build_model(&f).unwrap_err().contains("actions/zeta.json"));
    }
}
