use super::RolloutChart;
use plimsoll_report::editor::Service;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct RolloutPanelProps {
    pub services: Vec<Service>,
}

/// The rollout picture of every ECS service in the template.
#[component]
pub fn RolloutPanel(props: &RolloutPanelProps) -> Html {
    html! {
        <section class="rollout-panel" aria-label="Rolling deployments">
            if props.services.is_empty() {
                <p class="empty">{ "No ECS service in this template." }</p>
            } else {
                <p class="hint">
                    { "Each bar is the tasks running after one step of a rolling deployment: " }
                    <span class="legend old">{ "old" }</span>{ " and " }
                    <span class="legend new">{ "new" }</span>
                    { " tasks. The shaded band is what MinimumHealthyPercent and MaximumPercent allow." }
                </p>
                { for props.services.iter().map(|s| html! {
                    <article class="service">
                        <h3>{ &s.name }</h3>
                        <RolloutChart service={s.clone()} />
                    </article>
                }) }
            }
        </section>
    }
}
