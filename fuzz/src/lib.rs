//! Shared by the fuzz targets: the invariants every result must keep, and a grammar of
//! CloudFormation templates rendered as YAML and JSON, and the runner's property checks.

pub mod grammar;
pub mod invariants;
pub mod render;
pub mod runner;
