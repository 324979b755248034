//! SCH: resources against the CloudFormation resource schemas (`crate::schema`).

mod invalid_enum_value;
mod missing_required_property;
mod rename;
mod unknown_property;
mod unknown_resource_type;
mod wrong_value_type;

pub use invalid_enum_value::InvalidEnumValue;
pub use missing_required_property::MissingRequiredProperty;
pub use unknown_property::UnknownProperty;
pub use unknown_resource_type::UnknownResourceType;
pub use wrong_value_type::WrongValueType;
