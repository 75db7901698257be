//! Files on disk → text with a line index, and YAML → `serde_json::Value` with a pointer → span map.
//!
//! This is the only stage that reads the user's files. Everything after it works on spans (`Span`) into the
//! texts held by a [`SourceDb`].

mod discover;
mod lines;
mod read;
pub mod yaml;

use std::sync::{Arc, OnceLock};

pub use crate::diagnostic::{FileId, Span};
pub use discover::{DiscoverError, Discovered, Skipped, discover, discover_all, display_path as display_path_of};
pub use lines::{IndexedText, LineIndex};
pub use read::{ReadProblem, read_text};
pub use yaml::{Document, Limits, NodeSpan, SpanMap, YamlProblem, parse_yaml, parse_yaml_general, takes_fast_path};

/// One source file: its display path, its text and (once a location in it is asked for) its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user sees it (relative to where they ran the tool, `/` separated).
    pub path: String,
    pub text: Arc<str>,
    /// Built on first use: most files of a large estate have no finding and never need it.
    lines: OnceLock<Arc<LineIndex>>,
}

/// A 1-based line and column (in characters), as editors and CI annotations count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile { path: path.into(), text: text.into(), lines: OnceLock::new() }
    }

    /// The file's line index, built on first use.
    pub fn lines(&self) -> &Arc<LineIndex> {
        self.lines.get_or_init(|| Arc::new(LineIndex::new(&self.text)))
    }

    /// Line and column of a byte offset (clamped to the text), in O(log lines) for ASCII text and O(log lines +
    /// line length) otherwise.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let text = &self.text;
        let mut offset = (offset as usize).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let lines = self.lines();
        let line = lines.line_of(offset);
        let line_start = lines.line_start(line).unwrap_or(0);
        let column = if lines.is_ascii() { offset - line_start } else { text[line_start..offset].chars().count() };
        let column = column as u32 + 1;
        LineCol { line: line as u32 + 1, column }
    }

    /// The text as miette reads snippets of it: through the line index.
    pub fn snippet_source(&self) -> IndexedText {
        IndexedText { text: self.text.clone(), index: self.lines().clone() }
    }
}

/// All files of one run: the model's sources first, then the estate's, in a fixed order.
#[derive(Debug, Default, Clone)]
pub struct SourceDb {
    files: Vec<SourceFile>,
}

impl SourceDb {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }
    /// The id the next added file will get.
    pub fn next_id(&self) -> FileId {
        FileId(self.files.len() as u32)
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.yaml", "é: 1\nname: Zoë x\n");
        // 'x' is after "name: Zoë " on line 2; byte offset accounts for 2-byte é and ë.
        let off = f.text.find('x').unwrap() as u32;
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 11 });
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn line_col_clamps_past_the_end() {
        let f = SourceFile::new("a.yaml", "ab");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 3 });
    }
}
