//! YAML documents as trees of spanned nodes, and a serde deserializer over them that reports exact positions.
//!
//! serde deserializers that stream (such as `serde_yaml`) stop at the first problem and lose
//! the position of values that parse fine but fail a later check. Here a document is parsed
//! once into a [`Node`] tree that keeps the byte range of every key and value; models are
//! deserialized from that tree, so every error (and every later semantic check) can point at
//! the offending key or value, and one bad item in a list never hides the problems of the others.

use std::fmt;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};

/// A parsed YAML value with the byte range it occupies in its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// Byte range of the node in the source text.
    pub span: Range<usize>,
}

/// The three shapes of a YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar; `plain` is false for quoted and block scalars, which are always strings.
    Scalar {
        /// The scalar's text.
        value: String,
        /// Whether it is written plain (unquoted, not a block scalar).
        plain: bool,
    },
    /// A sequence of nodes.
    Seq(Vec<Node>),
    /// A mapping as ordered key/value pairs.
    Map(Vec<(Node, Node)>),
}

/// A problem found while parsing or deserializing YAML, with the byte range it concerns.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// What is wrong, in plain words.
    pub message: String,
    /// Where it is, once known.
    pub span: Option<Range<usize>>,
    /// A suggestion for the fix.
    pub hint: Option<String>,
    missing_field: bool,
}

impl YamlError {
    /// Creates an error at a known place.
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        YamlError {
            message: message.into(),
            span: Some(span),
            hint: None,
            missing_field: false,
        }
    }

    /// Adds a hint to the error.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn at(mut self, span: &Range<usize>) -> Self {
        if self.span.is_none() && !self.missing_field {
            self.span = Some(span.clone());
        }
        self
    }

    fn at_key(mut self, span: &Range<usize>) -> Self {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

impl de::Error for YamlError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        YamlError {
            message: msg.to_string(),
            span: None,
            hint: None,
            missing_field: false,
        }
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Map => "a mapping".to_string(),
            de::Unexpected::Seq => "a list".to_string(),
            de::Unexpected::Unit => "nothing (null)".to_string(),
            de::Unexpected::Str(s) => format!("the text `{s}`"),
            other => other.to_string(),
        };
        let mut e: YamlError = de::Error::custom(format_args!("expected {exp}, found {found}"));
        let expected = exp.to_string();
        e.hint = if expected.contains("number") {
            Some("write a number without quotes, such as `2030` or `12.5`".into())
        } else if expected.contains("`true` or `false`") {
            Some("write `true` or `false` without quotes".into())
        } else if expected.contains("list") || expected.contains("sequence") {
            Some("write a list: `[a, b]`, or one `- item` per line".into())
        } else if expected.starts_with("a text, or a mapping") {
            Some("write one text, or one line per language such as `en: Water`".into())
        } else if expected.contains("mapping") || expected.contains("struct") {
            Some("write `key: value` lines indented under this key".into())
        } else if expected == "text" || expected.contains("string") {
            Some("write a text; quote it if it looks like a number or contains `: `".into())
        } else {
            None
        };
        e
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut e: YamlError = de::Error::custom(format_args!("unknown key `{field}`"));
        e.hint = Some(match closest(field, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "this mapping takes no keys".to_string(),
            None => format!("expected one of {}", list_names(expected)),
        });
        e
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut e: YamlError = de::Error::custom(format_args!("unknown value `{variant}`"));
        e.hint = Some(match closest(variant, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("expected one of {}", list_names(expected)),
        });
        e
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e: YamlError = de::Error::custom(format_args!("missing key `{field}`"));
        e.hint = Some(format!("add `{field}: ...` here"));
        e.missing_field = true;
        e
    }

    fn duplicate_field(field: &'static str) -> Self {
        de::Error::custom(format_args!("key `{field}` is given twice"))
    }
}

/// Formats names as a readable list of backticked words.
pub(crate) fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Parses YAML text into a node tree; an empty document gives an empty mapping.
pub fn parse(text: &str) -> Result<Node, YamlError> {
    parse_tree(text, false).map(|(node, _)| node)
}

/// Something PyYAML accepts that strict localis YAML rejects, tolerated by [`parse_pyyaml`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlWarning {
    /// What was tolerated, in plain words.
    pub message: String,
    /// Where it is, as a byte range of the text given to [`parse_pyyaml`].
    pub span: Range<usize>,
    /// What to do about it.
    pub hint: Option<String>,
}

/// Parses YAML as PyYAML (and so Open SDG's sdg-build) reads it: any number of leading
/// byte-order marks is skipped, and a key given twice in one mapping is accepted, the last
/// one winning, with a warning at the repeated key. Spans refer to `text` as given.
pub(crate) fn parse_pyyaml(text: &str) -> Result<(Node, Vec<YamlWarning>), YamlError> {
    let body = text.trim_start_matches('\u{feff}');
    let skipped = text.len() - body.len();
    let shift = |r: &Range<usize>| r.start + skipped..r.end + skipped;
    match parse_tree(body, true) {
        Ok((mut node, warnings)) => {
            if skipped > 0 {
                node.shift(skipped);
            }
            let warnings = warnings
                .into_iter()
                .map(|w| YamlWarning {
                    span: shift(&w.span),
                    ..w
                })
                .collect();
            Ok((node, warnings))
        }
        Err(mut e) => {
            e.span = e.span.as_ref().map(shift);
            Err(e)
        }
    }
}

/// Parses a document; with `last_key_wins`, a repeated key replaces the earlier one (with a
/// warning) instead of being an error.
fn parse_tree(text: &str, last_key_wins: bool) -> Result<(Node, Vec<YamlWarning>), YamlError> {
    let offsets = CharOffsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut builder = TreeBuilder::new(text, last_key_wins);
    let mut documents = 0;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| scan_error(&e, &offsets, text))?;
        let range = offsets.byte(span.start.index())..offsets.byte(span.end.index());
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError::new("a file holds one YAML document", range)
                        .with_hint("remove the `---` line, or split the file in two"));
                }
            }
            Event::Scalar(value, style, anchor, _) => {
                let node = Node {
                    kind: NodeKind::Scalar {
                        value: value.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    span: range,
                };
                builder.push(node, anchor)?;
            }
            Event::Alias(id) => {
                let node = builder.expand_alias(id, &range)?;
                builder.push(
                    Node {
                        span: range,
                        ..node
                    },
                    0,
                )?;
            }
            Event::SequenceStart(anchor, _) => {
                builder.open(Open::Seq(Vec::new()), range, anchor)?
            }
            Event::MappingStart(anchor, _) => builder.open(Open::Map(Vec::new()), range, anchor)?,
            Event::SequenceEnd | Event::MappingEnd => builder.close(range.end)?,
            _ => {}
        }
    }
    let root = builder.root.unwrap_or(Node {
        kind: NodeKind::Map(Vec::new()),
        span: 0..0,
    });
    Ok((root, builder.warnings))
}

fn scan_error(e: &ScanError, offsets: &CharOffsets, text: &str) -> YamlError {
    let at = offsets.byte(e.marker().index());
    let end = (at + 1).min(offsets.len());
    if e.info() == "recursion limit exceeded" {
        // the scanner looks ahead through flow collections and stops at 255 levels: the same
        // problem as a block nested deeper than MAX_DEPTH, told the same way
        return too_deep(at..end);
    }
    let hint = match unclosed_bracket(&text[..at.min(text.len())]) {
        Some((open, line)) => format!("the `{open}` opened on line {line} is not closed"),
        None if e.info().contains("quoted scalar") => {
            "a quote opened here is not closed; add the closing quote".to_string()
        }
        None => "check the indentation and quoting around here".to_string(),
    };
    YamlError::new(format!("failed to parse YAML ({})", e.info()), at..end).with_hint(hint)
}

/// The last flow bracket (`[` or `{`) left open in `text`, with its one-based line.
fn unclosed_bracket(text: &str) -> Option<(char, usize)> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        for ch in line.chars() {
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(ch),
                (None, '#') => break,
                (None, '[' | '{') => stack.push((ch, n + 1)),
                (None, ']' | '}') => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    stack.pop()
}

/// One-based line and column (in characters) of a byte offset of `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// `line 3, column 5` for a byte offset of `text`, as hints name a place.
fn line_column_text(text: &str, offset: usize) -> String {
    let (line, column) = line_column(text, offset);
    format!("line {line}, column {column}")
}

/// Maps character indices (as the YAML scanner reports them) to byte offsets.
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        CharOffsets(v)
    }
    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or(*self.0.last().unwrap_or(&0))
    }
    fn len(&self) -> usize {
        *self.0.last().unwrap_or(&0)
    }
}

enum Open {
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// How deep lists and mappings may nest, block or flow style alike. Indicator files need
/// about ten levels; the limit stops a runaway `- - - ...` or `[[[...` long before the
/// stack of the reader (or of anything walking the tree) could overflow.
pub(crate) const MAX_DEPTH: usize = 100;

/// How many aliases (`*name`) a document may use.
pub(crate) const MAX_ALIASES: usize = 10_000;

/// How many nodes aliases may copy in all: each alias copies its anchor's whole tree, so a
/// few lines of nested aliases ("billion laughs") could otherwise fill the memory.
pub(crate) const MAX_ALIAS_NODES: usize = 100_000;

/// How many bytes of text aliases may copy in all.
pub(crate) const MAX_ALIAS_BYTES: usize = 16 << 20;

/// The error of a document nested deeper than [`MAX_DEPTH`].
fn too_deep(at: Range<usize>) -> YamlError {
    YamlError::new(
        format!(
            "failed to parse YAML (lists and mappings nested more than {MAX_DEPTH} levels deep)"
        ),
        at,
    )
    .with_hint("a localis file needs a few levels; look for a runaway `- - -` or `[[[` here")
}

struct TreeBuilder<'t> {
    text: &'t str,
    stack: Vec<(Open, usize, usize, Option<Node>)>,
    anchors: std::collections::HashMap<usize, (Node, AliasCost)>,
    root: Option<Node>,
    aliases: usize,
    copied: AliasCost,
    /// Whether a repeated key replaces the earlier one (PyYAML) rather than being an error.
    last_key_wins: bool,
    /// Repeated keys tolerated under `last_key_wins`.
    warnings: Vec<YamlWarning>,
}

/// What copying a node costs: its nodes and the bytes of its scalars.
#[derive(Debug, Clone, Copy, Default)]
struct AliasCost {
    nodes: usize,
    bytes: usize,
}

impl AliasCost {
    fn of(node: &Node) -> AliasCost {
        let mut cost = AliasCost::default();
        let mut todo = vec![node];
        while let Some(n) = todo.pop() {
            cost.nodes += 1;
            match &n.kind {
                NodeKind::Scalar { value, .. } => cost.bytes += value.len(),
                NodeKind::Seq(items) => todo.extend(items),
                NodeKind::Map(pairs) => todo.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
            }
        }
        cost
    }
}

impl<'t> TreeBuilder<'t> {
    fn new(text: &'t str, last_key_wins: bool) -> Self {
        TreeBuilder {
            text,
            stack: Vec::new(),
            anchors: Default::default(),
            root: None,
            aliases: 0,
            copied: AliasCost::default(),
            last_key_wins,
            warnings: Vec::new(),
        }
    }

    /// Starts a list or mapping, refusing one nested deeper than [`MAX_DEPTH`].
    fn open(&mut self, open: Open, range: Range<usize>, anchor: usize) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            let end = (range.start + 1).min(self.text.len()).max(range.start);
            return Err(too_deep(range.start..end));
        }
        self.stack.push((open, range.start, anchor, None));
        Ok(())
    }

    /// The node an alias copies, within the limits of [`MAX_ALIASES`], [`MAX_ALIAS_NODES`]
    /// and [`MAX_ALIAS_BYTES`].
    fn expand_alias(&mut self, id: usize, range: &Range<usize>) -> Result<Node, YamlError> {
        let (node, cost) = self.anchors.get(&id).ok_or_else(|| {
            YamlError::new(
                "this alias names no anchor defined before it",
                range.clone(),
            )
        })?;
        self.aliases += 1;
        self.copied.nodes = self.copied.nodes.saturating_add(cost.nodes);
        self.copied.bytes = self.copied.bytes.saturating_add(cost.bytes);
        if self.aliases > MAX_ALIASES
            || self.copied.nodes > MAX_ALIAS_NODES
            || self.copied.bytes > MAX_ALIAS_BYTES
        {
            let what = if self.aliases > MAX_ALIASES {
                format!("more than {MAX_ALIASES} aliases")
            } else if self.copied.nodes > MAX_ALIAS_NODES {
                format!("aliases that copy more than {MAX_ALIAS_NODES} values")
            } else {
                format!(
                    "aliases that copy more than {} MiB of text",
                    MAX_ALIAS_BYTES >> 20
                )
            };
            return Err(YamlError::new(format!("failed to parse YAML ({what})"), range.clone())
                .with_hint("each `*alias` copies the whole value of its `&anchor`; aliases of aliases multiply, so write the values out or use fewer levels of aliases"));
        }
        Ok(node.clone())
    }

    fn close(&mut self, end: usize) -> Result<(), YamlError> {
        let Some((open, start, anchor, _)) = self.stack.pop() else {
            return Ok(());
        };
        let kind = match open {
            Open::Seq(items) => NodeKind::Seq(items),
            Open::Map(pairs) => NodeKind::Map(pairs),
        };
        let end = match &kind {
            NodeKind::Seq(items) => items.last().map_or(end, |n| n.span.end),
            NodeKind::Map(pairs) => pairs.last().map_or(end, |(_, v)| v.span.end),
            NodeKind::Scalar { .. } => end,
        };
        self.push(
            Node {
                kind,
                span: start..end.max(start),
            },
            anchor,
        )
    }

    fn push(&mut self, node: Node, anchor: usize) -> Result<(), YamlError> {
        if anchor != 0 {
            let cost = AliasCost::of(&node);
            self.anchors.insert(anchor, (node.clone(), cost));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some((Open::Seq(items), ..)) => items.push(node),
            Some((Open::Map(pairs), _, _, pending)) => match pending.take() {
                None => {
                    let repeated = node
                        .as_str()
                        .and_then(|name| pairs.iter().position(|(k, _)| k.as_str() == Some(name)));
                    if let (Some(at), true) = (repeated, self.last_key_wins) {
                        let name = node.as_str().unwrap_or_default().to_string();
                        self.warnings.push(YamlWarning {
                            message: format!(
                                "key `{name}` is given twice in this mapping; the last one is used, as Open SDG reads it"
                            ),
                            span: node.span.clone(),
                            hint: Some(format!("remove one of the two `{name}` keys")),
                        });
                        pairs.remove(at);
                    } else if let Some(name) = node.as_str()
                        && let Some((first, _)) =
                            pairs.iter().find(|(k, _)| k.as_str() == Some(name))
                    {
                        return Err(YamlError::new(
                            format!("key `{name}` is given twice in this mapping"),
                            node.span.clone(),
                        )
                        .with_hint(format!(
                            "the first `{name}` is at {}; keep one of them",
                            line_column_text(self.text, first.span.start)
                        )));
                    }
                    *pending = Some(node);
                }
                Some(key) => pairs.push((key, node)),
            },
        }
        Ok(())
    }
}

/// One step of a path into a node tree: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a mapping.
    Key(String),
    /// A position in a list.
    Index(usize),
}

impl From<&str> for Step {
    fn from(s: &str) -> Self {
        Step::Key(s.to_string())
    }
}

impl From<usize> for Step {
    fn from(i: usize) -> Self {
        Step::Index(i)
    }
}

impl Node {
    /// Moves the spans of this node and every node inside it `by` bytes later.
    fn shift(&mut self, by: usize) {
        self.span = self.span.start + by..self.span.end + by;
        match &mut self.kind {
            NodeKind::Scalar { .. } => {}
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.shift(by)),
            NodeKind::Map(pairs) => pairs.iter_mut().for_each(|(k, v)| {
                k.shift(by);
                v.shift(by);
            }),
        }
    }

    /// The text of a scalar node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value stored under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value node stored under `key`.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.kind {
            NodeKind::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The items of a list node (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The node at the end of `path`, if every step exists.
    pub fn at(&self, path: &[Step]) -> Option<&Node> {
        let mut node = self;
        for step in path {
            node = match step {
                Step::Key(k) => node.get(k)?,
                Step::Index(i) => node.items().get(*i)?,
            };
        }
        Some(node)
    }

    /// The best span for a path: the value when it exists, else the deepest existing ancestor's key.
    pub fn span_at(&self, path: &[Step]) -> Range<usize> {
        let mut node = self;
        let mut best = self.head();
        for step in path {
            match step {
                Step::Key(k) => match node.entry(k) {
                    Some((key, value)) => {
                        best = if value.is_null() {
                            key.span.clone()
                        } else {
                            value.head()
                        };
                        node = value;
                    }
                    None => return best,
                },
                Step::Index(i) => match node.items().get(*i) {
                    Some(item) => {
                        best = item.head();
                        node = item;
                    }
                    None => return best,
                },
            }
        }
        best
    }

    /// The span of the key that introduces the value at `path` (or of the value for list items).
    pub fn key_span_at(&self, path: &[Step]) -> Range<usize> {
        if let Some((Step::Key(k), parent)) = path.split_last()
            && let Some((key, _)) = self.at(parent).and_then(|p| p.entry(k))
        {
            return key.span.clone();
        }
        self.span_at(path)
    }

    /// A short span for pointing at the node: a scalar itself, or the first line of a collection.
    pub fn head(&self) -> Range<usize> {
        match &self.kind {
            NodeKind::Scalar { .. } => self.span.clone(),
            NodeKind::Seq(items) => items.first().map_or(self.span.clone(), |n| n.head()),
            NodeKind::Map(pairs) => pairs
                .first()
                .map_or(self.span.clone(), |(k, _)| k.span.clone()),
        }
    }

    fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { value, plain: true } if is_null(value))
    }
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn parse_int(s: &str) -> Option<i64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if let Some(hex) = t.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = t.replace('_', "");
    if digits.is_empty()
        || !digits
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

fn parse_float(s: &str) -> Option<f64> {
    match s {
        ".inf" | ".Inf" | ".INF" | "+.inf" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let t = s.replace('_', "");
    let ok = !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if ok { t.parse().ok() } else { None }
}

/// Deserializes a model from a node, reporting the first problem with its span.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, YamlError> {
    T::deserialize(NodeDeserializer { node }).map_err(|e| e.at_key(&node.head()))
}

/// Deserializes a model from a node and collects every problem: each time an error is found,
/// the smallest list item holding it is dropped and deserialization is tried again, so that one
/// bad item neither hides the problems of the others nor stops the good items from loading.
/// Returns the value built from the items that survived (if any) and the node pruned to match it.
pub fn from_node_all<T: DeserializeOwned>(node: &Node) -> (Option<(T, Node)>, Vec<YamlError>) {
    let (value, mut errors) = from_node_pruning_items::<T>(node);
    if errors.is_empty() {
        return (value, errors);
    }
    // every problem of an item, not only the first that dropped it
    for e in every_problem::<T>(node) {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    errors.sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
    (value, errors)
}

/// Every problem of a document, found by removing each bad entry (not the whole item holding
/// it) and deserializing again, so that five bad values in one item are five errors in one
/// run. A missing key that was removed as bad is not reported again as missing.
fn every_problem<T: DeserializeOwned>(node: &Node) -> Vec<YamlError> {
    let mut node = node.clone();
    let mut errors: Vec<YamlError> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..500 {
        let Err(e) = from_node::<T>(&node) else {
            break;
        };
        let span = e.span.clone().unwrap_or(node.head());
        if e.missing_field {
            let artifact = removed
                .iter()
                .any(|k| e.message == format!("missing key `{k}`"));
            if !artifact {
                errors.push(e);
            }
            if node.prune_item_containing(&span) {
                continue;
            }
            break;
        }
        let unknown_key = e.message.starts_with("unknown key");
        errors.push(e);
        if unknown_key && node.prune_entry_with_key_at(&span) {
            continue;
        }
        if let Some(key) = node.remove_entry_containing(&span) {
            removed.push(key);
            continue;
        }
        if !node.prune_item_containing(&span) {
            break;
        }
    }
    errors
}

/// The value built from the items that survive dropping each item with a problem, and the
/// problems that dropped them.
fn from_node_pruning_items<T: DeserializeOwned>(
    node: &Node,
) -> (Option<(T, Node)>, Vec<YamlError>) {
    let mut node = node.clone();
    let mut errors: Vec<YamlError> = Vec::new();
    let mut pruned_entry = false;
    for _ in 0..500 {
        match from_node::<T>(&node) {
            Ok(v) => return (Some((v, node)), errors),
            Err(e) => {
                if e.missing_field && pruned_entry {
                    // the key removed to go on was required: stop rather than report an artifact
                    return (None, errors);
                }
                let span = e.span.clone().unwrap_or(node.head());
                let unknown_key = e.message.starts_with("unknown key");
                errors.push(e);
                if unknown_key && node.prune_entry_with_key_at(&span) {
                    continue;
                }
                if node.prune_item_containing(&span) {
                    continue;
                }
                if node.prune_entry_containing(&span) {
                    pruned_entry = true;
                    continue;
                }
                return (None, errors);
            }
        }
    }
    (None, errors)
}

impl Node {
    fn contains_span(&self, span: &Range<usize>) -> bool {
        self.span.start <= span.start && span.end <= self.span.end.max(self.span.start + 1)
    }

    /// Removes the innermost list item whose span contains `span`; false if there is none.
    fn prune_item_containing(&mut self, span: &Range<usize>) -> bool {
        match &mut self.kind {
            NodeKind::Scalar { .. } => false,
            NodeKind::Seq(items) => {
                let Some(i) = items.iter().position(|n| n.contains_span(span)) else {
                    return false;
                };
                if items[i].prune_item_containing(span) {
                    return true;
                }
                items.remove(i);
                true
            }
            NodeKind::Map(pairs) => pairs.iter_mut().any(|(k, v)| {
                (k.contains_span(span) || v.contains_span(span)) && v.prune_item_containing(span)
            }),
        }
    }

    /// Removes the mapping entry whose key is exactly at `span` (an unknown key); false if none.
    fn prune_entry_with_key_at(&mut self, span: &Range<usize>) -> bool {
        match &mut self.kind {
            NodeKind::Scalar { .. } => false,
            NodeKind::Seq(items) => items.iter_mut().any(|n| n.prune_entry_with_key_at(span)),
            NodeKind::Map(pairs) => {
                if let Some(i) = pairs.iter().position(|(k, _)| &k.span == span) {
                    pairs.remove(i);
                    return true;
                }
                pairs
                    .iter_mut()
                    .any(|(_, v)| v.prune_entry_with_key_at(span))
            }
        }
    }

    /// Removes the innermost mapping entry containing `span` and returns its key; `None` if
    /// there is none.
    fn remove_entry_containing(&mut self, span: &Range<usize>) -> Option<String> {
        match &mut self.kind {
            NodeKind::Scalar { .. } => None,
            NodeKind::Seq(items) => {
                let i = items.iter().position(|n| n.contains_span(span))?;
                let key = items[i].remove_entry_containing(span)?;
                // a list item left without any entry (`- treshold: ...`) goes with it
                if matches!(&items[i].kind, NodeKind::Map(p) if p.is_empty()) {
                    items.remove(i);
                }
                Some(key)
            }
            NodeKind::Map(pairs) => {
                let i = pairs
                    .iter()
                    .position(|(k, v)| k.contains_span(span) || v.contains_span(span))?;
                if let Some(key) = pairs[i].1.remove_entry_containing(span) {
                    return Some(key);
                }
                let (key, _) = pairs.remove(i);
                Some(key.as_str().unwrap_or_default().to_string())
            }
        }
    }

    /// Removes the innermost mapping entry containing `span`; false if there is none.
    fn prune_entry_containing(&mut self, span: &Range<usize>) -> bool {
        match &mut self.kind {
            NodeKind::Scalar { .. } => false,
            NodeKind::Seq(items) => items
                .iter_mut()
                .any(|n| n.contains_span(span) && n.prune_entry_containing(span)),
            NodeKind::Map(pairs) => {
                let Some(i) = pairs
                    .iter()
                    .position(|(k, v)| k.contains_span(span) || v.contains_span(span))
                else {
                    return false;
                };
                if pairs[i].1.prune_entry_containing(span) {
                    return true;
                }
                pairs.remove(i);
                true
            }
        }
    }
}

/// A serde deserializer reading from a [`Node`].
pub(crate) struct NodeDeserializer<'a> {
    node: &'a Node,
}

impl<'a> NodeDeserializer<'a> {
    fn scalar(&self) -> Option<(&'a str, bool)> {
        match &self.node.kind {
            NodeKind::Scalar { value, plain } => Some((value.as_str(), *plain)),
            _ => None,
        }
    }

    fn unexpected(&self) -> de::Unexpected<'a> {
        match &self.node.kind {
            NodeKind::Scalar { value, .. } => de::Unexpected::Str(value),
            NodeKind::Seq(_) => de::Unexpected::Seq,
            NodeKind::Map(_) => de::Unexpected::Map,
        }
    }

    fn fail<V>(&self, exp: &dyn de::Expected) -> Result<V, YamlError> {
        Err(<YamlError as de::Error>::invalid_type(self.unexpected(), exp).at(&self.node.span))
    }
}

macro_rules! deserialize_number {
    ($method:ident, $visit:ident, $ty:ty, $what:literal) => {
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
            let parsed = self
                .scalar()
                .filter(|(_, plain)| *plain)
                .and_then(|(s, _)| {
                    parse_int(s)
                        .and_then(|i| <$ty>::try_from(i).ok())
                        .or_else(|| s.parse::<$ty>().ok())
                });
            match parsed {
                Some(v) => visitor
                    .$visit(v)
                    .map_err(|e: YamlError| e.at(&self.node.span)),
                None => self.fail(&$what),
            }
        }
    };
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'de> {
    type Error = YamlError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let span = &self.node.span;
        let result = match &self.node.kind {
            NodeKind::Scalar {
                value,
                plain: false,
            } => visitor.visit_str(value),
            NodeKind::Scalar { value, plain: true } => {
                if is_null(value) {
                    visitor.visit_unit()
                } else if let Some(b) = parse_bool(value) {
                    visitor.visit_bool(b)
                } else if let Some(i) = parse_int(value) {
                    visitor.visit_i64(i)
                } else if let Some(f) = parse_float(value) {
                    visitor.visit_f64(f)
                } else {
                    visitor.visit_str(value)
                }
            }
            NodeKind::Seq(items) => visitor.visit_seq(SeqReader {
                items: items.iter(),
            }),
            NodeKind::Map(pairs) => visitor.visit_map(MapReader {
                pairs: pairs.iter(),
                value: None,
                key_span: None,
            }),
        };
        result.map_err(|e| e.at(span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match self
            .scalar()
            .filter(|(_, p)| *p)
            .and_then(|(s, _)| parse_bool(s))
        {
            Some(b) => visitor.visit_bool(b),
            None => self.fail(&"`true` or `false`"),
        }
    }

    deserialize_number!(deserialize_i8, visit_i8, i8, "a whole number");
    deserialize_number!(deserialize_i16, visit_i16, i16, "a whole number");
    deserialize_number!(deserialize_i32, visit_i32, i32, "a whole number");
    deserialize_number!(deserialize_i64, visit_i64, i64, "a whole number");
    deserialize_number!(deserialize_u8, visit_u8, u8, "a whole number, zero or more");
    deserialize_number!(
        deserialize_u16,
        visit_u16,
        u16,
        "a whole number, zero or more"
    );
    deserialize_number!(
        deserialize_u32,
        visit_u32,
        u32,
        "a whole number, zero or more"
    );
    deserialize_number!(
        deserialize_u64,
        visit_u64,
        u64,
        "a whole number, zero or more"
    );

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        let parsed = self
            .scalar()
            .filter(|(_, p)| *p)
            .and_then(|(s, _)| parse_float(s).or_else(|| parse_int(s).map(|i| i as f64)));
        match parsed {
            Some(f) => visitor
                .visit_f64(f)
                .map_err(|e: YamlError| e.at(&self.node.span)),
            None => self.fail(&"a number"),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match self.scalar() {
            Some((s, _)) if s.chars().count() == 1 => {
                visitor.visit_char(s.chars().next().unwrap_or(' '))
            }
            _ => self.fail(&"a single character"),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match self.scalar() {
            Some((s, plain)) if !(plain && is_null(s)) => visitor
                .visit_str(s)
                .map_err(|e: YamlError| e.at(&self.node.span)),
            _ => self.fail(&"text"),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        if self.node.is_null() {
            visitor.visit_unit()
        } else {
            self.fail(&"nothing (null)")
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match &self.node.kind {
            NodeKind::Seq(items) => visitor
                .visit_seq(SeqReader {
                    items: items.iter(),
                })
                .map_err(|e| e.at(&self.node.span)),
            _ => self.fail(&"a list"),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        match &self.node.kind {
            NodeKind::Map(pairs) => visitor
                .visit_map(MapReader {
                    pairs: pairs.iter(),
                    value: None,
                    key_span: None,
                })
                .map_err(|e| e.at(&self.node.span)),
            NodeKind::Scalar { value, plain: true } if is_null(value) => visitor
                .visit_map(MapReader {
                    pairs: [].iter(),
                    value: None,
                    key_span: None,
                })
                .map_err(|e| e.at(&self.node.span)),
            _ => self.fail(&"a mapping of keys to values"),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match &self.node.kind {
            NodeKind::Scalar { .. } => visitor
                .visit_enum(EnumReader {
                    tag: self.node,
                    content: None,
                })
                .map_err(|e| e.at(&self.node.span)),
            NodeKind::Map(pairs) if pairs.len() == 1 => {
                let (tag, content) = &pairs[0];
                visitor
                    .visit_enum(EnumReader {
                        tag,
                        content: Some(content),
                    })
                    .map_err(|e| e.at(&tag.span))
            }
            NodeKind::Map(pairs) if pairs.len() > 1 => Err(YamlError::new(
                "expected exactly one kind here, found several keys",
                pairs[1].0.span.clone(),
            )
            .with_hint(format!("use one of {} per entry", list_names(variants)))),
            _ => Err(YamlError::new(
                format!("expected one of {}", list_names(variants)),
                self.node.head(),
            )),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, YamlError> {
        visitor.visit_unit()
    }
}

struct SeqReader<'a> {
    items: std::slice::Iter<'a, Node>,
}

impl<'de> de::SeqAccess<'de> for SeqReader<'de> {
    type Error = YamlError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, YamlError> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(NodeDeserializer { node })
                .map(Some)
                .map_err(|e| e.at_key(&node.head())),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapReader<'a> {
    pairs: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
    key_span: Option<Range<usize>>,
}

impl<'de> de::MapAccess<'de> for MapReader<'de> {
    type Error = YamlError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, YamlError> {
        match self.pairs.next() {
            Some((key, value)) => {
                self.value = Some(value);
                self.key_span = Some(key.span.clone());
                seed.deserialize(NodeDeserializer { node: key })
                    .map(Some)
                    .map_err(|e| e.at_key(&key.span))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, YamlError> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <YamlError as de::Error>::custom("a value without a key"))?;
        let key_span = self.key_span.clone().unwrap_or_else(|| node.head());
        seed.deserialize(NodeDeserializer { node })
            .map_err(|e| e.at(&node.span).at_key(&key_span))
    }
}

struct EnumReader<'a> {
    tag: &'a Node,
    content: Option<&'a Node>,
}

impl<'de> de::EnumAccess<'de> for EnumReader<'de> {
    type Error = YamlError;
    type Variant = Self;

    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), YamlError> {
        let name = self.tag.as_str().ok_or_else(|| {
            YamlError::new("expected the name of a kind here", self.tag.span.clone())
        })?;
        let value = seed
            .deserialize(name.into_deserializer())
            .map_err(|e: YamlError| e.at_key(&self.tag.span))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for EnumReader<'de> {
    type Error = YamlError;

    fn unit_variant(self) -> Result<(), YamlError> {
        match self.content {
            None => Ok(()),
            Some(node) if node.is_null() => Ok(()),
            Some(node) => Err(YamlError::new("this kind takes no settings", node.head())
                .with_hint(format!("write just `{}`", self.tag.as_str().unwrap_or("")))),
        }
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, YamlError> {
        match self.content {
            Some(node) => seed
                .deserialize(NodeDeserializer { node })
                .map_err(|e| e.at(&node.span).at_key(&self.tag.span)),
            None => Err(YamlError::new(
                format!("`{}` needs its settings", self.tag.as_str().unwrap_or("")),
                self.tag.span.clone(),
            )
            .with_hint(format!(
                "write `{}: {{ ... }}`",
                self.tag.as_str().unwrap_or("")
            ))),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_seq(NodeDeserializer { node }, visitor),
            None => Err(YamlError::new(
                "expected a list here",
                self.tag.span.clone(),
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, YamlError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_map(NodeDeserializer { node }, visitor)
                .map_err(|e| e.at_key(&self.tag.span)),
            None => Err(YamlError::new(
                "expected a mapping here",
                self.tag.span.clone(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Sample {
        id: String,
        base_year: Option<i32>,
        factor: Option<f64>,
        #[serde(default)]
        tags: Vec<String>,
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    enum Kind {
        Plain,
        Ratio { factor: f64 },
    }

    fn span_text<'a>(text: &'a str, e: &YamlError) -> &'a str {
        &text[e.span.clone().expect("span")]
    }

    #[test]
    fn reads_values_and_enums() {
        let text =
            "id: a\nbase-year: 2015\nfactor: 1e5\ntags: [x, 'y']\nkind: {ratio: {factor: 100}}\n";
        let s: Sample = from_node(&parse(text).unwrap()).unwrap();
        assert_eq!(s.id, "a");
        assert_eq!(s.base_year, Some(2015));
        assert_eq!(s.factor, Some(100000.0));
        assert_eq!(s.tags, vec!["x", "y"]);
        assert_eq!(s.kind, Some(Kind::Ratio { factor: 100.0 }));
        let s: Sample = from_node(&parse("id: 12\nkind: plain\n").unwrap()).unwrap();
        assert_eq!(s.id, "12");
        assert_eq!(s.kind, Some(Kind::Plain));
    }

    #[test]
    fn unknown_key_points_at_key_with_suggestion() {
        let text = "id: a\nbase-yaer: 2015\n";
        let e = from_node::<Sample>(&parse(text).unwrap()).unwrap_err();
        assert_eq!(e.message, "unknown key `base-yaer`");
        assert_eq!(span_text(text, &e), "base-yaer");
        assert_eq!(e.hint.as_deref(), Some("did you mean `base-year`?"));
    }

    #[test]
    fn wrong_type_points_at_value() {
        let text = "id: a\nbase-year: soon\n";
        let e = from_node::<Sample>(&parse(text).unwrap()).unwrap_err();
        assert_eq!(span_text(text, &e), "soon");
        assert!(e.message.contains("whole number"), "{}", e.message);
        let text = "id: a\nkind: {ratio: {factor: lots}}\n";
        let e = from_node::<Sample>(&parse(text).unwrap()).unwrap_err();
        assert_eq!(span_text(text, &e), "lots");
    }

    #[test]
    fn missing_key_points_at_parent_key() {
        let text = "id: a\nkind:\n  ratio: {}\n";
        let e = from_node::<Sample>(&parse(text).unwrap()).unwrap_err();
        assert_eq!(e.message, "missing key `factor`");
        assert_eq!(span_text(text, &e), "ratio");
    }

    #[test]
    fn syntax_error_and_duplicate_keys_are_located() {
        let e = parse("id: [a, b\n").unwrap_err();
        assert!(e.message.starts_with("failed to parse YAML"));
        assert!(e.span.is_some());
        let text = "id: a\nid: b\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.span, Some(6..8));
    }

    #[test]
    fn collects_every_bad_item_and_keeps_the_good_ones() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            items: Vec<Sample>,
        }
        let text = "items:\n  - id: a\n    base-year: x\n  - id: b\n  - id: c\n    factr: 2\n  - id: d\n    kind: {ratio: {}}\n";
        let (value, errors) = from_node_all::<File>(&parse(text).unwrap());
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("whole number"));
        assert_eq!(messages[1], "unknown key `factr`");
        assert_eq!(messages[2], "missing key `factor`");
        let (file, node) = value.expect("the good items survive");
        let ids: Vec<&str> = file.items.iter().map(|s| s.id.as_str()).collect();
        // `c` loses only its unknown key; `a` and `d` are dropped
        assert_eq!(ids, vec!["b", "c"]);
        assert_eq!(node.get("items").unwrap().items().len(), 2);
    }

    #[test]
    fn pyyaml_mode_takes_the_last_of_repeated_keys_and_skips_byte_order_marks() {
        let text = "\u{feff}\u{feff}a: 1\nb:\n  c: x\n  c: y\na: 2\n";
        let (root, warnings) = parse_pyyaml(text).unwrap();
        assert_eq!(root.get("a").and_then(Node::as_str), Some("2"));
        assert_eq!(
            root.get("b")
                .and_then(|b| b.get("c"))
                .and_then(Node::as_str),
            Some("y")
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        // spans point into the text as given, byte-order marks included
        assert_eq!(&text[warnings[0].span.clone()], "c");
        assert_eq!(warnings[0].span.start, text.find("  c: y").unwrap() + 2);
        assert_eq!(&text[warnings[1].span.clone()], "a");
        assert!(warnings[1].message.contains("the last one is used"));
        assert_eq!(&text[root.get("a").unwrap().span.clone()], "2");
        // the strict reader still refuses both
        assert!(parse(text).is_err());
        assert!(parse("a: 1\na: 2\n").is_err());
        // errors are located in the text as given
        let e = parse_pyyaml("\u{feff}\u{feff}a: [1\n").unwrap_err();
        assert!(e.span.is_some_and(|s| s.start >= 6));
    }

    #[test]
    fn duplicate_keys_name_the_first_by_line_and_column() {
        let text = "a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n";
        let e = parse(text).unwrap_err();
        assert_eq!(e.message, "key `c` is given twice in this mapping");
        assert_eq!(span_text(text, &e), "c");
        assert_eq!(
            e.hint.as_deref(),
            Some("the first `c` is at line 3, column 3; keep one of them")
        );
        assert_eq!(line_column("é\nx", 3), (2, 1));
        assert_eq!(line_column("éx", 2), (1, 2));
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_one_short_error_block_or_flow() {
        let block = format!("{}1\n", "- ".repeat(70_000));
        let flow = format!("{}{}\n", "[".repeat(70_000), "]".repeat(70_000));
        let mapping: String = (0..70_000)
            .map(|i| format!("{}k:\n", " ".repeat(i % 200)))
            .collect();
        for text in [&block, &flow] {
            let e = parse(text).unwrap_err();
            assert_eq!(
                e.message,
                "failed to parse YAML (lists and mappings nested more than 100 levels deep)"
            );
            assert!(e.span.clone().unwrap().start <= 2 * 255, "{:?}", e.span);
        }
        assert_eq!(
            parse(&block).unwrap_err().span,
            Some(200..201),
            "the list opened at level 101"
        );
        // indentation that goes back every 200 levels: deeper than 100 all the same
        assert!(parse(&mapping).unwrap_err().message.contains("100 levels"));
        let fine = format!("{}1\n", "- ".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn alias_bombs_stop_at_the_expansion_limit() {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = parse(&text).unwrap_err();
        assert_eq!(
            e.message,
            "failed to parse YAML (aliases that copy more than 100000 values)"
        );
        assert!(span_text(&text, &e).starts_with("*a"));
        // one long text copied many times
        let long = format!(
            "a: &a '{}'\nb: [{}]\n",
            "x".repeat(1 << 20),
            vec!["*a"; 20].join(", ")
        );
        let e = parse(&long).unwrap_err();
        assert_eq!(
            e.message,
            "failed to parse YAML (aliases that copy more than 16 MiB of text)"
        );
        // many small aliases
        let many = format!("a: &a 1\nb: [{}]\n", vec!["*a"; MAX_ALIASES + 1].join(", "));
        assert_eq!(
            parse(&many).unwrap_err().message,
            "failed to parse YAML (more than 10000 aliases)"
        );
        // ordinary aliases still work
        let ok = parse("a: &x {k: 1}\nb: *x\n").unwrap();
        assert_eq!(ok.get("b").unwrap().get("k").unwrap().as_str(), Some("1"));
    }

    #[test]
    fn unclosed_brackets_are_named_in_the_hint() {
        let e = parse("a: [x, y\nb: 1\n").unwrap_err();
        assert_eq!(
            e.hint.as_deref(),
            Some("the `[` opened on line 1 is not closed")
        );
    }

    #[test]
    fn paths_find_spans() {
        let text = "a:\n  - x: 1\n  - x: 2\n    y: é\nb: ~\n";
        let root = parse(text).unwrap();
        let span = root.span_at(&["a".into(), 1.into(), "y".into()]);
        assert_eq!(&text[span], "é");
        let span = root.key_span_at(&["a".into(), 1.into(), "x".into()]);
        assert_eq!(&text[span.clone()], "x");
        assert_eq!(span.start, 16);
        let span = root.span_at(&["b".into()]);
        assert_eq!(&text[span], "b");
    }
}
