use super::Dispatch;
use crate::gallery::{examples, find};
use crate::lint_job::Export;
use crate::state::{Action, Theme};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct ToolbarProps {
    pub theme: Theme,
    pub busy: bool,
    /// A file chosen in the file dialog.
    pub on_open: Callback<web_sys::File>,
    pub on_share: Callback<()>,
    pub on_export: Callback<Export>,
    pub dispatch: Dispatch,
}

/// The page header: open a file, load an example, share, export, switch the theme.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let on_file = {
        let on_open = props.on_open.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_open.emit(file);
            }
            // The same file can be chosen again.
            input.set_value("");
        })
    };
    let on_example = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<HtmlSelectElement>();
            if let Some(example) = find(&select.value()) {
                dispatch.emit(Action::Load {
                    source: Rc::from(example.source),
                    name: Some(example.file.to_owned()),
                    parameters: BTreeMap::new(),
                });
            }
            select.set_value("");
        })
    };
    let export = |format: Export| {
        let on_export = props.on_export.clone();
        Callback::from(move |_| on_export.emit(format))
    };
    let share = {
        let on_share = props.on_share.clone();
        Callback::from(move |_| on_share.emit(()))
    };
    let theme = {
        let dispatch = props.dispatch.clone();
        let next = props.theme.toggled();
        Callback::from(move |_| dispatch.emit(Action::SetTheme(next)))
    };
    let all = examples();
    html! {
        <header class="toolbar">
            <h1 class="brand">
                // The Plimsoll line: a ring crossed by the load line (drawn, not a glyph that
                // fonts may lack).
                <svg class="mark" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true">
                    <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <line x1="1" y1="10" x2="19" y2="10" stroke="currentColor" stroke-width="2" />
                </svg>
                { "Plimsoll" }
                <span class="tagline">{ "CloudFormation checks for safe ECS deployments" }</span>
            </h1>
            <nav class="actions" aria-label="Template actions">
                <label class="button file-button">
                    { "Open file…" }
                    <input
                        type="file"
                        class="visually-hidden"
                        accept=".yaml,.yml,.json,.template,.txt"
                        onchange={on_file}
                    />
                </label>
                if !all.is_empty() {
                    <select class="examples" aria-label="Load an example" onchange={on_example}>
                        <option value="" selected=true>{ "Examples…" }</option>
                        { for all.iter().map(|e| html! {
                            <option value={e.example.file}>{ &e.title }</option>
                        }) }
                    </select>
                }
                <button type="button" class="share" onclick={share}
                    title="Copy a link that carries the template in its fragment (never sent to a server)">
                    { "Share link" }
                </button>
                <button type="button" class="export-json" onclick={export(Export::Json)}>{ "Export JSON" }</button>
                <button type="button" class="export-sarif" onclick={export(Export::Sarif)}>{ "Export SARIF" }</button>
                <button type="button" class="theme" onclick={theme}
                    aria-label={format!("Switch to the {} theme", props.theme.toggled().as_str())}>
                    { if props.theme == Theme::Dark { "☀" } else { "☾" } }
                </button>
            </nav>
        </header>
    }
}
