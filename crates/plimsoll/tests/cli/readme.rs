//! What the README tells a new user to run: the pre-commit snippet names the tag the release
//! process creates, and the install commands build with `Cargo.lock`.

use crate::support::*;

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap()
}

/// The `rev:` of the README's pre-commit snippet.
fn snippet_rev(readme: &str) -> String {
    let section = readme.split("## pre-commit").nth(1).unwrap();
    let yaml = section.split("```yaml").nth(1).unwrap();
    let yaml = yaml.split("```").next().unwrap();
    assert!(
        yaml.contains("repo: https://github.com/plimsoll-dev/plimsoll"),
        "{yaml}"
    );
    let hooks = read(".pre-commit-hooks.yaml");
    let id = yaml.split("- id: ").nth(1).unwrap().trim();
    assert!(hooks.contains(&format!("- id: {id}\n")), "no hook `{id}`");
    let rev = yaml.split("rev: ").nth(1).unwrap();
    rev.split_whitespace().next().unwrap().to_owned()
}

#[test]
fn the_pre_commit_snippet_names_the_tag_the_release_process_creates() {
    let rev = snippet_rev(&read("README.md"));
    assert_eq!(rev, format!("v{}", env!("CARGO_PKG_VERSION")));
    let contributing = read("CONTRIBUTING.md");
    let release = contributing.split("## Releasing").nth(1).unwrap();
    for step in [
        format!("git tag -a {rev} "),
        format!("git push origin {rev}"),
    ] {
        assert!(release.contains(&step), "the release steps lack `{step}`");
    }
}

#[test]
fn the_readme_installs_with_the_lock_file() {
    let readme = read("README.md");
    let installs: Vec<&str> = readme
        .lines()
        .filter(|l| l.contains("cargo install ") && !l.contains('`'))
        .collect();
    assert!(installs.len() >= 3, "{installs:?}");
    for line in installs {
        assert!(line.contains("cargo install --locked "), "{line}");
    }
}
