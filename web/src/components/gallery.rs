use super::Dispatch;
use crate::gallery::examples;
use crate::state::Action;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct GalleryProps {
    pub dispatch: Dispatch,
}

/// The example templates, each a button that loads it into the editor.
#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let all = examples();
    if all.is_empty() {
        return html! {};
    }
    html! {
        <section class="gallery" aria-label="Examples">
            <h2>{ "Examples" }</h2>
            <ul>
                { for all.iter().map(|entry| {
                    let example = entry.example;
                    let dispatch = props.dispatch.clone();
                    let load = Callback::from(move |_| dispatch.emit(Action::Load {
                        source: Rc::from(example.source),
                        name: Some(example.file.to_owned()),
                        parameters: BTreeMap::new(),
                    }));
                    html! {
                        <li>
                            <button type="button" class="example" data-example={example.file} onclick={load}>
                                <span class="title">{ &entry.title }</span>
                                <span class="file">{ example.file }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
