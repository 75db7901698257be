//! A file's line index, built once on first use: every byte offset → line and column in O(log n), and
//! source snippets for miette read from the lines around a span instead of from the start of the file.

use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// The byte offset where each line starts (lines end at `\n`).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Whether some `\r` ends a line without a `\n` after it: miette counts those as line breaks too, so
    /// snippets of such a file are read the slow, exact way.
    lone_cr: bool,
    /// Whether the text is ASCII: columns are then byte differences, found in O(1).
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        // Sized exactly: an estate's files keep their indexes for the whole run.
        let mut starts = Vec::with_capacity(1 + memchr::memchr_iter(b'\n', bytes).count());
        starts.extend(std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i as u32 + 1)));
        let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
        LineIndex { starts, lone_cr, ascii: text.is_ascii() }
    }

    /// The index of an ASCII text with no lone `\r` whose lines start at `starts` (the first at 0, in order).
    pub fn of_plain_text(starts: Vec<u32>) -> Self {
        LineIndex { starts, lone_cr: false, ascii: true }
    }

    /// Where each line starts, when the text is ASCII with no lone `\r` (what
    /// [`LineIndex::of_plain_text`] takes back).
    pub fn plain_starts(&self) -> Option<&[u32]> {
        (self.ascii && !self.lone_cr).then_some(&self.starts)
    }

    /// The 0-based line holding the byte at `offset` (offsets past the end are on the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s as usize <= offset) - 1
    }

    /// The byte offset where 0-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).map(|&s| s as usize)
    }

    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Whether the indexed text is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }
}

impl Default for LineIndex {
    fn default() -> Self {
        LineIndex::new("")
    }
}

/// A file's text as miette reads it for a snippet, through the line index.
#[derive(Debug, Clone)]
pub struct IndexedText {
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
}

impl SourceCode for IndexedText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let bytes = self.text.as_bytes();
        let whole = || {
            let c = <[u8] as SourceCode>::read_span(bytes, span, context_lines_before, context_lines_after)?;
            let contents = MietteSpanContents::new(c.data(), *c.span(), c.line(), c.column(), lines_covered(c.data()));
            Ok(Box::new(contents) as Box<dyn SpanContents<'a> + 'a>)
        };
        if self.index.lone_cr || span.offset() + span.len() > bytes.len() {
            return whole();
        }
        // miette scans from the start of what it is given; give it the lines the snippet can reach, plus one
        // more on each side (an empty span at a line start ends on the newline before it, and the scan stops
        // one line after the context), and shift the result back.
        let first = self.index.line_of(span.offset());
        let last = self.index.line_of(span.offset() + span.len().saturating_sub(1));
        if first == last
            && let Some(clipped) = self.read_long_line(span, first, context_lines_before, context_lines_after)
        {
            return clipped;
        }
        let from_line = first.saturating_sub(context_lines_before + 1);
        let from = self.index.line_start(from_line).unwrap_or(0);
        let to = self.index.line_start(last + context_lines_after + 2).unwrap_or(bytes.len());
        let window = &bytes[from..to];
        let inner_span = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner = <[u8] as SourceCode>::read_span(window, &inner_span, context_lines_before, context_lines_after)?;
        let (data, inner_at) = (inner.data(), inner.span());
        let at = SourceSpan::new((inner_at.offset() + from).into(), inner_at.len());
        Ok(Box::new(MietteSpanContents::new(data, at, inner.line() + from_line, inner.column(), lines_covered(data))))
    }
}

/// How many lines a snippet's text covers: what [`SpanContents::line_count`] documents. miette's own reader
/// returns the line number the context ends on instead, and its renderer merges two labels' snippets when the
/// first one's line plus that count reaches the second: in a long file every label up to twice the first one's
/// line joined one snippet, printing thousands of lines between them (a department file of 77 systems, one
/// finding with labels on several systems).
fn lines_covered(data: &[u8]) -> usize {
    let newlines = data.iter().filter(|&&b| b == b'\n').count();
    if data.is_empty() || data.ends_with(b"\n") { newlines.max(1) } else { newlines + 1 }
}

/// Lines longer than this are shown clipped around the span: miette reads and renders a snippet's whole line,
/// so every finding on one huge line (a flow list of 20,000 items) would cost the line's length.
const LONG_LINE: usize = 1024;
/// How much of a long line is shown on each side of the span.
const CLIP: usize = 160;

impl IndexedText {
    /// A snippet of a span within one line longer than [`LONG_LINE`]: that piece of the line only, with
    /// miette's line and (byte) column moved back to where the piece is. `None` for a shorter line.
    fn read_long_line<'a>(
        &'a self,
        span: &SourceSpan,
        line: usize,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Option<Result<Box<dyn SpanContents<'a> + 'a>, MietteError>> {
        let text = &*self.text;
        let line_start = self.index.line_start(line)?;
        let line_end = self.index.line_start(line + 1).map_or(text.len(), |next| next - 1);
        let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
        if line_end - line_start <= LONG_LINE || span.offset() + span.len() > line_end {
            return None;
        }
        let mut from = span.offset().saturating_sub(CLIP).max(line_start);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (span.offset() + span.len() + CLIP).min(line_end);
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let window = &text.as_bytes()[from..to];
        let inner_span = SourceSpan::new((span.offset() - from).into(), span.len());
        let inner =
            match <[u8] as SourceCode>::read_span(window, &inner_span, context_lines_before, context_lines_after) {
                Ok(inner) => inner,
                Err(e) => return Some(Err(e)),
            };
        let (data, inner_at) = (inner.data(), inner.span());
        let at = SourceSpan::new((inner_at.offset() + from).into(), inner_at.len());
        let column = if context_lines_before == 0 { inner.column() + (from - line_start) } else { 0 };
        Some(Ok(Box::new(MietteSpanContents::new(data, at, line, column, lines_covered(data)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span of a text read through the index gives what miette gives reading the whole text, with the
    /// number of lines the snippet covers as its line count.
    #[test]
    fn snippets_match_reading_the_whole_text() {
        let long: String = (0..30).map(|i| format!("key{i}: {}\n", "v".repeat(i % 4))).collect();
        let texts = [
            long.as_str(),
            "a: 1\nb: 2\n\nc: [x, y]\nd: é\n  - z\nlast",
            "one line only",
            "\n\n\nx\n\n",
            "a: 1\r\nb: 2\r\nc: 3\r\n",
            "a\rb\nc\r\n",
            "",
        ];
        for text in texts {
            let indexed = IndexedText { text: Arc::from(text), index: Arc::new(LineIndex::new(text)) };
            for start in 0..=text.len() {
                for len in (0..=(text.len() - start).min(40)).step_by(3) {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(start + len) {
                        continue;
                    }
                    for (before, after) in [(0, 0), (1, 1), (2, 3)] {
                        let span = SourceSpan::new(start.into(), len);
                        let expected = text.read_span(&span, before, after);
                        let got = indexed.read_span(&span, before, after);
                        match (expected, got) {
                            (Ok(e), Ok(g)) => {
                                let what = format!("{text:?} at {start}+{len}, context {before}/{after}");
                                assert_eq!(e.data(), g.data(), "{what}");
                                assert_eq!(e.span(), g.span(), "{what}");
                                assert_eq!(e.line(), g.line(), "{what}");
                                assert_eq!(e.column(), g.column(), "{what}");
                                assert_eq!(lines_covered(e.data()), g.line_count(), "{what}");
                            }
                            (Err(_), Err(_)) => {}
                            (e, g) => panic!("{text:?} at {start}+{len}: {:?} vs {:?}", e.is_ok(), g.is_ok()),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_span_on_a_long_line_shows_a_piece_of_it_at_the_right_place() {
        let line: String = (0..5000).map(|i| format!("ID.{i:05}, ")).collect();
        let text = format!("a: 1\nb: [{line}]\nc: 2\n");
        let indexed = IndexedText { text: Arc::from(text.as_str()), index: Arc::new(LineIndex::new(&text)) };
        let at = text.find("ID.04000").unwrap();
        let span = SourceSpan::new(at.into(), 8);
        let whole = text.as_str().read_span(&span, 0, 0).unwrap();
        let piece = indexed.read_span(&span, 0, 0).unwrap();
        assert_eq!((piece.line(), piece.column()), (whole.line(), whole.column()), "the header location");
        assert_eq!(piece.span(), whole.span());
        assert_eq!(piece.data(), whole.data());
        let with_context = indexed.read_span(&span, 2, 2).unwrap();
        assert!(with_context.data().len() <= CLIP * 2 + 8, "{}", with_context.data().len());
        assert_eq!(with_context.line(), 1);
        assert!(std::str::from_utf8(with_context.data()).unwrap().contains("ID.04000"));
    }

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("ab\ncd\n\nef");
        assert_eq!([0, 2, 3, 5, 6, 7, 9, 99].map(|o| index.line_of(o)), [0, 0, 1, 1, 2, 3, 3, 3]);
        assert_eq!(index.lines(), 4);
        assert_eq!(index.line_start(3), Some(7));
        assert_eq!(index.line_start(4), None);
        for (text, lone_cr) in [("a\r\nb\r\n", false), ("a\rb\n", true), ("a\r\nb\r", true), ("ab", false)] {
            assert_eq!(LineIndex::new(text).lone_cr, lone_cr, "{text:?}");
        }
    }
}
