//! What a template deploys, read through the evaluator: ECS services and their task
//! definitions, container images, custom resources and the functions behind their service
//! tokens, and each property's value with where it came from. Rules, the rollout simulation
//! and the report read these; `rules/` holds only rules.

pub mod custom_resource;
pub mod ecs_service;
pub mod image;
pub mod pick;
pub mod property_value;
