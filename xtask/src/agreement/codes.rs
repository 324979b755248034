//! Which cfn-lint codes the schema rules answer, and with which Plimsoll codes.

/// One row of the comparison: cfn-lint's codes for a check and the Plimsoll codes for the same
/// check. An empty `plimsoll` is a check the schema rules do not make yet: its cfn-lint
/// findings are all misses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub cfn_lint: &'static [&'static str],
    pub plimsoll: &'static [&'static str],
    /// Plimsoll codes that report some of the same problems under another name (a `Fn::GetAtt`
    /// of a resource that does not exist is TPL003's): a cfn-lint finding they pair with is
    /// found, and their other findings are not counted.
    pub also: &'static [&'static str],
    pub what: &'static str,
}

/// The table, in the order the report prints it.
pub const ROWS: &[Row] = &[
    Row {
        cfn_lint: &["E3006"],
        plimsoll: &["SCH001"],
        also: &[],
        what: "unknown resource type",
    },
    Row {
        cfn_lint: &["E3002"],
        plimsoll: &["SCH002"],
        also: &[],
        what: "unknown property",
    },
    Row {
        cfn_lint: &["E3003"],
        plimsoll: &["SCH003"],
        also: &[],
        what: "missing required property",
    },
    Row {
        cfn_lint: &["E3012"],
        plimsoll: &["SCH004"],
        also: &["SCH003"],
        what: "wrong value type",
    },
    Row {
        cfn_lint: &["E3030"],
        plimsoll: &["SCH005"],
        also: &["SCH003", "SCH004"],
        what: "value not in the enum",
    },
    Row {
        cfn_lint: &["E3031"],
        plimsoll: &["SCH008"],
        also: &[],
        what: "string pattern",
    },
    Row {
        cfn_lint: &["E3032"],
        plimsoll: &["SCH009"],
        also: &[],
        what: "array length",
    },
    Row {
        cfn_lint: &["E3033"],
        plimsoll: &["SCH007"],
        also: &[],
        what: "string length",
    },
    Row {
        cfn_lint: &["E3034"],
        plimsoll: &["SCH006"],
        also: &[],
        what: "number range",
    },
    Row {
        cfn_lint: &["E1010"],
        plimsoll: &["SCH010"],
        also: &["TPL003"],
        what: "`Fn::GetAtt` of an attribute the type does not have",
    },
    Row {
        cfn_lint: &["E3040"],
        plimsoll: &["SCH011"],
        also: &[],
        what: "read-only property set",
    },
    // Not the resource type (that is E3006 since cfn-lint 1): the resource's own keys (an
    // attribute it does not have, `Type` not a string) and the logical ID's characters.
    Row {
        cfn_lint: &["E3001"],
        plimsoll: &[],
        also: &[],
        what: "resource keys and logical ID",
    },
];

/// cfn-lint's code for a template it cannot read.
pub const CFN_LINT_UNPARSABLE: &str = "E0000";
/// Plimsoll's code for a template it cannot read.
pub const PLIMSOLL_UNPARSABLE: &str = "TPL001";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_in_one_row_only() {
        let mut seen = std::collections::HashSet::new();
        for row in ROWS {
            for code in row.cfn_lint.iter().chain(row.plimsoll) {
                assert!(seen.insert(*code), "{code} is in two rows");
            }
        }
        assert!(!seen.contains(CFN_LINT_UNPARSABLE) && !seen.contains(PLIMSOLL_UNPARSABLE));
    }
}
