use crate::gutter::{Mark, Part, line_count, parts};
use crate::highlight::backdrop;
use plimsoll_report::editor::Range;
use std::rc::Rc;
use web_sys::{DragEvent, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Must equal the editor's `line-height` in the stylesheet.
const LINE_HEIGHT: f64 = 20.0;
/// About one character of the editor's monospace font, for horizontal scrolling.
const CHAR_WIDTH: f64 = 8.4;

#[derive(Properties, PartialEq, Debug)]
pub struct EditorProps {
    pub source: Rc<str>,
    /// Changes whenever the text is replaced from outside the editor.
    pub loads: u64,
    pub marks: Rc<Vec<Mark>>,
    /// The range of the selected finding.
    pub highlight: Option<Range>,
    /// Changes whenever the selected finding should be scrolled into view.
    pub reveals: u64,
    pub on_edit: Callback<Rc<str>>,
    pub on_drop_file: Callback<web_sys::File>,
}

/// A plain textarea (fast with megabytes of text) over a backdrop that draws the highlight,
/// beside a gutter of line numbers with the lines that have findings marked.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let gutter = use_node_ref();
    let back = use_node_ref();
    let dragging = use_state(|| false);

    let lines = *use_memo(props.source.clone(), |s| line_count(s));
    let current = props.highlight.map(|r| r.start.line);
    let gutter_parts = use_memo((lines, props.marks.clone(), current), |(n, marks, cur)| {
        parts(*n, marks, *cur)
    });

    // Take text loaded from a file, an example or a link.
    {
        let textarea = textarea.clone();
        let source = props.source.clone();
        use_effect_with(props.loads, move |_| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>()
                && el.value() != *source
            {
                el.set_value(&source);
                el.set_scroll_top(0);
            }
        });
    }

    let sync = {
        let (textarea, gutter, back) = (textarea.clone(), gutter.clone(), back.clone());
        move || {
            let Some(el) = textarea.cast::<HtmlElement>() else {
                return;
            };
            if let Some(g) = gutter.cast::<HtmlElement>() {
                g.set_scroll_top(el.scroll_top());
            }
            if let Some(b) = back.cast::<HtmlElement>() {
                b.set_scroll_top(el.scroll_top());
                b.set_scroll_left(el.scroll_left());
            }
        }
    };

    // Show the selected finding: select its exact range and scroll its line into view.
    {
        let textarea = textarea.clone();
        let highlight = props.highlight;
        let sync = sync.clone();
        use_effect_with(props.reveals, move |_| {
            if let (Some(el), Some(range)) = (textarea.cast::<HtmlTextAreaElement>(), highlight) {
                let _ = el.set_selection_range(range.start.offset, range.end.offset);
                let height = f64::from(el.client_height());
                let top = (f64::from(range.start.line) - 1.0) * LINE_HEIGHT - height / 3.0;
                el.set_scroll_top(top.max(0.0) as i32);
                let width = f64::from(el.client_width());
                let x = f64::from(range.start.column) * CHAR_WIDTH;
                el.set_scroll_left(if x < width * 0.7 {
                    0
                } else {
                    (x - width / 2.0) as i32
                });
                sync();
            }
        });
    }

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            on_edit.emit(Rc::from(text));
        })
    };
    let onscroll = {
        let sync = sync.clone();
        Callback::from(move |_: Event| sync())
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_drop_file = props.on_drop_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                on_drop_file.emit(file);
            }
        })
    };

    let highlight = props.highlight.and_then(|r| backdrop(&props.source, r));
    html! {
        <div
            class={classes!("editor", dragging.then_some("dragging"))}
            {ondragover}
            {ondragleave}
            {ondrop}
        >
            <pre class="gutter" aria-hidden="true" ref={gutter}>
                { for gutter_parts.iter().map(gutter_part) }
            </pre>
            <div class="code">
                <pre class="backdrop" aria-hidden="true" ref={back}>
                    if let Some(b) = highlight {
                        { b.leading }{ b.before }
                        <mark class="highlight" data-line={b.line.to_string()}>{ b.marked }</mark>
                    }
                </pre>
                <textarea
                    ref={textarea}
                    class="source"
                    aria-label="CloudFormation template (YAML or JSON)"
                    placeholder="Paste a CloudFormation template here, drop a file, or pick an example."
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    {oninput}
                    {onscroll}
                />
            </div>
        </div>
    }
}

fn gutter_part(part: &Part) -> Html {
    match part {
        Part::Plain(text) => html! { { text } },
        Part::Line {
            line,
            mark,
            title,
            current,
        } => html! {
            <span
                class={classes!(
                    "line",
                    mark.map(|s| format!("mark {}", s.as_str())),
                    current.then_some("current"),
                )}
                data-line={line.to_string()}
                title={(!title.is_empty()).then(|| title.clone())}
            >
                { format!("{line}\n") }
            </span>
        },
    }
}
