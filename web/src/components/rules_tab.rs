use super::Dispatch;
use crate::rule_settings::RuleSettings;
use crate::state::Action;
use plimsoll_lint::{Severity, catalog};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct RulesTabProps {
    pub rules: RuleSettings,
    /// Saves the settings as a `plimsoll.toml`.
    pub on_export: Callback<()>,
    pub dispatch: Dispatch,
}

const LEVELS: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// Every rule of the catalog, to turn off or give another severity: the `ignore` and
/// `[severity]` entries of a `plimsoll.toml`, which the export writes for the CLI.
#[component]
pub fn RulesTab(props: &RulesTabProps) -> Html {
    let export = {
        let on_export = props.on_export.clone();
        Callback::from(move |_| on_export.emit(()))
    };
    let reset = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::ResetRules))
    };
    html! {
        <section class="rules-tab" aria-label="Rule settings">
            <p class="hint">
                { "Turn rules off or change their severity. These are the " }
                <code>{ "ignore" }</code>{ " and " }<code>{ "[severity]" }</code>
                { " entries of a plimsoll.toml: export it and the CLI reports what the page does." }
            </p>
            <div class="rules-actions">
                <button type="button" class="export-config" onclick={export}>{ "Export plimsoll.toml" }</button>
                <button type="button" class="reset-rules" onclick={reset} disabled={props.rules.is_default()}>
                    { "Reset rule settings" }
                </button>
            </div>
            <table class="rule-settings">
                <thead>
                    <tr>
                        <th scope="col">{ "On" }</th>
                        <th scope="col">{ "Rule" }</th>
                        <th scope="col">{ "Severity" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for catalog().into_iter().map(|meta| rule_row(meta, &props.rules, &props.dispatch)) }
                </tbody>
            </table>
        </section>
    }
}

fn rule_row(meta: &plimsoll_lint::RuleMeta, rules: &RuleSettings, dispatch: &Dispatch) -> Html {
    let code = meta.code;
    let enabled = rules.is_enabled(code);
    let severity = rules.severity_of(code, meta.severity);
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let enabled = e.target_unchecked_into::<HtmlInputElement>().checked();
            dispatch.emit(Action::SetRuleEnabled {
                code: code.to_owned(),
                enabled,
            })
        })
    };
    let choose = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(severity) = Severity::parse(&value) {
                dispatch.emit(Action::SetRuleSeverity {
                    code: code.to_owned(),
                    severity,
                })
            }
        })
    };
    let on_id = format!("rule-on-{code}");
    html! {
        <tr class={classes!("rule-setting", (!enabled).then_some("off"))} data-code={code}>
            <td>
                <input type="checkbox" id={on_id.clone()} checked={enabled} onchange={toggle} />
            </td>
            <td>
                <label for={on_id}>
                    <span class="code">{ code }</span>{ " " }<span class="name">{ meta.name }</span>
                </label>
            </td>
            <td>
                <select
                    class="severity"
                    aria-label={format!("Severity of {code}")}
                    disabled={!enabled}
                    onchange={choose}
                >
                    { for LEVELS.iter().map(|&level| html! {
                        <option value={level.as_str()} selected={level == severity}>
                            { level.as_str() }
                            if level == meta.severity { { " (the rule's own)" } }
                        </option>
                    }) }
                </select>
            </td>
        </tr>
    }
}
