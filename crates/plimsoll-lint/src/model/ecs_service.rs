//! An `AWS::ECS::Service` as ECS would deploy it: scheduling strategy, deployment controller
//! and strategy, compute (EC2, Fargate, external), DesiredCount and the deployment percentages
//! with their defaults, the task definition and the load balancer target groups it uses.
//!
//! Every value goes through the evaluator (parameters, mappings, decidable conditions) and
//! remembers where it came from, so messages can say "with the parameter default
//! DesiredCount=1". A value the template does not decide is `None`: callers stay silent.

use crate::eval::Evaluator;
use crate::model::pick::{Picked, property};
pub use crate::model::property_value::{
    Location, ParameterInput, PropertyValue, Source, provenance,
};
use crate::model::property_value::{parameters_without_value, resolve, resolve_int};
use crate::view::{Resource, Template};
use plimsoll_template::NodeRef;
use serde::Serialize;

/// `SchedulingStrategy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheduling {
    /// A number of tasks (DesiredCount) placed anywhere in the cluster.
    Replica,
    /// One task on every container instance.
    Daemon,
}

/// `DeploymentController.Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Controller {
    /// ECS deploys (rolling updates and the ECS strategies).
    Ecs,
    /// AWS CodeDeploy blue/green: the percentages are not rolling limits.
    CodeDeploy,
    /// A third-party controller: the percentages are not rolling limits.
    External,
}

/// `DeploymentConfiguration.Strategy` of the ECS controller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    Rolling,
    BlueGreen,
    Linear,
    Canary,
}

/// Where the service's tasks run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compute {
    Ec2,
    Fargate,
    External,
}

/// An ECS service resource together with the evaluator that reads its values.
#[derive(Clone, Copy, Debug)]
pub struct EcsService<'t, 'd> {
    pub resource: &'t Resource<'d>,
    ev: &'t Evaluator<'t, 'd>,
}

/// A target group in the template that a service registers its tasks with.
#[derive(Clone, Copy, Debug)]
pub struct TargetGroupUse<'t, 'd> {
    /// The `TargetGroupArn` value in the service's `LoadBalancers`.
    pub reference: NodeRef<'d>,
    pub target_group: &'t Resource<'d>,
}

pub const SERVICE_TYPE: &str = "AWS::ECS::Service";
pub const TASK_DEFINITION_TYPE: &str = "AWS::ECS::TaskDefinition";
pub const TARGET_GROUP_TYPE: &str = "AWS::ElasticLoadBalancingV2::TargetGroup";

/// Whether a resource may be deployed (its `Condition` is absent, true or undecidable).
pub fn may_deploy(ev: &Evaluator<'_, '_>, resource: &Resource<'_>) -> bool {
    ev.is_deployed(resource.condition) != Some(false)
}

/// Every ECS service of the template whose `Condition` is not false.
pub fn services<'t, 'd>(ev: &'t Evaluator<'t, 'd>) -> impl Iterator<Item = EcsService<'t, 'd>> {
    let template: &'t Template<'d> = ev.template();
    template
        .resources_of_type(SERVICE_TYPE)
        .filter(move |r| may_deploy(ev, r))
        .map(move |resource| EcsService { resource, ev })
}

impl<'t, 'd> EcsService<'t, 'd> {
    pub fn new(ev: &'t Evaluator<'t, 'd>, resource: &'t Resource<'d>) -> EcsService<'t, 'd> {
        EcsService { resource, ev }
    }

    pub fn name(&self) -> &'d str {
        self.resource.name
    }

    pub fn property(&self, key: &str) -> Picked<'d> {
        property(self.ev, self.resource, key)
    }

    /// `DeploymentConfiguration`, followed through decidable conditions.
    pub fn deployment_configuration(&self) -> Picked<'d> {
        self.property("DeploymentConfiguration")
    }

    /// `SchedulingStrategy`, REPLICA when omitted.
    pub fn scheduling(&self) -> Option<PropertyValue<Scheduling>> {
        let picked = self.property("SchedulingStrategy");
        resolve(self.ev, picked, Scheduling::Replica, |v| {
            match v.as_str()? {
                "REPLICA" => Some(Scheduling::Replica),
                "DAEMON" => Some(Scheduling::Daemon),
                _ => None,
            }
        })
    }

    /// `DeploymentController.Type`, ECS when omitted.
    pub fn controller(&self) -> Option<PropertyValue<Controller>> {
        let picked = self.property("DeploymentController").get(self.ev, "Type");
        resolve(self.ev, picked, Controller::Ecs, |v| match v.as_str()? {
            "ECS" => Some(Controller::Ecs),
            "CODE_DEPLOY" => Some(Controller::CodeDeploy),
            "EXTERNAL" => Some(Controller::External),
            _ => None,
        })
    }

    /// `DeploymentConfiguration.Strategy`, ROLLING when omitted.
    pub fn strategy(&self) -> Option<PropertyValue<Strategy>> {
        let picked = self.deployment_configuration().get(self.ev, "Strategy");
        resolve(self.ev, picked, Strategy::Rolling, |v| {
            match v.as_str()? {
                "ROLLING" => Some(Strategy::Rolling),
                "BLUE_GREEN" => Some(Strategy::BlueGreen),
                "LINEAR" => Some(Strategy::Linear),
                "CANARY" => Some(Strategy::Canary),
                _ => None,
            }
        })
    }

    /// `DesiredCount`, 1 when omitted (CloudFormation's default).
    pub fn desired_count(&self) -> Option<PropertyValue<i64>> {
        resolve_int(self.ev, self.property("DesiredCount"), 1)
    }

    /// The parameters without a value that `DesiredCount`, `MinimumHealthyPercent` or
    /// `MaximumPercent` refer to: what to give a value so the rollout can be decided.
    pub fn rollout_parameters_without_value(&self) -> Vec<&'d str> {
        let configuration = self.deployment_configuration();
        let mut names: Vec<&'d str> = Vec::new();
        for picked in [
            self.property("DesiredCount"),
            configuration.get(self.ev, "MinimumHealthyPercent"),
            configuration.get(self.ev, "MaximumPercent"),
        ] {
            for name in parameters_without_value(self.ev, picked) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names
    }

    /// `MinimumHealthyPercent`: 100 for REPLICA, 0 for DAEMON when omitted.
    pub fn minimum_healthy_percent(&self, scheduling: Scheduling) -> Option<PropertyValue<i64>> {
        let default = match scheduling {
            Scheduling::Replica => 100,
            Scheduling::Daemon => 0,
        };
        let picked = self
            .deployment_configuration()
            .get(self.ev, "MinimumHealthyPercent");
        resolve_int(self.ev, picked, default)
    }

    /// `MaximumPercent`: 200 for REPLICA, 100 for DAEMON when omitted.
    pub fn maximum_percent(&self, scheduling: Scheduling) -> Option<PropertyValue<i64>> {
        let default = match scheduling {
            Scheduling::Replica => 200,
            Scheduling::Daemon => 100,
        };
        let picked = self
            .deployment_configuration()
            .get(self.ev, "MaximumPercent");
        resolve_int(self.ev, picked, default)
    }

    /// Where the tasks run: `LaunchType`, else the `CapacityProviderStrategy`, else the
    /// cluster's default capacity provider strategy when the cluster is in the template (EC2
    /// when it has none). `None` when the template does not decide it.
    pub fn compute(&self) -> Option<Compute> {
        match self.property("LaunchType") {
            Picked::Unknown => return None,
            Picked::Node(node) => {
                return match self.ev.eval(node).as_str()? {
                    "EC2" => Some(Compute::Ec2),
                    "FARGATE" => Some(Compute::Fargate),
                    "EXTERNAL" => Some(Compute::External),
                    _ => None,
                };
            }
            Picked::Absent => {}
        }
        let strategy = self.property("CapacityProviderStrategy").items(self.ev)?;
        if !strategy.is_empty() {
            return self.providers_compute(&strategy);
        }
        self.cluster_default_compute()
    }

    /// Fargate when every provider is FARGATE or FARGATE_SPOT, EC2 when none is.
    fn providers_compute(&self, strategy: &[Picked<'d>]) -> Option<Compute> {
        let mut fargate = 0;
        for item in strategy {
            let provider = item.get(self.ev, "CapacityProvider").node()?;
            match self.ev.eval(provider).as_str()? {
                "FARGATE" | "FARGATE_SPOT" => fargate += 1,
                _ => {}
            }
        }
        match fargate {
            0 => Some(Compute::Ec2),
            n if n == strategy.len() => Some(Compute::Fargate),
            _ => None,
        }
    }

    fn cluster_default_compute(&self) -> Option<Compute> {
        let template = self.ev.template();
        let reference = self.property("Cluster").node()?;
        let (cluster, _) = template.referenced_resource(reference)?;
        if cluster.type_name != Some("AWS::ECS::Cluster") {
            return None;
        }
        let mut strategy = property(self.ev, cluster, "DefaultCapacityProviderStrategy");
        if strategy == Picked::Absent {
            // The default strategy may be set by a separate associations resource.
            for association in template
                .resources_of_type("AWS::ECS::ClusterCapacityProviderAssociations")
                .filter(|a| may_deploy(self.ev, a))
            {
                let target = property(self.ev, association, "Cluster")
                    .node()
                    .and_then(|n| template.referenced_resource(n));
                match target {
                    Some((target, _)) if target.name == cluster.name => {
                        strategy =
                            property(self.ev, association, "DefaultCapacityProviderStrategy");
                    }
                    Some(_) => {}
                    // An association for a cluster we cannot name may be this one.
                    None => return None,
                }
            }
        }
        let strategy = strategy.items(self.ev)?;
        if strategy.is_empty() {
            return Some(Compute::Ec2);
        }
        self.providers_compute(&strategy)
    }

    /// The task definition in the template that `TaskDefinition` names (`!Ref` or
    /// `!GetAtt X.TaskDefinitionArn`), if any.
    pub fn task_definition(&self) -> Option<&'t Resource<'d>> {
        task_definition_named_by(self.ev, self.property("TaskDefinition").node()?)
    }

    /// The target groups in the template that `LoadBalancers[].TargetGroupArn` name.
    pub fn target_groups(&self) -> Vec<TargetGroupUse<'t, 'd>> {
        let template: &'t Template<'d> = self.ev.template();
        let Some(balancers) = self.property("LoadBalancers").items(self.ev) else {
            return Vec::new();
        };
        balancers
            .into_iter()
            .filter_map(|lb| lb.get(self.ev, "TargetGroupArn").node())
            .filter_map(|reference| {
                let (target_group, attribute) = template.referenced_resource(reference)?;
                (target_group.type_name == Some(TARGET_GROUP_TYPE)
                    && attribute.is_none_or(|a| a == "TargetGroupArn")
                    && may_deploy(self.ev, target_group))
                .then_some(TargetGroupUse {
                    reference,
                    target_group,
                })
            })
            .collect()
    }

    /// How many entries a list property has (`LoadBalancers`, `ServiceRegistries`…), 0 when
    /// omitted; `None` when the template does not decide it.
    pub fn list_len(&self, key: &str) -> Option<usize> {
        let items = self.property(key).items(self.ev)?;
        let mut count = 0;
        for item in items {
            match item {
                Picked::Absent => {}
                Picked::Node(_) => count += 1,
                Picked::Unknown => return None,
            }
        }
        Some(count)
    }
}

/// The task definition resource a `TaskDefinition` value names, if it is in the template.
pub fn task_definition_named_by<'t, 'd>(
    ev: &'t Evaluator<'t, 'd>,
    node: NodeRef<'d>,
) -> Option<&'t Resource<'d>> {
    let template: &'t Template<'d> = ev.template();
    let (resource, attribute) = template.referenced_resource(node)?;
    (resource.type_name == Some(TASK_DEFINITION_TYPE)
        && attribute.is_none_or(|a| a == "TaskDefinitionArn"))
    .then_some(resource)
}

/// The container definitions of a task definition, each followed through decidable
/// conditions; `None` when the list is not known.
pub fn containers<'d>(
    ev: &Evaluator<'_, 'd>,
    task_definition: &Resource<'d>,
) -> Option<Vec<NodeRef<'d>>> {
    let items = property(ev, task_definition, "ContainerDefinitions").items(ev)?;
    let mut out = Vec::new();
    for item in items {
        match item {
            Picked::Absent => {}
            Picked::Node(node) if node.is_map() && node.intrinsic().is_none() => out.push(node),
            Picked::Node(_) | Picked::Unknown => return None,
        }
    }
    Some(out)
}

/// A container's name, for messages.
pub fn container_name(container: NodeRef<'_>, index: usize) -> String {
    container
        .get("Name")
        .and_then(|n| n.scalar_text())
        .map_or_else(|| format!("#{}", index + 1), |n| n.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ParameterValues;
    use plimsoll_template::parse;

    const TEMPLATE: &str = r#"
Parameters:
  Launch:
    Type: String
    Default: FARGATE
  Unknown:
    Type: String
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  SpotCluster:
    Type: AWS::ECS::Cluster
    Properties:
      DefaultCapacityProviderStrategy:
        - CapacityProvider: FARGATE_SPOT
          Weight: 1
  AssociatedCluster:
    Type: AWS::ECS::Cluster
  Associations:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties:
      Cluster: !Ref AssociatedCluster
      CapacityProviders: [FARGATE]
      DefaultCapacityProviderStrategy:
        - CapacityProvider: FARGATE
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
  ByParameter:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: !Ref Launch
      TaskDefinition: !Ref TaskDefinition
      LoadBalancers:
        - TargetGroupArn: !Ref Group
        - TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1
  ByStrategy:
    Type: AWS::ECS::Service
    Properties:
      CapacityProviderStrategy:
        - CapacityProvider: my-asg-provider
      TaskDefinition: !GetAtt TaskDefinition.TaskDefinitionArn
  OnPlainCluster:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      SchedulingStrategy: DAEMON
      DeploymentController: {Type: CODE_DEPLOY}
  OnSpotCluster:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !GetAtt SpotCluster.Arn
      DeploymentConfiguration: {Strategy: LINEAR}
  OnAssociatedCluster:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref AssociatedCluster
      SchedulingStrategy: !Ref Unknown
  Elsewhere:
    Type: AWS::ECS::Service
    Properties:
      Cluster: shared
      LaunchType: !Ref Unknown
"#;

    fn with(f: impl for<'a> FnOnce(&'a Evaluator<'a, 'a>, &'a Template<'a>)) {
        let parsed = parse(TEMPLATE);
        let root = parsed.document.root().unwrap();
        let template = Template::new(root);
        let ev = Evaluator::new(&template, &ParameterValues::new());
        f(&ev, &template);
    }

    #[test]
    fn compute_follows_launch_type_strategies_and_the_cluster() {
        with(|ev, template| {
            let service = |name: &str| EcsService::new(ev, template.resource(name).unwrap());
            assert_eq!(service("ByParameter").compute(), Some(Compute::Fargate));
            assert_eq!(service("ByStrategy").compute(), Some(Compute::Ec2));
            assert_eq!(service("OnPlainCluster").compute(), Some(Compute::Ec2));
            assert_eq!(service("OnSpotCluster").compute(), Some(Compute::Fargate));
            assert_eq!(
                service("OnAssociatedCluster").compute(),
                Some(Compute::Fargate)
            );
            assert_eq!(service("Elsewhere").compute(), None);
        });
    }

    #[test]
    fn scheduling_controller_and_strategy_with_defaults() {
        with(|ev, template| {
            let service = |name: &str| EcsService::new(ev, template.resource(name).unwrap());
            let by_parameter = service("ByParameter");
            assert_eq!(
                by_parameter.scheduling().map(|s| s.value),
                Some(Scheduling::Replica)
            );
            assert_eq!(
                by_parameter.controller().map(|c| (c.value, c.source)),
                Some((Controller::Ecs, Source::Default))
            );
            let daemon = service("OnPlainCluster");
            assert_eq!(
                daemon.scheduling().map(|s| s.value),
                Some(Scheduling::Daemon)
            );
            assert_eq!(
                daemon.controller().map(|c| c.value),
                Some(Controller::CodeDeploy)
            );
            assert_eq!(
                daemon
                    .minimum_healthy_percent(Scheduling::Daemon)
                    .map(|s| s.value),
                Some(0)
            );
            assert_eq!(
                daemon.maximum_percent(Scheduling::Daemon).map(|s| s.value),
                Some(100)
            );
            let linear = service("OnSpotCluster").strategy().unwrap();
            assert_eq!(
                (linear.value, linear.source),
                (Strategy::Linear, Source::Template)
            );
            assert!(service("OnAssociatedCluster").scheduling().is_none());
            let count = by_parameter.desired_count().unwrap();
            assert_eq!(
                (count.value, count.source, count.location),
                (1, Source::Default, None)
            );
        });
    }

    #[test]
    fn task_definition_and_target_groups_in_the_template() {
        with(|ev, template| {
            let service = |name: &str| EcsService::new(ev, template.resource(name).unwrap());
            let by_parameter = service("ByParameter");
            assert_eq!(
                by_parameter.task_definition().map(|t| t.name),
                Some("TaskDefinition")
            );
            assert_eq!(
                service("ByStrategy").task_definition().map(|t| t.name),
                Some("TaskDefinition")
            );
            assert!(service("Elsewhere").task_definition().is_none());
            let groups: Vec<&str> = by_parameter
                .target_groups()
                .iter()
                .map(|g| g.target_group.name)
                .collect();
            assert_eq!(groups, ["Group"]);
            assert_eq!(by_parameter.list_len("LoadBalancers"), Some(2));
            assert_eq!(by_parameter.list_len("ServiceRegistries"), Some(0));
        });
    }
}
