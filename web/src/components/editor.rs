use crate::code_editor::CodeEditor;
use plimsoll_report::editor::{Edit, LintResult, Range};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{DragEvent, HtmlElement};
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct EditorProps {
    pub source: Rc<str>,
    /// Changes whenever the text is replaced from outside the editor.
    pub loads: u64,
    /// The last lint's report.
    pub report: Rc<LintResult>,
    /// Whether `report` belongs to the text the editor holds (otherwise the editor keeps the
    /// findings it has, moved along with the edits).
    pub current: bool,
    /// The range of the selected finding.
    pub highlight: Option<Range>,
    /// Changes whenever the selected finding should be scrolled into view.
    pub reveals: u64,
    /// The fix to apply, and a counter that changes with every request to apply one.
    pub fix: Option<Rc<Vec<Edit>>>,
    pub fixes: u64,
    pub on_edit: Callback<Rc<str>>,
    pub on_drop_file: Callback<web_sys::File>,
}

/// The editor and the closures it calls back, which must live as long as it does.
struct Mounted {
    editor: CodeEditor,
    _on_change: Closure<dyn FnMut(String)>,
}

/// The code editor (CodeMirror, see [`crate::code_editor`]): highlighting, the findings as
/// underlines with their messages on hover and marks in the gutter, undo, search and folding.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let mounted: Rc<RefCell<Option<Mounted>>> = use_mut_ref(|| None);
    let dragging = use_state(|| false);
    // The latest callback, read by the editor's closure (created once).
    let on_edit = use_mut_ref(|| props.on_edit.clone());
    *on_edit.borrow_mut() = props.on_edit.clone();

    {
        let (host, mounted) = (host.clone(), mounted.clone());
        use_effect_with((), move |_| {
            if let Some(parent) = host.cast::<HtmlElement>() {
                let on_change = Closure::<dyn FnMut(String)>::new(move |text: String| {
                    let on_edit = on_edit.borrow().clone();
                    on_edit.emit(Rc::from(text));
                });
                let editor = CodeEditor::new(&parent, &on_change);
                *mounted.borrow_mut() = Some(Mounted {
                    editor,
                    _on_change: on_change,
                });
            }
            move || {
                if let Some(m) = mounted.borrow_mut().take() {
                    m.editor.destroy();
                }
            }
        });
    }

    let with_editor = {
        let mounted = mounted.clone();
        move |f: &dyn Fn(&CodeEditor)| {
            if let Some(m) = mounted.borrow().as_ref() {
                f(&m.editor);
            }
        }
    };

    // Take text loaded from a file, an example or a link.
    {
        let with_editor = with_editor.clone();
        let source = props.source.clone();
        use_effect_with(props.loads, move |_| {
            with_editor(&|e| e.set_text(&source));
        });
    }

    // Show the findings once they belong to the text.
    {
        let with_editor = with_editor.clone();
        use_effect_with(
            (props.report.clone(), props.current),
            move |(report, current)| {
                if *current && let Ok(json) = serde_json::to_string(&report.findings) {
                    with_editor(&|e| e.set_findings(&json));
                }
            },
        );
    }

    // Select the chosen finding's exact range and scroll it into view.
    {
        let with_editor = with_editor.clone();
        let highlight = props.highlight;
        use_effect_with(props.reveals, move |_| {
            if let Some(r) = highlight {
                with_editor(&|e| e.reveal(r.start.line, r.start.column, r.end.line, r.end.column));
            }
        });
    }

    // Apply a finding's fix as an undoable change.
    {
        let fix = props.fix.clone();
        use_effect_with(props.fixes, move |_| {
            if let Some(edits) = fix
                && let Ok(json) = serde_json::to_string(&*edits)
            {
                with_editor(&|e| {
                    e.apply_fix(&json);
                });
            }
        });
    }

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
    html! {
        <div
            class={classes!("editor", dragging.then_some("dragging"))}
            ref={host}
            {ondragover}
            {ondragleave}
            {ondrop}
        ></div>
    }
}
