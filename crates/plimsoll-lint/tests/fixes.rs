//! Every fix a rule offers on its fixtures does what it says: applying its edits leaves a
//! template that parses as before and no longer gives that finding.

#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly on broken fixtures

mod support;

use plimsoll_lint::Diagnostic;
use std::path::Path;

fn same_finding(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.path == b.path
}

#[test]
fn fixes_remove_their_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut applied = 0;
    for path in support::templates_under(&root) {
        let code = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        {
            let source = std::fs::read_to_string(&path).unwrap();
            let parameters = support::parameters_beside(&path);
            let findings = support::lint_only(&code, &source, &parameters);
            for finding in findings.iter().filter(|d| d.fix.is_some()) {
                let fix = finding.fix.as_ref().unwrap();
                let fixed = fix.apply(&source).unwrap_or_else(|| {
                    panic!(
                        "{}: `{}` has overlapping edits",
                        path.display(),
                        fix.message
                    )
                });
                let parsed = plimsoll_template::parse(&fixed);
                assert!(
                    parsed.is_complete() && parsed.diagnostics.is_empty(),
                    "{}: the fix `{}` breaks the template:\n{fixed}\n{:?}",
                    path.display(),
                    fix.message,
                    parsed.diagnostics
                );
                let after = support::lint_only(&code, &fixed, &parameters);
                assert!(
                    !after.iter().any(|d| same_finding(d, finding)),
                    "{}: `{}` still gives {} at {}:\n{fixed}",
                    path.display(),
                    fix.message,
                    finding.code,
                    finding.path
                );
                assert!(
                    after.len() < findings.len(),
                    "{}: `{}` adds findings",
                    path.display(),
                    fix.message
                );
                // The template itself stays sound (names resolve, no duplicate keys); other
                // rules may now see more (a fixed ServiceToken names its function).
                let all_before =
                    plimsoll_lint::lint_with_parameters(&source, &Default::default(), &parameters);
                let all_after =
                    plimsoll_lint::lint_with_parameters(&fixed, &Default::default(), &parameters);
                for new in all_after.iter().filter(|d| d.code.starts_with("TPL")) {
                    assert!(
                        all_before.iter().any(|old| same_finding(old, new)),
                        "{}: `{}` causes {} {}",
                        path.display(),
                        fix.message,
                        new.code,
                        new.message
                    );
                }
                applied += 1;
            }
        }
    }
    assert!(applied > 0, "no fixture offers a fix");
}
