//! The stored format's constants: `plimsoll_lint::iam::data::format` is the reference (it
//! documents and decodes the layout), and the test checks that these agree with it.

pub const MAGIC: &[u8; 5] = b"PLIAM";
pub const FORMAT_VERSION: u8 = 1;
/// Value type names in code order (`ValueType::ALL`).
pub const VALUE_TYPES: [&str; 14] = [
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
pub const ACCESS_LEVELS: [(&str, u8); 5] = [
    ("List", 1),
    ("Read", 2),
    ("Write", 4),
    ("Permissions management", 8),
    ("Tagging", 16),
];

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_lint::iam::data::{AccessLevel, ValueType, format};

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
}
