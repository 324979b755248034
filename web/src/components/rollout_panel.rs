use super::{Dispatch, RolloutChart};
use crate::rollout::{Chart, chart};
use crate::state::{Action, Tab};
use gloo::timers::callback::Timeout;
use plimsoll_report::editor::Service;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct RolloutPanelProps {
    pub services: Vec<Service>,
    pub dispatch: Dispatch,
}

/// The rollout picture of every ECS service in the template, with a legend of what the
/// pictures draw; a service whose plan waits on parameters without a value says which, and
/// takes the user to them.
#[component]
pub fn RolloutPanel(props: &RolloutPanelProps) -> Html {
    let charts: Vec<Chart> = props.services.iter().filter_map(chart).collect();
    html! {
        <section class="rollout-panel" aria-label="Rolling deployments">
            if props.services.is_empty() {
                <p class="empty">{ "No ECS service in this template." }</p>
            } else {
                { legend(&charts) }
                { for props.services.iter().map(|s| html! {
                    <article class="service">
                        <h2>{ &s.name }</h2>
                        if s.steps.is_empty() && !s.parameters_without_value.is_empty() {
                            { needs_values(&s.parameters_without_value, &props.dispatch) }
                        }
                        <RolloutChart service={s.clone()} />
                    </article>
                }) }
            }
        </section>
    }
}

/// What the pictures draw, and only that.
fn legend(charts: &[Chart]) -> Html {
    let bars = charts.iter().flat_map(|c| &c.bars);
    let old = bars.clone().any(|b| b.old > 0);
    let new = bars.clone().any(|b| b.new > 0);
    let band = charts.iter().any(|c| c.band.is_some());
    if !(old || new) {
        return Html::default();
    }
    let kinds = match (old, new) {
        (true, true) => html! {
            <>
                <span class="legend old">{ "old" }</span>{ " and " }
                <span class="legend new">{ "new" }</span>{ " tasks." }
            </>
        },
        (true, false) => html! { <><span class="legend old">{ "old" }</span>{ " tasks." }</> },
        _ => html! { <><span class="legend new">{ "new" }</span>{ " tasks." }</> },
    };
    html! {
        <p class="hint">
            { "Each bar is the tasks running after one step of a rolling deployment: " }
            { kinds }
            if band {
                { " The shaded band is what MinimumHealthyPercent and MaximumPercent allow." }
            }
        </p>
    }
}

/// Which parameters need a value for the picture, with a button that opens the Parameters tab
/// at the first of them.
fn needs_values(names: &[String], dispatch: &Dispatch) -> Html {
    let first = names.first().cloned().unwrap_or_default();
    let open = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            dispatch.emit(Action::SetTab(Tab::Parameters));
            // The Parameters tab renders on the next frame: focus its field then.
            let id = format!("param-{first}");
            Timeout::new(0, move || {
                let field = gloo::utils::document().get_element_by_id(&id);
                if let Some(field) = field
                    .and_then(|f| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(f).ok())
                {
                    let _ = field.focus();
                }
            })
            .forget();
        })
    };
    let listed = names.join(", ");
    let (noun, pronoun) = if names.len() == 1 {
        ("parameter", "it")
    } else {
        ("parameters", "them")
    };
    html! {
        <p class="needs-values" data-parameters={names.join(",")}>
            { format!("The picture needs a value for the {noun} {listed}: give {pronoun} one in the Parameters tab. ") }
            <button type="button" class="give-values" onclick={open}>
                { format!("Set {}", names.first().map(String::as_str).unwrap_or_default()) }
            </button>
        </p>
    }
}
