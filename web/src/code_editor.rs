//! The binding to the page's code editor, `PlimsollEditor` in `web/editor/editor.js`: a
//! CodeMirror 6 view that `boot.js` loads before the app starts.
//!
//! CodeMirror was picked because it virtualises long documents (only the visible lines are in
//! the DOM, so a 5 MB template stays responsive), parses incrementally in time-boxed slices,
//! and ships lint underlines, hover messages, gutter markers, undo history, search and folding
//! as small, well-kept modules; bundled, it adds about 130 KB gzipped to the page.
//!
//! The binding is a handful of typed calls; positions cross it as the report's 1-based lines
//! and UTF-16 columns, which the editor maps onto its own line model (see editor.js).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A CodeMirror view with the page's extensions.
    #[wasm_bindgen(js_name = PlimsollEditor)]
    pub type CodeEditor;

    /// Creates the editor inside `parent`; `on_change` gets the whole text after every edit.
    #[wasm_bindgen(constructor, js_class = PlimsollEditor)]
    pub fn new(parent: &web_sys::HtmlElement, on_change: &Closure<dyn FnMut(String)>)
    -> CodeEditor;

    /// Replaces the text as one undoable change.
    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &CodeEditor, text: &str);

    /// Shows the findings of the current text (`Finding[]` as JSON).
    #[wasm_bindgen(method, js_name = setFindings)]
    pub fn set_findings(this: &CodeEditor, findings_json: &str);

    /// Selects a range, scrolls it into view and focuses the editor.
    #[wasm_bindgen(method)]
    pub fn reveal(
        this: &CodeEditor,
        start_line: u32,
        start_column: u32,
        end_line: u32,
        end_column: u32,
    );

    /// Applies a fix's edits (`Edit[]` as JSON) as one undoable change; false when the text
    /// changed since the findings were shown.
    #[wasm_bindgen(method, js_name = applyFix)]
    pub fn apply_fix(this: &CodeEditor, edits_json: &str) -> bool;

    #[wasm_bindgen(method)]
    pub fn destroy(this: &CodeEditor);
}
