//! Builds the node tree from the YAML event stream.
//!
//! The builder is iterative (an explicit frame stack), so nesting costs heap, not stack. It
//! rewrites short-form tags to their long form, keeps the first of duplicated keys, expands
//! aliases within a node budget and replaces content nested past the depth limit by null.

use crate::diagnostic::{ParseDiagnostic, ParseErrorKind};
use crate::escapes::Escapes;
use crate::node::{Document, Entry, Format, Node, NodeId, Value};
use crate::offsets::CharOffsets;
use crate::reindent::{Failure, MAX_ATTEMPTS, Reindent};
use crate::scalar::resolve_plain;
use crate::tags::{ShortForm, short_form};
use crate::{Limits, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};
use std::borrow::Cow;
use std::collections::HashMap;

/// The result of parsing: the tree (possibly partial) and every problem found.
#[derive(Debug)]
pub struct Parsed {
    pub document: Document,
    pub diagnostics: Vec<ParseDiagnostic>,
}

impl Parsed {
    /// Whether parsing stopped early, so the tree is missing content.
    pub fn is_complete(&self) -> bool {
        !self.diagnostics.iter().any(ParseDiagnostic::is_fatal)
    }
}

/// Parses a YAML or JSON template with the default [`Limits`].
pub fn parse(source: &str) -> Parsed {
    parse_with_limits(source, &Limits::default())
}

/// Parses a YAML or JSON template. Never panics; every problem becomes a diagnostic.
pub fn parse_with_limits(source: &str, limits: &Limits) -> Parsed {
    if source.len() > limits.max_bytes {
        let diagnostic = ParseDiagnostic::new(
            ParseErrorKind::TooLarge,
            Span::at(0),
            format!(
                "the template is {} bytes; the limit is {} bytes",
                source.len(),
                limits.max_bytes
            ),
        );
        return Parsed {
            document: Document {
                nodes: Vec::new(),
                root: None,
                format: detect_format(source),
            },
            diagnostics: vec![diagnostic],
        };
    }
    let mut escapes = Escapes::find(source);
    if escapes.is_empty() {
        return parse_text(source, &escapes, limits).0;
    }
    let (mut parsed, quoted) = parse_text(source, &escapes, limits);
    // A rewrite outside every double-quoted scalar changed text that is not an escape there:
    // undo it. Past a fatal error nothing was read, so nothing changed.
    let stop = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_fatal())
        .map(|d| d.span.start)
        .min()
        .unwrap_or(u32::MAX);
    let before = escapes.rewrites().len();
    escapes.retain(|r| r.at >= stop || encloses(&quoted, r.at));
    if escapes.rewrites().len() != before {
        parsed = parse_text(source, &escapes, limits).0;
    }
    for rewrite in escapes.rewrites().iter().filter(|r| r.lone) {
        let span = Span::new(rewrite.at, rewrite.at + rewrite.len);
        parsed.diagnostics.push(ParseDiagnostic::new(
            ParseErrorKind::InvalidEscape,
            span,
            format!(
                "`{}` is half of a UTF-16 surrogate pair, without its other half; it is read \
                 as U+FFFD, the replacement character",
                span.text(source)
            ),
        ));
    }
    parsed
}

/// Parses `source` with `escapes` rewritten, retrying with re-indentation; also returns the
/// spans of double-quoted scalars when there are escapes to check against them. Every span is
/// in `source`.
fn parse_text(source: &str, escapes: &Escapes, limits: &Limits) -> (Parsed, Vec<Span>) {
    let unescaped = escapes.apply(source);
    let mut reindent = Reindent::default();
    let mut attempts = 0;
    loop {
        let text = reindent.apply(&unescaped);
        let mut builder = Builder::new(&text, *limits);
        builder.record_quoted = !escapes.is_empty();
        builder.run(&text);
        attempts += 1;
        if let Some(failure) = &builder.failure
            && attempts < MAX_ATTEMPTS
            && reindent.plan(&text, failure)
        {
            continue;
        }
        let mut parsed = Parsed {
            document: Document {
                nodes: builder.nodes,
                root: builder.root,
                format: detect_format(source),
            },
            diagnostics: builder.diagnostics,
        };
        let mut quoted = builder.quoted;
        let original = |offset: u32| escapes.original(reindent.original(offset));
        if !reindent.is_empty() || !escapes.is_empty() {
            map_spans(&mut parsed, original);
            for span in &mut quoted {
                *span = Span::new(original(span.start), original(span.end));
            }
        }
        return (parsed, quoted);
    }
}

/// Whether one of `spans` (in order, not overlapping) contains `offset`.
fn encloses(spans: &[Span], offset: u32) -> bool {
    let after = spans.partition_point(|s| s.start <= offset);
    after.checked_sub(1).is_some_and(|i| offset < spans[i].end)
}

/// Rewrites every span of the tree and the diagnostics through `map`.
fn map_spans(parsed: &mut Parsed, map: impl Fn(u32) -> u32) {
    let span = |s: Span| Span::new(map(s.start), map(s.end));
    for node in &mut parsed.document.nodes {
        node.span = span(node.span);
        if let Value::Map(entries) = &mut node.value {
            for entry in entries {
                entry.key_span = span(entry.key_span);
            }
        }
    }
    for diagnostic in &mut parsed.diagnostics {
        diagnostic.span = span(diagnostic.span);
        if let ParseErrorKind::DuplicateKey { first, .. } = &mut diagnostic.kind {
            *first = span(*first);
        }
    }
}

/// The first tab at or after `at`, within the line of `at` and the next one.
fn tab_after(source: &str, at: u32) -> Option<u32> {
    let rest = source.get(at as usize..)?;
    let first_end = line_end(rest, 0);
    let two_lines = line_end(rest, first_end);
    let found = rest.get(..two_lines)?.find('\t')?;
    Some(at + found as u32)
}

/// The offset just past the line break (LF, CRLF or a lone CR) ending the line that holds
/// `from`, or the end of the text.
fn line_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
    {
        Some(at) => {
            let at = from + at;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            }
        }
        None => text.len(),
    }
}

fn detect_format(source: &str) -> Format {
    match source
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .chars()
        .next()
    {
        Some('{' | '[') => Format::Json,
        _ => Format::Yaml,
    }
}

/// The suffix of a YAML core-schema tag (`str` for `!!str`).
fn core_tag(tag: Option<&Tag>) -> Option<&str> {
    tag.filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str())
}

/// What a tag is attached to.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Scalar,
    Map,
    Seq,
}

/// An open mapping or sequence.
#[derive(Debug)]
struct Frame {
    /// The container node.
    node: NodeId,
    /// What is attached to the parent: the container, or the wrapper of a short-form tag.
    outer: NodeId,
    /// Depth of `node` in the tree (root 0).
    depth: usize,
    anchor: usize,
    start: u32,
    last_end: u32,
    /// A flow collection (`{…}`, `[…]`) rather than a block one.
    flow: bool,
    kind: FrameKind,
}

#[derive(Debug)]
enum FrameKind {
    Seq(Vec<NodeId>),
    Map {
        entries: Vec<Entry>,
        /// The key read and waiting for its value; `None` inside means the key is unusable
        /// (a complex key) and the value is dropped.
        pending: Option<Option<(String, Span)>>,
        /// Key positions, built once a mapping grows past a few entries.
        index: Option<HashMap<String, usize>>,
    },
}

/// Content being skipped because it is nested too deep.
#[derive(Debug)]
struct Skip {
    open: usize,
    start: u32,
}

struct Builder<'s> {
    source: &'s str,
    offsets: CharOffsets,
    limits: Limits,
    nodes: Vec<Node>,
    stack: Vec<Frame>,
    /// anchor id → the anchored (outer) node and its subtree size.
    anchors: HashMap<usize, (NodeId, usize)>,
    root: Option<NodeId>,
    diagnostics: Vec<ParseDiagnostic>,
    /// Where the scanner stopped, for the re-indentation retry.
    failure: Option<Failure>,
    alias_budget: usize,
    skip: Option<Skip>,
    /// The skipped content was a complex key: attach nothing when it ends.
    skip_key: bool,
    depth_reported: bool,
    documents: usize,
    /// Whether to collect the spans of double-quoted scalars, in `quoted`.
    record_quoted: bool,
    quoted: Vec<Span>,
}

const INDEX_THRESHOLD: usize = 16;

impl<'s> Builder<'s> {
    fn new(source: &'s str, limits: Limits) -> Builder<'s> {
        Builder {
            source,
            offsets: CharOffsets::new(source),
            limits,
            nodes: Vec::new(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            diagnostics: Vec::new(),
            failure: None,
            alias_budget: limits.max_alias_nodes,
            skip: None,
            skip_key: false,
            depth_reported: false,
            documents: 0,
            record_quoted: false,
            quoted: Vec::new(),
        }
    }

    fn run(&mut self, source: &'s str) {
        let mut parser = Parser::new_from_str(source);
        while let Some(next) = parser.next_event() {
            match next {
                Ok((event, span)) => {
                    let span = self.span(span);
                    if !self.event(event, span) {
                        return;
                    }
                }
                Err(error) => {
                    self.syntax_error(&error);
                    return;
                }
            }
        }
    }

    fn span(&self, span: saphyr_parser::Span) -> Span {
        Span::new(
            self.offsets.byte(span.start.index()),
            self.offsets.byte(span.end.index()),
        )
    }

    fn syntax_error(&mut self, error: &ScanError) {
        let at = self.offsets.byte(error.marker().index());
        let message = error.info().to_owned();
        // The scanner reports a tab where the token it was reading began (a plain scalar on
        // the line above): point at the tab itself.
        let shown = if message.contains("tab") {
            tab_after(self.source, at).unwrap_or(at)
        } else {
            at
        };
        self.diagnostics.push(ParseDiagnostic::new(
            ParseErrorKind::Syntax,
            Span::at(shown),
            message.clone(),
        ));
        let open_flow = self.stack.iter().rev().find(|f| f.flow).map(|f| f.start);
        self.failure = Some(Failure {
            message,
            at,
            open_flow,
        });
    }

    /// Handles one event; `false` stops parsing.
    fn event(&mut self, event: Event<'s>, span: Span) -> bool {
        if self.record_quoted && matches!(event, Event::Scalar(_, ScalarStyle::DoubleQuoted, ..)) {
            self.quoted.push(span);
        }
        if let Some(skip) = &mut self.skip {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => skip.open += 1,
                Event::MappingEnd | Event::SequenceEnd => {
                    skip.open -= 1;
                    if skip.open == 0 {
                        let start = skip.start;
                        self.skip = None;
                        let id = self.push(Value::Null, Span::new(start, span.end.max(start)));
                        self.attach(id, span.end);
                    }
                }
                _ => {}
            }
            return true;
        }
        if self.nodes.len() >= self.limits.max_nodes {
            self.diagnostics.push(ParseDiagnostic::new(
                ParseErrorKind::TooLarge,
                span,
                format!(
                    "the template has more than {} nodes; reading stopped here",
                    self.limits.max_nodes
                ),
            ));
            return false;
        }
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.diagnostics.push(ParseDiagnostic::new(
                        ParseErrorKind::Unsupported,
                        span,
                        "a template is a single YAML document; everything from this second \
                         document on is ignored",
                    ));
                    return false;
                }
            }
            Event::Scalar(text, style, anchor, tag) => self.scalar(text, style, anchor, tag, span),
            Event::Alias(anchor) => self.alias(anchor, span),
            Event::SequenceStart(anchor, tag) => self.open(anchor, tag, span, false),
            Event::MappingStart(anchor, tag) => self.open(anchor, tag, span, true),
            Event::SequenceEnd | Event::MappingEnd => self.close(span),
        }
        true
    }

    fn push(&mut self, value: Value, span: Span) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node::new(value, span));
        id
    }

    /// Depth a new child of the innermost open container will have.
    fn child_depth(&self) -> usize {
        self.stack.last().map_or(0, |f| f.depth + 1)
    }

    fn awaiting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                kind: FrameKind::Map { pending: None, .. },
                ..
            })
        )
    }

    fn scalar(
        &mut self,
        text: Cow<'s, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<Cow<'s, Tag>>,
        span: Span,
    ) {
        let span = self.quoted_span(style, span);
        if self.awaiting_key() {
            if style == ScalarStyle::Plain && text == "<<" {
                self.diagnostics.push(ParseDiagnostic::new(
                    ParseErrorKind::Unsupported,
                    span,
                    "CloudFormation does not support YAML merge keys (`<<`); nothing is merged \
                     here and the entry is read as a key named `<<`",
                ));
            }
            // A key's range is its text, without a tag or anchor before it.
            let key_span = self.scalar_content_span(span);
            self.set_key(Some((text.into_owned(), key_span)), span.end);
            return;
        }
        let form = self.short_form(tag.as_deref(), span, Kind::Scalar);
        let value = match core_tag(tag.as_deref()) {
            Some("str") => Value::String(text.into_owned()),
            Some("int" | "float" | "bool" | "null") => resolve_plain(&text),
            _ if style == ScalarStyle::Plain => resolve_plain(&text),
            _ => Value::String(text.into_owned()),
        };
        let id = match form {
            Some(ShortForm::GetAtt) => match value {
                Value::String(s) => self.get_att_scalar(&s, span),
                other => self.wrap_scalar("Fn::GetAtt", other, span),
            },
            Some(ShortForm::Wrap(key)) => self.wrap_scalar(key, value, span),
            None => self.push(value, span),
        };
        self.register_anchor(anchor, id);
        self.attach(id, span.end);
    }

    /// The short form of a tag, reporting tags CloudFormation does not read: its own short
    /// forms and the YAML core tags of the node's kind (`!!str` on a scalar, `!!map` on a
    /// mapping …) are the only ones; `!!binary`, `!!timestamp`, `!!set`, `!!python/…` are not.
    fn short_form(&mut self, tag: Option<&Tag>, span: Span, kind: Kind) -> Option<ShortForm> {
        let tag = tag?;
        let form = (tag.handle == "!")
            .then(|| short_form(&tag.suffix))
            .flatten();
        let core_fits = core_tag(Some(tag)).is_some_and(|suffix| match kind {
            Kind::Scalar => matches!(suffix, "str" | "int" | "float" | "bool" | "null"),
            Kind::Map => suffix == "map",
            Kind::Seq => suffix == "seq",
        });
        if form.is_none() && !core_fits {
            let name = if tag.is_yaml_core_schema() {
                format!("!!{}", tag.suffix)
            } else {
                format!("{}{}", tag.handle, tag.suffix)
            };
            self.diagnostics.push(ParseDiagnostic::new(
                ParseErrorKind::UnknownTag { tag: name.clone() },
                self.tag_span(span, &name),
                format!("`{name}` is not a CloudFormation tag; the value is read without it"),
            ));
        }
        form
    }

    /// The span of the tag text at the start of a tagged node.
    fn tag_span(&self, span: Span, tag: &str) -> Span {
        let text = span.text(self.source);
        match text.find(tag) {
            Some(at) => Span::new(span.start + at as u32, span.start + (at + tag.len()) as u32),
            None => Span::at(span.start),
        }
    }

    /// `{"<key>": <value>}` for a tagged scalar.
    fn wrap_scalar(&mut self, key: &str, value: Value, span: Span) -> NodeId {
        let wrapper = self.push(Value::Null, span);
        let inner_span = self.scalar_content_span(span);
        let inner = self.push(value, inner_span);
        self.set_wrapper(wrapper, key, inner, span);
        wrapper
    }

    fn set_wrapper(&mut self, wrapper: NodeId, key: &str, inner: NodeId, span: Span) {
        let tag = format!("!{}", key.trim_start_matches("Fn::"));
        let key_span = self.tag_span(span, &tag);
        self.nodes[wrapper.index()].value = Value::Map(vec![Entry {
            key: key.to_owned(),
            key_span,
            value: inner,
        }]);
        let node = &mut self.nodes[inner.index()];
        node.parent = wrapper.0;
        node.slot = 0;
    }

    /// The part of a tagged scalar's span after its tag (and anchor).
    /// A quoted scalar's span cut at its closing quote (see `quoted`); others as they are.
    fn quoted_span(&self, style: ScalarStyle, span: Span) -> Span {
        if !matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
            return span;
        }
        // The scanner's span can also stop short of the closing quote of a multi-line scalar,
        // so the quote is looked for from the opening one on.
        let content = self.scalar_content_span(span);
        match crate::quoted::quoted_len(&self.source[content.start as usize..]) {
            Some(len) => Span::new(span.start, content.start + len as u32),
            None => span,
        }
    }

    fn scalar_content_span(&self, span: Span) -> Span {
        let text = span.text(self.source);
        let mut rest = text;
        while let Some(stripped) = rest.strip_prefix(['!', '&']) {
            let end = stripped.find(char::is_whitespace).unwrap_or(stripped.len());
            rest = stripped[end..].trim_start();
        }
        let skipped = (text.len() - rest.len()) as u32;
        Span::new(span.start + skipped, span.end)
    }

    /// `!GetAtt Resource.Attribute.Part` → `{"Fn::GetAtt": ["Resource", "Attribute.Part"]}`.
    fn get_att_scalar(&mut self, text: &str, span: Span) -> NodeId {
        let wrapper = self.push(Value::Null, span);
        let content = self.scalar_content_span(span);
        let located = content
            .text(self.source)
            .find(text)
            .map(|at| content.start + at as u32);
        let (resource, attribute) = text.split_once('.').unwrap_or((text, ""));
        let (resource_span, attribute_span) = match located {
            Some(start) => {
                // The parts end where the text does, before a closing quote.
                let end = start + text.len() as u32;
                let dot = start + resource.len() as u32;
                (
                    Span::new(start, dot),
                    Span::new((dot + 1).min(end), end.max(dot)),
                )
            }
            None => (content, content),
        };
        let seq = self.push(Value::Null, content);
        let first = self.push(Value::String(resource.to_owned()), resource_span);
        let second = self.push(Value::String(attribute.to_owned()), attribute_span);
        for (slot, id) in [first, second].into_iter().enumerate() {
            let node = &mut self.nodes[id.index()];
            node.parent = seq.0;
            node.slot = slot as u32;
        }
        self.nodes[seq.index()].value = Value::Seq(vec![first, second]);
        self.set_wrapper(wrapper, "Fn::GetAtt", seq, span);
        wrapper
    }

    fn open(&mut self, anchor: usize, tag: Option<Cow<'s, Tag>>, span: Span, is_map: bool) {
        if self.awaiting_key() {
            self.diagnostics.push(ParseDiagnostic::new(
                ParseErrorKind::Unsupported,
                span,
                "a mapping key must be a plain value, not a mapping or a list; this entry is \
                 ignored",
            ));
            self.set_key(None, span.end);
            self.skip = Some(Skip {
                open: 1,
                start: span.start,
            });
            // The skipped key is attached nowhere: drop the placeholder the skip would add.
            self.skip_key = true;
            return;
        }
        let kind = if is_map { Kind::Map } else { Kind::Seq };
        let form = self.short_form(tag.as_deref(), span, kind);
        let mut depth = self.child_depth();
        if form.is_some() {
            depth += 1;
        }
        if depth >= self.limits.max_depth {
            if !self.depth_reported {
                self.depth_reported = true;
                self.diagnostics.push(ParseDiagnostic::new(
                    ParseErrorKind::Limit,
                    Span::new(span.start, span.start.saturating_add(1)),
                    format!(
                        "nesting deeper than {} levels; the content from here is ignored",
                        self.limits.max_depth
                    ),
                ));
            }
            self.skip = Some(Skip {
                open: 1,
                start: span.start,
            });
            return;
        }
        let (outer, node) = match form {
            Some(form) => {
                let key = match form {
                    ShortForm::Wrap(key) => key,
                    ShortForm::GetAtt => "Fn::GetAtt",
                };
                let wrapper = self.push(Value::Null, span);
                let node = self.push(Value::Null, span);
                self.set_wrapper(wrapper, key, node, span);
                (wrapper, node)
            }
            None => {
                let node = self.push(Value::Null, span);
                (node, node)
            }
        };
        let kind = if is_map {
            FrameKind::Map {
                entries: Vec::new(),
                pending: None,
                index: None,
            }
        } else {
            FrameKind::Seq(Vec::new())
        };
        self.stack.push(Frame {
            node,
            outer,
            depth,
            anchor,
            start: span.start,
            last_end: span.end,
            flow: span.text(self.source).ends_with(['{', '[']),
            kind,
        });
    }

    fn close(&mut self, span: Span) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let end = if frame.flow {
            span.end
        } else {
            frame.last_end.max(frame.start)
        };
        let value = match frame.kind {
            FrameKind::Seq(items) => Value::Seq(items),
            FrameKind::Map { entries, .. } => Value::Map(entries),
        };
        let node = &mut self.nodes[frame.node.index()];
        node.value = value;
        node.span = Span::new(frame.start, end);
        if frame.outer != frame.node {
            self.nodes[frame.outer.index()].span = Span::new(frame.start, end);
        }
        self.register_anchor(frame.anchor, frame.outer);
        self.attach(frame.outer, end);
    }

    fn register_anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor > 0 {
            let size = self.nodes.len() - id.index();
            self.anchors.insert(anchor, (id, size));
        }
    }

    fn alias(&mut self, anchor: usize, span: Span) {
        let Some(&(source, size)) = self.anchors.get(&anchor) else {
            self.diagnostics.push(ParseDiagnostic::new(
                ParseErrorKind::Unsupported,
                span,
                "this alias refers to a node that is not complete yet (its own container)",
            ));
            let id = self.push(Value::Null, span);
            self.attach(id, span.end);
            return;
        };
        if self.awaiting_key() {
            let key = match &self.nodes[source.index()].value {
                Value::String(s) => Some(s.clone()),
                Value::Int(i) => Some(i.to_string()),
                Value::Float(f) => Some(f.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            if key.is_none() {
                self.diagnostics.push(ParseDiagnostic::new(
                    ParseErrorKind::Unsupported,
                    span,
                    "a mapping key must be a plain value; this alias names a mapping or a list",
                ));
            }
            self.set_key(key.map(|k| (k, span)), span.end);
            return;
        }
        let height = self.subtree_height(source, size);
        let id = if size > self.alias_budget {
            self.alias_budget = 0;
            self.limit_alias(span)
        } else if self.child_depth() + height >= self.limits.max_depth {
            self.limit_depth_alias(span)
        } else {
            self.alias_budget -= size;
            self.copy_subtree(source, size, span)
        };
        self.attach(id, span.end);
    }

    fn limit_alias(&mut self, span: Span) -> NodeId {
        if !self
            .diagnostics
            .iter()
            .any(|d| d.kind == ParseErrorKind::Limit && d.message.starts_with("aliases"))
        {
            self.diagnostics.push(ParseDiagnostic::new(
                ParseErrorKind::Limit,
                span,
                format!(
                    "aliases expand to more than {} nodes; this alias and the ones after it \
                     are read as null",
                    self.limits.max_alias_nodes
                ),
            ));
        }
        self.push(Value::Null, span)
    }

    fn limit_depth_alias(&mut self, span: Span) -> NodeId {
        self.diagnostics.push(ParseDiagnostic::new(
            ParseErrorKind::Limit,
            span,
            format!(
                "this alias would nest deeper than {} levels; it is read as null",
                self.limits.max_depth
            ),
        ));
        self.push(Value::Null, span)
    }

    /// Height of the subtree stored contiguously at `root..root + size` (pre-order).
    fn subtree_height(&self, root: NodeId, size: usize) -> usize {
        let start = root.index();
        let mut depth = vec![0usize; size];
        let mut height = 0;
        for i in 1..size {
            let parent = self.nodes[start + i].parent as usize;
            let d = parent
                .checked_sub(start)
                .and_then(|p| depth.get(p))
                .map_or(0, |d| d + 1);
            depth[i] = d;
            height = height.max(d);
        }
        height
    }

    /// Copies the contiguous subtree `root..root + size`, shifting every id it holds.
    fn copy_subtree(&mut self, root: NodeId, size: usize, span: Span) -> NodeId {
        let start = root.index();
        let new_start = self.nodes.len();
        let shift = |id: NodeId| NodeId((id.index() - start + new_start) as u32);
        for i in start..start + size {
            let mut node = self.nodes[i].clone();
            match &mut node.value {
                Value::Seq(items) => items.iter_mut().for_each(|id| *id = shift(*id)),
                Value::Map(entries) => entries.iter_mut().for_each(|e| e.value = shift(e.value)),
                _ => {}
            }
            if i != start {
                node.parent = (node.parent as usize - start + new_start) as u32;
            }
            self.nodes.push(node);
        }
        let copy = NodeId(new_start as u32);
        self.nodes[new_start].span = span;
        copy
    }

    fn set_key(&mut self, key: Option<(String, Span)>, end: u32) {
        if let Some(Frame {
            kind: FrameKind::Map { pending, .. },
            last_end,
            ..
        }) = self.stack.last_mut()
        {
            *pending = Some(key);
            *last_end = end;
        }
    }

    /// Attaches a finished node to the innermost open container (or makes it the root).
    fn attach(&mut self, id: NodeId, end: u32) {
        if std::mem::take(&mut self.skip_key) {
            return;
        }
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(id);
            }
            return;
        };
        frame.last_end = frame.last_end.max(end);
        let parent = frame.node.0;
        match &mut frame.kind {
            FrameKind::Seq(items) => {
                let slot = items.len() as u32;
                items.push(id);
                let node = &mut self.nodes[id.index()];
                node.parent = parent;
                node.slot = slot;
            }
            FrameKind::Map {
                entries,
                pending,
                index,
            } => {
                let Some((key, key_span)) = pending.take().flatten() else {
                    return;
                };
                let first = match index {
                    Some(index) => index.get(&key).map(|&i| entries[i].key_span),
                    None => entries.iter().find(|e| e.key == key).map(|e| e.key_span),
                };
                if let Some(first) = first {
                    self.diagnostics.push(ParseDiagnostic::new(
                        ParseErrorKind::DuplicateKey {
                            key: key.clone(),
                            first,
                        },
                        key_span,
                        format!("duplicate key `{key}`; the first value is used"),
                    ));
                    return;
                }
                let slot = entries.len();
                if let Some(index) = index {
                    index.insert(key.clone(), slot);
                } else if slot >= INDEX_THRESHOLD {
                    let mut built: HashMap<String, usize> = entries
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (e.key.clone(), i))
                        .collect();
                    built.insert(key.clone(), slot);
                    *index = Some(built);
                }
                entries.push(Entry {
                    key,
                    key_span,
                    value: id,
                });
                let node = &mut self.nodes[id.index()];
                node.parent = parent;
                node.slot = slot as u32;
            }
        }
    }
}
