//! `cargo xtask docs`: writes `docs/rules/` from the rules' own docs.

use crate::workspace;
use plimsoll_lint::{catalog, docs};

pub fn run() -> Result<(), String> {
    let dir = workspace::root().join("docs/rules");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let rules = catalog();
    let mut written = vec!["README.md".to_owned()];
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write("README.md", docs::index_page(&rules))?;
    for rule in &rules {
        let name = docs::page_name(rule);
        write(&name, docs::rule_page(rule))?;
        written.push(name);
    }
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !written.contains(&name) {
            std::fs::remove_file(entry.path()).map_err(|e| format!("{name}: {e}"))?;
        }
    }
    eprintln!("wrote {} rule pages to {}", rules.len(), dir.display());
    Ok(())
}
