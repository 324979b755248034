//! SCH: resources against the CloudFormation resource schemas (`crate::schema`).

mod decided;
mod invalid_enum_value;
mod item_count;
mod missing_required_property;
mod number_out_of_range;
mod pattern_mismatch;
mod read_only_property;
mod rename;
mod string_length;
mod unknown_attribute;
mod unknown_property;
mod unknown_resource_type;
mod wrong_value_type;

pub use invalid_enum_value::InvalidEnumValue;
pub use item_count::ItemCount;
pub use missing_required_property::MissingRequiredProperty;
pub use number_out_of_range::NumberOutOfRange;
pub use pattern_mismatch::PatternMismatch;
pub use read_only_property::ReadOnlyProperty;
pub use string_length::StringLength;
pub use unknown_attribute::UnknownAttribute;
pub use unknown_property::UnknownProperty;
pub use unknown_resource_type::UnknownResourceType;
pub use wrong_value_type::WrongValueType;
