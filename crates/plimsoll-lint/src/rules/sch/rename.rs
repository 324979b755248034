//! The "did you mean" fix the SCH rules share: replace a misspelt name where it is written
//! literally.

use crate::context::Context;
use crate::{Applicability, DiagnosticBuilder, Edit, Fix};
use plimsoll_template::Span;

/// Adds the help and, when `span` holds exactly `written`, the fix that writes `close`.
pub fn suggest(
    cx: &Context<'_>,
    builder: DiagnosticBuilder,
    span: Span,
    written: &str,
    close: Option<&str>,
) -> DiagnosticBuilder {
    let Some(close) = close else {
        return builder;
    };
    let builder = builder.help(format!("did you mean `{close}`?"));
    if span.text(cx.source) != written {
        return builder;
    }
    builder.fix(Fix {
        message: format!("replace with `{close}`"),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            span,
            replacement: close.to_owned(),
        }],
    })
}
