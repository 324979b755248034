use yew::prelude::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Which Plimsoll this is, and where its rules and its command-line tool are described.
#[component]
pub fn About() -> Html {
    let link = |path: &str, label: &str| {
        html! {
            <a href={format!("{REPOSITORY}{path}")} target="_blank" rel="noopener noreferrer">{ label }</a>
        }
    };
    html! {
        <span class="about">
            <span class="version">{ format!("Plimsoll {VERSION}") }</span>
            { link("/blob/main/docs/rules/README.md", "Rules") }
            { link("#readme", "CLI") }
        </span>
    }
}
