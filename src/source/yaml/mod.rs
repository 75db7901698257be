//! YAML text → one `serde_json::Value` per document, with the byte span of every node.
//!
//! Built on saphyr-parser's event stream with an explicit stack (no recursion, so nesting depth cannot
//! overflow the thread's stack), a depth limit, an alias-expansion budget (against "billion laughs") and
//! duplicate-key detection that keeps the first occurrence.

use crate::hash::HashMap;
use std::borrow::Cow;
use std::ops::ControlFlow;

mod block;

use saphyr::Scalar;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as YamlSpan, Tag};
use serde_json::{Map, Number, Value};

/// Bounds on what one file may make the loader do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes that aliases may expand to, per file.
    pub max_alias_nodes: usize,
    /// Most bytes that aliases may expand to, per file: the text of the scalars and keys they copy, plus
    /// [`NODE_BYTES`] for each node.
    pub max_alias_bytes: usize,
}

/// What one node counts for in the alias budget beyond its text: roughly what it costs in memory.
pub const NODE_BYTES: usize = 16;

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 128, max_alias_nodes: 10_000, max_alias_bytes: 1024 * 1024 }
    }
}

/// Where a node is: the span of its value and, for a mapping entry, of its key. Byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    pub key: Option<(u32, u32)>,
    pub value: (u32, u32),
}

/// JSON pointer (RFC 6901) → span, for one document.
///
/// The pointers are kept end to end in one string, each entry a range of it, in a table hashed by the pointer's
/// text: a document of 50 nodes costs two buffers, not 50 boxed strings made and freed (5 million at 100,000
/// systems).
#[derive(Default, Clone)]
pub struct SpanMap {
    pointers: String,
    entries: hashbrown::HashTable<Entry>,
}

/// One pointer of a [`SpanMap`]: `pointers[start..end]`, its hash (kept, so the table grows without hashing
/// the pointers again), and its node's span.
#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    start: u32,
    end: u32,
    span: NodeSpan,
}

fn hash_pointer(pointer: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(pointer)
}

impl SpanMap {
    /// Room for `nodes` pointers of `bytes` in all, so that a descriptor's map is not grown (and moved) several
    /// times from nothing as its nodes arrive.
    fn with_capacity(nodes: usize, bytes: usize) -> SpanMap {
        SpanMap { pointers: String::with_capacity(bytes), entries: hashbrown::HashTable::with_capacity(nodes) }
    }

    /// Gives back most of the room [`SpanMap::with_capacity`] reserved when the document used little of it: a
    /// file of a million one-line documents keeps a million maps.
    fn shrink(&mut self) {
        if self.pointers.len() < self.pointers.capacity() / 4 {
            self.pointers.shrink_to_fit();
        }
        if self.entries.len() < self.entries.capacity() / 4 {
            self.entries.shrink_to_fit(|e| e.hash);
        }
    }

    fn text(&self, entry: &Entry) -> &str {
        &self.pointers[entry.start as usize..entry.end as usize]
    }

    fn entry(&self, pointer: &str) -> Option<&Entry> {
        let hash = hash_pointer(pointer);
        self.entries.find(hash, |e| e.hash == hash && self.text(e) == pointer)
    }

    /// Records `span` at `pointer`, replacing what was recorded there.
    fn insert(&mut self, pointer: &str, span: NodeSpan) {
        let hash = hash_pointer(pointer);
        let pointers = &self.pointers;
        let same = |e: &Entry| e.hash == hash && &pointers[e.start as usize..e.end as usize] == pointer;
        match self.entries.entry(hash, same, |e| e.hash) {
            hashbrown::hash_table::Entry::Occupied(mut found) => found.get_mut().span = span,
            hashbrown::hash_table::Entry::Vacant(vacant) => {
                let start = self.pointers.len() as u32;
                self.pointers.push_str(pointer);
                vacant.insert(Entry { hash, start, end: self.pointers.len() as u32, span });
            }
        }
    }
    /// The node at `pointer`, or its nearest ancestor that has a span (an alias-expanded node resolves
    /// to the alias).
    pub fn lookup(&self, pointer: &str) -> Option<NodeSpan> {
        let mut p = pointer;
        loop {
            if let Some(e) = self.entry(p) {
                return Some(e.span);
            }
            if p.is_empty() {
                return None;
            }
            p = p.rfind('/').map_or("", |i| &p[..i]);
        }
    }
    /// The exact node at `pointer`.
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        self.entry(pointer).map(|e| e.span)
    }
    /// Every pointer and its span, in no particular order.
    fn iter(&self) -> impl Iterator<Item = (&str, NodeSpan)> {
        self.entries.iter().map(|e| (self.text(e), e.span))
    }
    /// The spans under `prefix`, re-rooted so that `prefix` becomes the empty pointer: for a document held
    /// inside a larger one (the documents of a model release file).
    pub fn subtree(&self, prefix: &str) -> SpanMap {
        let mut under = SpanMap::default();
        for (p, s) in self.iter() {
            if let Some(rest) = p.strip_prefix(prefix)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                under.insert(rest, s);
            }
        }
        under
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    #[cfg(test)]
    fn pointer_bytes(&self) -> usize {
        self.pointers.len()
    }
    #[cfg(test)]
    fn reserved_bytes(&self) -> usize {
        self.pointers.capacity() + self.entries.capacity() * std::mem::size_of::<Entry>()
    }
}

/// Equal when they hold the same pointers with the same spans, whatever order they were recorded in.
impl PartialEq for SpanMap {
    fn eq(&self, other: &SpanMap) -> bool {
        self.len() == other.len() && self.iter().all(|(p, s)| other.get(p) == Some(s))
    }
}

impl std::fmt::Debug for SpanMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut entries: Vec<(&str, NodeSpan)> = self.iter().collect();
        entries.sort_unstable_by_key(|&(p, _)| p);
        f.debug_map().entries(entries).finish()
    }
}

/// One YAML document of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub value: Value,
    pub spans: SpanMap,
    /// Span of the whole document's root node.
    pub root: (u32, u32),
}

/// Something wrong with the YAML itself. Every variant carries byte offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlProblem {
    Syntax {
        message: String,
        at: (u32, u32),
    },
    DuplicateKey {
        key: String,
        first: (u32, u32),
        second: (u32, u32),
    },
    TooDeep {
        limit: usize,
        at: (u32, u32),
    },
    AliasBudget {
        limit: usize,
        at: (u32, u32),
    },
    /// Aliases would expand to more than `limit` bytes.
    AliasBytes {
        limit: usize,
        at: (u32, u32),
    },
    ComplexKey {
        at: (u32, u32),
    },
    /// A plain integer beyond what a JSON number holds exactly (below `i64::MIN` or above `u64::MAX`): kept as
    /// its text at `pointer`, so no later stage reads a rounded float.
    IntegerTooLarge {
        text: String,
        pointer: String,
        at: (u32, u32),
    },
}

/// The result of parsing one file. Documents completed before a fatal problem are kept.
#[derive(Debug, Default, PartialEq)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub problems: Vec<YamlProblem>,
}

/// Converts saphyr's character-based markers to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    line_starts: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let line_starts = if ascii {
            Vec::new()
        } else {
            std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
        };
        Offsets { text, ascii, line_starts }
    }

    fn byte(&self, m: &Marker) -> u32 {
        if self.ascii {
            return m.index().min(self.text.len()) as u32;
        }
        let line = m.line().max(1) - 1;
        let Some(&start) = self.line_starts.get(line) else {
            return self.text.len() as u32;
        };
        let rest = &self.text[start..];
        let col = rest.char_indices().nth(m.col()).map_or(rest.len(), |(i, _)| i);
        (start + col) as u32
    }

    fn span(&self, s: &YamlSpan) -> (u32, u32) {
        let a = self.byte(&s.start);
        (a, self.byte(&s.end).max(a))
    }
}

enum Container {
    Seq(Vec<Value>),
    Map { map: Map<String, Value>, pending_key: Option<PendingKey> },
}

struct PendingKey {
    key: String,
    span: (u32, u32),
    /// A repeated key: its value is parsed and dropped, so the first occurrence survives.
    duplicate: bool,
}

struct Frame {
    container: Container,
    start: u32,
    /// Length of the pointer of this node (the pointer string is truncated back to it).
    pointer_len: usize,
    key_span: Option<(u32, u32)>,
    anchor: usize,
    /// Whether spans inside this node are recorded (false inside a duplicate key's value).
    record: bool,
    /// Whether this node's own span is recorded when it ends: its pointer was taken from the budget when it
    /// began, so outer nodes come before the nodes inside them.
    keep_span: bool,
    /// Nodes in this subtree, for the alias budget.
    nodes: usize,
    /// Bytes of this subtree (see [`NODE_BYTES`]), for the alias budget.
    bytes: usize,
}

/// The size of a node as the alias budget counts it.
#[derive(Debug, Clone, Copy)]
struct Size {
    nodes: usize,
    bytes: usize,
}

/// The state of one document being built: the open containers, the pointer of the current node, the spans
/// recorded so far and the anchors defined.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    pointer: String,
    spans: SpanMap,
    anchors: HashMap<usize, (Value, Size)>,
    root: Option<(Value, (u32, u32))>,
    /// The root is an empty node: nothing was written in the document.
    empty: bool,
    /// Bytes of pointer text the file's span maps may still take (see [`span_budget`]).
    span_bytes_left: usize,
}

/// Bytes of pointer text the span maps of a file of `len` bytes may take. Each node's pointer repeats its
/// ancestors' keys, so a small hostile file (100 nested keys of 1,000 characters over a list of 50,000 items)
/// would otherwise make gigabytes of pointers; a descriptor's pointers are a fraction of its text. Nodes past
/// the budget are not recorded, and a finding about one points at its nearest recorded ancestor.
fn span_budget(len: usize) -> usize {
    len.saturating_mul(8).saturating_add(64 * 1024).min(u32::MAX as usize)
}

impl Builder {
    fn new(span_bytes_left: usize) -> Builder {
        Builder { span_bytes_left, spans: SpanMap::with_capacity(64, 1024), ..Builder::default() }
    }

    /// Whether the current pointer fits in what is left of the budget, taking it if so.
    fn take_span_bytes(&mut self) -> bool {
        let fits = self.pointer.len() <= self.span_bytes_left;
        if fits {
            self.span_bytes_left -= self.pointer.len();
        }
        fits
    }

    /// Whether the next node arrives where a mapping key is expected.
    fn at_key_position(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { container: Container::Map { pending_key: None, .. }, .. }))
    }

    /// Whether spans of the next node are recorded (not inside a duplicate key's value).
    fn recording(&self) -> bool {
        self.stack.last().is_none_or(|f| f.record && !pending_duplicate(f))
    }

    /// Extends the pointer with the segment of the child about to be parsed; returns the child's key span.
    fn open_child(&mut self) -> Option<(u32, u32)> {
        match self.stack.last() {
            Some(Frame { container: Container::Seq(items), .. }) => {
                push_index(&mut self.pointer, items.len());
                None
            }
            Some(Frame { container: Container::Map { pending_key: Some(k), .. }, .. }) => {
                push_key(&mut self.pointer, &k.key);
                Some(k.span)
            }
            _ => None,
        }
    }

    /// Records a finished scalar or alias node and attaches it to its parent.
    fn complete(&mut self, value: Value, span: (u32, u32), anchor: usize, size: Size) {
        let key_span = self.open_child();
        if self.recording() && self.take_span_bytes() {
            self.spans.insert(&self.pointer, NodeSpan { key: key_span, value: span });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), size));
        }
        self.attach(value, span, size);
    }

    /// Puts a finished node into its parent container (or makes it the document root) and truncates the
    /// pointer back to the parent's.
    fn attach(&mut self, value: Value, span: (u32, u32), size: Size) {
        match self.stack.last_mut() {
            None => {
                self.pointer.clear();
                self.root = Some((value, span));
            }
            Some(parent) => {
                self.pointer.truncate(parent.pointer_len);
                parent.nodes += size.nodes;
                parent.bytes += size.bytes;
                match &mut parent.container {
                    Container::Seq(items) => items.push(value),
                    Container::Map { map, pending_key } => {
                        if let Some(k) = pending_key.take()
                            && !k.duplicate
                        {
                            parent.bytes += k.key.len();
                            map.insert(k.key, value);
                        }
                    }
                }
            }
        }
    }
}

/// Parses every document of `text`: through the block-style fast path (`block`) when the text keeps to
/// the plain block style descriptors are written in, else through the general YAML parser. Both feed the
/// same `Session`, and the fast path gives it exactly the events, with exactly the spans, that the general
/// parser would (`tests/yaml_fast_path.rs`), so the result does not depend on which path read the text.
pub fn parse_yaml(text: &str, limits: Limits) -> Parsed {
    match block::events(text) {
        Some(events) => {
            let mut session = Session::new(limits, text.len());
            for (event, span) in events {
                if session.event(event, span).is_break() {
                    break;
                }
            }
            session.out
        }
        None => parse_yaml_general(text, limits),
    }
}

/// Whether [`parse_yaml`] reads `text` through its block-style fast path.
pub fn takes_fast_path(text: &str) -> bool {
    block::events(text).is_some()
}

/// [`parse_yaml`] through the general YAML parser only, whatever the text's style.
pub fn parse_yaml_general(text: &str, limits: Limits) -> Parsed {
    let offsets = Offsets::new(text);
    let mut session = Session::new(limits, text.len());
    for event in Parser::new_from_str(text) {
        let (event, yspan) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = offsets.byte(e.marker());
                // The scanner's own cap on flow nesting (`[[[…` 255 deep), met before the events reach ours.
                if e.info() == "recursion limit exceeded" {
                    session.out.problems.push(YamlProblem::TooDeep { limit: limits.max_depth, at: (at, at) });
                } else {
                    session.out.problems.push(YamlProblem::Syntax { message: e.info().to_string(), at: (at, at) });
                }
                break;
            }
        };
        if session.event(event, offsets.span(&yspan)).is_break() {
            break;
        }
    }
    session.out
}

/// Turns a stream of parser events, with byte spans, into documents, spans and problems.
struct Session {
    limits: Limits,
    out: Parsed,
    doc: Builder,
    alias: Size,
}

impl Session {
    /// A session over a text of `len` bytes.
    fn new(limits: Limits, len: usize) -> Self {
        let doc = Builder::new(span_budget(len));
        Session { limits, out: Parsed::default(), doc, alias: Size { nodes: 0, bytes: 0 } }
    }

    /// Takes one event; `Break` when a problem ends the parse.
    fn event(&mut self, event: Event<'_>, span: (u32, u32)) -> ControlFlow<()> {
        let Session { limits, out, doc, alias } = self;
        match event {
            Event::DocumentStart(_) => *doc = Builder::new(doc.span_bytes_left),
            Event::DocumentEnd => {
                // A document with nothing in it (`---` and no content, as after the last document of a file)
                // is no document, as an empty file has none; a written `null` or `~` is one.
                if let Some((value, root)) = doc.root.take()
                    && !doc.empty
                {
                    let mut spans = std::mem::take(&mut doc.spans);
                    spans.shrink();
                    out.documents.push(Document { value, spans, root });
                }
            }
            Event::Scalar(raw, style, anchor, tag) => {
                if doc.at_key_position() {
                    let key = raw.into_owned();
                    let record = doc.recording();
                    let Some(Frame { container: Container::Map { pending_key, map }, .. }) = doc.stack.last_mut()
                    else {
                        unreachable!("at_key_position checked the frame");
                    };
                    let duplicate = map.contains_key(&key);
                    if duplicate && record {
                        let mut pointer = doc.pointer.clone();
                        push_key(&mut pointer, &key);
                        let first = doc.spans.get(&pointer).and_then(|s| s.key).unwrap_or(span);
                        out.problems.push(YamlProblem::DuplicateKey { key: key.clone(), first, second: span });
                    }
                    *pending_key = Some(PendingKey { key, span, duplicate });
                    return ControlFlow::Continue(());
                }
                let size = Size { nodes: 1, bytes: raw.len() + NODE_BYTES };
                doc.empty = doc.stack.is_empty()
                    && anchor == 0
                    && raw.is_empty()
                    && style == ScalarStyle::Plain
                    && tag.is_none();
                let value = match wide_integer(&raw, style, tag.as_ref()) {
                    Some(Wide::U64(n)) => Value::from(n),
                    Some(Wide::TooLarge) => {
                        if doc.recording() {
                            let mut pointer = doc.pointer.clone();
                            if let Some(Frame { container, .. }) = doc.stack.last() {
                                match container {
                                    Container::Seq(items) => push_index(&mut pointer, items.len()),
                                    Container::Map { pending_key: Some(k), .. } => push_key(&mut pointer, &k.key),
                                    Container::Map { .. } => {}
                                }
                            }
                            let text = raw.to_string();
                            out.problems.push(YamlProblem::IntegerTooLarge { text, pointer, at: span });
                        }
                        Value::String(raw.into_owned())
                    }
                    None => scalar_to_json(raw, style, tag.as_ref()),
                };
                doc.complete(value, span, anchor, size);
            }
            Event::Alias(id) => {
                let Some(&(_, size)) = doc.anchors.get(&id) else {
                    out.problems.push(YamlProblem::Syntax { message: "unknown alias".into(), at: span });
                    return ControlFlow::Break(());
                };
                // Counted before the value is copied, so the budget bounds the copying too.
                alias.nodes += size.nodes;
                alias.bytes += size.bytes;
                if alias.nodes > limits.max_alias_nodes {
                    out.problems.push(YamlProblem::AliasBudget { limit: limits.max_alias_nodes, at: span });
                    return ControlFlow::Break(());
                }
                if alias.bytes > limits.max_alias_bytes {
                    out.problems.push(YamlProblem::AliasBytes { limit: limits.max_alias_bytes, at: span });
                    return ControlFlow::Break(());
                }
                if doc.at_key_position() {
                    out.problems.push(YamlProblem::ComplexKey { at: span });
                    return ControlFlow::Break(());
                }
                let value = doc.anchors[&id].0.clone();
                doc.complete(value, span, 0, size);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if doc.at_key_position() {
                    out.problems.push(YamlProblem::ComplexKey { at: span });
                    return ControlFlow::Break(());
                }
                if doc.stack.len() >= limits.max_depth {
                    out.problems.push(YamlProblem::TooDeep { limit: limits.max_depth, at: span });
                    return ControlFlow::Break(());
                }
                let record = doc.recording();
                let key_span = doc.open_child();
                let container = if matches!(event, Event::SequenceStart(..)) {
                    Container::Seq(Vec::new())
                } else {
                    Container::Map { map: Map::new(), pending_key: None }
                };
                let pointer_len = doc.pointer.len();
                let keep_span = record && doc.take_span_bytes();
                let (nodes, bytes) = (1, NODE_BYTES);
                let start = span.0;
                doc.stack.push(Frame {
                    container,
                    start,
                    pointer_len,
                    key_span,
                    anchor,
                    record,
                    keep_span,
                    nodes,
                    bytes,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = doc.stack.pop() else { return ControlFlow::Break(()) };
                let value = match frame.container {
                    Container::Seq(items) => Value::Array(items),
                    Container::Map { map, .. } => Value::Object(map),
                };
                doc.pointer.truncate(frame.pointer_len);
                let end = span.1.max(frame.start);
                if frame.keep_span {
                    doc.spans.insert(&doc.pointer, NodeSpan { key: frame.key_span, value: (frame.start, end) });
                }
                let size = Size { nodes: frame.nodes, bytes: frame.bytes };
                if frame.anchor != 0 {
                    doc.anchors.insert(frame.anchor, (value.clone(), size));
                }
                doc.attach(value, (frame.start, end), size);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
        ControlFlow::Continue(())
    }
}

/// The byte ranges of `text` that belong to scalars, sorted and not overlapping: a `#` inside one is part of
/// a value, not a comment. A block scalar's range starts at its first line of content, after its header (`|`
/// or `>` and any comment on that line). Where the text stops parsing, the ranges stop too.
pub fn scalar_ranges(text: &str) -> Vec<(u32, u32)> {
    let offsets = Offsets::new(text);
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for event in Parser::new_from_str(text) {
        let Ok((Event::Scalar(_, style, ..), yspan)) = event else {
            if event.is_err() {
                break;
            }
            continue;
        };
        let (start, mut end) = offsets.span(&yspan);
        // A quoted scalar ends at its closing quote (the parser's end marker can run on past it).
        if matches!(style, ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted) {
            end = closing_quote(text, start as usize).map_or(end, |e| e as u32);
        }
        if start < end && ranges.last().is_none_or(|last| last.1 <= start) {
            ranges.push((start, end));
        }
    }
    ranges
}

/// The offset just past the quote that closes the quoted scalar opening at `start`.
fn closing_quote(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let quote = *bytes.get(start)?;
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn pending_duplicate(frame: &Frame) -> bool {
    matches!(&frame.container, Container::Map { pending_key: Some(PendingKey { duplicate: true, .. }), .. })
}

/// Appends a mapping key to a JSON pointer (RFC 6901): `/` and the key, escaped.
pub fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    pointer.push_str(&escape(key));
}

/// Appends a sequence position to a JSON pointer (RFC 6901).
pub fn push_index(pointer: &mut String, index: usize) {
    // By hand rather than through `fmt`: every sequence entry of every document takes this path.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = index;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    pointer.push('/');
    for &d in &digits[at..] {
        pointer.push(char::from(d));
    }
}

/// Escapes one JSON-pointer segment (RFC 6901): the one place `~` and `/` are escaped.
fn escape(segment: &str) -> Cow<'_, str> {
    if segment.contains(['~', '/']) {
        Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(segment)
    }
}

enum Wide {
    /// Between `i64::MAX` and `u64::MAX`: exact as a JSON number.
    U64(u64),
    /// Beyond what a JSON number holds exactly.
    TooLarge,
}

/// A plain (or `!!int`) decimal integer that does not fit an `i64`, which the core schema would turn into a
/// rounded float.
fn wide_integer(raw: &str, style: ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> Option<Wide> {
    let int_tag = tag.is_some_and(|t| t.handle == "tag:yaml.org,2002:" && t.suffix == "int");
    if !(style == ScalarStyle::Plain && tag.is_none() || int_tag) {
        return None;
    }
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || raw.parse::<i64>().is_ok() {
        return None;
    }
    Some(raw.strip_prefix('+').unwrap_or(raw).parse::<u64>().map_or(Wide::TooLarge, Wide::U64))
}

fn scalar_to_json(raw: Cow<'_, str>, style: ScalarStyle, tag: Option<&Cow<'_, Tag>>) -> Value {
    /// What the scalar becomes, decided on a borrow of its text so the text itself is copied at most once.
    enum Read {
        Value(Value),
        /// The text as written.
        Raw,
        /// Text other than as written (an escape or a tag changed it).
        Text(String),
    }
    let read = match Scalar::parse_from_cow_and_metadata(Cow::Borrowed(raw.as_ref()), style, tag) {
        Some(Scalar::Null) => Read::Value(Value::Null),
        Some(Scalar::Boolean(b)) => Read::Value(Value::Bool(b)),
        Some(Scalar::Integer(i)) => Read::Value(Value::Number(i.into())),
        Some(Scalar::FloatingPoint(f)) => Number::from_f64(f.into_inner()).map_or(Read::Raw, |n| Read::Value(n.into())),
        Some(Scalar::String(s)) if s.as_ref() == raw.as_ref() => Read::Raw,
        Some(Scalar::String(s)) => Read::Text(s.into_owned()),
        // A core-schema tag whose text does not parse (`!!int abc`): keep the text, the schema judges it.
        None => Read::Raw,
    };
    match read {
        Read::Value(value) => value,
        Read::Text(text) => Value::String(text),
        Read::Raw => {
            // The scanner's buffer may be larger than the text; records keep these strings.
            let mut text = raw.into_owned();
            text.shrink_to_fit();
            Value::String(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Parsed {
        parse_yaml(text, Limits::default())
    }

    fn slice(text: &str, r: (u32, u32)) -> &str {
        &text[r.0 as usize..r.1 as usize]
    }

    #[test]
    fn values_follow_the_yaml_core_schema() {
        let p = parse("a: 1\nb: true\nc: ~\nd: '1'\ne: 2.5\nf: no\ng: [x, 2]\n");
        assert!(p.problems.is_empty());
        assert_eq!(
            p.documents[0].value,
            json!({"a": 1, "b": true, "c": null, "d": "1", "e": 2.5, "f": "no", "g": ["x", 2]})
        );
    }

    #[test]
    fn every_node_has_its_span() {
        let text = "metadata:\n  id: dwp.x\nspec:\n  capabilities:\n    - BO.01.01\n    - \"FO.02\"\n";
        let p = parse(text);
        let spans = &p.documents[0].spans;
        let id = spans.get("/metadata/id").unwrap();
        assert_eq!(slice(text, id.value), "dwp.x");
        assert_eq!(slice(text, id.key.unwrap()), "id");
        assert_eq!(slice(text, spans.get("/spec/capabilities/0").unwrap().value), "BO.01.01");
        assert_eq!(slice(text, spans.get("/spec/capabilities/1").unwrap().value), "\"FO.02\"");
        assert_eq!(slice(text, spans.get("/spec").unwrap().key.unwrap()), "spec");
    }

    #[test]
    fn spans_are_bytes_after_non_ascii_text() {
        let text = "name: Zoë Ångström\nid: x1\n";
        let p = parse(text);
        let id = p.documents[0].spans.get("/id").unwrap();
        assert_eq!(slice(text, id.value), "x1");
    }

    #[test]
    fn keys_with_slashes_and_tildes_are_escaped() {
        let text = "a/b: 1\nc~d: 2\n";
        let p = parse(text);
        assert_eq!(slice(text, p.documents[0].spans.get("/a~1b").unwrap().value), "1");
        assert_eq!(slice(text, p.documents[0].spans.get("/c~0d").unwrap().value), "2");
    }

    #[test]
    fn pointer_segments_are_escaped_one_way() {
        let mut pointer = String::new();
        push_key(&mut pointer, "a/b~c");
        push_index(&mut pointer, 7);
        push_key(&mut pointer, "plain");
        assert_eq!(pointer, "/a~1b~0c/7/plain");
        assert!(matches!(escape("plain"), Cow::Borrowed("plain")));
        assert_eq!(escape("~/"), "~0~1");
    }

    #[test]
    fn lookup_falls_back_to_the_nearest_ancestor() {
        let text = "a:\n  b: 1\n";
        let p = parse(text);
        let s = p.documents[0].spans.lookup("/a/b/c/d").unwrap();
        assert_eq!(slice(text, s.value), "1");
    }

    #[test]
    fn several_documents_each_get_their_own_map() {
        let text = "id: one\n---\nid: two\n";
        let p = parse(text);
        assert_eq!(p.documents.len(), 2);
        assert_eq!(slice(text, p.documents[1].spans.get("/id").unwrap().value), "two");
    }

    #[test]
    fn empty_text_has_no_documents() {
        assert!(parse("").documents.is_empty());
        assert!(parse("# only a comment\n").documents.is_empty());
        assert!(parse("").problems.is_empty());
    }

    #[test]
    fn duplicate_keys_keep_the_first_and_report_both() {
        let text = "a: 1\nb:\n  x: 2\na: 3\n";
        let p = parse(text);
        assert_eq!(p.documents[0].value, json!({"a": 1, "b": {"x": 2}}));
        let YamlProblem::DuplicateKey { key, first, second } = &p.problems[0] else { panic!("{:?}", p.problems) };
        assert_eq!(key, "a");
        assert_eq!(*first, (0, 1));
        assert_eq!(slice(text, *second), "a");
        assert_eq!(second.0, 15);
        assert_eq!(slice(text, p.documents[0].spans.get("/a").unwrap().value), "1");
    }

    #[test]
    fn syntax_errors_carry_a_position() {
        let text = "a: [1, 2\nb: 3\n";
        let p = parse(text);
        assert!(matches!(p.problems[0], YamlProblem::Syntax { .. }), "{:?}", p.problems);
    }

    #[test]
    fn aliases_expand_within_budget() {
        let p = parse("base: &b {x: 1}\ncopy: *b\n");
        assert!(p.problems.is_empty());
        assert_eq!(p.documents[0].value, json!({"base": {"x": 1}, "copy": {"x": 1}}));
    }

    #[test]
    fn alias_bombs_stop_at_the_budget() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in
            ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            text.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let p = parse(&text);
        assert!(matches!(p.problems.last(), Some(YamlProblem::AliasBudget { .. })), "{:?}", p.problems);
    }

    #[test]
    fn alias_expansion_is_bounded_in_bytes() {
        // Few nodes, many bytes: a 100 KB scalar aliased 5,000 times would be 500 MB.
        let text = format!("a: &a {}\nb: [{}]\n", "x".repeat(100_000), vec!["*a"; 5_000].join(", "));
        let p = parse(&text);
        let Some(YamlProblem::AliasBytes { limit, at }) = p.problems.last() else { panic!("{:?}", p.problems) };
        assert_eq!(*limit, 1024 * 1024);
        assert_eq!(slice(&text, *at), "*a");
        assert!(at.0 < 100_000 + 6 + 5 * 12, "stopped at the eleventh alias, not later");
        // Within the budget, aliases of a large scalar still expand.
        let p = parse(&format!("a: &a {}\nb: [*a, *a]\n", "x".repeat(100_000)));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
    }

    #[test]
    fn deep_nesting_stops_at_the_limit_without_overflowing() {
        let text: String = (0..5000).map(|i| format!("{}k:\n", "  ".repeat(i))).collect();
        let p = parse(&text);
        assert!(matches!(p.problems.last(), Some(YamlProblem::TooDeep { limit: 128, .. })), "{:?}", p.problems);
        let flow = "[".repeat(100_000);
        let p = parse(&flow);
        assert!(!p.problems.is_empty());
    }

    #[test]
    fn flow_nesting_past_the_scanner_cap_is_too_deep() {
        for depth in [300, 100_000] {
            let p = parse(&format!("a: {}", "[".repeat(depth)));
            assert!(matches!(p.problems[..], [YamlProblem::TooDeep { limit: 128, .. }]), "{:?}", p.problems);
        }
    }

    #[test]
    fn an_empty_document_is_no_document() {
        for text in ["a: 1\n---\n", "a: 1\n---\n# nothing\n", "---\na: 1\n...\n---\n", "a: 1\n---"] {
            let p = parse(text);
            assert!(p.problems.is_empty(), "{text:?}: {:?}", p.problems);
            assert_eq!(p.documents.len(), 1, "{text:?}");
            assert_eq!(p.documents[0].value, json!({"a": 1}), "{text:?}");
        }
        for text in ["---\n", "---\n---\n", "--- # c\n"] {
            assert!(parse(text).documents.is_empty(), "{text:?}");
        }
        for text in ["---\nnull\n", "~", "--- ~\n"] {
            assert_eq!(parse(text).documents.len(), 1, "{text:?}: a written null is a document");
        }
    }

    #[test]
    fn scalar_ranges_cover_block_and_quoted_scalars_but_not_comments() {
        let text = "a: |  # header\n  # in the block\n  more\nb: \"x\n  # in quotes\"  # after\nc: plain # comment\n";
        let ranges = scalar_ranges(text);
        let inside = |needle: &str| {
            let at = text.find(needle).unwrap() as u32;
            ranges.iter().any(|r| r.0 <= at && at < r.1)
        };
        assert!(!inside("# header"), "{ranges:?}");
        assert!(inside("# in the block"), "{ranges:?}");
        assert!(inside("# in quotes"), "{ranges:?}");
        assert!(!inside("# after"), "{ranges:?}");
        assert!(!inside("# comment"), "{ranges:?}");
    }

    #[test]
    fn integers_beyond_i64_are_exact_or_refused_where_they_are() {
        let text = "a: 18446744073709551615\nb: [1, 100000000000000000000000]\nc: -9223372036854775809\nd: '100000000000000000000000'\n";
        let p = parse(text);
        assert_eq!(p.documents[0].value["a"], json!(u64::MAX));
        assert_eq!(p.documents[0].value["d"], json!("100000000000000000000000"), "quoted text stays text");
        let wide: Vec<_> = p
            .problems
            .iter()
            .map(|pr| match pr {
                YamlProblem::IntegerTooLarge { text: t, pointer, at } => {
                    (t.as_str(), pointer.as_str(), slice(text, *at))
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            wide,
            [
                ("100000000000000000000000", "/b/1", "100000000000000000000000"),
                ("-9223372036854775809", "/c", "-9223372036854775809")
            ]
        );
        assert_eq!(p.documents[0].value["b"][1], json!("100000000000000000000000"));
    }

    #[test]
    fn complex_keys_are_refused() {
        let p = parse("? [a, b]\n: 1\n");
        assert!(matches!(p.problems[0], YamlProblem::ComplexKey { .. }), "{:?}", p.problems);
    }

    #[test]
    fn long_keys_nested_over_a_long_list_take_pointers_within_the_budget() {
        // Without a budget each of the 5,000 items' pointers repeats 20 keys of 1,000 characters: 100 MB.
        let key = "k".repeat(1000);
        let open: String = (0..20).map(|i| format!("{{\"{key}{i}\": ")).collect();
        let text = format!("{open}[{}]{}\n", vec!["1"; 5000].join(","), "}".repeat(20));
        let parsed = parse(&text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let doc = &parsed.documents[0];
        assert!(doc.spans.pointer_bytes() <= span_budget(text.len()), "{}", doc.spans.pointer_bytes());
        // The outer nodes are recorded; an item past the budget resolves to its nearest recorded ancestor.
        let list: String = (0..20).map(|i| format!("/{key}{i}")).collect();
        let outer = doc.spans.get(&format!("/{key}0")).expect("the outermost value is recorded");
        assert_eq!(slice(&text, outer.key.unwrap()), format!("\"{key}0\""));
        let last = doc.spans.lookup(&format!("{list}/4999")).expect("an ancestor is recorded");
        assert!(last.value.0 < text.len() as u32 - 3, "{last:?}");
        assert_eq!(doc.value.pointer(&format!("{list}/4999")), Some(&json!(1)));
    }

    #[test]
    fn a_small_document_keeps_a_small_span_map() {
        // A file of many one-line documents keeps a map per document: each must hold about what it records.
        let parsed = parse(&"--- 1\n".repeat(1000));
        assert_eq!(parsed.documents.len(), 1000);
        for doc in &parsed.documents {
            assert_eq!(doc.spans.len(), 1);
            assert!(doc.spans.reserved_bytes() <= 256, "{} bytes reserved", doc.spans.reserved_bytes());
        }
        // A descriptor-sized document keeps the room it was given.
        let text: String = (0..40).map(|i| format!("key{i}: value{i}\n")).collect();
        assert_eq!(parse(&text).documents[0].spans.len(), 41);
    }
}
