//! TypeScript declarations written from the Rust definitions of the editor model, so the npm
//! package's types cannot drift from what `lint()` returns.
//!
//! A type declared through [`typescript!`] is the Rust type as written (derives and serde
//! attributes included) and, from the same tokens, its TypeScript declaration: its doc comments,
//! its fields' names as serde writes them (`rename_all`, `rename`), optional (`?`) where serde
//! skips the field, and the TypeScript type of each field's Rust type ([`TsType`]).

use plimsoll_lint::{Applicability, Severity};
use serde::Serialize;

/// The TypeScript type of a Rust type as it appears in a field.
pub trait TsType {
    fn ts_type() -> String;
}

/// A type with a declaration of its own (`export interface …` or `export type …`).
pub trait Declare {
    fn declaration() -> String;
}

macro_rules! number {
    ($($t:ty),*) => {$(
        impl TsType for $t {
            fn ts_type() -> String {
                "number".into()
            }
        }
    )*};
}
number!(u32, u64, i64, usize);

impl TsType for bool {
    fn ts_type() -> String {
        "boolean".into()
    }
}

impl TsType for String {
    fn ts_type() -> String {
        "string".into()
    }
}

impl<T: TsType> TsType for Vec<T> {
    fn ts_type() -> String {
        let item = T::ts_type();
        if item.contains(' ') {
            format!("Array<{item}>")
        } else {
            format!("{item}[]")
        }
    }
}

/// `T | null`; a field serde skips when it is `None` is declared optional instead.
impl<T: TsType> TsType for Option<T> {
    fn ts_type() -> String {
        format!("{} | null", T::ts_type())
    }
}

impl TsType for Severity {
    fn ts_type() -> String {
        "Severity".into()
    }
}

impl Declare for Severity {
    fn declaration() -> String {
        // Exhaustive, so a new severity cannot be left out of the list.
        let all = [Severity::Error, Severity::Warning, Severity::Info];
        for s in all {
            match s {
                Severity::Error | Severity::Warning | Severity::Info => {}
            }
        }
        union("Severity", &[" How serious a finding is."], &all)
    }
}

impl TsType for Applicability {
    fn ts_type() -> String {
        let all = [Applicability::Safe, Applicability::Unsafe];
        for a in all {
            match a {
                Applicability::Safe | Applicability::Unsafe => {}
            }
        }
        literals(&all).join(" | ")
    }
}

/// One field of an interface, as [`typescript!`] hands it over.
#[derive(Debug)]
pub struct Field {
    /// The Rust name.
    pub name: &'static str,
    pub docs: &'static [&'static str],
    /// The tokens inside the field's `#[serde(…)]`, as text.
    pub serde: &'static str,
    pub ts_type: String,
}

/// `export interface NAME { … }` for a struct with `docs`, the tokens of its `#[serde(…)]`,
/// and its fields.
pub fn interface(name: &str, docs: &[&str], serde: &str, fields: &[Field]) -> String {
    let camel_case = serde_options(serde).any(|(k, v)| k == "rename_all" && v == "camelCase");
    let mut out = comment(docs, "");
    out.push_str(&format!("export interface {name} {{\n"));
    for field in fields {
        let mut json_name = if camel_case {
            camel(field.name)
        } else {
            field.name.to_owned()
        };
        let mut optional = false;
        for (key, value) in serde_options(field.serde) {
            match key {
                "rename" => json_name = value.to_owned(),
                "skip_serializing_if" => optional = true,
                _ => {}
            }
        }
        let mut ts_type = field.ts_type.clone();
        if optional && let Some(inner) = ts_type.strip_suffix(" | null") {
            ts_type = inner.to_owned();
        }
        out.push_str(&comment(field.docs, "  "));
        let mark = if optional { "?" } else { "" };
        out.push_str(&format!("  {json_name}{mark}: {ts_type};\n"));
    }
    out.push_str("}\n");
    out
}

/// `export type NAME = "a" | "b";`: the names serde writes for a unit-only enum's `values`.
pub fn union<T: Serialize>(name: &str, docs: &[&str], values: &[T]) -> String {
    let literals = literals(values);
    let mut out = comment(docs, "");
    if literals.len() > 3 {
        out.push_str(&format!("export type {name} =\n"));
        for literal in &literals {
            out.push_str(&format!("  | {literal}\n"));
        }
        out.pop();
        out.push_str(";\n");
    } else {
        out.push_str(&format!("export type {name} = {};\n", literals.join(" | ")));
    }
    out
}

fn literals<T: Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| serde_json::to_string(v).unwrap_or_default())
        .collect()
}

/// `/** … */` from doc comment lines (each as rustdoc gives it, with its leading space).
fn comment(docs: &[&str], indent: &str) -> String {
    let lines: Vec<&str> = docs
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("{indent}/** {one} */\n"),
        many => {
            let mut out = format!("{indent}/**\n");
            for line in many {
                if line.is_empty() {
                    out.push_str(&format!("{indent} *\n"));
                } else {
                    out.push_str(&format!("{indent} * {line}\n"));
                }
            }
            out.push_str(&format!("{indent} */\n"));
            out
        }
    }
}

/// The `key = "value"` (or bare `key`) entries of a `#[serde(…)]`'s tokens as text.
fn serde_options(tokens: &str) -> impl Iterator<Item = (&str, &str)> {
    tokens.split(',').filter_map(|option| {
        let option = option.trim();
        if option.is_empty() {
            return None;
        }
        Some(match option.split_once('=') {
            Some((key, value)) => (key.trim(), value.trim().trim_matches('"')),
            None => (option, ""),
        })
    })
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Declares a struct (at most one type parameter) or a unit-only enum, and its TypeScript
/// declaration from the same definition. Attributes go in this order: doc comments, one
/// `#[derive(…)]`, at most one `#[serde(…)]`; on a field, doc comments then at most one
/// `#[serde(…)]`. A type parameter is written as the type given for it (`Range<Location>` is
/// declared `interface Range { start: Location; … }`).
macro_rules! typescript {
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        $(#[serde($($serde:tt)*)])?
        pub struct $name:ident $(<$param:ident>)? {
            $(
                $(#[doc = $field_doc:literal])*
                $(#[serde($($field_serde:tt)*)])?
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive),*)]
        $(#[serde($($serde)*)])?
        pub struct $name $(<$param>)? {
            $(
                $(#[doc = $field_doc])*
                $(#[serde($($field_serde)*)])?
                pub $field: $ty,
            )*
        }

        impl $(<$param>)? $crate::typescript::TsType for $name $(<$param>)? {
            fn ts_type() -> String {
                stringify!($name).into()
            }
        }

        impl $(<$param: $crate::typescript::TsType>)? $crate::typescript::Declare
            for $name $(<$param>)?
        {
            fn declaration() -> String {
                $crate::typescript::interface(
                    stringify!($name),
                    &[$($doc),*],
                    stringify!($($($serde)*)?),
                    &[$(
                        $crate::typescript::Field {
                            name: stringify!($field),
                            docs: &[$($field_doc),*],
                            serde: stringify!($($($field_serde)*)?),
                            ts_type: <$ty as $crate::typescript::TsType>::ts_type(),
                        }
                    ),*],
                )
            }
        }
    };
    (
        $(#[doc = $doc:literal])*
        #[derive($($derive:path),* $(,)?)]
        $(#[serde($($serde:tt)*)])?
        pub enum $name:ident {
            $(
                $(#[$variant_attr:meta])*
                $variant:ident,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive($($derive),*)]
        $(#[serde($($serde)*)])?
        pub enum $name {
            $(
                $(#[$variant_attr])*
                $variant,
            )*
        }

        impl $crate::typescript::TsType for $name {
            fn ts_type() -> String {
                stringify!($name).into()
            }
        }

        impl $crate::typescript::Declare for $name {
            fn declaration() -> String {
                $crate::typescript::union(stringify!($name), &[$($doc),*], &[$($name::$variant),*])
            }
        }
    };
}

pub(crate) use typescript;

#[cfg(test)]
mod tests {
    use super::*;

    typescript! {
        /// A point.
        #[derive(Serialize)]
        pub struct Point<P> {
            /// Across.
            ///
            /// Then down.
            pub x_value: P,
            #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
            pub kind: Option<String>,
            pub tags: Vec<Option<u32>>,
        }
    }

    typescript! {
        #[derive(Clone, Copy, Serialize)]
        #[serde(rename_all = "camelCase")]
        pub enum Mode {
            /// First.
            FastLane,
            #[serde(rename = "z")]
            Last,
        }
    }

    #[test]
    fn a_struct_is_declared_with_its_docs_names_and_optional_fields() {
        assert_eq!(
            Point::<u32>::declaration(),
            "/** A point. */\nexport interface Point {\n  /**\n   * Across.\n   *\n   * Then down.\n   */\n  x_value: number;\n  type?: string;\n  tags: Array<number | null>;\n}\n"
        );
    }

    #[test]
    fn an_enum_is_the_union_of_the_names_serde_writes() {
        assert_eq!(
            Mode::declaration(),
            "export type Mode = \"fastLane\" | \"z\";\n"
        );
        assert_eq!(Mode::ts_type(), "Mode");
        assert_eq!(
            Severity::declaration(),
            "/** How serious a finding is. */\nexport type Severity = \"error\" | \"warning\" | \"info\";\n"
        );
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("no_echo"), "noEcho");
        assert_eq!(camel("line"), "line");
    }
}
