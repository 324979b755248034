//! The editor-facing model: what the npm package's `lint()` returns and what the browser
//! checker shows. Positions are for JavaScript strings: 1-based lines, 1-based columns counted
//! in UTF-16 code units, and UTF-16 offsets into the source (`source.slice(start, end)`).

use crate::typescript::{Declare, typescript};
use crate::{Counts, Positions, finding};
use plimsoll_lint::model::ecs_service;
use plimsoll_lint::rollout::{self, ServiceRollout};
use plimsoll_lint::{Analysis, Diagnostic, ParameterInfo, Severity};
use plimsoll_template::Span;
use serde::{Deserialize, Serialize};

typescript! {
    /// What `lint` returns: the result of linting one template.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct LintResult {
        /// Sorted by position.
        pub findings: Vec<Finding>,
        pub parameters: Vec<Parameter>,
        /// The rolling deployment of every ECS service.
        #[serde(default)]
        pub services: Vec<Service>,
        pub counts: Counts,
    }
}

typescript! {
    /// A point in the source.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Location {
        /// 1-based line.
        pub line: u32,
        /// 1-based column, counted in UTF-16 code units (JavaScript string indices).
        pub column: u32,
        /// 0-based offset into the source, in UTF-16 code units: `source.slice(start.offset, end.offset)`.
        pub offset: u32,
    }
}

pub type Finding = finding::Finding<Location>;
pub type Range = finding::Range<Location>;
pub type Label = finding::Label<Location>;
pub type Fix = finding::Fix<Location>;
pub type Edit = finding::Edit<Location>;

typescript! {
    /// One template parameter.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Parameter {
        pub name: String,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        pub type_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub default: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub allowed_values: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        pub no_echo: bool,
        /// Where the parameter's name is declared.
        pub range: Range,
    }
}

typescript! {
    /// Running tasks after one change of a rolling deployment.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Step {
        /// Tasks of the old task definition still running.
        pub old: u64,
        /// Tasks of the new task definition running and healthy.
        pub new: u64,
    }
}

typescript! {
    /// How a rolling deployment ends.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub enum Outcome {
        /// Every old task is replaced and some task keeps running throughout.
        Completes,
        /// ECS can neither stop an old task nor start a new one: the deployment never ends.
        Deadlock,
        /// The deployment passes through zero running tasks.
        Downtime,
        /// DesiredCount 0: nothing to replace.
        NoTasks,
        /// Not a rolling deployment (CODE_DEPLOY, EXTERNAL, blue/green…).
        NotRolling,
        /// Values ECS rejects.
        Invalid,
        /// The template does not decide the values the outcome depends on.
        #[default]
        Unknown,
    }
}

typescript! {
    /// How ECS places a service's tasks.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Scheduling {
        Replica,
        Daemon,
    }
}

typescript! {
    /// One ECS service's rolling deployment, simulated step by step.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Service {
        /// The service's logical id.
        pub name: String,
        /// Where the service is declared (its logical id).
        pub range: Range,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scheduling: Option<Scheduling>,
        /// N (DesiredCount), when the template decides it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub desired_count: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub minimum_healthy_percent: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub maximum_percent: Option<i64>,
        /// Fewest tasks ECS keeps running and healthy: ceil(N × min / 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub min_tasks: Option<u64>,
        /// Most tasks ECS runs at once: floor(N × max / 100).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub max_tasks: Option<u64>,
        /// From N old tasks to the end, one entry per change; empty when N is unknown.
        #[serde(default)]
        pub steps: Vec<Step>,
        pub outcome: Outcome,
        /// The step at which no task runs, for a downtime.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub downtime_step: Option<usize>,
        /// The parameter values that decided the plan ("with the parameter default X=1").
        #[serde(default, skip_serializing_if = "String::is_empty")]
        pub provenance: String,
        /// Parameters without a value that the count or the percentages refer to, when the
        /// plan is unknown: giving them values decides it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub parameters_without_value: Vec<String>,
    }
}

/// The TypeScript declarations of [`LintResult`] and every type it holds, in the order the npm
/// package's declarations give them.
pub fn typescript_declarations() -> String {
    [
        Severity::declaration(),
        Location::declaration(),
        Range::declaration(),
        Label::declaration(),
        Edit::declaration(),
        Fix::declaration(),
        Finding::declaration(),
        Parameter::declaration(),
        Counts::declaration(),
        Step::declaration(),
        Outcome::declaration(),
        Scheduling::declaration(),
        Service::declaration(),
        LintResult::declaration(),
    ]
    .join("\n")
}

/// The report for one template's analysis.
pub fn report(source: &str, analysis: &Analysis) -> LintResult {
    let positions = Positions::new(source);
    LintResult {
        findings: analysis
            .diagnostics
            .iter()
            .map(|d| finding(&positions, d))
            .collect(),
        parameters: analysis
            .parameters
            .iter()
            .map(|p| parameter(&positions, p))
            .collect(),
        services: analysis
            .services
            .iter()
            .map(|s| service(&positions, s))
            .collect(),
        counts: Counts::of(analysis.diagnostics.iter().map(|d| d.severity)),
    }
}

/// Findings with editor positions.
pub fn findings(source: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    let positions = Positions::new(source);
    diagnostics.iter().map(|d| finding(&positions, d)).collect()
}

/// A byte span as an editor range.
pub fn range(positions: &Positions<'_>, span: Span) -> Range {
    let location = |offset: u32| {
        let at = positions.line_col_utf16(offset);
        Location {
            line: at.line,
            column: at.column,
            offset: positions.utf16_offset(offset),
        }
    };
    Range {
        start: location(span.start),
        end: location(span.end.max(span.start)),
    }
}

fn finding(positions: &Positions<'_>, d: &Diagnostic) -> Finding {
    Finding::new(d, |span| range(positions, span))
}

fn service(positions: &Positions<'_>, s: &ServiceRollout) -> Service {
    let (outcome, downtime_step) = match s.plan.outcome {
        rollout::Outcome::Completes => (Outcome::Completes, None),
        rollout::Outcome::Deadlock => (Outcome::Deadlock, None),
        rollout::Outcome::Downtime { step } => (Outcome::Downtime, step),
        rollout::Outcome::NoTasks => (Outcome::NoTasks, None),
        rollout::Outcome::NotRolling => (Outcome::NotRolling, None),
        rollout::Outcome::Invalid => (Outcome::Invalid, None),
        rollout::Outcome::Unknown => (Outcome::Unknown, None),
    };
    Service {
        name: s.service.clone(),
        range: range(positions, s.location.span),
        scheduling: s.scheduling.as_ref().map(|k| match k.value {
            ecs_service::Scheduling::Replica => Scheduling::Replica,
            ecs_service::Scheduling::Daemon => Scheduling::Daemon,
        }),
        desired_count: s.desired_count.as_ref().map(|c| c.value),
        minimum_healthy_percent: s.minimum_healthy_percent.as_ref().map(|m| m.value),
        maximum_percent: s.maximum_percent.as_ref().map(|m| m.value),
        min_tasks: s.plan.min_tasks,
        max_tasks: s.plan.max_tasks,
        steps: s
            .plan
            .steps
            .iter()
            .map(|step| Step {
                old: step.old,
                new: step.new,
            })
            .collect(),
        outcome,
        downtime_step,
        provenance: s.provenance(),
        parameters_without_value: s.parameters_without_value.clone(),
    }
}

fn parameter(positions: &Positions<'_>, p: &ParameterInfo) -> Parameter {
    Parameter {
        name: p.name.clone(),
        type_name: p.type_name.clone(),
        default: p.default.clone(),
        allowed_values: p.allowed_values.clone(),
        description: p.description.clone(),
        no_echo: p.no_echo,
        range: range(positions, p.span),
    }
}
