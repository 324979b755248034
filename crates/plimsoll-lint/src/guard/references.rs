//! What a rule file's variables and rules refer to, read from its tokens before cfn-guard sees
//! it: definitions in terms of themselves, and chains of references too deep to evaluate.
//!
//! cfn-guard resolves a variable, and evaluates a rule named in another, by recursing: a
//! variable defined through itself (`let a = %a`, or through `b` and back), a rule whose
//! conditions name itself (`rule a when a`, or `a` through `b`), or a chain of thousands of
//! them overflows the stack, which aborts the process natively and kills the page in the
//! browser.
//!
//! Every `let` of a name is one node whatever its scope, so the check may refuse two lets in
//! different rules that name each other; cfn-guard would recurse on an inner `let a = %a`
//! below an outer `a` as well. A word counts as a rule reference where cfn-guard could read it
//! as one (a declared rule's name ending its line, before `{`, `or` or a message, or called with
//! arguments), which may count a property that shares a rule's name: never fewer references.

use super::lexer::{self, Kind, Token};
use std::collections::HashMap;

/// A definition that leads back to itself: where it is (1-based line and column in
/// characters) and the chain of names (`a → b → a`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Cycle {
    pub line: u32,
    pub column: u32,
    pub chain: String,
}

/// A chain of references deeper than cfn-guard can evaluate: where its first definition is,
/// how deep it goes (references plus the brackets they sit in) and its names, shortened.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TooDeep {
    pub line: u32,
    pub column: u32,
    pub depth: usize,
    pub chain: String,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    Cycle(Cycle),
    TooDeep(TooDeep),
}

/// A variable or a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Name<'t> {
    Variable(&'t str),
    Rule(&'t str),
    /// Clauses outside any rule: cfn-guard gathers them into a rule no one can name.
    Default,
}

impl Name<'_> {
    fn shown(self) -> String {
        match self {
            Name::Variable(name) => format!("%{name}"),
            Name::Rule(name) => format!("rule {name}"),
            Name::Default => String::from("the clauses outside rules"),
        }
    }
}

/// One reference, and how many brackets deep it sits in the definition that makes it.
#[derive(Clone, Copy, Debug)]
struct Edge<'t> {
    to: Name<'t>,
    depth: usize,
}

/// A definition's first position and what it refers to.
#[derive(Debug, Default)]
struct Node<'t> {
    line: u32,
    column: u32,
    edges: Vec<Edge<'t>>,
    /// How deep its own brackets nest.
    nesting: usize,
}

/// The first definition (in the order of the text) on a cycle, or else the deepest chain if
/// it is deeper than `limit`.
pub(crate) fn check(text: &str, limit: usize) -> Option<Problem> {
    let graph = Graph::read(text);
    graph.check(limit)
}

struct Graph<'t> {
    /// In order of first definition.
    order: Vec<Name<'t>>,
    nodes: HashMap<Name<'t>, Node<'t>>,
}

impl<'t> Graph<'t> {
    fn read(text: &'t str) -> Graph<'t> {
        let tokens: Vec<Token<'t>> = lexer::tokens(text).collect();
        let rules = rule_names(&tokens);
        let mut graph = Graph {
            order: Vec::new(),
            nodes: HashMap::new(),
        };
        // The definitions open at each token: the top-level one (a rule, or the default
        // rule), and lets, each with the bracket depth it started at and where its value ends.
        let mut top: Option<(Name<'t>, usize)> = None;
        let mut lets: Vec<(Name<'t>, usize, usize)> = Vec::new(); // (name, depth, end)
        let mut depth = 0usize;
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i];
            lets.retain(|&(_, _, end)| end > i);
            match token.kind {
                Kind::Word("rule") if depth == 0 => {
                    if let Some(Kind::Word(name)) = tokens.get(i + 1).map(|t| t.kind) {
                        let node = Name::Rule(name);
                        graph.define(node, token);
                        top = Some((node, 0));
                        lets.clear();
                        i += 2;
                        continue;
                    }
                }
                Kind::Word("let") => {
                    if let Some(end) = let_value_end(&tokens, i) {
                        if let Some(Kind::Word(name)) = tokens.get(i + 1).map(|t| t.kind) {
                            let node = Name::Variable(name);
                            graph.define(node, token);
                            lets.push((node, depth, end));
                        }
                        if depth == 0 {
                            top = None;
                        }
                        i += 2;
                        continue;
                    }
                }
                _ => {}
            }
            if depth == 0 && lets.is_empty() && !matches!(top, Some((Name::Rule(_), _))) {
                if top.is_none() {
                    graph.define(Name::Default, token);
                }
                top = Some((Name::Default, 0));
            }
            let reference = match token.kind {
                Kind::Variable(name) => Some(Name::Variable(name)),
                Kind::Word(name) if rules.contains(&name) && is_rule_reference(&tokens, i) => {
                    Some(Name::Rule(name))
                }
                _ => None,
            };
            match token.kind {
                Kind::Open(_) => depth += 1,
                Kind::Close(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            let holders = lets
                .iter()
                .map(|&(name, start, _)| (name, start))
                .chain(top);
            for (holder, start) in holders.collect::<Vec<_>>() {
                let node = graph.nodes.entry(holder).or_default();
                let relative = depth.saturating_sub(start);
                node.nesting = node.nesting.max(relative);
                if let Some(to) = reference {
                    node.edges.push(Edge {
                        to,
                        depth: relative,
                    });
                }
            }
            i += 1;
        }
        graph
    }

    fn define(&mut self, name: Name<'t>, at: Token<'_>) {
        if !self.nodes.contains_key(&name) {
            self.order.push(name);
            self.nodes.insert(
                name,
                Node {
                    line: at.line,
                    column: at.column,
                    ..Node::default()
                },
            );
        }
    }

    /// One depth-first search over the whole graph (every node and edge visited once): the
    /// first cycle found from the definitions in order, else the deepest chain.
    fn check(&self, limit: usize) -> Option<Problem> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Open,
            Done,
        }
        let mut state: HashMap<Name<'t>, State> = HashMap::new();
        // Per finished node: how deep evaluating it goes, and the next node on that path.
        let mut cost: HashMap<Name<'t>, (usize, Option<Name<'t>>)> = HashMap::new();
        for &root in &self.order {
            if state.contains_key(&root) {
                continue;
            }
            let mut stack: Vec<(Name<'t>, usize)> = vec![(root, 0)];
            state.insert(root, State::Open);
            while let Some(&(name, next)) = stack.last() {
                let edges = self
                    .nodes
                    .get(&name)
                    .map_or(&[][..], |n| n.edges.as_slice());
                let Some(edge) = edges.get(next) else {
                    stack.pop();
                    state.insert(name, State::Done);
                    let own = self.nodes.get(&name).map_or(0, |n| n.nesting);
                    let deepest = edges
                        .iter()
                        .filter_map(|e| {
                            let (c, _) = cost.get(&e.to)?;
                            Some((e.depth + 1 + c, Some(e.to)))
                        })
                        .max_by_key(|&(c, _)| c);
                    let best = match deepest {
                        Some(found) if found.0 > own => found,
                        _ => (own, None),
                    };
                    cost.insert(name, best);
                    continue;
                };
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                if !self.nodes.contains_key(&edge.to) {
                    continue; // not defined here: cfn-guard reports it, or it is a capture
                }
                match state.get(&edge.to) {
                    Some(State::Open) => {
                        let from = stack.iter().position(|&(n, _)| n == edge.to).unwrap_or(0);
                        let mut chain: Vec<String> =
                            stack[from..].iter().map(|&(n, _)| n.shown()).collect();
                        chain.push(edge.to.shown());
                        let (line, column) = self.position(edge.to);
                        return Some(Problem::Cycle(Cycle {
                            line,
                            column,
                            chain: chain.join(" → "),
                        }));
                    }
                    Some(State::Done) => {}
                    None => {
                        state.insert(edge.to, State::Open);
                        stack.push((edge.to, 0));
                    }
                }
            }
        }
        let (&start, &(depth, _)) = self
            .order
            .iter()
            .filter_map(|n| Some((n, cost.get(n)?)))
            .max_by_key(|(n, (c, _))| (*c, std::cmp::Reverse(self.position(**n))))?;
        if depth <= limit {
            return None;
        }
        let mut chain = vec![start];
        while let Some(&(_, Some(next))) = chain.last().and_then(|n| cost.get(n)) {
            chain.push(next);
        }
        let (line, column) = self.position(start);
        Some(Problem::TooDeep(TooDeep {
            line,
            column,
            depth,
            chain: shortened(&chain),
        }))
    }

    fn position(&self, name: Name<'t>) -> (u32, u32) {
        self.nodes
            .get(&name)
            .map_or((u32::MAX, u32::MAX), |n| (n.line, n.column))
    }
}

/// `a → b → … → z` with at most three names at each end.
fn shortened(chain: &[Name<'_>]) -> String {
    let shown: Vec<String> = chain.iter().map(|n| n.shown()).collect();
    if shown.len() <= 7 {
        return shown.join(" → ");
    }
    format!(
        "{} → … → {}",
        shown[..3].join(" → "),
        shown[shown.len() - 3..].join(" → ")
    )
}

/// The names of the rules a file declares (`rule NAME` at the top level).
fn rule_names<'t>(tokens: &[Token<'t>]) -> Vec<&'t str> {
    let mut depth = 0usize;
    let mut names = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            Kind::Word("rule") if depth == 0 => {
                if let Some(Kind::Word(name)) = tokens.get(i + 1).map(|t| t.kind) {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether the word at `i` (a declared rule's name) is a reference to that rule where
/// cfn-guard reads it as one: called with arguments, or last on its line, or followed by `{`,
/// `or` or a message; not a property after `.`.
fn is_rule_reference(tokens: &[Token<'_>], i: usize) -> bool {
    let before = i.checked_sub(1).map(|b| tokens[b].kind);
    if matches!(before, Some(Kind::Punct('.') | Kind::Word("rule"))) {
        return false;
    }
    let Some(next) = tokens.get(i + 1) else {
        return true;
    };
    next.line > tokens[i].line
        || matches!(
            next.kind,
            Kind::Open('{' | '(') | Kind::Word("or" | "OR") | Kind::Punct('|') | Kind::Message
        )
}

/// For `let NAME =` (or `:=`) at `i`: the index of the first token after its value.
fn let_value_end(tokens: &[Token<'_>], i: usize) -> Option<usize> {
    let kind = |at: usize| tokens.get(at).map(|t| t.kind);
    if !matches!(kind(i + 1), Some(Kind::Word(_))) {
        return None;
    }
    let mut at = match (kind(i + 2), kind(i + 3)) {
        (Some(Kind::Punct('=')), _) => i + 3,
        (Some(Kind::Punct(':')), Some(Kind::Punct('='))) => i + 4,
        _ => return None,
    };
    if matches!(kind(at), Some(Kind::Word("some" | "SOME"))) {
        at += 1;
    }
    if matches!(kind(at), Some(Kind::Punct('-'))) {
        at += 1;
    }
    // The first part: a group, or one token.
    at = match kind(at) {
        Some(Kind::Open(_)) => group_end(tokens, at),
        Some(_) => at + 1,
        None => return Some(at),
    };
    // Then property names, indexes, filters and arguments.
    loop {
        match kind(at) {
            Some(Kind::Punct('.')) => at += 2,
            Some(Kind::Open('[' | '(')) => at = group_end(tokens, at),
            _ => return Some(at.min(tokens.len())),
        }
    }
}

/// The index after the bracket that closes the one opened at `open`.
fn group_end(tokens: &[Token<'_>], open: usize) -> usize {
    let mut depth = 0usize;
    for (at, token) in tokens.iter().enumerate().skip(open) {
        match token.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return at + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

#[cfg(test)]
mod tests {
    use super::{Cycle, Problem, TooDeep, check};

    const LIMIT: usize = 64;

    fn cycle(text: &str) -> Option<String> {
        match check(text, LIMIT) {
            Some(Problem::Cycle(c)) => Some(c.chain),
            _ => None,
        }
    }

    #[test]
    fn a_variable_naming_itself_is_found_where_it_is_declared() {
        let text = "# a = %a in a comment is not a let\nrule r {\n    let a = Resources.*[ Type == %a ]\n    %a !empty\n}\n";
        assert_eq!(
            check(text, LIMIT),
            Some(Problem::Cycle(Cycle {
                line: 3,
                column: 5,
                chain: String::from("%a → %a"),
            }))
        );
    }

    #[test]
    fn cycles_through_other_variables_and_lines_are_found() {
        let text = "let a = Resources.*[\n    Type == 'X'\n    Name == %b\n]\nlet b = %c\nlet c = %a\nrule r { %a exists }\n";
        assert_eq!(cycle(text).as_deref(), Some("%a → %b → %c → %a"));
    }

    #[test]
    fn a_value_on_the_next_line_or_after_a_comment_is_read() {
        for text in [
            "let a =\n    %a\n",
            "let a = # c\n    %a\n",
            "let a :=\n  Resources\n  .%a\n",
            "let a = Resources.*\n  [ Name == %a ]\n",
            "let a = count(\n  %a)\n",
        ] {
            assert_eq!(cycle(text).as_deref(), Some("%a → %a"), "{text}");
        }
    }

    #[test]
    fn rules_naming_themselves_are_found() {
        assert_eq!(
            cycle("rule a when a {\n    Resources exists\n}\n").as_deref(),
            Some("rule a → rule a")
        );
        assert_eq!(
            cycle("rule a when b { Resources exists }\nrule b when a { Resources exists }\n")
                .as_deref(),
            Some("rule a → rule b → rule a")
        );
        assert_eq!(
            cycle("rule a {\n    b\n}\nrule b {\n    a << again >>\n}\n").as_deref(),
            Some("rule a → rule b → rule a")
        );
        assert_eq!(
            cycle("rule p(x) {\n    p(%x)\n}\nrule r { p(Resources) }\n").as_deref(),
            Some("rule p → rule p")
        );
    }

    #[test]
    fn ordinary_rule_files_have_no_problem() {
        for text in [
            include_str!("../../packs/ecs-deployment.guard"),
            include_str!("../../packs/custom-resources.guard"),
            include_str!("../../packs/iam.guard"),
            "let a = 1\nlet b = %a\nrule r { %b == 1 << %b is not %a >> }\n",
            "let a = /%a/\nlet s = '%a'\nrule r when %a exists { %s exists }\n",
            "let a = %b\nlet b = 2\nlet tolet = %a\n",
            // A property that shares a rule's name, read as a property.
            "rule Type { Resources.*.Type exists }\nrule b when Type { Type == 'x' }\n",
            "rule a { Resources exists }\nrule b when a { a.b exists }\n",
        ] {
            assert_eq!(check(text, LIMIT), None, "{text}");
        }
    }

    #[test]
    fn chains_deeper_than_the_limit_are_refused_at_their_start() {
        let mut lets = String::from("rule r { %v0 exists }\n");
        for i in 0..100 {
            lets.push_str(&format!("let v{i} = %v{}\n", i + 1));
        }
        lets.push_str("let v100 = 1\n");
        let Some(Problem::TooDeep(found)) = check(&lets, LIMIT) else {
            panic!("not refused");
        };
        assert_eq!(
            found,
            TooDeep {
                line: 1,
                column: 1,
                depth: 102,
                chain: String::from("rule r → %v0 → %v1 → … → %v98 → %v99 → %v100"),
            }
        );
        assert_eq!(check(&lets, 102), None);

        let mut rules = String::new();
        for i in 0..80 {
            rules.push_str(&format!(
                "rule r{i} when r{} {{ [[ Resources ]] }}\n",
                i + 1
            ));
        }
        rules.push_str("rule r80 { Resources exists }\n");
        let Some(Problem::TooDeep(found)) = check(&rules, LIMIT) else {
            panic!("not refused");
        };
        // One per reference, and the three brackets of the last rule that has them.
        assert_eq!(found.depth, 79 + 3);
        assert_eq!((found.line, found.column), (1, 1));
    }

    /// One pass over the graph: the check on a chain of lets took time cubic in its length.
    #[test]
    fn a_long_chain_is_checked_at_once() {
        let mut text = String::new();
        for i in 0..100_000 {
            text.push_str(&format!("let v{i} = %v{}\n", i + 1));
        }
        assert!(matches!(check(&text, LIMIT), Some(Problem::TooDeep(_))));
    }

    #[test]
    fn broken_text_does_not_panic() {
        for text in [
            "let",
            "let a",
            "let a =",
            "let a = '%a",
            "let a = /x\\",
            "let é = %é",
            "%",
            "rule",
            "rule a when",
            "rule a when a",
            "}}}} let a = [",
            "let a = b.",
        ] {
            let _ = check(text, LIMIT);
        }
    }
}
