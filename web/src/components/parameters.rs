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
    let invalid = value.and_then(|v| not_a_number(p.type_name.as_deref(), v));
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
                aria-invalid={invalid.is_some().then_some("true")}
                aria-describedby={invalid.is_some().then(|| format!("{id}-error"))}
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
            if let Some(problem) = &invalid {
                <span class="param-error" id={format!("param-{}-error", p.name)} role="alert">{ problem }</span>
            }
            if let Some(d) = &p.description {
                <span class="description">{ d }</span>
            }
        </div>
    }
}

/// Why an override of a `Number` (or `List<Number>`) parameter is not one, as CloudFormation
/// would refuse it; `None` when it is fine.
pub fn not_a_number(type_name: Option<&str>, value: &str) -> Option<String> {
    let is_number = |text: &str| text.trim().parse::<f64>().is_ok_and(f64::is_finite);
    match type_name? {
        "Number" if !is_number(value) => Some(format!(
            "\"{value}\" is not a number: CloudFormation refuses it for a Number parameter"
        )),
        "List<Number>" => value.split(',').find(|item| !is_number(item)).map(|item| {
            format!(
                "\"{}\" is not a number: every item of a List<Number> must be one",
                item.trim()
            )
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::not_a_number;

    #[test]
    fn number_parameters_take_numbers_only() {
        assert!(not_a_number(Some("Number"), "abc").is_some());
        assert!(not_a_number(Some("Number"), " 2.5 ").is_none());
        assert!(not_a_number(Some("List<Number>"), "1, 2,x").is_some_and(|m| m.contains("\"x\"")));
        assert!(not_a_number(Some("List<Number>"), "1,2").is_none());
        assert!(not_a_number(Some("String"), "abc").is_none());
        assert!(not_a_number(None, "abc").is_none());
    }
}
