//! A rule's one-line summary, cut from the first paragraph of its docs: the first sentence,
//! and when that is long, its first clause, so that a catalog table keeps one line per rule.

/// The longest summary, in characters: with the code, name, severity and kind beside it, a
/// row of `plimsoll rules` stays within about 160 columns.
pub const MAX_CHARS: usize = 100;

/// A clause shorter than this says too little to stand for the rule.
const MIN_CLAUSE_CHARS: usize = 30;

/// The summary of a paragraph, the first of these that fits in [`MAX_CHARS`]: its first
/// sentence; that sentence without its parentheses; its first clause (up to `: `, ` — ` or
/// `; ` outside code spans and brackets); its first words and `…`.
pub fn one_line(paragraph: &str) -> String {
    let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = first_sentence(&text);
    if fits(sentence) {
        return sentence.to_owned();
    }
    let plain = without_parentheses(sentence);
    if fits(&plain) {
        return plain;
    }
    if let Some(clause) = first_clause(&plain) {
        return format!("{clause}.");
    }
    let mut cut = String::new();
    for word in plain.split(' ') {
        if cut.chars().count() + word.chars().count() + 2 > MAX_CHARS {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = plain.chars().take(MAX_CHARS - 1).collect();
    }
    cut.push('…');
    cut
}

fn fits(text: &str) -> bool {
    text.chars().count() <= MAX_CHARS
}

/// Up to the first `. ` outside code spans and brackets (the full stop kept), or all of it.
fn first_sentence(text: &str) -> &str {
    let mut scan = Scan::default();
    for (at, c) in text.char_indices() {
        scan.step(c);
        if c == '.' && scan.at_top() && text[at + 1..].starts_with(' ') {
            return &text[..=at];
        }
    }
    text
}

/// The text without its ` (…)` asides outside code spans (an aside inside one is part of it).
fn without_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut scan = Scan::default();
    for c in text.chars() {
        let opens = c == '(' && scan.at_top();
        let was_in_aside = scan.parens > 0;
        scan.step(c);
        if opens {
            // The space before the aside goes with it.
            if out.ends_with(' ') {
                out.pop();
            }
        } else if !was_in_aside {
            out.push(c);
        }
    }
    out
}

/// The text up to its first `: `, ` — ` or `; ` outside code spans and brackets, when that is
/// long enough to stand for the rule and short enough to fit.
fn first_clause(text: &str) -> Option<&str> {
    const SEPARATORS: [&str; 3] = [": ", " — ", "; "];
    let mut scan = Scan::default();
    for (at, c) in text.char_indices() {
        if scan.at_top() && SEPARATORS.iter().any(|s| text[at..].starts_with(s)) {
            let clause = &text[..at];
            let chars = clause.chars().count();
            if chars >= MIN_CLAUSE_CHARS {
                return (chars < MAX_CHARS).then_some(clause);
            }
        }
        scan.step(c);
    }
    None
}

/// Whether a scan is inside a code span (`` ` ``), parentheses or other brackets.
#[derive(Default)]
struct Scan {
    in_code: bool,
    parens: usize,
    brackets: usize,
}

impl Scan {
    fn step(&mut self, c: char) {
        if c == '`' {
            self.in_code = !self.in_code;
        } else if !self.in_code {
            match c {
                '(' => self.parens += 1,
                ')' => self.parens = self.parens.saturating_sub(1),
                '[' | '{' => self.brackets += 1,
                ']' | '}' => self.brackets = self.brackets.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn at_top(&self) -> bool {
        !self.in_code && self.parens == 0 && self.brackets == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_first_sentence_is_the_summary() {
        assert_eq!(
            one_line("Reports a thing.\nIt matters. A lot."),
            "Reports a thing."
        );
        assert_eq!(one_line("No full stop"), "No full stop");
        // A full stop in code or brackets does not end the sentence.
        assert_eq!(
            one_line("Reports `a. b` (see c. d) here. More."),
            "Reports `a. b` (see c. d) here."
        );
    }

    #[test]
    fn a_long_sentence_loses_its_asides_then_keeps_its_first_clause() {
        let asides = format!(
            "Reports an Allow statement whose `Action` is `*` (every action{}) or `ecs:*` (one service). More.",
            " of every service".repeat(5)
        );
        assert_eq!(
            one_line(&asides),
            "Reports an Allow statement whose `Action` is `*` or `ecs:*`."
        );
        let long = format!(
            "Reports an ECS service whose deployment never progresses: with N tasks, {}.",
            "ECS must keep some running and may run at most some more ".repeat(4)
        );
        assert_eq!(
            one_line(&long),
            "Reports an ECS service whose deployment never progresses."
        );
        // Separators inside code spans are not clause ends.
        let code = format!(
            "Reports an Allow statement with `Resource: \"*\"` whose actions are wide — {}.",
            "they accept resource ARNs and more ".repeat(4)
        );
        assert_eq!(
            one_line(&code),
            "Reports an Allow statement with `Resource: \"*\"` whose actions are wide."
        );
    }

    #[test]
    fn without_a_clause_that_fits_it_is_cut_at_a_word() {
        let words = "word ".repeat(40);
        let summary = one_line(&words);
        assert!(summary.ends_with("word…"), "{summary}");
        assert!(summary.chars().count() <= MAX_CHARS, "{summary}");
        let giant = one_line(&"x".repeat(500));
        assert_eq!(giant.chars().count(), MAX_CHARS);
        assert!(giant.ends_with("x…"), "{giant}");
    }
}
