//! `cargo xtask bench --readme`: the report replaces what stands between the README's markers,
//! so the published table is the script's output, never hand-edited.

pub const START: &str = "<!-- cargo xtask bench --readme: start -->";
pub const END: &str = "<!-- cargo xtask bench --readme: end -->";

/// `readme` with the text between its markers replaced by `report`.
pub fn splice(readme: &str, report: &str) -> Result<String, String> {
    let missing = || format!("the README has no `{START}` … `{END}` section");
    let start = readme.find(START).ok_or_else(missing)? + START.len();
    let end = start + readme[start..].find(END).ok_or_else(missing)?;
    Ok(format!(
        "{}\n{}\n{}",
        &readme[..start],
        report.trim(),
        &readme[end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_marked_section() {
        let readme = format!("# T\n\n{START}\nold table\n{END}\n\n## Next\n");
        let out = splice(&readme, "| new |\n").unwrap_or_default();
        assert_eq!(out, format!("# T\n\n{START}\n| new |\n{END}\n\n## Next\n"));
        assert_eq!(splice(&out, "| new |").unwrap_or_default(), out);
        assert!(splice("# no markers", "x").is_err());
    }
}
