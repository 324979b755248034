use super::Dispatch;
use crate::state::Action;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct GuardTabProps {
    pub rules: Rc<str>,
    pub error: Option<String>,
    pub dispatch: Dispatch,
}

const PLACEHOLDER: &str = "\
# Your own cfn-guard rules. Their findings join the list, with positions.
let services = Resources.*[ Type == 'AWS::ECS::Service' ]

rule services_have_tags when %services !empty {
    %services.Properties.Tags exists
    <<
        Every ECS service needs tags
    >>
}
";

/// The user's own cfn-guard rules, run with the built-in packs on every lint.
#[component]
pub fn GuardTab(props: &GuardTabProps) -> Html {
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            dispatch.emit(Action::SetGuardRules(Rc::from(text)))
        })
    };
    html! {
        <section class="guard-tab" aria-label="Your guard rules">
            <label for="guard-rules" class="hint">
                { "Write cfn-guard rules; they see the template as it would deploy (parameters substituted) and their findings point at the failing values." }
            </label>
            <textarea
                id="guard-rules"
                class="guard-rules"
                spellcheck="false"
                placeholder={PLACEHOLDER}
                value={props.rules.to_string()}
                {oninput}
            />
            if let Some(error) = &props.error {
                <p class="guard-error" role="alert">{ error }</p>
            }
        </section>
    }
}
