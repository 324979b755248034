//! Running guard rule files on templates: users' files checked once by [`load_rules`], the
//! built-in packs, and each failing check as a [`Diagnostic`] at its source node.

use super::RuleFileError;
use super::builtin;
use super::deployed;
use super::engine::{self, Engine};
use super::header;
use super::limits;
use super::report::{self, Failure};
use crate::context::Context;
use crate::eval::{ParamUse, Resolved};
use crate::excerpt::{EXCERPT_CHARS, MESSAGE_CHARS, excerpt};
use crate::{Diagnostic, Pass, Severity};
use plimsoll_template::Span;
use std::borrow::Cow;
use std::collections::HashMap;

/// A guard rule file: the name to show in messages (usually its path) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFile {
    pub name: String,
    pub text: String,
}

/// Whether a file name is a guard rule file (`.guard` or `.ruleset`, as cfn-guard reads them).
pub fn is_rule_file(name: &str) -> bool {
    name.ends_with(".guard") || name.ends_with(".ruleset")
}

/// Checks users' rule files and makes them a pass. Each rule's header may give its `code`
/// (else `GUARD:<rule name>`), `name`, `severity` (else error) and `fix`.
pub fn load_rules(files: &[RuleFile]) -> Result<GuardPass, RuleFileError> {
    let mut rules: HashMap<String, GuardRule> = HashMap::new();
    // Where each rule name is declared, for the error about a second declaration.
    let mut declared: HashMap<String, String> = builtin::rule_names()
        .map(|name| (name.to_owned(), String::from("the built-in rules")))
        .collect();
    for file in files {
        // Nesting first: cfn-guard's parser recurses at every bracket.
        limits::check_nesting(&file.name, &file.text)?;
        engine::check_syntax(&file.name, &file.text)
            .map_err(|message| syntax_error(&file.name, &message))?;
        limits::check_references(&file.name, &file.text)?;
        limits::check_variables(&file.name, &file.text)?;
        for decl in header::scan(&file.name, &file.text)? {
            let name = decl.guard_name.to_owned();
            if let Some(place) = declared.get(&name) {
                return Err(RuleFileError {
                    file: file.name.clone(),
                    line: decl.line,
                    column: decl.column,
                    message: format!("rule `{name}` is already defined in {place}"),
                });
            }
            declared.insert(name.clone(), format!("{}:{}", file.name, decl.line));
            let h = decl.header;
            let rule = GuardRule {
                code: Cow::Owned(
                    h.code
                        .map_or_else(|| format!("GUARD:{name}"), str::to_owned),
                ),
                name: Cow::Owned(h.name.unwrap_or(&name).to_owned()),
                severity: h.severity.unwrap_or(Severity::Error),
                help: h.fix,
            };
            rules.insert(name, rule);
        }
    }
    let texts = files.iter().map(|f| (f.text.as_str(), None));
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let description = format!("the guard rules in {}", names.join(", "));
    Ok(GuardPass::new(texts, rules, description))
}

/// How a guard rule's findings are reported.
#[derive(Clone, Debug)]
pub(super) struct GuardRule {
    pub(super) code: Cow<'static, str>,
    pub(super) name: Cow<'static, str>,
    pub(super) severity: Severity,
    pub(super) help: Option<String>,
}

/// Resource types a rule file looks at (`AWS::IAM::*` covers a prefix); `None` for any template.
pub(super) type AppliesTo = Option<&'static [&'static str]>;

/// Guard rule files, checked once, run against each template.
#[derive(Debug)]
pub struct GuardPass {
    engine: Engine,
    /// Per rule file: the templates it can report on, by their resource types. A file that
    /// cannot apply is not evaluated at all.
    applies_to: Vec<AppliesTo>,
    /// By the rule's name in its file.
    pub(super) rules: HashMap<String, GuardRule>,
    /// Which rules these are, for the finding that says they panicked.
    description: String,
}

impl GuardPass {
    pub(super) fn new<'a>(
        files: impl IntoIterator<Item = (&'a str, AppliesTo)>,
        rules: HashMap<String, GuardRule>,
        description: String,
    ) -> Self {
        let (texts, applies_to): (Vec<&str>, Vec<AppliesTo>) = files.into_iter().unzip();
        GuardPass {
            engine: Engine::new(texts),
            applies_to,
            rules,
            description,
        }
    }

    /// Whether rule file `index` can report anything on a template with these resource types.
    pub(super) fn applies(&self, index: usize, types: &[&str]) -> bool {
        match self.applies_to.get(index).copied().flatten() {
            None => true,
            Some(patterns) => types.iter().any(|t| matches_any(patterns, t)),
        }
    }

    /// The documents cfn-guard reads for the rule files `include` selects: when each of them
    /// names its resource types (the built-in packs, which read one resource at a time), only
    /// those resources, in documents of at most [`RUN_BYTES`]; else the whole template, since
    /// a user's rule may read across resources.
    fn documents(
        &self,
        deployed: &deployed::Node<'_>,
        include: impl Fn(usize) -> bool,
    ) -> Vec<String> {
        let mut patterns: Vec<&str> = Vec::new();
        for (index, applies_to) in self.applies_to.iter().enumerate() {
            if !include(index) {
                continue;
            }
            match applies_to {
                Some(types) => patterns.extend_from_slice(types),
                None => return vec![deployed.to_json()],
            }
        }
        deployed.resource_documents(|type_name| matches_any(&patterns, type_name), RUN_BYTES)
    }

    fn diagnostic(&self, deployed: &deployed::Node<'_>, failure: Failure) -> Diagnostic {
        let rule = self
            .rules
            .get(&failure.rule)
            .cloned()
            .unwrap_or_else(|| GuardRule {
                code: Cow::Owned(format!("GUARD:{}", failure.rule)),
                name: Cow::Owned(failure.rule.clone()),
                severity: Severity::Error,
                help: None,
            });
        let (span, path, inputs) = place(deployed, &failure);
        let value = failing_value(deployed, &failure);
        let message = match failure.custom_message {
            Some(custom) => with_value(
                &with_resource(&custom, failure.path.as_deref()),
                value.as_deref(),
            ),
            // No message of the rule's own: which rule, on which resource, and the failed
            // check in words (never cfn-guard's text, which quotes whole objects).
            None => {
                let rule = excerpt(&failure.rule, EXCERPT_CHARS);
                let on = resource_name(failure.path.as_deref())
                    .map(|name| format!(" on `{}`", excerpt(&name, EXCERPT_CHARS)))
                    .unwrap_or_default();
                match failure.summary {
                    Some(summary) => format!("rule `{rule}`{on}: {summary}"),
                    None => format!("rule `{rule}` failed{on}"),
                }
            }
        };
        let message = excerpt(&message, MESSAGE_CHARS);
        let provenance = Resolved {
            value: None,
            inputs,
        }
        .provenance();
        Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity: rule.severity,
            message: message + &provenance,
            help: rule.help,
            span,
            path,
            labels: Vec::new(),
            fix: None,
            cdk_path: None,
        }
    }
}

impl Pass for GuardPass {
    /// The codes of the rules (`GUARD:<rule>` for rules without a code).
    fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.rules.values().map(|r| r.code.as_ref()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    fn describe(&self) -> String {
        self.description.clone()
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        self.run_many(&[cx], std::slice::from_mut(out));
    }

    /// As few cfn-guard evaluations as keep each one's data under [`RUN_BYTES`]: it parses the
    /// rule files once per evaluation, which costs more than evaluating them on a template.
    fn run_many(&self, cxs: &[&Context<'_>], outs: &mut [Vec<Diagnostic>]) {
        let jobs: Vec<Job<'_>> = cxs
            .iter()
            .enumerate()
            .filter_map(|(at, cx)| self.job(at, cx))
            .collect();
        // Every document of every template, as (template, document), in evaluations of at
        // most RUN_BYTES of data (a larger document alone).
        let mut failed = vec![false; jobs.len()];
        let mut run: Vec<(usize, usize)> = Vec::new();
        let mut bytes = 0;
        for (j, job) in jobs.iter().enumerate() {
            for (d, document) in job.documents.iter().enumerate() {
                if !run.is_empty() && bytes + document.len() > RUN_BYTES {
                    self.evaluate(&jobs, &run, &mut failed, outs);
                    run.clear();
                    bytes = 0;
                }
                run.push((j, d));
                bytes += document.len();
            }
        }
        if !run.is_empty() {
            self.evaluate(&jobs, &run, &mut failed, outs);
        }
    }
}

/// Data cfn-guard reads in one evaluation, at most (but a larger document alone). It keeps a
/// record of every check it makes on a document until the document is done, and copies the
/// data for every rule file: the built-in packs took about 150 KB of memory per ECS service
/// of a template evaluated whole.
const RUN_BYTES: usize = 256 * 1024;

/// A template the guard rules run on.
struct Job<'d> {
    /// Its index in the templates of the run.
    at: usize,
    deployed: deployed::Node<'d>,
    /// What cfn-guard reads: the deployed template, or only the resources the rules read.
    documents: Vec<String>,
    /// Per rule file: whether it can report anything on this template.
    include: Vec<bool>,
}

impl GuardPass {
    fn job<'d>(&self, at: usize, cx: &Context<'d>) -> Option<Job<'d>> {
        if !self.rules.values().any(|r| cx.settings.is_enabled(&r.code)) {
            return None;
        }
        let types: Vec<&str> = cx
            .template
            .resources
            .iter()
            .filter_map(|r| r.type_name)
            .collect();
        let include: Vec<bool> = (0..self.applies_to.len())
            .map(|index| self.applies(index, &types))
            .collect();
        if !include.contains(&true) {
            return None;
        }
        let deployed = deployed::template(cx);
        let documents = self.documents(&deployed, |index| include[index]);
        Some(Job {
            at,
            deployed,
            documents,
            include,
        })
    }

    /// One cfn-guard evaluation of `run`'s (template, document) pairs, each report turned into
    /// findings on its template. When it fails, each document alone, so that one cfn-guard
    /// cannot evaluate does not cost the others their findings; its template gets the error.
    fn evaluate(
        &self,
        jobs: &[Job<'_>],
        run: &[(usize, usize)],
        failed: &mut [bool],
        outs: &mut [Vec<Diagnostic>],
    ) {
        let data: Vec<&str> = run
            .iter()
            .map(|&(j, d)| jobs[j].documents[d].as_str())
            .collect();
        let include = |file: usize| run.iter().any(|&(j, _)| jobs[j].include[file]);
        match self.engine.evaluate(include, &data) {
            Ok(reports) => {
                for (&(j, _), report) in run.iter().zip(&reports) {
                    self.report(&jobs[j], report, &mut outs[jobs[j].at]);
                }
            }
            Err(_) if run.len() > 1 => {
                for unit in run {
                    self.evaluate(jobs, std::slice::from_ref(unit), failed, outs);
                }
            }
            Err(error) => {
                let j = run[0].0;
                if !failed[j] {
                    failed[j] = true;
                    outs[jobs[j].at].push(evaluation_error(&error));
                }
            }
        }
    }

    fn report(&self, job: &Job<'_>, report: &serde_json::Value, out: &mut Vec<Diagnostic>) {
        for failure in report::failures(report) {
            out.push(self.diagnostic(&job.deployed, failure));
        }
    }
}

fn evaluation_error(error: &str) -> Diagnostic {
    Diagnostic {
        code: Cow::Borrowed("GUARD:error"),
        rule: Cow::Borrowed("guard-error"),
        severity: Severity::Error,
        message: format!("cfn-guard could not evaluate the rules: {error}"),
        help: None,
        span: Span::at(0),
        path: String::new(),
        labels: Vec::new(),
        fix: None,
        cdk_path: None,
    }
}

/// Whether a resource type is one of `patterns` (`AWS::IAM::*` covers a prefix).
pub(super) fn matches_any(patterns: &[&str], type_name: &str) -> bool {
    patterns.iter().any(|p| match p.strip_suffix('*') {
        Some(prefix) => type_name.starts_with(prefix),
        None => type_name == *p,
    })
}

/// Where a failure is: the failing value's own span, or, when the value is missing, the key of
/// the deepest value that exists (the resource's name when nothing below `Properties` exists).
fn place<'d>(
    deployed: &deployed::Node<'d>,
    failure: &Failure,
) -> (Span, String, Vec<ParamUse<'d>>) {
    let Some(path) = failure.path.as_deref() else {
        return (Span::at(0), String::new(), Vec::new());
    };
    let located = deployed.locate(path);
    let inputs = located.inputs();
    let Some(node) = located.node().filter(|_| located.chain.len() > 1) else {
        return (Span::at(0), String::new(), inputs);
    };
    if !failure.missing {
        return (node.origin.span(), node.origin.path(), inputs);
    }
    let segments = &located.segments;
    let in_resource = segments.first().is_some_and(|s| s == "Resources")
        && (segments.len() == 2 || (segments.len() == 3 && segments[2] == "Properties"));
    let anchor = match located.chain.get(2) {
        Some(resource) if in_resource => resource,
        _ => &node,
    };
    let span = anchor.key_span.unwrap_or_else(|| anchor.origin.span());
    (span, anchor.origin.path(), inputs)
}

/// A rule's message with `{resource}` replaced by the name of the resource the failure is in
/// (`` `Service` ``), so that a message can say which one without the reader finding it.
fn with_resource(message: &str, path: Option<&str>) -> String {
    if !message.contains(RESOURCE_PLACEHOLDER) {
        return message.to_owned();
    }
    let name = match resource_name(path) {
        Some(name) => format!("`{}`", excerpt(&name, EXCERPT_CHARS)),
        None => String::from("the resource"),
    };
    message.replace(RESOURCE_PLACEHOLDER, &name)
}

/// The logical id of the resource a path (`/Resources/Api/…`) lies in.
fn resource_name(path: Option<&str>) -> Option<String> {
    let mut segments = path?.split('/').skip(1);
    (segments.next() == Some("Resources"))
        .then(|| segments.next())
        .flatten()
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
}

/// What a `<< message >>` writes for the name of the resource it fails on.
const RESOURCE_PLACEHOLDER: &str = "{resource}";

/// What a `<< message >>` writes for the failing value (`` `ecs:*` ``).
const VALUE_PLACEHOLDER: &str = "{value}";

/// The failing value as text, when it is a scalar that exists.
fn failing_value(deployed: &deployed::Node<'_>, failure: &Failure) -> Option<String> {
    if failure.missing {
        return None;
    }
    let located = deployed.locate(failure.path.as_deref()?);
    match &located.node()?.value {
        deployed::Value::Str(text) => Some(text.to_string()),
        deployed::Value::Int(number) => Some(number.to_string()),
        deployed::Value::Float(number) => Some(number.to_string()),
        deployed::Value::Bool(flag) => Some(flag.to_string()),
        deployed::Value::Null | deployed::Value::Seq(_) | deployed::Value::Map(_) => None,
    }
}

/// A rule's message with `{value}` replaced by the failing value (`the value` when it is not
/// a scalar), so that a message on one of several values says which.
fn with_value(message: &str, value: Option<&str>) -> String {
    if !message.contains(VALUE_PLACEHOLDER) {
        return message.to_owned();
    }
    let shown = match value {
        Some(value) => format!("`{}`", excerpt(value, EXCERPT_CHARS)),
        None => String::from("the value"),
    };
    message.replace(VALUE_PLACEHOLDER, &shown)
}

/// A cfn-guard parse error ("… at line 9 at column 18, when handling …, fragment …") as a
/// positioned error.
fn syntax_error(file: &str, message: &str) -> RuleFileError {
    let number_after = |marker: &str| -> Option<u32> {
        let at = message.find(marker)? + marker.len();
        let digits: String = message[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let line = number_after("at line ").unwrap_or(1);
    let column = number_after(" at column ").unwrap_or(1);
    let problem = message
        .split_once("when handling ")
        .map(|(_, rest)| rest.split(", fragment").next().unwrap_or(rest).trim())
        .unwrap_or("");
    let fragment = message
        .split_once(", fragment")
        .map(|(_, rest)| {
            let rest = rest.trim_start();
            rest.trim_end_matches(|c: char| c == '`' || c.is_whitespace())
                .lines()
                .next()
                .unwrap_or("")
                .trim()
        })
        .unwrap_or("");
    let message = match (problem.is_empty(), fragment.is_empty()) {
        (false, false) => format!("syntax error: {problem}, at `{fragment}`"),
        (false, true) => format!("syntax error: {problem}"),
        (true, false) => format!("syntax error: unexpected `{fragment}`"),
        (true, true) => String::from("syntax error: unexpected end of file"),
    };
    RuleFileError {
        file: file.to_owned(),
        line,
        column,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_keep_guard_positions() {
        let guard = "Parser Error when parsing `Parsing Error Error parsing file r.guard at line 9 \
                     at column 18, when handling expecting either a property access \"a.b\", \
                     fragment  \n}\n`";
        let error = syntax_error("r.guard", guard);
        assert_eq!((error.line, error.column), (9, 18));
        assert_eq!(
            error.message,
            "syntax error: expecting either a property access \"a.b\", at `}`"
        );
        let eof = "Parsing Error Error parsing file r.guard at line 4 at column 1, when handling , fragment ";
        assert_eq!(
            syntax_error("r.guard", eof).message,
            "syntax error: unexpected end of file"
        );
    }

    #[test]
    fn messages_name_the_resource_they_fail_on() {
        let path = Some("/Resources/Api~1Service/Properties/DeploymentConfiguration");
        assert_eq!(
            with_resource("{resource} has no circuit breaker", path),
            "`Api/Service` has no circuit breaker"
        );
        assert_eq!(
            with_resource("{resource} is odd", Some("/Outputs/X")),
            "the resource is odd"
        );
        assert_eq!(with_resource("no placeholder", None), "no placeholder");
    }

    #[test]
    fn messages_name_the_value_they_fail_on() {
        assert_eq!(
            with_value("{value} grants a service", Some("ecs:*")),
            "`ecs:*` grants a service"
        );
        assert_eq!(with_value("{value} is odd", None), "the value is odd");
        assert_eq!(with_value("no placeholder", Some("x")), "no placeholder");
    }
}
