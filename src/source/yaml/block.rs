//! The fast path for the YAML descriptors are written in: block mappings and sequences indented with spaces,
//! single-line plain and quoted scalars, single-line flow sequences and mappings of scalars, comments and `---` between
//! documents. It produces the events the general parser (saphyr) would, with the same byte spans, or `None`
//! for anything else (anchors, aliases, tags, block scalars, nested flow collections, multi-line scalars, tabs, escapes,
//! directives, odd indentation, syntax errors), which the general parser then reads from the start. Being
//! wrong costs nothing but time: when in doubt it gives up.
//!
//! Where the general parser puts its spans, and so where this one must: a block mapping or sequence starts
//! at its first key or `-` (an indentless sequence, `key:` then `- item` at the key's column, at its first
//! item's content) and ends where the next token starts (the next key, `-`, `---`, or the end of the text);
//! a plain scalar spans its text without trailing spaces; a quoted scalar runs on to the next token
//! (in block context, to the end of its line's content: trailing spaces and comment included), and so does
//! a flow collection's closing bracket; an empty value sits at its key's colon. `tests/yaml_fast_path.rs` checks this against the
//! general parser on every YAML file in the repository, the YAML test suite and mutations of them.

use std::borrow::Cow;

use saphyr_parser::{Event, ScalarStyle};

/// One event with its byte span.
pub(super) type Spanned<'a> = (Event<'a>, (u32, u32));

/// Deepest nesting the fast path follows; deeper text goes to the general parser, which applies the limit.
const MAX_DEPTH: usize = 48;
/// Longest key the fast path reads (YAML caps implicit keys at 1024 characters).
const MAX_KEY: usize = 512;

/// The events of `text`, when it keeps to the block style this path reads.
pub(super) fn events(text: &str) -> Option<Vec<Spanned<'_>>> {
    if text.len() >= (u32::MAX / 2) as usize || !plain_characters(text.as_bytes()) {
        return None;
    }
    // About one event per six bytes of a descriptor; capped, so a large file grows the vector as it needs.
    let capacity = (text.len() / 6).min(1 << 16);
    let mut lexer = Lexer { text, bytes: text.as_bytes(), events: Vec::with_capacity(capacity) };
    lexer.stream()?;
    Some(lexer.events)
}

/// No tab, carriage return, control character, byte-order mark, or a Unicode line break or non-character
/// the general parser treats specially.
fn plain_characters(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if (b < 0x20 && b != b'\n') || b == 0x7f {
                return false;
            }
        } else {
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            let third = bytes.get(i + 2).copied().unwrap_or(0);
            let special = match b {
                0xc2 => (0x80..=0x9f).contains(&next),
                0xe2 => next == 0x80 && matches!(third, 0xa8 | 0xa9),
                0xef => (next == 0xbb && third == 0xbf) || (next == 0xbf && matches!(third, 0xbe | 0xbf)),
                _ => false,
            };
            if special {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// What the next line holding content is.
#[derive(Debug, Clone, Copy)]
enum Line {
    End,
    /// `---` at the start of a line, at this offset.
    DocumentStart(usize),
    /// A line whose content starts `indent` spaces after its start.
    Content {
        start: usize,
        indent: usize,
    },
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    events: Vec<Spanned<'a>>,
}

impl<'a> Lexer<'a> {
    fn push(&mut self, event: Event<'a>, span: (usize, usize)) {
        self.events.push((event, (span.0 as u32, span.1 as u32)));
    }

    fn byte(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(b'\n')
    }

    /// Whether `at` is past the end or at a line break.
    fn at_break(&self, at: usize) -> bool {
        at >= self.bytes.len() || self.bytes[at] == b'\n'
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        at
    }

    /// The offset of the line break ending the line that holds `at` (or the end of the text).
    fn line_end(&self, at: usize) -> usize {
        let at = at.min(self.bytes.len());
        self.bytes[at..].iter().position(|&b| b == b'\n').map_or(self.bytes.len(), |i| at + i)
    }

    /// The start of the line after the one holding `at`.
    fn next_line_start(&self, at: usize) -> usize {
        (self.line_end(at) + 1).min(self.bytes.len())
    }

    /// Where the token after a block starts: the next line's content, its `---`, or the end of the text.
    fn token_at(&self, line: Line) -> usize {
        match line {
            Line::End => self.bytes.len(),
            Line::DocumentStart(at) => at,
            Line::Content { start, indent } => start + indent,
        }
    }

    fn is_item(&self, at: usize) -> bool {
        self.byte(at) == b'-' && matches!(self.byte(at + 1), b' ' | b'\n')
    }

    /// From the start of a line: the first line with content, skipping blank and comment lines. `None` for
    /// what this path does not read (`...`, directives).
    fn next_content(&self, mut start: usize) -> Option<Line> {
        loop {
            if start >= self.bytes.len() {
                return Some(Line::End);
            }
            let at = self.skip_spaces(start);
            match self.bytes.get(at) {
                None => return Some(Line::End),
                Some(b'\n') => start = at + 1,
                Some(b'#') => start = self.next_line_start(at),
                Some(_) => {
                    let indent = at - start;
                    if indent == 0 {
                        let marker =
                            |m: &[u8]| self.bytes[at..].starts_with(m) && matches!(self.byte(at + 3), b' ' | b'\n');
                        if marker(b"---") {
                            return Some(Line::DocumentStart(at));
                        }
                        if marker(b"...") || self.bytes[at] == b'%' {
                            return None;
                        }
                    }
                    return Some(Line::Content { start, indent });
                }
            }
        }
    }

    /// After a token ending at `at`: only spaces and a comment (after a space) before the line break. Returns
    /// the offset of that line break (or the end of the text).
    fn rest_is_blank(&self, at: usize) -> Option<usize> {
        let after = self.skip_spaces(at);
        if self.at_break(after) {
            return Some(after);
        }
        (self.bytes[after] == b'#' && after > at).then(|| self.line_end(after))
    }

    fn stream(&mut self) -> Option<()> {
        let mut line = self.next_content(0)?;
        let mut explicit = false;
        loop {
            match line {
                Line::End => return Some(()),
                Line::DocumentStart(at) => {
                    let end = self.rest_is_blank(at + 3)?;
                    explicit = true;
                    line = self.next_content((end + 1).min(self.bytes.len()))?;
                }
                Line::Content { start, indent } => {
                    let at = start + indent;
                    if self.is_item(at) || !self.looks_like_key(at) {
                        return None;
                    }
                    self.push(Event::DocumentStart(explicit), (at, at));
                    line = self.mapping(at, indent, 1)?;
                    if let Line::Content { .. } = line {
                        // Content left of the root mapping.
                        return None;
                    }
                    let end = self.token_at(line);
                    self.push(Event::DocumentEnd, (end, end));
                    explicit = false;
                }
            }
        }
    }

    /// Whether the line from `at` starts with a plain key and its `: ` (or `:` at the line's end).
    fn looks_like_key(&self, at: usize) -> bool {
        self.key_end(at).is_some()
    }

    /// The end of the plain key starting at `at` (the offset of its colon).
    fn key_end(&self, at: usize) -> Option<usize> {
        let first = self.byte(at);
        if b"-?:,[]{}#&*!|>'\"%@`\n ".contains(&first) {
            return None;
        }
        let mut i = at + 1;
        loop {
            match self.byte(i) {
                b'\n' => return None,
                b':' if matches!(self.byte(i + 1), b' ' | b'\n') => break,
                b'#' if self.bytes[i - 1] == b' ' => return None,
                _ => i += 1,
            }
        }
        (self.bytes[i - 1] != b' ' && i - at <= MAX_KEY).then_some(i)
    }

    /// The block mapping whose first key starts at `at`, in column `indent`. Returns the line after it.
    fn mapping(&mut self, at: usize, indent: usize, depth: usize) -> Option<Line> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.push(Event::MappingStart(0, None), (at, at));
        let mut key = at;
        loop {
            let colon = self.key_end(key)?;
            self.push(Event::Scalar(Cow::Borrowed(&self.text[key..colon]), ScalarStyle::Plain, 0, None), (key, colon));
            let line = self.value_after_colon(colon, indent, depth)?;
            match line {
                Line::Content { start, indent: m } if m == indent => {
                    key = start + m;
                    if self.is_item(key) {
                        return None;
                    }
                }
                Line::Content { indent: m, .. } if m > indent => return None,
                _ => {
                    let end = self.token_at(line);
                    self.push(Event::MappingEnd, (end, end));
                    return Some(line);
                }
            }
        }
    }

    /// The value of the key whose colon is at `colon`, in a mapping at column `indent`.
    fn value_after_colon(&mut self, colon: usize, indent: usize, depth: usize) -> Option<Line> {
        let at = self.skip_spaces(colon + 1);
        if !self.at_break(at) && self.bytes[at] != b'#' {
            return self.inline_value(at, indent);
        }
        let line = self.next_content(self.next_line_start(at))?;
        match line {
            Line::Content { start, indent: m } if m > indent => {
                let first = start + m;
                if self.is_item(first) {
                    self.sequence(first, m, false, depth + 1)
                } else {
                    self.mapping(first, m, depth + 1)
                }
            }
            Line::Content { start, indent: m } if m == indent && self.is_item(start + m) => {
                self.sequence(start + m, m, true, depth + 1)
            }
            _ => {
                self.push(Event::Scalar(Cow::Borrowed(""), ScalarStyle::Plain, 0, None), (colon, colon));
                Some(line)
            }
        }
    }

    /// The block sequence whose first `-` is at `at`, in column `indent`; `indentless` when it sits in the
    /// column of the key it belongs to.
    fn sequence(&mut self, at: usize, indent: usize, indentless: bool, depth: usize) -> Option<Line> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut item = at;
        loop {
            let content = self.skip_spaces(item + 1);
            if self.at_break(content) || self.bytes[content] == b'#' || self.is_item(content) {
                return None;
            }
            if item == at {
                let start = if indentless { content } else { at };
                self.push(Event::SequenceStart(0, None), (start, start));
            }
            let line = if self.looks_like_key(content) {
                let line_start = self.bytes[..content].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                self.mapping(content, content - line_start, depth + 1)?
            } else {
                self.inline_value(content, indent)?
            };
            match line {
                Line::Content { start, indent: m } if m == indent && self.is_item(start + m) => item = start + m,
                Line::Content { indent: m, .. } if m > indent || (m == indent && !indentless) => return None,
                _ => {
                    let end = self.token_at(line);
                    self.push(Event::SequenceEnd, (end, end));
                    return Some(line);
                }
            }
        }
    }

    /// A value written on the line of its key or `-`, starting at `at`, in a block at column `indent`.
    /// Returns the line after it.
    fn inline_value(&mut self, at: usize, indent: usize) -> Option<Line> {
        let end_of_line = match self.bytes[at] {
            b'[' | b'{' => self.flow_collection(at)?,
            b'"' | b'\'' => {
                let (value, close) = self.quoted(at)?;
                let end = self.rest_is_blank(close)?;
                let style = if self.bytes[at] == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
                self.push(Event::Scalar(value, style, 0, None), (at, end));
                end
            }
            b']' | b'}' | b',' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'?' | b':' => {
                return None;
            }
            b'-' if matches!(self.byte(at + 1), b' ' | b'\n') => return None,
            _ => {
                let mut i = at;
                let mut end = at;
                loop {
                    match self.byte(i) {
                        b'\n' => break,
                        b'#' if self.bytes[i - 1] == b' ' => break,
                        b':' if matches!(self.byte(i + 1), b' ' | b'\n') => return None,
                        b' ' => {}
                        _ => end = i + 1,
                    }
                    i += 1;
                }
                self.push(Event::Scalar(Cow::Borrowed(&self.text[at..end]), ScalarStyle::Plain, 0, None), (at, end));
                self.line_end(i)
            }
        };
        let line = self.next_content((end_of_line + 1).min(self.bytes.len()))?;
        // A more indented line after a value would continue a plain scalar or be an error.
        match line {
            Line::Content { indent: m, .. } if m > indent => None,
            _ => Some(line),
        }
    }

    /// A single-line quoted scalar opening at `at`: its value and the offset just past its closing quote.
    /// Double-quoted text with escapes is left to the general parser.
    fn quoted(&self, at: usize) -> Option<(Cow<'a, str>, usize)> {
        let quote = self.bytes[at];
        let mut i = at + 1;
        let mut doubled = false;
        loop {
            match self.byte(i) {
                b'\n' => return None,
                b'\\' if quote == b'"' => return None,
                b'\'' if quote == b'\'' && self.byte(i + 1) == b'\'' && i + 1 < self.bytes.len() => {
                    doubled = true;
                    i += 2;
                }
                b if b == quote => break,
                _ => i += 1,
            }
        }
        let inner = &self.text[at + 1..i];
        let value = if doubled { Cow::Owned(inner.replace("''", "'")) } else { Cow::Borrowed(inner) };
        Some((value, i + 1))
    }

    /// A flow sequence of scalars, or a flow mapping of plain keys to scalars, on one line, opening at `at`.
    /// Returns the end of its line's content.
    fn flow_collection(&mut self, at: usize) -> Option<usize> {
        let mapping = self.bytes[at] == b'{';
        let close = if mapping { b'}' } else { b']' };
        let start = if mapping { Event::MappingStart(0, None) } else { Event::SequenceStart(0, None) };
        self.push(start, (at, at + 1));
        let mut i = self.skip_spaces(at + 1);
        if self.byte(i) != close {
            loop {
                if mapping {
                    let key = i;
                    if b"-?:,[]{}#&*!|>'\"%@`\n ".contains(&self.byte(key)) {
                        return None;
                    }
                    let mut end = key;
                    loop {
                        match self.byte(i) {
                            b':' if self.byte(i + 1) == b' ' => break,
                            b'\n' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' => return None,
                            b' ' => {}
                            _ => end = i + 1,
                        }
                        i += 1;
                    }
                    if end != i {
                        return None;
                    }
                    self.push(
                        Event::Scalar(Cow::Borrowed(&self.text[key..end]), ScalarStyle::Plain, 0, None),
                        (key, end),
                    );
                    i = self.skip_spaces(i + 1);
                }
                i = self.flow_scalar(i, close)?;
                match self.byte(i) {
                    b',' => {
                        i = self.skip_spaces(i + 1);
                        if self.byte(i) == close {
                            return None;
                        }
                    }
                    b if b == close => break,
                    _ => return None,
                }
            }
        }
        let end = self.rest_is_blank(i + 1)?;
        self.push(if mapping { Event::MappingEnd } else { Event::SequenceEnd }, (i, end));
        Some(end)
    }

    /// A plain or quoted scalar inside a flow collection closed by `close`, starting at `at`. Returns where the
    /// next token starts (a `,` or `close`, else the caller gives up).
    fn flow_scalar(&mut self, at: usize, close: u8) -> Option<usize> {
        match self.byte(at) {
            b'"' | b'\'' => {
                let (value, after) = self.quoted(at)?;
                let style = if self.bytes[at] == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
                // A quoted scalar's span runs on to the next token.
                let next = self.skip_spaces(after);
                self.push(Event::Scalar(value, style, 0, None), (at, next));
                Some(next)
            }
            // `-1`, `-x`: a minus followed by a letter or digit starts a plain scalar.
            b'-' if self.byte(at + 1).is_ascii_alphanumeric() => self.flow_plain(at, close),
            b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
            | b'@' | b'`' | b'\n' | b' ' => None,
            _ => self.flow_plain(at, close),
        }
    }

    /// A plain scalar inside a flow collection closed by `close`, starting at `at`: up to the `,` or `close`
    /// that ends it. A colon inside (`resource:payments`) is part of it when a letter or digit follows.
    fn flow_plain(&mut self, at: usize, close: u8) -> Option<usize> {
        let (mut i, mut end) = (at, at);
        loop {
            match self.byte(i) {
                b',' => break,
                b if b == close => break,
                b':' if self.byte(i + 1).is_ascii_alphanumeric() => end = i + 1,
                b'\n' | b':' | b'[' | b']' | b'{' | b'}' | b'#' => return None,
                b' ' => {}
                _ => end = i + 1,
            }
            i += 1;
        }
        self.push(Event::Scalar(Cow::Borrowed(&self.text[at..end]), ScalarStyle::Plain, 0, None), (at, end));
        Some(i)
    }
}
