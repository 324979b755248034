//! Plimsoll for JavaScript (the npm package): `lint`, `rules`, `explain`, `version`.
//!
//! Thin bindings over [`api`], which does the work on plain Rust data and is tested natively.
//! Results are plain JSON-compatible objects; positions are 1-based lines, 1-based UTF-16
//! columns and UTF-16 offsets, so they index JavaScript strings directly.

pub mod api;
mod panics;

use wasm_bindgen::prelude::*;

/// What `lint` returns, written from `plimsoll_report::editor` (`tests/typescript.rs`).
#[wasm_bindgen(typescript_custom_section)]
const LINT_RESULT_TYPES: &str = include_str!("lint_result.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Lints one CloudFormation template (YAML or JSON) and returns its findings and parameters.
///
/// Throws when `options` is not a valid `LintOptions` object, or when one of its guard rule
/// files cannot be used (the error then has `file`, `line` and `column`); a broken template is
/// never an exception, it is a finding (TPL001) with a position. A bug (a panic, ours or
/// cfn-guard's) throws an `Error` whose message starts with `plimsoll: internal error`; the
/// next call works again.
#[wasm_bindgen(unchecked_return_type = "LintResult")]
pub fn lint(
    // Taken as a JavaScript value, copied in here: the glue copies a `&str` into the module's
    // memory before it swaps in the fresh instance a panic asked for, which would corrupt it.
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    panics::install_hook();
    let source = source
        .as_string()
        .ok_or_else(|| JsError::new("the template must be a string"))?;
    let source = source.as_str();
    let options = match options.filter(|o| !o.is_null() && !o.is_undefined()) {
        None => String::new(),
        Some(options) => js_sys::JSON::stringify(&options)
            .map_err(|_| JsError::new("options must be a plain object"))?
            .as_string()
            .unwrap_or_default(),
    };
    match api::lint(source, &options) {
        Ok(report) => to_js(&report).map_err(JsValue::from),
        Err(api::LintError::Rules(e)) => {
            let error = js_sys::Error::new(&e.to_string());
            for (key, value) in [
                ("file", JsValue::from_str(&e.file)),
                ("line", JsValue::from(e.line)),
                ("column", JsValue::from(e.column)),
            ] {
                js_sys::Reflect::set(&error, &JsValue::from_str(key), &value)?;
            }
            Err(error.into())
        }
        Err(e) => Err(JsError::new(&e.to_string()).into()),
    }
}

/// Every rule in the catalog, ordered by code.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    to_js(&api::rules())
}

/// The documentation of a rule as Markdown (what `plimsoll explain CODE` prints), or
/// `undefined` for an unknown code.
#[wasm_bindgen]
pub fn explain(code: &str) -> Option<String> {
    api::explain(code)
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    api::VERSION.to_owned()
}

/// Serializes through JSON text, so JavaScript gets plain objects, arrays and strings.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("cannot build the result"))
}
