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
    html! { <div class="markdown">{ for blocks.iter().map(block) }</div> }
}

fn block(block: &Block) -> Html {
    match block {
        Block::Heading { level, text } => {
            let inner = inlines(text);
            match level {
                1 | 2 => html! { <h3>{ inner }</h3> },
                _ => html! { <h4>{ inner }</h4> },
            }
        }
        Block::Paragraph(text) => html! { <p>{ inlines(text) }</p> },
        Block::List(items) => html! {
            <ul>{ for items.iter().map(|item| html! { <li>{ inlines(item) }</li> }) }</ul>
        },
        Block::Code { lang, code } => html! {
            <pre class={classes!("code-block", (!lang.is_empty()).then(|| format!("lang-{lang}")))}>
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
