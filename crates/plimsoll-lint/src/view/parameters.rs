//! Template parameters.

use plimsoll_template::NodeRef;

/// One entry of `Parameters`.
#[derive(Clone, Copy, Debug)]
pub struct Parameter<'d> {
    pub name: &'d str,
    pub node: NodeRef<'d>,
    /// `Type`, e.g. `String`, `Number`, `List<AWS::EC2::Subnet::Id>`.
    pub type_name: Option<&'d str>,
    pub default: Option<NodeRef<'d>>,
}

impl<'d> Parameter<'d> {
    pub(crate) fn new(name: &'d str, node: NodeRef<'d>) -> Parameter<'d> {
        Parameter {
            name,
            node,
            type_name: node.get("Type").and_then(NodeRef::as_str),
            default: node.get("Default"),
        }
    }

    /// A list type (`CommaDelimitedList`, `List<…>`): its value is split at commas.
    pub fn is_list(&self) -> bool {
        self.type_name
            .is_some_and(|t| t == "CommaDelimitedList" || t.starts_with("List<"))
    }

    /// An SSM parameter type: its value is the name of an SSM parameter, resolved at deploy
    /// time, so the template never knows the real value.
    pub fn is_ssm(&self) -> bool {
        self.type_name
            .is_some_and(|t| t.starts_with("AWS::SSM::Parameter::Value<"))
    }
}
