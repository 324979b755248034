//! TPL: the template itself.

mod circular_dependency;
mod duplicate_key;
mod malformed_intrinsic;
mod malformed_resource;
pub(crate) mod syntax_error;
pub mod unknown_parameter;
mod unresolved_reference;
pub(crate) mod unused_suppression;

pub use circular_dependency::CircularDependency;
pub use duplicate_key::DuplicateKey;
pub use malformed_intrinsic::MalformedIntrinsic;
pub use malformed_resource::MalformedResource;
pub use syntax_error::SyntaxError;
pub use unknown_parameter::UnknownParameter;
pub use unresolved_reference::UnresolvedReference;
pub use unused_suppression::UnusedSuppression;

use crate::Diagnostic;
use plimsoll_template::{Document, ParseDiagnostic, ParseErrorKind};

/// Diagnostics for the problems found while parsing (TPL001, TPL002).
pub fn parse_findings(document: &Document, problems: &[ParseDiagnostic]) -> Vec<Diagnostic> {
    problems
        .iter()
        .map(|problem| {
            let path = document
                .root()
                .map(|root| root.enclosing(problem.span).path())
                .unwrap_or_default();
            match &problem.kind {
                ParseErrorKind::DuplicateKey { key, first } => {
                    let mut path = path;
                    path.push('/');
                    plimsoll_template::push_pointer_segment(&mut path, key);
                    duplicate_key::diagnostic(problem, key, *first, path)
                }
                _ => syntax_error::diagnostic(problem, path),
            }
        })
        .collect()
}
