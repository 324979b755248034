//! SCH: resources against the CloudFormation resource schemas (`crate::schema`).

mod missing_required_property;
mod rename;
mod unknown_property;
mod unknown_resource_type;

pub use missing_required_property::MissingRequiredProperty;
pub use unknown_property::UnknownProperty;
pub use unknown_resource_type::UnknownResourceType;
