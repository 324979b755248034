//! cfn-lint findings Plimsoll does not make by design, set apart before the comparison.
//!
//! A resource type of another publisher (`AWSQS::EKS::Cluster`, `Initech::TPS::Report`) exists
//! in an account once it is activated from the CloudFormation registry, so SCH001 leaves it
//! alone; cfn-lint (E3006) reports every type its us-east-1 list lacks.

use super::finding::Finding;

/// Whether a cfn-lint finding is one Plimsoll leaves out by design.
pub fn left_alone(finding: &Finding) -> bool {
    finding.code == "E3006" && other_publishers_type(&finding.message)
}

/// "Resource type 'AWSQS::EKS::Cluster' does not exist in 'us-east-1'": a type whose first
/// part is not one of AWS's.
fn other_publishers_type(message: &str) -> bool {
    let Some(type_name) = message
        .strip_prefix("Resource type '")
        .and_then(|rest| rest.split('\'').next())
    else {
        return false;
    };
    let publisher = type_name.split("::").next().unwrap_or_default();
    type_name.contains("::") && !matches!(publisher, "AWS" | "Alexa" | "Custom")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e3006(type_name: &str) -> Finding {
        Finding {
            file: "t.yaml".into(),
            code: "E3006".into(),
            line: 1,
            pointer: String::new(),
            message: format!("Resource type '{type_name}' does not exist in 'us-east-1'"),
        }
    }

    #[test]
    fn other_publishers_types_only() {
        assert!(left_alone(&e3006("AWSQS::Kubernetes::Helm")));
        assert!(left_alone(&e3006("Initech::TPS::Report")));
        assert!(!left_alone(&e3006("AWS::EC2::Instance1")));
        assert!(!left_alone(&e3006("Alexa::ASK::Skil")));
        assert!(!left_alone(&e3006("Nonsense")));
    }
}
