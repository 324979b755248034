//! Running cfn-guard: rule texts and one data document in, its structured JSON report out.
//!
//! cfn-guard's public API takes rules as text; its parsed form and evaluator are private, so
//! each evaluation parses the rule texts again (we check them once, when they are loaded). The
//! payload form of its `validate` command is used because it reads everything from memory (no
//! file system, so it runs in the browser) and writes its whole report to a buffer.

use cfn_guard::commands::Executable;
use cfn_guard::commands::validate::{OutputFormatType, ShowSummaryType};
use cfn_guard::utils::reader::{ReadBuffer, Reader};
use cfn_guard::utils::writer::{WriteBuffer, Writer};
use cfn_guard::{CommandBuilder, ValidateBuilder};
use std::io::Cursor;

/// Rule texts ready to be evaluated against many documents.
#[derive(Clone, Debug, Default)]
pub(crate) struct Engine {
    /// Each rule file's text as a JSON string, escaped once.
    rules: Vec<String>,
}

impl Engine {
    pub fn new<'a>(rule_texts: impl IntoIterator<Item = &'a str>) -> Engine {
        let rules = rule_texts
            .into_iter()
            .map(|text| {
                serde_json::to_string(&without_comment_lines(text))
                    .unwrap_or_else(|_| String::from("\"\""))
            })
            .collect();
        Engine { rules }
    }

    /// Evaluates the rule files for which `include(index)` holds against JSON documents, all
    /// in one cfn-guard run (it parses the rule texts once per run), and returns cfn-guard's
    /// report for each document in order: the `not_compliant` rules and their failing checks.
    pub fn evaluate(
        &self,
        include: impl Fn(usize) -> bool,
        documents: &[&str],
    ) -> Result<Vec<serde_json::Value>, String> {
        let data = documents
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| e.to_string())?;
        let rules: Vec<&str> = (0..self.rules.len())
            .filter(|&i| include(i))
            .map(|i| self.rules[i].as_str())
            .collect();
        let payload = format!(
            "{{\"rules\":[{}],\"data\":[{}]}}",
            rules.join(","),
            data.join(",")
        );

        let command = ValidateBuilder::default()
            .payload(true)
            .structured(true)
            .output_format(OutputFormatType::JSON)
            .show_summary(vec![ShowSummaryType::None])
            .try_build()
            .map_err(|e| e.to_string())?;
        let mut reader = Reader::new(ReadBuffer::Cursor(Cursor::new(payload.into_bytes())));
        // Both streams go to buffers: cfn-guard's notices must not reach the user's terminal.
        let mut writer =
            Writer::new_with_err(WriteBuffer::Vec(Vec::new()), WriteBuffer::Vec(Vec::new()))
                .map_err(|e| e.to_string())?;
        command
            .execute(&mut writer, &mut reader)
            .map_err(|e| e.to_string())?;
        let output = writer.into_string().map_err(|e| e.to_string())?;
        match serde_json::from_str(&output) {
            Ok(serde_json::Value::Array(reports)) if reports.len() == documents.len() => {
                Ok(reports)
            }
            Ok(_) => Err(String::from(
                "unreadable cfn-guard report: not one entry per document",
            )),
            Err(e) => Err(format!("unreadable cfn-guard report: {e}")),
        }
    }
}

/// The rule text with every comment line emptied (line numbers kept). cfn-guard parses the
/// texts again at every evaluation, and the built-in packs are mostly documentation comments.
/// Lines inside a `<< … >>` message are kept as they are.
fn without_comment_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_message = false;
    for line in text.split_inclusive('\n') {
        if !in_message && line.trim_start().starts_with('#') {
            if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
        // A message may span lines; track whether this line leaves one open.
        let mut rest = line;
        loop {
            let marker = if in_message { ">>" } else { "<<" };
            match rest.find(marker) {
                Some(at) => {
                    in_message = !in_message;
                    rest = &rest[at + 2..];
                }
                None => break,
            }
        }
    }
    out
}

/// Checks a rule file's syntax; on error, cfn-guard's message (which names line and column).
pub(crate) fn check_syntax(file: &str, text: &str) -> Result<(), String> {
    cfn_guard::commands::validate::parse_rules(text, file)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::without_comment_lines;

    #[test]
    fn comment_lines_are_emptied_but_messages_and_line_numbers_kept() {
        let text = "# header\nlet x = 1\n  # indented\nrule r {\n  x == 1 <<\n# kept in message\n  >>\n}\n";
        let stripped = without_comment_lines(text);
        assert_eq!(
            stripped,
            "\nlet x = 1\n\nrule r {\n  x == 1 <<\n# kept in message\n  >>\n}\n"
        );
        assert_eq!(stripped.lines().count(), text.lines().count());
    }
}
