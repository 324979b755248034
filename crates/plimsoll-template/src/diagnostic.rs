//! Problems found while reading the text; the lint crate turns them into rule diagnostics.

use crate::Span;

/// What went wrong while parsing.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseErrorKind {
    /// The text is not valid YAML or JSON; parsing stopped here.
    Syntax,
    /// A mapping repeats a key; the first value is kept.
    DuplicateKey {
        key: String,
        /// Where the key first appears.
        first: Span,
    },
    /// A tag the template language does not define (`!Reff`); the value is read untagged.
    UnknownTag { tag: String },
    /// An escape that stands for no character (half of a UTF-16 surrogate pair); the value
    /// holds U+FFFD, the replacement character, in its place.
    InvalidEscape,
    /// A depth or alias limit was reached; the content past it is read as null.
    Limit,
    /// The input is larger than the size or node limit; reading stopped.
    TooLarge,
    /// A construct CloudFormation cannot read (complex keys, several documents…).
    Unsupported,
}

/// One problem, with the span it concerns and a message for people.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseDiagnostic {
    pub kind: ParseErrorKind,
    pub span: Span,
    pub message: String,
}

impl ParseDiagnostic {
    pub fn new(kind: ParseErrorKind, span: Span, message: impl Into<String>) -> ParseDiagnostic {
        ParseDiagnostic {
            kind,
            span,
            message: message.into(),
        }
    }

    /// Whether parsing stopped at this problem (the tree is incomplete).
    pub fn is_fatal(&self) -> bool {
        matches!(self.kind, ParseErrorKind::Syntax | ParseErrorKind::TooLarge)
    }
}
