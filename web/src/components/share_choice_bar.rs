use super::Dispatch;
use crate::state::{Action, ShareChoice, ShareSide};
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct ShareChoiceBarProps {
    pub choice: ShareChoice,
    /// Works on one side (the page also takes the link out of its address).
    pub on_choose: Callback<ShareSide>,
    pub dispatch: Dispatch,
}

/// Asks which to work on when a share link would replace a different stored draft, and then
/// keeps the other a click away: nothing is overwritten without the user's word.
#[component]
pub fn ShareChoiceBar(props: &ShareChoiceBarProps) -> Html {
    let first = use_node_ref();
    {
        // The question takes the focus once, so keyboard users meet it first.
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(button) = first.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let choose = |side: ShareSide| {
        let on_choose = props.on_choose.clone();
        Callback::from(move |_| on_choose.emit(side))
    };
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::DismissShareChoice))
    };
    let (text, other) = match props.choice.chosen {
        None => (
            "This link holds a template that differs from your draft. Your draft is shown until you choose.",
            None,
        ),
        Some(ShareSide::Shared) => (
            "You are working on the shared template; your draft is kept here.",
            Some(ShareSide::Draft),
        ),
        Some(ShareSide::Draft) => (
            "You kept your draft; the shared template is kept here.",
            Some(ShareSide::Shared),
        ),
    };
    let button = |side: ShareSide, node: Option<NodeRef>| {
        let (class, label) = match side {
            ShareSide::Shared => ("open-shared", "Open the shared template"),
            ShareSide::Draft => (
                "keep-draft",
                match props.choice.chosen {
                    None => "Keep my draft",
                    Some(_) => "Back to my draft",
                },
            ),
        };
        html! {
            <button type="button" class={class} ref={node.unwrap_or_default()} onclick={choose(side)}>
                { label }
            </button>
        }
    };
    html! {
        <section class="share-choice" aria-labelledby="share-choice-text"
            data-chosen={props.choice.chosen.map(|side| match side {
                ShareSide::Shared => "shared",
                ShareSide::Draft => "draft",
            })}>
            <p id="share-choice-text" role="status">{ text }</p>
            if let Some(other) = other {
                { button(other, Some(first.clone())) }
                <button type="button" class="close-choice" onclick={close}
                    title="Keep working on what the editor shows; the other is dropped">
                    { "Close" }
                </button>
            } else {
                { button(ShareSide::Shared, Some(first.clone())) }
                { button(ShareSide::Draft, None) }
            }
        </section>
    }
}
