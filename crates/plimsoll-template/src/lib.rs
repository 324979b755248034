//! CloudFormation templates (YAML and JSON) as a positioned node tree.
//!
//! One parser reads both formats. Every node has a byte [`Span`] and a JSON-pointer path;
//! short-form tags are rewritten to their long form (`!Ref X` is `{"Ref": "X"}`); duplicated
//! keys are reported and the first value kept; limits on size, nesting and aliases end in a
//! diagnostic, never a hang, a stack overflow or a panic. No I/O: this crate builds for wasm32.

mod builder;
mod diagnostic;
mod escapes;
mod limits;
mod line_index;
mod node;
mod offsets;
mod quoted;
mod range_check;
mod reindent;
mod scalar;
mod span;
mod tags;

pub use builder::{Parsed, parse, parse_with_limits};
pub use diagnostic::{ParseDiagnostic, ParseErrorKind};
pub use limits::Limits;
pub use line_index::{LineCol, LineIndex};
pub use node::{
    Document, Entry, Format, NodeId, NodeRef, Value, is_intrinsic_name, push_pointer_segment,
};
pub use range_check::{RangeMismatch, range_mismatches};
pub use span::Span;
