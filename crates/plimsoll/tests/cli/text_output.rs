//! Text output of hostile templates: its size follows the number of findings, not the length
//! of the lines, and nothing from a template, a file name or `--stdin-filename` reaches the
//! terminal or a CI log as a control character.

use crate::support::*;

/// `count` resources on one line of minified JSON, each depending on a resource that does
/// not exist (one TPL003 each), and the missing names in order.
fn minified(count: usize) -> (String, Vec<String>) {
    let mut missing = Vec::new();
    let resources: Vec<String> = (0..count)
        .map(|i| {
            let name = format!("MissingResourceNumber{i:05}Xyzzy");
            let entry =
                format!("\"R{i:05}\":{{\"Type\":\"AWS::SNS::Topic\",\"DependsOn\":\"{name}\"}}");
            missing.push(name);
            entry
        })
        .collect();
    (
        format!("{{\"Resources\":{{{}}}}}", resources.join(",")),
        missing,
    )
}

#[test]
fn long_lines_are_cut_around_each_finding() {
    const COUNT: usize = 1_000;
    let (template, missing) = minified(COUNT);
    assert!(template.len() > 80_000);
    let dir = scratch(&[("min.json", &template)]);
    let (code, out, err) = run(plimsoll_in(
        dir.path(),
        &["check", "--color", "never", "min.json"],
    ));
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains(&format!("Found {COUNT} problems")),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    // Before, every finding printed the whole 80 KB line: 80 MB in all.
    assert!(out.len() < COUNT * 700, "{} bytes of output", out.len());
    assert!(
        out.lines().all(|line| line.chars().count() <= 140),
        "a line longer than the window"
    );
    // Each excerpt shows its own missing name with the carets under exactly it.
    let lines: Vec<&str> = out.lines().collect();
    let mut checked = 0;
    for (i, pair) in lines.windows(2).enumerate() {
        let (source, carets) = (pair[0], pair[1]);
        let Some(text) = source.strip_prefix("1 | ") else {
            continue;
        };
        let carets = carets.strip_prefix("  | ").expect("a caret line");
        let before = carets.find('^').expect("carets");
        let under = carets[before..].chars().take_while(|&c| c == '^').count();
        let underlined: String = text.chars().skip(before).take(under).collect();
        let name = &missing[checked];
        assert!(
            underlined.trim_matches('"') == name.as_str(),
            "line {i}: `{underlined}` is underlined, not `{name}`:\n{source}\n{}",
            pair[1]
        );
        assert!(text.starts_with("...") || text.ends_with("..."), "{text}");
        checked += 1;
    }
    assert_eq!(checked, COUNT);
}

#[test]
fn normal_lines_are_shown_whole() {
    let (code, out, _) = run(plimsoll(&["check", "--color", "never", TYPOS]));
    assert_eq!(code, 1);
    assert!(!out.contains("..."), "{out}");
    assert!(
        out.contains("9 |       QueueName: !Sub \"${Enviroment}-jobs\""),
        "{out}"
    );
}

/// Values with YAML escapes for ESC, BEL, a line that is a workflow command, a C1 control and
/// a right-to-left override; raw ESC, BEL and bidirectional controls in comments on the lines
/// the findings show.
const HOSTILE_VALUES: &str = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: \"\\e[31mred\\a\"  # \x1b]0;title\x07 \x1b[2J\n  B:\n    Type: AWS::SNS::Topic\n    DependsOn: \"x\\n::error file=x.yaml::boom\"\n  C:\n    Type: AWS::SNS::Topic\n    DependsOn: \"\\x9b31m \\u202Eevil \\u2066 \\x7f\"  # \u{202e}gnp.exe \u{2067}\n  D:\n    Type: AWS::SNS::Topic\n    DependsOn: [\"\\r\\n::add-mask::secret\"]\n  E:\n    Type: AWS::SNS::Topic\n    DependsOn: \"x ##[stop-commands]t\"  # ##[add-mask]y\n";

/// Every problem a piece of output has: control characters other than a line break (and a
/// tab), DEL, C1 controls, bidirectional controls, and lines that are workflow commands
/// (`::` at the start, or the old form `##[` anywhere).
fn problems(output: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (number, line) in output.lines().enumerate() {
        if line.trim_start().starts_with("::") || line.contains("##[") {
            found.push(format!("line {number} is a workflow command: {line:?}"));
        }
        for c in line.chars() {
            let control = (c < ' ' && c != '\t')
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if control {
                found.push(format!("line {number} holds {c:?}: {line:?}"));
            }
        }
    }
    found
}

/// Removes the colours the printer itself writes (`ESC [ … m`).
fn without_colours(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 2..];
        let end = tail
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(tail.len());
        if tail[end..].starts_with('m') {
            rest = &tail[end + 1..];
        } else {
            // Not one of ours: keep it for `problems` to find.
            out.push_str("\x1b[");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn control_characters_from_values_comments_and_names_are_escaped() {
    let name = "evil\x1b[2J\n::error file=a.yaml::pwned\u{202e}lmay.yaml";
    let dir = scratch(&[
        ("values.yaml", HOSTILE_VALUES),
        // NUL and a lone carriage return in comments: syntax errors or not, their lines are
        // shown.
        (
            "nul.yaml",
            "Resources:\n  A:\n    Type: AWS::SNS::Topic  # \0 nul\n    DependsOn: Nope\n",
        ),
        (
            "cr.yaml",
            "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: Nope  # \r::error::cr\n",
        ),
        (name, HOSTILE_VALUES),
        // Named on the command line but not a template: a note on standard error.
        ("note\x1b[31m\n::warning::x.yaml", "just: yaml\n"),
    ]);
    for colour in ["never", "always"] {
        let (code, out, err) = run(plimsoll_in(
            dir.path(),
            &[
                "check",
                "--color",
                colour,
                "values.yaml",
                "nul.yaml",
                "cr.yaml",
                name,
                "note\x1b[31m\n::warning::x.yaml",
                "missing\x07\n::error::x.yaml",
            ],
        ));
        assert_eq!(code, 2, "the missing file is an error:\n{out}\n{err}");
        let found: Vec<String> = problems(&without_colours(&out))
            .into_iter()
            .chain(problems(&err))
            .collect();
        assert!(
            found.is_empty(),
            "{}\n--- stdout\n{out}\n--- stderr\n{err}",
            found.join("\n")
        );
        // The escapes are there to read.
        assert!(out.contains("\\u{1b}[31mred\\u{7}"), "{out}");
        assert!(out.contains("\\n::error file=x.yaml::boom"), "{out}");
        assert!(
            out.contains("\\u{9b}31m \\u{202e}evil \\u{2066} \\u{7f}"),
            "{out}"
        );
        assert!(
            out.contains("evil\\u{1b}[2J\\n::error file=a.yaml::pwned\\u{202e}lmay.yaml:4:16"),
            "{out}"
        );
        assert!(
            err.contains("note: skipped note\\u{1b}[31m\\n::warning::x.yaml"),
            "{err}"
        );
        assert!(err.contains("missing\\u{7}\\n::error::x.yaml"), "{err}");
        assert!(out.contains("x ##\\u{5b}stop-commands]t"), "{out}");
        assert!(out.contains("# ##\\u{5b}add-mask]y"), "{out}");
    }
}

/// Lints a template whose line 4 is `    DependsOn: [<before>, Nope]` and checks that the line is
/// shown as `shown` (the escaped `before`) with the carets under `Nope`.
fn assert_carets_under_nope(before: &str, shown: &str) {
    let template =
        format!("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    DependsOn: [{before}, Nope]\n");
    let dir = scratch(&[("t.yaml", &template)]);
    let (_, out, _) = run(plimsoll_in(
        dir.path(),
        &["check", "--color", "never", "t.yaml"],
    ));
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("error[TPL003]: `Nope`"))
        .expect("the finding on Nope");
    assert_eq!(
        lines[at + 3],
        format!("4 |     DependsOn: [{shown}, Nope]"),
        "{out}"
    );
    let column = lines[at + 4].find('^').expect("carets");
    assert_eq!(&lines[at + 3][column..column + 4], "Nope", "{out}");
}

#[test]
fn carets_stay_under_escaped_text() {
    // A raw ESC before the span widens the line by its escape's six columns, and the carets
    // follow.
    assert_carets_under_nope("'\x1b'", "'\\u{1b}'");
}

#[test]
fn carets_stay_under_old_style_workflow_commands() {
    // `##[` is shown as `##\u{5b}`: five more columns, and the carets follow.
    assert_carets_under_nope("'##[x'", "'##\\u{5b}x'");
}

#[test]
fn standard_input_names_are_escaped() {
    let dir = scratch(&[]);
    let mut cmd = plimsoll_in(
        dir.path(),
        &[
            "check",
            "--stdin-filename",
            "in\x1b]8;;http://x\x07\n::add-mask::y.yaml",
            "-",
        ],
    );
    cmd.write_stdin(ONE_TYPO);
    let (code, out, err) = run(cmd);
    assert_eq!(code, 1, "{err}");
    assert!(problems(&out).is_empty(), "{out}");
    assert!(
        out.contains("--> in\\u{1b}]8;;http://x\\u{7}\\n::add-mask::y.yaml:5:16"),
        "{out}"
    );
}

#[test]
fn junit_holds_only_characters_xml_allows() {
    let dir = scratch(&[("values.yaml", HOSTILE_VALUES)]);
    let (code, out, _) = run(plimsoll_in(
        dir.path(),
        &["check", "-f", "junit", "values.yaml"],
    ));
    assert_eq!(code, 1);
    let illegal: Vec<char> = out
        .chars()
        .filter(|&c| {
            (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
        })
        .collect();
    assert!(illegal.is_empty(), "{illegal:?}");
}

#[test]
fn github_commands_escape_names_and_messages() {
    let name = "a:b,c%d\n::error::x.yaml";
    let dir = scratch(&[(name, ONE_TYPO)]);
    let (code, out, _) = run(plimsoll_in(dir.path(), &["check", "-f", "github", name]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].starts_with("::error file=a%3Ab%2Cc%25d%0A%3A%3Aerror%3A%3Ax.yaml,line=5,"),
        "{out}"
    );
    // The first `::` after the properties ends the command; the message holds no line break.
    let (_, message) = lines[0][2..].split_once("::").unwrap();
    assert!(message.starts_with("`Queu` is not a resource"), "{message}");
}

#[test]
fn json_and_sarif_are_safe_to_print() {
    let dir = scratch(&[("values.yaml", HOSTILE_VALUES)]);
    for format in ["json", "sarif"] {
        let (code, out, err) = run(plimsoll_in(
            dir.path(),
            &["check", "--format", format, "values.yaml"],
        ));
        assert_eq!(code, 1, "{err}");
        let found = problems(&out);
        assert!(found.is_empty(), "{format}: {}\n{out}", found.join("\n"));
        // The same values, escaped: the report still says what the template holds.
        let value: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert!(value.to_string().contains("##[stop-commands]t"), "{out}");
        assert!(out.contains("##\\u005bstop-commands]t"), "{out}");
    }
}
