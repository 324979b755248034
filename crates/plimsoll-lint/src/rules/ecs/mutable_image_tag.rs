use crate::context::Context;
use crate::model::ecs_service::{TASK_DEFINITION_TYPE, container_name, containers, may_deploy};
use crate::model::image::{self, ImageVersion};
use crate::model::pick::{deciding_parameters, pick};
use crate::model::property_value::{ParameterInput, display, parameter_labels, provenance};
use crate::registry::Check;
use crate::{Diagnostic, declare_rule};

declare_rule! {
    /// ### What it does
    /// Reports a container image in an `AWS::ECS::TaskDefinition` that names a mutable
    /// version: the tag `latest`, or no tag and no digest (which means `latest`). The image
    /// is evaluated, so a tag from a parameter is judged by the parameter's default or the
    /// given value, and a registry built from `${AWS::AccountId}` is no obstacle; an image
    /// whose tag the template does not decide is not reported.
    ///
    /// ### Why is this bad?
    /// Pushing a new image under the same tag changes nothing CloudFormation can see: the task
    /// definition stays the same, so an update rolls nothing out, and the tasks ECS starts
    /// later (scaling, replacing a failed task) silently run whatever the tag points to then.
    /// Deploy an immutable tag (the commit hash or a version) or a digest and change it to
    /// roll out; with a tag parameter, pass the tag at deploy time
    /// (`ApplicationImageTag=97e4abf` in the parameter overrides).
    ///
    /// ### Example
    /// ```yaml
    /// Parameters:
    ///   ImageTag:
    ///     Type: String
    ///     Default: latest
    /// Resources:
    ///   TaskDefinition:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       ContainerDefinitions:
    ///         - Name: app
    ///           Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${ImageTag}
    /// ```
    ///
    /// ### Use instead
    /// ```yaml
    /// Parameters:
    ///   ImageTag:
    ///     Type: String
    ///     Description: The commit hash of the image to deploy
    /// Resources:
    ///   TaskDefinition:
    ///     Type: AWS::ECS::TaskDefinition
    ///     Properties:
    ///       ContainerDefinitions:
    ///         - Name: app
    ///           Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${ImageTag}
    /// ```
    pub struct MutableImageTag {
        code: "ECS007",
        name: "mutable-image-tag",
        severity: Warning,
    }
}

impl Check for MutableImageTag {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ev = cx.eval;
        for task_definition in cx.template.resources_of_type(TASK_DEFINITION_TYPE) {
            if !may_deploy(ev, task_definition) {
                continue;
            }
            let Some(containers) = containers(ev, task_definition) else {
                continue;
            };
            for (index, container) in containers.into_iter().enumerate() {
                let Some(image) = pick(ev, container.get("Image")).node() else {
                    continue;
                };
                let Some(text) = ev.eval_text(image) else {
                    continue;
                };
                let what = match image::version(&text) {
                    ImageVersion::Latest => "uses the mutable tag `latest`",
                    ImageVersion::Untagged => "has no tag or digest, which means `latest`",
                    ImageVersion::Digest | ImageVersion::Tag(_) | ImageVersion::Unknown => {
                        continue;
                    }
                };
                let mut inputs: Vec<ParameterInput> =
                    text.inputs.iter().map(ParameterInput::from_use).collect();
                for used in deciding_parameters(ev, image) {
                    let used = ParameterInput::from_use(&used);
                    if !inputs.contains(&used) {
                        inputs.push(used);
                    }
                }
                let message = format!(
                    "container `{}` of `{}`: image `{}` {what}: pushing a new image changes \
                     nothing CloudFormation sees, so no rollout happens{}",
                    container_name(container, index),
                    task_definition.name,
                    display(&text),
                    provenance(&inputs),
                );
                // The parameter that gave the end of the image (the tag, or the whole image).
                let suffix = text.known_suffix();
                let decisive = text
                    .inputs
                    .iter()
                    .rev()
                    .find(|p| !p.value.is_empty() && suffix.ends_with(&p.value))
                    .map(ParameterInput::from_use);
                let help = match &decisive {
                    // A tag parameter: `…/app:${Tag}` with Tag=latest.
                    Some(parameter) if parameter.value == "latest" => {
                        let default_note = if parameter.is_default {
                            format!(", and do not default `{}` to `latest`", parameter.name)
                        } else {
                            String::new()
                        };
                        format!(
                            "deploy an immutable tag: pass the commit hash or a version as \
                             `{0}` (e.g. `{0}=97e4abf` in the parameter overrides){default_note}",
                            parameter.name
                        )
                    }
                    // An image parameter: `${Image}` with Image=nginx.
                    Some(parameter) => {
                        let name = parameter
                            .value
                            .strip_suffix(":latest")
                            .unwrap_or(&parameter.value);
                        format!(
                            "pass an image with a version tag or a digest as `{0}` (e.g. \
                             `{0}={name}:<version>` in the parameter overrides)",
                            parameter.name
                        )
                    }
                    None => "pin the image to a version tag or a digest (`@sha256:…`) and \
                             change it to roll out a new image"
                        .to_owned(),
                };
                let mut builder = Diagnostic::at(&MutableImageTag::META, image, message).help(help);
                for label in parameter_labels(cx.template, &inputs) {
                    builder = builder.label(label.span, label.message);
                }
                out.push(builder.build());
            }
        }
    }
}
