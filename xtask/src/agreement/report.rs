//! The comparison as text: the per-code table (Markdown, for the docs) and the review list of
//! every miss and every Plimsoll-only finding with what the other tool says on that line.

use super::finding::Finding;
use super::matching::RowResult;
use std::fmt::Write as _;

/// How many templates were compared and how many were left out.
pub struct Files {
    pub templates: usize,
    pub cfn_lint_unparsable: usize,
    pub plimsoll_unparsable: usize,
    pub cfn_lint_failed: usize,
    pub rewritten: usize,
    pub left_out: usize,
    /// cfn-lint findings Plimsoll does not make by design (other publishers' registry types).
    pub by_design: usize,
}

/// The Markdown table, one line per row and the totals of the rows Plimsoll covers.
pub fn table(rows: &[RowResult<'_>], files: &Files, versions: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{versions}; {} templates, {} compared: {} left out (cfn-lint cannot parse {}, \
         Plimsoll reports {} as unparsable, cfn-lint failed on {}, a macro or Rain rewrites {}). \
         Set apart by design: {} E3006 findings on other publishers' registry types, which \
         exist once activated in an account.\n",
        files.templates,
        files.templates - files.left_out,
        files.left_out,
        files.cfn_lint_unparsable,
        files.plimsoll_unparsable,
        files.cfn_lint_failed,
        files.rewritten,
        files.by_design,
    );
    out.push_str(
        "| cfn-lint | check | Plimsoll | cfn-lint findings | also found by Plimsoll | Plimsoll findings | Plimsoll-only |\n\
         |---|---|---|--:|--:|--:|--:|\n",
    );
    let (mut total, mut found, mut ours_total, mut only) = (0, 0, 0, 0);
    for r in rows {
        let ours = if r.row.plimsoll.is_empty() {
            "–".to_owned()
        } else {
            total += r.cfn_lint;
            found += r.found();
            ours_total += r.plimsoll;
            only += r.plimsoll_only.len();
            let also: Vec<String> = r.row.also.iter().map(|c| format!(" (or {c})")).collect();
            format!("{}{}", r.row.plimsoll.join(", "), also.concat())
        };
        let _ = writeln!(
            out,
            "| {} | {} | {ours} | {} | {} | {} | {} |",
            r.row.cfn_lint.join(", "),
            r.row.what,
            r.cfn_lint,
            share(r.found(), r.cfn_lint),
            dash_if(r.row.plimsoll.is_empty(), r.plimsoll),
            dash_if(r.row.plimsoll.is_empty(), r.plimsoll_only.len()),
        );
    }
    let _ = writeln!(
        out,
        "| **covered codes** | | | **{total}** | **{}** | **{ours_total}** | **{only}** |",
        share(found, total)
    );
    out
}

/// `–` for a row Plimsoll does not check yet, else the count.
fn dash_if(unchecked: bool, n: usize) -> String {
    if unchecked {
        "–".to_owned()
    } else {
        n.to_string()
    }
}

/// `n (p %)`.
fn share(n: usize, of: usize) -> String {
    if of == 0 {
        return format!("{n}");
    }
    format!("{n} ({:.1} %)", 100.0 * n as f64 / of as f64)
}

/// Every miss and every Plimsoll-only finding, one per line (`file:line code message`), with
/// the other tool's findings on the same line under it. Paths are shown relative to `corpus`.
pub fn review(
    rows: &[RowResult<'_>],
    lint: &[Finding],
    plimsoll: &[Finding],
    corpus: &str,
) -> String {
    let short = |file: &str| {
        file.strip_prefix(corpus)
            .map(|f| f.trim_start_matches('/'))
            .unwrap_or(file)
            .to_owned()
    };
    let line_of = |f: &Finding| format!("{}:{} {} {}", short(&f.file), f.line, f.code, f.message);
    let beside = |f: &Finding, others: &[Finding], who: &str, out: &mut String| {
        let same: Vec<&Finding> = others
            .iter()
            .filter(|o| o.file == f.file && o.line == f.line)
            .collect();
        if same.is_empty() {
            let _ = writeln!(out, "    {who}: nothing on this line");
        }
        for o in same {
            let _ = writeln!(out, "    {who}: {} {}", o.code, o.message);
        }
    };
    let mut out = String::new();
    for r in rows {
        let ours = if r.row.plimsoll.is_empty() {
            "(not checked yet)".to_owned()
        } else {
            r.row.plimsoll.join("/")
        };
        let title = format!("{} → {ours}", r.row.cfn_lint.join("/"));
        let _ = writeln!(out, "## {title}: {} misses\n", r.misses.len());
        for miss in &r.misses {
            let _ = writeln!(out, "{}", line_of(miss));
            beside(miss, plimsoll, "plimsoll", &mut out);
        }
        let _ = writeln!(
            out,
            "\n## {title}: {} Plimsoll-only\n",
            r.plimsoll_only.len()
        );
        for ours in &r.plimsoll_only {
            let _ = writeln!(out, "{}", line_of(ours));
            beside(ours, lint, "cfn-lint", &mut out);
        }
        out.push('\n');
    }
    out
}
