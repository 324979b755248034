use super::{Dispatch, MarkdownView};
use crate::state::Action;
use plimsoll_lint::lookup;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct RuleDocsProps {
    pub code: AttrValue,
    pub dispatch: Dispatch,
}

/// A rule's page (What it does / Why is this bad? / Example / Use instead): the text
/// `plimsoll explain CODE` prints.
#[component]
pub fn RuleDocs(props: &RuleDocsProps) -> Html {
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::CloseDocs))
    };
    let on_key = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                dispatch.emit(Action::CloseDocs);
            }
        })
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
            onkeydown={on_key}
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
