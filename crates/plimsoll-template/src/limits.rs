//! Bounds that keep hostile input from exhausting time, memory or the stack.

/// Limits applied while parsing. Exceeding one ends in a diagnostic, never a hang or a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted source, in bytes. CloudFormation itself accepts at most 1 MB.
    pub max_bytes: usize,
    /// Deepest nesting of mappings and sequences kept; deeper content is replaced by null.
    /// Everything downstream may recurse up to this depth.
    pub max_depth: usize,
    /// Most nodes that alias expansion (`*anchor`) may add, against "billion laughs" bombs.
    pub max_alias_nodes: usize,
    /// Most nodes in the whole tree.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 16 * 1024 * 1024,
            max_depth: 128,
            max_alias_nodes: 100_000,
            max_nodes: 4_000_000,
        }
    }
}
