use crate::markdown::{Block, Inline, parse};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct MarkdownViewProps {
    pub markdown: AttrValue,
}

/// Rule documentation rendered from its Markdown; text only, never raw HTML.
#[component]
pub fn MarkdownView(props: &MarkdownViewProps) -> Html {
    let blocks = parse(&props.markdown);
    // The page's heading outline: the documentation sits under an h2, so its top level of
    // headings is h3 whatever level the Markdown starts at, and deeper ones follow.
    let top = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    html! { <div class="markdown">{ for blocks.iter().map(|b| block(b, top)) }</div> }
}

fn block(block: &Block, top: u8) -> Html {
    match block {
        Block::Heading { level, text } => {
            let inner = inlines(text);
            match level.saturating_sub(top) {
                0 => html! { <h3>{ inner }</h3> },
                1 => html! { <h4>{ inner }</h4> },
                2 => html! { <h5>{ inner }</h5> },
                _ => html! { <h6>{ inner }</h6> },
            }
        }
        Block::Paragraph(text) => html! { <p>{ inlines(text) }</p> },
        Block::List(items) => html! {
            <ul>{ for items.iter().map(|item| html! { <li>{ inlines(item) }</li> }) }</ul>
        },
        // A code block may scroll sideways: it takes the focus so the keyboard can scroll it.
        Block::Code { lang, code } => html! {
            <pre tabindex="0" class={classes!("code-block", (!lang.is_empty()).then(|| format!("lang-{lang}")))}>
                <code>{ code }</code>
            </pre>
        },
    }
}

/// Inline runs as HTML (text is escaped; links are web links only, see `markdown::inline`).
pub fn inlines(runs: &[Inline]) -> Html {
    runs.iter()
        .map(|run| match run {
            Inline::Text(text) => html! { { text } },
            Inline::Code(code) => html! { <code>{ code }</code> },
            Inline::Strong(text) => html! { <strong>{ text }</strong> },
            Inline::Emphasis(text) => html! { <em>{ text }</em> },
            Inline::Link { text, href } => html! {
                <a href={href.clone()} target="_blank" rel="noopener noreferrer">{ text }</a>
            },
        })
        .collect()
}
