//! Evaluated values.

use std::collections::BTreeMap;

/// A value known at lint time.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Val>),
    Map(BTreeMap<String, Val>),
    /// `!Ref AWS::NoValue`: the property is removed.
    NoValue,
}

impl Val {
    /// A number when the text is one, else the text.
    pub fn number_or_string(text: &str) -> Val {
        let trimmed = text.trim();
        if let Ok(i) = trimmed.parse::<i64>() {
            Val::Int(i)
        } else if let Some(f) = trimmed.parse::<f64>().ok().filter(|f| f.is_finite()) {
            Val::Float(f)
        } else {
            Val::Str(text.to_owned())
        }
    }

    /// An integer, also from integral floats and numeric strings (CloudFormation coerces).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Val::Int(i) => Some(*i),
            Val::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Val::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Int(i) => Some(*i as f64),
            Val::Float(f) => Some(*f),
            Val::Str(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            Val::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Val::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The text CloudFormation would use for a scalar (numbers and booleans as strings).
    pub fn to_text(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Float(f) => Some(f.to_string()),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}
