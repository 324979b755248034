use super::Dispatch;
use crate::state::Action;
use plimsoll_report::editor::Parameter;
use std::collections::BTreeMap;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct ParametersProps {
    pub parameters: Vec<Parameter>,
    pub overrides: BTreeMap<String, String>,
    pub dispatch: Dispatch,
}

/// A form generated from the template's Parameters: values typed here override the defaults
/// and the findings follow (DesiredCount, an image tag…).
#[component]
pub fn Parameters(props: &ParametersProps) -> Html {
    if props.parameters.is_empty() {
        return html! {
            <section class="parameters" aria-label="Parameters">
                <p class="empty">{ "This template declares no parameters." }</p>
            </section>
        };
    }
    let reset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::ClearParameters))
    };
    html! {
        <section class="parameters" aria-label="Parameters">
            <p class="hint">
                { "Values here override the template's defaults, as " }
                <code>{ "--parameter-overrides" }</code>
                { " would. Leave a field empty to use the default." }
            </p>
            <form class="parameter-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for props.parameters.iter().map(|p| field(p, props.overrides.get(&p.name), &props.dispatch)) }
            </form>
            <button type="button" class="reset" onclick={reset} disabled={props.overrides.is_empty()}>
                { "Reset to defaults" }
            </button>
        </section>
    }
}

fn field(p: &Parameter, value: Option<&String>, dispatch: &Dispatch) -> Html {
    let id = format!("param-{}", p.name);
    let name = p.name.clone();
    let set = {
        let dispatch = dispatch.clone();
        move |value: String| {
            dispatch.emit(Action::SetParameter {
                name: name.clone(),
                value,
            })
        }
    };
    let default = p.default.clone().unwrap_or_default();
    let control = if p.allowed_values.is_empty() {
        let oninput = Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        html! {
            <input
                id={id.clone()}
                name={p.name.clone()}
                type={if p.no_echo { "password" } else { "text" }}
                value={value.cloned().unwrap_or_default()}
                placeholder={if default.is_empty() { "(no default)".to_owned() } else { default.clone() }}
                autocomplete="off"
                spellcheck="false"
                {oninput}
            />
        }
    } else {
        let onchange = Callback::from(move |e: Event| {
            set(e.target_unchecked_into::<HtmlSelectElement>().value())
        });
        let current = value.cloned().unwrap_or_default();
        html! {
            <select id={id.clone()} name={p.name.clone()} {onchange}>
                <option value="" selected={current.is_empty()}>
                    { if default.is_empty() { "(no default)".to_owned() } else { format!("{default} (default)") } }
                </option>
                { for p.allowed_values.iter().map(|v| html! {
                    <option value={v.clone()} selected={*v == current}>{ v }</option>
                }) }
            </select>
        }
    };
    html! {
        <div class={classes!("parameter", value.is_some().then_some("overridden"))}>
            <label for={id}>
                <span class="name">{ &p.name }</span>
                if let Some(t) = &p.type_name {
                    <span class="type">{ t }</span>
                }
            </label>
            { control }
            if let Some(d) = &p.description {
                <span class="description">{ d }</span>
            }
        </div>
    }
}
