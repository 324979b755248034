//! CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub` …) and their long forms.

/// How a short-form tag is rewritten.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ShortForm {
    /// `!Ref x` → `{"Ref": x}`, `!Sub s` → `{"Fn::Sub": s}` …: wrap the value under this key.
    Wrap(&'static str),
    /// `!GetAtt a.b` → `{"Fn::GetAtt": ["a", "b"]}`: a scalar is split at its first dot.
    GetAtt,
}

/// The long form of a local tag's suffix (`Ref`, `GetAtt`, …), or `None` for unknown tags.
pub(crate) fn short_form(suffix: &str) -> Option<ShortForm> {
    let key = match suffix {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "GetAtt" => return Some(ShortForm::GetAtt),
        "Sub" => "Fn::Sub",
        "If" => "Fn::If",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "FindInMap" => "Fn::FindInMap",
        "Base64" => "Fn::Base64",
        "Cidr" => "Fn::Cidr",
        "GetAZs" => "Fn::GetAZs",
        "ImportValue" => "Fn::ImportValue",
        "Equals" => "Fn::Equals",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "Not" => "Fn::Not",
        "Transform" => "Fn::Transform",
        // Rule functions, in a template's `Rules` section.
        "Contains" => "Fn::Contains",
        "EachMemberEquals" => "Fn::EachMemberEquals",
        "EachMemberIn" => "Fn::EachMemberIn",
        "RefAll" => "Fn::RefAll",
        "ValueOf" => "Fn::ValueOf",
        "ValueOfAll" => "Fn::ValueOfAll",
        // AWS::LanguageExtensions
        "ToJsonString" => "Fn::ToJsonString",
        "Length" => "Fn::Length",
        "ForEach" => "Fn::ForEach",
        _ => return None,
    };
    Some(ShortForm::Wrap(key))
}
