//! Every Rust rule, one file each, grouped by area.

pub mod cfr;
pub mod ecs;
pub mod iam;
pub mod sch;
pub mod tpl;

use crate::registry::{Declared, Rule, RuleMeta};

/// The Rust rules that check a template view, in code order. `declare_rule!` denies dead code
/// on the types it declares, so a rule missing here (never constructed) does not compile.
pub fn all() -> &'static [&'static dyn Rule] {
    &[
        &cfr::ServiceTokenNotArn,
        &cfr::ServiceTimeoutShorterThanFunction,
        &cfr::MissingServiceTimeout,
        &ecs::DeploymentDeadlock,
        &ecs::DeploymentDowntime,
        &ecs::MutableImageTag,
        &ecs::GracePeriodWithoutHealthCheck,
        &ecs::SlowConnectionDraining,
        &ecs::TargetGroupNotAttached,
        &iam::UnscopedResource,
        &iam::InapplicableConditionKey,
        &iam::ClusterConditionNotArn,
        &iam::UnknownAction,
        &iam::RuntaskWithoutPassrole,
        &sch::UnknownResourceType,
        &sch::UnknownProperty,
        &sch::MissingRequiredProperty,
        &sch::WrongValueType,
        &sch::InvalidEnumValue,
        &sch::NumberOutOfRange,
        &sch::StringLength,
        &sch::PatternMismatch,
        &sch::ItemCount,
        &sch::UnknownAttribute,
        &sch::ReadOnlyProperty,
        &tpl::UnresolvedReference,
        &tpl::CircularDependency,
        &tpl::MalformedIntrinsic,
        &tpl::MalformedResource,
        &tpl::UnknownParameter,
    ]
}

/// Catalog entries for findings reported outside [`Rule::check`]: parse problems (reported
/// before a template view exists) and stale suppressions (found after every rule ran).
pub fn extra_metas() -> Vec<&'static RuleMeta> {
    vec![
        tpl::SyntaxError.meta(),
        tpl::DuplicateKey.meta(),
        tpl::UnusedSuppression.meta(),
    ]
}
