use super::Dispatch;
use crate::state::{Action, Tab};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct TabsProps {
    pub current: Tab,
    /// A count shown beside each tab's label, if any.
    pub badges: Vec<(Tab, usize)>,
    pub dispatch: Dispatch,
}

/// The side panel's tab list; arrow keys move between tabs as in any tab list.
#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let on_key = {
        let dispatch = props.dispatch.clone();
        let current = props.current;
        Callback::from(move |e: KeyboardEvent| {
            let at = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => Tab::ALL[(at + 1) % Tab::ALL.len()],
                "ArrowLeft" => Tab::ALL[(at + Tab::ALL.len() - 1) % Tab::ALL.len()],
                "Home" => Tab::ALL[0],
                "End" => Tab::ALL[Tab::ALL.len() - 1],
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(Action::SetTab(next));
            if let Some(el) =
                gloo::utils::document().get_element_by_id(&format!("tab-{}", next.id()))
                && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
            {
                let _ = el.focus();
            }
        })
    };
    html! {
        <div class="tabs" role="tablist" aria-label="Panels" onkeydown={on_key}>
            { for Tab::ALL.iter().map(|&tab| {
                let dispatch = props.dispatch.clone();
                let selected = tab == props.current;
                let badge = props.badges.iter().find(|(t, _)| *t == tab).map(|(_, n)| *n);
                html! {
                    <button
                        type="button"
                        role="tab"
                        id={format!("tab-{}", tab.id())}
                        aria-selected={selected.to_string()}
                        aria-controls={format!("panel-{}", tab.id())}
                        tabindex={if selected { "0" } else { "-1" }}
                        onclick={Callback::from(move |_| dispatch.emit(Action::SetTab(tab)))}
                    >
                        { tab.label() }
                        if let Some(n) = badge {
                            <span class="badge">{ n }</span>
                        }
                    </button>
                }
            }) }
        </div>
    }
}
