//! Condition keys that every action accepts.
//!
//! Source: the AWS IAM User Guide, "AWS global condition context keys"
//! (`reference_policies_condition-keys`), its table of keys by category as of 2026. A global
//! key is not present in every request (`aws:SourceAccount` only when a service principal
//! calls, `aws:MultiFactorAuthAge` only after MFA), but it is never *inapplicable* to an
//! action, so a policy using one is not a mistake of the kind IAM003 reports.
//!
//! Deliberately absent: `aws:RequestTag/…`, `aws:ResourceTag/…` and `aws:TagKeys`. They are
//! listed on that page too, but each action supports them only where the service
//! authorization reference lists them for the action or its resource types, so they come
//! from the generated data instead.
//!
//! The page's cross-service role-session keys (`ec2:SourceInstanceArn`,
//! `lambda:SourceFunctionArn`, …) are included: they are set on the credentials, not by the
//! service being called, and apply to calls to any service.

/// Global keys, compared ignoring ASCII case.
pub const GLOBAL_CONDITION_KEYS: &[&str] = &[
    // Properties of the principal.
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalOrgID",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:PrincipalServiceNamesList",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    // Properties of a role session.
    "aws:AssumedRoot",
    "aws:FederatedProvider",
    "aws:TokenIssueTime",
    "aws:SignInSessionArn",
    "aws:MultiFactorAuthAge",
    "aws:MultiFactorAuthPresent",
    "aws:ChatbotSourceArn",
    "aws:Ec2InstanceSourceVpc",
    "aws:Ec2InstanceSourcePrivateIPv4",
    "aws:SourceIdentity",
    "ec2:RoleDelivery",
    "ec2:SourceInstanceArn",
    "glue:RoleAssumedBy",
    "glue:CredentialIssuingService",
    "codebuild:BuildArn",
    "codebuild:ProjectArn",
    "lambda:SourceFunctionArn",
    "ssm:SourceInstanceArn",
    "identitystore:UserId",
    // Properties of the network.
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpcArn",
    "aws:SourceVpce",
    "aws:VpceAccount",
    "aws:VpceOrgID",
    "aws:VpceOrgPaths",
    "aws:VpcSourceIp",
    // Properties of the resource.
    "aws:ResourceAccount",
    "aws:ResourceOrgID",
    "aws:ResourceOrgPaths",
    // Properties of the request.
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
    "aws:CalledViaAWSMCP",
    "aws:ViaAWSService",
    "aws:ViaAWSMCPService",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:referer",
    "aws:RequestedRegion",
    "aws:SecureTransport",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:UserAgent",
    "aws:IsMcpServiceAction",
];

/// Global keys with a variable part: the prefix, followed by at least one character.
pub const GLOBAL_CONDITION_KEY_PREFIXES: &[&str] = &["aws:PrincipalTag/"];

/// Whether `key` is a global condition key (ASCII case-insensitive).
pub fn is_global_condition_key(key: &str) -> bool {
    GLOBAL_CONDITION_KEYS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(key))
        || GLOBAL_CONDITION_KEY_PREFIXES.iter().any(|prefix| {
            key.len() > prefix.len()
                && key
                    .get(..prefix.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_keys() {
        assert!(is_global_condition_key("aws:SourceIp"));
        assert!(is_global_condition_key("AWS:SOURCEIP"));
        assert!(is_global_condition_key("aws:PrincipalTag/team"));
        assert!(!is_global_condition_key("aws:PrincipalTag/"));
        assert!(!is_global_condition_key("aws:RequestTag/team"));
        assert!(!is_global_condition_key("aws:ResourceTag/team"));
        assert!(!is_global_condition_key("aws:TagKeys"));
        assert!(!is_global_condition_key("aws:SourceIpAddress"));
        assert!(!is_global_condition_key("ecs:cluster"));
    }

    #[test]
    fn table_has_no_duplicates() {
        for (i, a) in GLOBAL_CONDITION_KEYS.iter().enumerate() {
            for b in &GLOBAL_CONDITION_KEYS[i + 1..] {
                assert!(!a.eq_ignore_ascii_case(b), "{a} twice");
            }
        }
    }
}
