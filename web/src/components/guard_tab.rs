use super::Dispatch;
use crate::lint_job::GuardError;
use crate::state::Action;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Debug)]
pub struct GuardTabProps {
    pub rules: Rc<str>,
    /// Why the rules cannot be used, at a line and column of their text.
    pub error: Option<GuardError>,
    /// How many findings the rules reported on the template.
    pub findings: usize,
    /// The last complete lint could not run cfn-guard (its module did not load): the rules did
    /// not run, so nothing may say they pass.
    #[prop_or_default]
    pub unavailable: bool,
    pub dispatch: Dispatch,
}

const PLACEHOLDER: &str = "\
# Your own cfn-guard rules: their findings join the list, with positions.
let services = Resources.*[ Type == 'AWS::ECS::Service' ]

# An optional header right above a rule gives its code, severity and fix:
# code: ORG001
# severity: warning
# fix: tag the service with its team
rule ORG001_services_have_tags when %services !empty {
    %services.Properties.Tags exists
    <<
        Every ECS service needs tags
    >>
}
";

/// The user's own cfn-guard rules, run with the built-in packs on every complete lint. A rule
/// file that cannot be used shows why, at its line and column, and the caret moves there.
#[component]
pub fn GuardTab(props: &GuardTabProps) -> Html {
    let textarea = use_node_ref();
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            dispatch.emit(Action::SetGuardRules(Rc::from(text)))
        })
    };
    let show_error = {
        let textarea = textarea.clone();
        let at = props.error.as_ref().map(|e| (e.line, e.column));
        Callback::from(move |_| {
            if let (Some(el), Some((line, column))) = (textarea.cast::<HtmlTextAreaElement>(), at) {
                let offset = utf16_offset(&el.value(), line, column);
                let _ = el.set_selection_range(offset, offset);
                let _ = el.focus();
            }
        })
    };
    html! {
        <section class="guard-tab" aria-label="Your guard rules">
            <label for="guard-rules" class="hint">
                { "Write cfn-guard rules; they see the template as it would deploy (parameters substituted) and their findings join the list, pointing at the failing values." }
            </label>
            <textarea
                id="guard-rules"
                class="guard-rules"
                ref={textarea}
                spellcheck="false"
                placeholder={PLACEHOLDER}
                value={props.rules.to_string()}
                aria-invalid={props.error.is_some().then_some("true")}
                {oninput}
            />
            if let Some(error) = &props.error {
                <p class="guard-error" role="alert"
                    data-line={error.line.to_string()} data-column={error.column.to_string()}>
                    <button type="button" class="position" onclick={show_error}>
                        { format!("Line {}, column {}", error.line, error.column) }
                    </button>
                    { format!(": {}", error.message) }
                </p>
            } else if props.unavailable && !props.rules.trim().is_empty() {
                <p class="guard-error guard-not-run" role="alert">
                    { "Your rules did not run: cfn-guard's module could not be loaded. Reload the page to try again." }
                </p>
            } else if !props.rules.trim().is_empty() {
                <p class="guard-ok" role="status">
                    { match props.findings {
                        0 => "Your rules pass on this template.".to_owned(),
                        1 => "Your rules report 1 finding (in the Findings tab).".to_owned(),
                        n => format!("Your rules report {n} findings (in the Findings tab)."),
                    } }
                </p>
            }
        </section>
    }
}

/// The UTF-16 offset (what a textarea's selection counts) of a 1-based line and column
/// (columns count characters), clamped to the text.
pub fn utf16_offset(text: &str, line: u32, column: u32) -> u32 {
    let mut offset = 0usize;
    for (index, content) in text.split('\n').enumerate() {
        if index + 1 == line as usize {
            let within: usize = content
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf16)
                .sum();
            return u32::try_from(offset + within).unwrap_or(u32::MAX);
        }
        offset += content.encode_utf16().count() + 1;
    }
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::utf16_offset;

    #[test]
    fn offsets_count_utf16_units_and_clamp() {
        let text = "ab\n☕😀x\nlast";
        assert_eq!(utf16_offset(text, 1, 1), 0);
        assert_eq!(utf16_offset(text, 2, 1), 3);
        // ☕ is one unit, 😀 two.
        assert_eq!(utf16_offset(text, 2, 3), 6);
        assert_eq!(utf16_offset(text, 2, 99), 7);
        assert_eq!(utf16_offset(text, 9, 1), 12);
    }
}
