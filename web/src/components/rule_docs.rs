use super::{Dispatch, MarkdownView};
use crate::state::Action;
use gloo::events::EventListener;
use plimsoll_lint::lookup;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct RuleDocsProps {
    pub code: AttrValue,
    pub dispatch: Dispatch,
}

/// A rule's page (What it does / Why is this bad? / Example / Use instead): the text
/// `plimsoll explain CODE` prints.
///
/// Opening it moves the focus into it, so a keyboard user is there without tabbing past every
/// finding; Escape anywhere on the page closes it, and the focus goes back to the control that
/// opened it.
#[component]
pub fn RuleDocs(props: &RuleDocsProps) -> Html {
    let panel = use_node_ref();
    // The control that had the focus when the panel opened (or showed another rule).
    let opener = use_mut_ref(|| None::<HtmlElement>);
    {
        let panel = panel.clone();
        let opener = opener.clone();
        use_effect_with(props.code.clone(), move |_| {
            let Some(panel) = panel.cast::<HtmlElement>() else {
                return;
            };
            let active = gloo::utils::document()
                .active_element()
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(active) = active.filter(|a| !panel.contains(Some(a))) {
                *opener.borrow_mut() = Some(active);
            }
            let _ = panel.focus();
        });
    }
    {
        let dispatch = props.dispatch.clone();
        let opener = opener.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "keydown", move |e| {
                if e.dyn_ref::<KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape")
                {
                    dispatch.emit(Action::CloseDocs);
                }
            });
            move || {
                drop(listener);
                if let Some(opener) = opener.borrow_mut().take().filter(|o| o.is_connected()) {
                    let _ = opener.focus();
                }
            }
        });
    }
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::CloseDocs))
    };
    let meta = lookup(&props.code);
    let title = match meta {
        Some(m) => format!("{} {}", m.code, m.name),
        None => props.code.to_string(),
    };
    html! {
        <section
            class="rule-docs"
            role="dialog"
            aria-label={format!("Documentation of {title}")}
            data-code={props.code.clone()}
            tabindex="-1"
            ref={panel}
        >
            <header>
                <h2>{ title }</h2>
                if let Some(m) = meta {
                    <span class={classes!("severity", m.severity.as_str())}>
                        { format!("default: {}", m.severity) }
                    </span>
                }
                <button type="button" class="close" aria-label="Close the documentation" onclick={close}>
                    { "×" }
                </button>
            </header>
            {
                match meta {
                    Some(m) => html! { <MarkdownView markdown={AttrValue::from(m.markdown())} /> },
                    None => html! {
                        <p>{ "This finding comes from your own guard rules; its documentation is the rule's message." }</p>
                    },
                }
            }
        </section>
    }
}
