use super::Dispatch;
use super::markdown_view::inlines;
use crate::markdown::code_spans;
use crate::state::Action;
use plimsoll_report::editor::Finding;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct FindingRowProps {
    pub finding: Finding,
    /// The finding's index in the report.
    pub index: usize,
    pub selected: bool,
    pub dispatch: Dispatch,
}

/// One finding: a button that shows it in the editor (Enter or Space from the keyboard), one
/// that applies its fix when it has one (in one undoable change), and one that opens its rule's
/// documentation.
#[component]
pub fn FindingRow(props: &FindingRowProps) -> Html {
    let f = &props.finding;
    let index = props.index;
    let select = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Select(index)))
    };
    let docs = {
        let dispatch = props.dispatch.clone();
        let code = f.code.clone();
        Callback::from(move |_| dispatch.emit(Action::ShowDocs(code.clone())))
    };
    let fix = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::ApplyFix(index)))
    };
    let severity = f.severity.as_str();
    let at = format!("{}:{}", f.range.start.line, f.range.start.column);
    html! {
        <li
            class={classes!("finding", severity, props.selected.then_some("selected"))}
            data-code={f.code.clone()}
            data-line={f.range.start.line.to_string()}
        >
            <button
                type="button"
                class="finding-main"
                aria-current={props.selected.then_some("true")}
                onclick={select}
            >
                <span class={classes!("severity", severity)}>{ severity }</span>
                <span class="code">{ &f.code }</span>
                <span class="location">{ at }</span>
                <span class="message">{ inlines(&code_spans(&f.message)) }</span>
                if let Some(cdk_path) = &f.cdk_path {
                    <span class="cdk-path" title="AWS CDK construct path">{ cdk_path }</span>
                }
                if props.selected {
                    if let Some(help) = &f.help {
                        <span class="help">{ inlines(&code_spans(help)) }</span>
                    }
                    <span class="path">{ &f.path }</span>
                }
            </button>
            if let Some(fix_of) = &f.fix {
                <button
                    type="button"
                    class="fix-button"
                    title={format!("{} (Ctrl+Z in the editor undoes it)", fix_of.message)}
                    onclick={fix}
                >
                    { "Fix" }
                </button>
            }
            <button
                type="button"
                class="docs-button"
                aria-label={format!("Documentation of {} ({})", f.code, f.rule)}
                title={format!("What {} means and how to fix it", f.code)}
                onclick={docs}
            >
                { "?" }
            </button>
        </li>
    }
}
