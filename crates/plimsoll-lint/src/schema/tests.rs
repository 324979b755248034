use super::*;

#[test]
fn the_stored_data_decodes() {
    let schemas = schemas();
    assert_eq!(schemas.error(), None);
    assert!(schemas.source().starts_with("cfn-lint "));
    assert!(schemas.type_names().count() > 1_500);
}

#[test]
fn ecs_services_have_their_deployment_configuration() {
    let service = schemas().resource_type("AWS::ECS::Service").unwrap();
    let root = service.properties();
    assert!(root.is_closed());
    let deployment = root.property("DeploymentConfiguration").unwrap();
    assert!(deployment.is_closed());
    assert!(deployment.allows(JsonType::Object));
    let minimum = deployment.property("MinimumHealthyPercent").unwrap();
    assert!(minimum.allows(JsonType::Integer));
    assert!(!minimum.allows(JsonType::Object));
    assert!(deployment.property("MinimumHealthyPercnt").is_none());
    let launch = root.property("LaunchType").unwrap();
    assert!(launch.enum_values().any(|v| v == "FARGATE"));
    assert!(schemas().resource_type("AWS::ECS::Servce").is_none());
    assert!(schemas().resource_type("aws::ecs::service").is_none());
}

#[test]
fn required_and_items() {
    let task = schemas()
        .resource_type("AWS::ECS::TaskDefinition")
        .unwrap()
        .properties();
    let containers = task.property("ContainerDefinitions").unwrap();
    assert!(containers.allows(JsonType::Array));
    let container = containers.items().unwrap();
    assert!(container.required().any(|r| r == "Image"));
    let queue = schemas().resource_type("AWS::SQS::Queue").unwrap();
    assert_eq!(queue.properties().required().count(), 0);
}

/// Any bytes decode to schemas or an error, never a panic, and never allocate beyond the data.
#[test]
fn hostile_bytes_are_errors() {
    let raw = format::inflate(SCHEMA_DATA).unwrap();
    for cut in [0, 3, 6, 100, raw.len() / 2, raw.len() - 1] {
        assert!(format::decode_raw(&raw[..cut]).is_err(), "cut at {cut}");
    }
    let mut seed: u32 = 7;
    for _ in 0..200 {
        let mut bytes = raw[..raw.len().min(4096)].to_vec();
        for _ in 0..8 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let at = (seed as usize >> 8) % bytes.len();
            bytes[at] = (seed >> 16) as u8;
        }
        let _ = format::decode_raw(&bytes);
    }
    assert!(format::inflate(b"\xff\xff\xff").is_err());
}

#[test]
fn limits_attributes_and_read_only_properties() {
    let service = schemas().resource_type("AWS::ECS::Service").unwrap();
    assert!(service.has_attribute("Name"));
    assert!(service.has_attribute("ServiceArn"));
    assert!(!service.has_attribute("Arn"));
    assert!(service.read_only().any(|p| p == "ServiceArn"));
    let database = schemas().resource_type("AWS::RDS::DBInstance").unwrap();
    assert!(database.has_attribute("Endpoint.Address"));
    assert!(!database.has_attribute("Endpoint.Adress"));
    // A type whose properties are all attributes, and nested stacks' outputs.
    let queue = schemas().resource_type("AWS::SQS::Queue").unwrap();
    assert!(queue.has_attribute("QueueName") && queue.has_attribute("Arn"));
    let stack = schemas()
        .resource_type("AWS::CloudFormation::Stack")
        .unwrap();
    assert!(stack.has_attribute("Outputs.BucketName"));
    assert!(!stack.has_attribute("Outputs"));
    let delay = queue
        .properties()
        .property("DelaySeconds")
        .unwrap()
        .limits();
    assert_eq!(delay.range, (Some(0.0), Some(900.0)));
    let task = schemas().resource_type("AWS::ECS::TaskDefinition").unwrap();
    let tags = task.properties().property("Tags").unwrap().limits();
    assert_eq!(tags.items, (Some(0), Some(50)));
    let bucket = schemas()
        .resource_type("AWS::S3::Bucket")
        .unwrap()
        .properties();
    let bucket_name = bucket.property("BucketName").unwrap().limits();
    assert!(bucket_name.pattern.is_some(), "{bucket_name:?}");
    assert_eq!(bucket_name.length.1, Some(63));
}

#[test]
fn alternatives_keep_the_items_of_their_one_list() {
    // `KeySchema` is a list of keys or, in one branch, JSON text or a mapping.
    let table = schemas()
        .resource_type("AWS::DynamoDB::Table")
        .unwrap()
        .properties();
    let keys = table.property("KeySchema").unwrap();
    assert!(keys.allows(JsonType::Array) && keys.allows(JsonType::String));
    let key = keys.items().unwrap();
    assert!(!key.allows(JsonType::String));
    assert!(key.required().any(|r| r == "KeyType"));
}
