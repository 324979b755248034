//! Templates synthesized by the AWS CDK: each finding on a resource names the resource's
//! construct path (`Metadata: aws:cdk:path`), and findings on resources the CDK framework
//! itself generates are left out unless the settings ask for them (`cdk_internals`).
//!
//! A resource is the framework's when its type or its construct path says so:
//!
//! - its type is `AWS::CDK::Metadata` (version reporting), or one of the custom resource types
//!   the framework creates on a construct's behalf ([`FRAMEWORK_TYPES`]: `autoDeleteObjects`,
//!   `restrictDefaultSecurityGroup`, bucket notifications, log retention, cross-region
//!   references, `BucketDeployment`…);
//! - a segment of its construct path is one of the framework's provider constructs: a
//!   `CustomResourceProvider` of one of those types (`Custom::S3AutoDeleteObjectsCustomResourceProvider`),
//!   one of the framework's singleton functions (`AWS679f53fac002430cb0da5b7982bd2287`,
//!   `LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a`…: a purpose in [`SINGLETON_PURPOSES`]
//!   followed by 32 hexadecimal digits), the provider framework's own functions and state
//!   machine (`framework-onEvent`, `waiter-state-machine`…), or `BucketDeployment`'s
//!   `AwsCliLayer`.
//!
//! A user's own constructs never match: a user's `CustomResource` is `AWS::CloudFormation::CustomResource`
//! or a `Custom::` type of their own, and the function behind a user's `Provider` keeps its own
//! path. `AwsCustomResource` (`Custom::AWS`) is written by the user, who sets its policy and
//! `serviceTimeout`, so findings on it are reported; only its shared singleton function is the
//! framework's.

use crate::diagnostic::Diagnostic;
use crate::view::{Resource, Template};
use plimsoll_template::NodeRef;
use std::collections::HashMap;

/// The metadata key the CDK writes on every resource (unless path metadata is turned off).
pub const PATH_KEY: &str = "aws:cdk:path";

/// Custom resource types that the CDK framework creates for a construct or a property, not
/// written as a custom resource by the user.
pub const FRAMEWORK_TYPES: &[&str] = &[
    "Custom::AWSCDKCfnJson",
    "Custom::AWSCDKCfnJsonStringify",
    "Custom::AWSCDKOpenIdConnectProvider",
    "Custom::CDKBucketDeployment",
    "Custom::CloudwatchLogResourcePolicy",
    "Custom::CrossAccountZoneDelegation",
    "Custom::CrossRegionExportReader",
    "Custom::CrossRegionExportWriter",
    "Custom::CrossRegionStringParameterReader",
    "Custom::DeleteExistingRecordSet",
    "Custom::DescribeCognitoUserPoolClient",
    "Custom::DynamoDBReplica",
    "Custom::ECRAutoDeleteImages",
    "Custom::ElasticsearchAccessPolicy",
    "Custom::GluePartitionIndex",
    "Custom::LogRetention",
    "Custom::OpenSearchAccessPolicy",
    "Custom::S3AutoDeleteObjects",
    "Custom::S3BucketNotifications",
    "Custom::S3ObjectCopy",
    "Custom::SyntheticsAutoDeleteUnderlyingResources",
    "Custom::Trigger",
    "Custom::UserPoolCloudFrontDomainName",
    "Custom::VpcRestrictDefaultSG",
];

/// The purposes of the framework's singleton functions, whose construct id is the purpose
/// followed by a fixed UUID without dashes.
pub const SINGLETON_PURPOSES: &[&str] = &[
    "AWS",
    "BucketNotificationsHandler",
    "CrossRegionAwsSdk",
    "Custom::CDKBucketDeployment",
    "LogRetention",
];

/// Construct ids of the provider framework's and `BucketDeployment`'s own parts.
const FRAMEWORK_CONSTRUCTS: &[&str] = &[
    "framework-onEvent",
    "framework-isComplete",
    "framework-onTimeout",
    "waiter-state-machine",
    "AwsCliLayer",
];

/// A resource's construct path, when the CDK wrote one.
pub fn construct_path<'d>(resource: &Resource<'d>) -> Option<&'d str> {
    resource
        .node
        .get("Metadata")
        .and_then(|m| m.get(PATH_KEY))
        .and_then(NodeRef::as_str)
}

/// Whether the CDK framework generated this resource (see the module's documentation).
pub fn is_framework_generated(resource: &Resource<'_>) -> bool {
    if let Some(type_name) = resource.type_name
        && (type_name == "AWS::CDK::Metadata" || FRAMEWORK_TYPES.contains(&type_name))
    {
        return true;
    }
    construct_path(resource).is_some_and(|path| path.split('/').any(is_framework_construct))
}

fn is_framework_construct(id: &str) -> bool {
    if FRAMEWORK_CONSTRUCTS.contains(&id) {
        return true;
    }
    if let Some(custom_type) = id.strip_suffix("CustomResourceProvider") {
        return FRAMEWORK_TYPES.contains(&custom_type);
    }
    SINGLETON_PURPOSES.iter().any(|purpose| {
        id.strip_prefix(purpose)
            .is_some_and(|uuid| uuid.len() == 32 && uuid.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

/// Gives each finding on a resource with a construct path that path, and drops the findings
/// on resources the framework generated unless `keep_internals`.
pub(crate) fn annotate(
    template: &Template<'_>,
    keep_internals: bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Templates the CDK did not write cost one look at each resource.
    let constructs: HashMap<&str, (&str, bool)> = template
        .resources
        .iter()
        .filter_map(|r| Some((r.name, (construct_path(r)?, is_framework_generated(r)))))
        .collect();
    if constructs.is_empty() {
        return;
    }
    diagnostics.retain_mut(|d| {
        let name = resource_of(&d.path);
        let Some(&(path, internal)) = name.as_deref().and_then(|n| constructs.get(n)) else {
            return true;
        };
        d.cdk_path = Some(path.to_owned());
        keep_internals || !internal
    });
}

/// The resource a JSON pointer is under (`/Resources/Api/Properties` → `Api`), unescaped.
fn resource_of(pointer: &str) -> Option<String> {
    let mut segments = pointer.strip_prefix('/')?.split('/');
    if segments.next()? != "Resources" {
        return None;
    }
    let name = segments.next()?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_template::parse;

    fn resources(source: &str) -> Vec<(String, Option<String>, bool)> {
        let parsed = parse(source);
        let root = parsed.document.root().expect("a document");
        let template = Template::new(root);
        template
            .resources
            .iter()
            .map(|r| {
                (
                    r.name.to_owned(),
                    construct_path(r).map(str::to_owned),
                    is_framework_generated(r),
                )
            })
            .collect()
    }

    #[test]
    fn tells_the_frameworks_resources_from_the_users() {
        let source = r#"{"Resources": {
          "Service": {"Type": "AWS::ECS::Service", "Metadata": {"aws:cdk:path": "App/Web/Service/Service"}},
          "AutoDelete": {"Type": "Custom::S3AutoDeleteObjects", "Metadata": {"aws:cdk:path": "App/Site/AutoDeleteObjectsCustomResource/Default"}},
          "AutoDeleteRole": {"Type": "AWS::IAM::Role", "Metadata": {"aws:cdk:path": "App/Custom::S3AutoDeleteObjectsCustomResourceProvider/Role"}},
          "UsersProvider": {"Type": "AWS::IAM::Role", "Metadata": {"aws:cdk:path": "App/Custom::MyThingCustomResourceProvider/Role"}},
          "AwsSdk": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "App/AWS679f53fac002430cb0da5b7982bd2287/Resource"}},
          "Deploy": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "App/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C/Resource"}},
          "UsersSingleton": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "App/SingletonLambda0123456789abcdef0123456789abcdef/Resource"}},
          "OnEvent": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "App/Provider/framework-onEvent/Resource"}},
          "UsersHandler": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "App/Migrate/Resource"}},
          "Migration": {"Type": "AWS::CloudFormation::CustomResource", "Metadata": {"aws:cdk:path": "App/RunMigration/Default"}},
          "ReadParam": {"Type": "Custom::AWS", "Metadata": {"aws:cdk:path": "App/ReadParam/Resource/Default"}},
          "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Metadata": {"aws:cdk:path": "App/CDKMetadata/Default"}},
          "Written": {"Type": "AWS::S3::Bucket"}
        }}"#;
        let internal: Vec<String> = resources(source)
            .into_iter()
            .filter(|(_, _, internal)| *internal)
            .map(|(name, _, _)| name)
            .collect();
        assert_eq!(
            internal,
            [
                "AutoDelete",
                "AutoDeleteRole",
                "AwsSdk",
                "Deploy",
                "OnEvent",
                "CDKMetadata"
            ]
        );
    }

    #[test]
    fn reads_the_construct_path_only_from_the_metadata() {
        let source = "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Metadata:\n      aws:cdk:path: App/A/Resource\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      aws:cdk:path: not/metadata\n";
        let found = resources(source);
        assert_eq!(found[0].1.as_deref(), Some("App/A/Resource"));
        assert_eq!(found[1].1, None);
    }

    #[test]
    fn finds_the_resource_of_a_pointer() {
        assert_eq!(
            resource_of("/Resources/Api/Properties").as_deref(),
            Some("Api")
        );
        assert_eq!(resource_of("/Resources/a~1b~0c").as_deref(), Some("a/b~c"));
        assert_eq!(resource_of("/Outputs/Api"), None);
        assert_eq!(resource_of(""), None);
    }
}
