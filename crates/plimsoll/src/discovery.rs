//! Which files to check: walking directories, and telling templates from other YAML and JSON.

use crate::paths::normalize;
use crate::real_path::real_path;
use crate::template_keys::{TEMPLATE_KEYS, declares_template, looks_like_template};
use plimsoll_template::{Limits, parse_with_limits};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File extensions of templates (case-insensitive).
const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "template"];

/// One thing to check.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file; `explicit` when named on the command line rather than found in a directory.
    File { path: PathBuf, explicit: bool },
    /// Standard input (`-`).
    Stdin,
}

/// The inputs found, and the paths that could not be read.
#[derive(Debug, Default)]
pub struct Discovered {
    pub inputs: Vec<Input>,
    pub errors: Vec<(PathBuf, String)>,
}

/// Expands the command line's paths: files as they are, directories into the template files
/// under them (skipping hidden entries and `node_modules`), `-` into standard input. The result
/// is sorted and has no duplicates: one file under several spellings (`./a.yaml`,
/// `x/../a.yaml`, a link to it, named and found in a directory) is one input, under the name
/// it was first given.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        if path.as_os_str() == "-" {
            found.inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut found);
        } else {
            // Missing and unreadable files are reported when they are read.
            found.inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            });
        }
    }
    found.inputs = without_duplicates(std::mem::take(&mut found.inputs));
    found.inputs.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    found
}

/// The inputs in order with each file kept once, under its first name; it counts as explicit
/// when any of its names was given explicitly.
fn without_duplicates(inputs: Vec<Input>) -> Vec<Input> {
    let mut first: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut kept: Vec<Input> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let key = match &input {
            Input::Stdin => None,
            Input::File { path, .. } => Some(identity(path)),
        };
        match first.get(&key) {
            Some(&at) => {
                if let (Input::File { explicit: kept, .. }, Input::File { explicit, .. }) =
                    (&mut kept[at], &input)
                {
                    *kept |= *explicit;
                }
            }
            None => {
                first.insert(key, kept.len());
                kept.push(input);
            }
        }
    }
    kept
}

/// What makes two names one file: the real path when the file exists (links and `..`
/// resolved), else the path normalized lexically.
fn identity(path: &Path) -> PathBuf {
    real_path(path).unwrap_or_else(|_| normalize(path))
}

fn sort_key(input: &Input) -> (Option<&Path>, bool) {
    match input {
        Input::Stdin => (None, false),
        Input::File { path, explicit } => (Some(path), !explicit),
    }
}

fn walk(dir: &Path, found: &mut Discovered) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found
                .errors
                .push((dir.to_path_buf(), crate::os_error::text(&e)));
            return;
        }
    };
    let mut children: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found
                    .errors
                    .push((dir.to_path_buf(), crate::os_error::text(&e)));
                continue;
            }
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        // Symbolic links to directories are not followed (no cycles); links to files are.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        children.push((entry.path(), is_dir));
    }
    children.sort();
    let assembly = is_cloud_assembly(dir);
    for (path, is_dir) in children {
        if assembly && !is_assembly_template(&path, is_dir) {
            continue;
        }
        if is_dir {
            walk(&path, found);
        } else if has_template_extension(&path) && (path.is_file() || is_dangling_link(&path)) {
            found.inputs.push(Input::File {
                path,
                explicit: false,
            });
        }
    }
}

/// A directory the AWS CDK synthesized (`cdk.out`, or a stage's `assembly-*` inside it): it
/// has the assembly's `manifest.json` and its `cdk.out` version file.
fn is_cloud_assembly(dir: &Path) -> bool {
    dir.join("manifest.json").is_file() && dir.join("cdk.out").is_file()
}

/// What to look at in a cloud assembly: its templates (`*.template.json`, nested stacks'
/// included) and its stages' assemblies, not its manifests, construct tree, asset
/// descriptions or the assets themselves (`asset.*`: bundled code and files).
fn is_assembly_template(path: &Path, is_dir: bool) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy());
    let Some(name) = name else {
        return false;
    };
    if is_dir {
        return !name.starts_with("asset.");
    }
    name.len() > ".template.json".len()
        && name
            .get(name.len() - ".template.json".len()..)
            .is_some_and(|suffix| suffix.eq_ignore_ascii_case(".template.json"))
}

/// A symbolic link whose target is missing: reported as unreadable rather than skipped.
fn is_dangling_link(path: &Path) -> bool {
    !path.exists()
        && path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
}

fn has_template_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Whether a file's text should be linted as a CloudFormation template.
///
/// A text that parses is a template when its top level is a mapping with
/// `AWSTemplateFormatVersion`, or with `Resources` holding a mapping (or nothing yet): a
/// CodeDeploy AppSpec's `Resources` list is not one. A text that does not parse is a template,
/// whose syntax error is reported, when the tolerant scan of [`looks_like_template`] finds a
/// template's key at its top level; otherwise it is someone else's broken file (a Helm chart,
/// a workflow being edited) and is skipped like any other non-template, however it was given.
/// Most templates are known by their first lines ([`declares_template`]) without a parse here.
pub fn is_template(text: &str, limits: &Limits) -> bool {
    if declares_template(text) {
        return true;
    }
    // Without a key's name or an escape that could spell one, neither answer can be yes.
    if !TEMPLATE_KEYS.iter().any(|key| text.contains(key)) && !text.contains('\\') {
        return false;
    }
    let parsed = parse_with_limits(text, limits);
    if !parsed.is_complete() {
        return looks_like_template(text);
    }
    parsed.document.root().is_some_and(|root| {
        root.is_map()
            && (root.get("AWSTemplateFormatVersion").is_some()
                || root
                    .get("Resources")
                    .is_some_and(|resources| resources.is_map() || resources.is_null()))
    })
}

/// The text of a file: invalid UTF-8 is replaced by U+FFFD, and the byte offset of the first
/// invalid byte (which is also its offset in the returned text) is returned with it.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some(offset),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Empty files at these paths under `root`.
    fn touch(root: &Path, files: &[&str]) {
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
    }

    /// What was found, relative to `root`: `-` for standard input, and `!` after a file named
    /// on the command line.
    fn names(found: &Discovered, root: &Path) -> Vec<String> {
        found
            .inputs
            .iter()
            .map(|i| match i {
                Input::Stdin => "-".to_owned(),
                Input::File { path, explicit } => format!(
                    "{}{}",
                    path.strip_prefix(root).unwrap().display(),
                    if *explicit { "!" } else { "" }
                ),
            })
            .collect()
    }

    #[test]
    fn walks_directories_for_template_extensions() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(
            root,
            &[
                "b.yaml",
                "a/stack.YML",
                "a/x.json",
                "a/y.template",
                "a/readme.md",
                ".hidden/t.yaml",
                "node_modules/p/t.yaml",
            ],
        );
        let found = discover(&[root.to_path_buf(), root.join("b.yaml"), "-".into()]);
        assert_eq!(
            names(&found, root),
            ["-", "a/stack.YML", "a/x.json", "a/y.template", "b.yaml!"]
        );
        assert!(found.errors.is_empty());
    }

    #[test]
    fn takes_only_the_templates_of_a_cdk_cloud_assembly() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(
            root,
            &[
                "cdk.out/cdk.out",
                "cdk.out/manifest.json",
                "cdk.out/tree.json",
                "cdk.out/App.assets.json",
                "cdk.out/App.template.json",
                "cdk.out/AppNested1234.nested.template.json",
                "cdk.out/asset.0123abcd/template.yaml",
                "cdk.out/assembly-Prod/cdk.out",
                "cdk.out/assembly-Prod/manifest.json",
                "cdk.out/assembly-Prod/ProdApp.template.json",
                "cdk.out/assembly-Prod/ProdApp.metadata.json",
                // Not an assembly (no version file): walked as usual.
                "other/manifest.json",
                "other/stack.yaml",
            ],
        );
        let found = discover(&[root.to_path_buf()]);
        assert_eq!(
            names(&found, root),
            [
                "cdk.out/App.template.json",
                "cdk.out/AppNested1234.nested.template.json",
                "cdk.out/assembly-Prod/ProdApp.template.json",
                "other/manifest.json",
                "other/stack.yaml",
            ]
        );
    }

    #[test]
    fn tells_templates_from_other_files() {
        let limits = Limits::default();
        let template = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";
        assert!(is_template(template, &limits));
        assert!(is_template(
            "{\"Resources\": {\"A\": {\"Type\": \"X\"}}}",
            &limits
        ));
        let workflow = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n";
        assert!(!is_template(workflow, &limits));
        // `Resources` nested below the top level (a serverless.yml) is not a template.
        let nested = "service: x\nresources:\n  Resources:\n    Q: {Type: AWS::SQS::Queue}\n";
        assert!(!is_template(nested, &limits));
        // A CodeDeploy AppSpec has a `Resources` list; an empty template has no resources yet.
        let appspec = "version: 0.0\nResources:\n  - Web:\n      Type: AWS::ECS::Service\n";
        assert!(!is_template(appspec, &limits));
        assert!(is_template("Description: x\nResources:\n", &limits));
        // A JSON schema naming the keys deeper down is no template.
        let schema = "{\"properties\": {\"AWSTemplateFormatVersion\": {\"type\": \"string\"}}}";
        assert!(!is_template(schema, &limits));
        // Broken files: linted when they look like templates, skipped otherwise.
        assert!(!is_template("a: [", &limits));
        assert!(is_template("Resources: [\n", &limits));
    }

    #[test]
    fn keys_spelled_with_escapes_are_found_by_parsing() {
        let limits = Limits::default();
        assert!(is_template(
            "{\"Resour\\u0063es\": {\"A\": {\"Type\": \"X\"}}}",
            &limits
        ));
        assert!(is_template("\"Resour\\x63es\": {A: {Type: X}}\n", &limits));
        // A broken one still shows the key in what was read before the error.
        assert!(is_template(
            "\"AWSTemplate\\x46ormatVersion\": x\nOutputs: [\n",
            &limits
        ));
    }

    #[test]
    fn decodes_invalid_utf8_without_losing_text() {
        assert_eq!(decode(b"ok".to_vec()), ("ok".to_owned(), None));
        let (text, offset) = decode(b"a: \xff\xfeb".to_vec());
        assert_eq!(offset, Some(3));
        assert_eq!(text, "a: \u{fffd}\u{fffd}b");
        assert_eq!(&text[3..6], "\u{fffd}");
    }
}
