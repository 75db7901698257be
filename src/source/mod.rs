//! Files on disk → text with a line index, and YAML → `serde_json::Value` with a pointer → span map.
//!
//! This is the only stage that reads the user's files. Everything after it works on spans (`Span`) into the
//! texts held by a [`SourceDb`].

mod discover;
mod lines;
mod read;
pub mod yaml;

use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use crate::diagnostic::{FileId, Span};
pub use discover::{DiscoverError, Discovered, Skipped, discover, discover_all, display_path as display_path_of};
pub use lines::{IndexedText, LineIndex};
pub use read::{ReadProblem, read_text, read_text_and_metadata};
pub use yaml::{Document, Limits, NodeSpan, SpanMap, YamlProblem, parse_yaml, parse_yaml_general, takes_fast_path};

/// One source file: its display path, its text (held, or read back when a snippet needs it) and, once a
/// location in it is asked for, its line index.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user sees it (relative to where they ran the tool, `/` separated).
    pub path: String,
    text: Text,
    /// Built on first use: most files of a large estate have no finding and never need it.
    lines: OnceLock<Arc<LineIndex>>,
}

/// Where a file's text is during a run.
#[derive(Debug, Clone)]
enum Text {
    Held(Arc<str>),
    /// Read back from disk when a snippet is shown: a large estate's texts would otherwise be a fifth of the
    /// run's memory, and most files have no finding. Only for ASCII text with no `xgea:` comment, so columns
    /// come from the line index alone and no inline allow is missed; the length and hash tell a file that
    /// changed since it was loaded, whose snippet is then not shown.
    OnDisk {
        /// Where to read it, when the display path does not name the same file (it does for most: held
        /// twice, 100,000 paths are some 6 MB).
        at: Option<Arc<Path>>,
        len: usize,
        hash: u64,
    },
}

/// Whether `shown` opens the file `at` does: the same components, but for `.` ones (`./a/b` and `a/b`).
fn names_same_file(shown: &Path, at: &Path) -> bool {
    let here = |c: &std::path::Component<'_>| !matches!(c, std::path::Component::CurDir);
    shown.components().filter(here).eq(at.components().filter(here))
}

/// The hash that tells a file read back from the one loaded (within one run).
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(text)
}

/// A 1-based line and column (in characters), as editors and CI annotations count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl SourceFile {
    /// A file whose text is held for the whole run.
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile { path: path.into(), text: Text::Held(text.into()), lines: OnceLock::new() }
    }

    /// A file read from `at` whose `text` has been parsed: the text is let go and read back if a snippet of it
    /// is shown, unless it is not ASCII or holds an `xgea:` comment (those are held, as [`SourceFile::new`]).
    /// Its line index is built now, while the text is at hand.
    pub fn read_back_later(path: impl Into<String>, at: &Path, text: String) -> Self {
        let Some(hash) = SourceFile::read_back_hash(&text) else { return SourceFile::new(path, text) };
        SourceFile::unread(path, at, text.len(), hash, LineIndex::new(&text))
    }

    /// The hash that [`SourceFile::unread`] takes for `text`, when a file of this text may be read back
    /// (it is ASCII and has no `xgea:` comment).
    pub fn read_back_hash(text: &str) -> Option<u64> {
        (text.is_ascii() && !text.contains("xgea:")).then(|| text_hash(text))
    }

    /// A file at `at` whose text is not held (or was not even read: the lint cache had what it yields), of
    /// `len` bytes with the [`SourceFile::read_back_hash`] `hash` and the line index `lines`: read back only
    /// when a snippet of it is shown.
    pub fn unread(path: impl Into<String>, at: &Path, len: usize, hash: u64, lines: LineIndex) -> Self {
        let path = path.into();
        let at = (!names_same_file(Path::new(&path), at)).then(|| Arc::from(at));
        SourceFile { path, text: Text::OnDisk { at, len, hash }, lines: OnceLock::from(Arc::new(lines)) }
    }

    /// The text, when held in memory: always, but for a file made by [`SourceFile::read_back_later`], which
    /// has no `xgea:` comment.
    pub fn held_text(&self) -> Option<&Arc<str>> {
        match &self.text {
            Text::Held(text) => Some(text),
            Text::OnDisk { .. } => None,
        }
    }

    /// The text: held, or read back from disk; `None` when the file has changed since it was loaded (or can
    /// no longer be read).
    pub fn text(&self) -> Option<Arc<str>> {
        match &self.text {
            Text::Held(text) => Some(text.clone()),
            Text::OnDisk { at, len, hash } => {
                let at = at.as_deref().unwrap_or(Path::new(&self.path));
                // Still a regular file of the same size (opening a pipe put in its place would wait for a
                // writer), read no further than was loaded: a file grown since is not read whole.
                let meta = std::fs::metadata(at).ok()?;
                if !meta.is_file() || meta.len() != *len as u64 {
                    return None;
                }
                let text = read_text(at, *len as u64).ok()?;
                (text.len() == *len && text_hash(&text) == *hash).then(|| Arc::from(text))
            }
        }
    }

    /// The text's length in bytes.
    pub fn len(&self) -> usize {
        match &self.text {
            Text::Held(text) => text.len(),
            Text::OnDisk { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The file's line index, built on first use.
    pub fn lines(&self) -> &Arc<LineIndex> {
        self.lines.get_or_init(|| match &self.text {
            Text::Held(text) => Arc::new(LineIndex::new(text)),
            // Built when the file was made.
            Text::OnDisk { .. } => Arc::default(),
        })
    }

    /// Line and column of a byte offset (clamped to the text), in O(log lines) for ASCII text and O(log lines +
    /// line length) otherwise.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let mut offset = (offset as usize).min(self.len());
        let lines = self.lines();
        let column_of = |offset: usize, line_start: usize| match &self.text {
            Text::Held(text) if !lines.is_ascii() => text[line_start..offset].chars().count(),
            _ => offset - line_start,
        };
        if let Text::Held(text) = &self.text {
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
        }
        let line = lines.line_of(offset);
        let line_start = lines.line_start(line).unwrap_or(0);
        let column = column_of(offset, line_start) as u32 + 1;
        LineCol { line: line as u32 + 1, column }
    }

    /// The text as miette reads snippets of it: through the line index. `None` as for [`SourceFile::text`].
    pub fn snippet_source(&self) -> Option<IndexedText> {
        Some(IndexedText { text: self.text()?, index: self.lines().clone() })
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
    /// Room for `more` files.
    pub fn reserve(&mut self, more: usize) {
        self.files.reserve(more);
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
        let off = f.held_text().unwrap().find('x').unwrap() as u32;
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 11 });
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
    }

    #[test]
    fn a_display_path_names_the_file_when_only_dot_components_differ() {
        assert!(names_same_file(Path::new("a/b.yaml"), Path::new("./a/b.yaml")));
        assert!(names_same_file(Path::new("a/b.yaml"), Path::new("a/./b.yaml")));
        assert!(names_same_file(Path::new("/e/a.yaml"), Path::new("/e/a.yaml")));
        assert!(!names_same_file(Path::new("a/b.yaml"), Path::new("../a/b.yaml")));
        assert!(!names_same_file(Path::new("a.yaml"), Path::new("/e/a.yaml")));
        #[cfg(unix)]
        assert!(!names_same_file(Path::new("a/b.yaml"), Path::new("a\\b.yaml")), "a backslash is a name on Unix");
    }

    #[test]
    fn a_text_read_back_later_is_the_text_loaded_until_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("a.yaml");
        let text = "kind: System\nmetadata:\n  id: a.b\n";
        std::fs::write(&at, text).unwrap();
        let held = SourceFile::new("a.yaml", text);
        let later = SourceFile::read_back_later("a.yaml", &at, text.to_string());
        assert!(later.held_text().is_none(), "an ASCII text with no directive is let go");
        assert!(matches!(later.text, Text::OnDisk { at: Some(_), .. }), "`a.yaml` is not where it was read");
        assert_eq!(later.text().as_deref(), Some(text));
        // Shown by the path it was read from, it keeps that path once and reads back through it.
        let by_path = SourceFile::read_back_later(at.to_str().unwrap(), &at, text.to_string());
        assert!(matches!(by_path.text, Text::OnDisk { at: None, .. }), "the path is not held twice");
        assert_eq!(by_path.text().as_deref(), Some(text));
        assert_eq!(later.len(), text.len());
        for offset in [0, 5, 13, 22, 30, text.len() as u32, 999] {
            assert_eq!(later.line_col(offset), held.line_col(offset), "offset {offset}");
        }
        assert_eq!(later.snippet_source().unwrap().index.lines(), held.lines().lines());
        // The same length, one byte changed: not the text that was loaded.
        std::fs::write(&at, text.replace("a.b", "a.c")).unwrap();
        assert_eq!(later.text(), None);
        assert_eq!(by_path.text(), None);
        assert!(later.snippet_source().is_none());
        // Grown: not read past what was loaded.
        std::fs::write(&at, format!("{text}extra: {}\n", "x".repeat(1 << 20))).unwrap();
        assert_eq!(later.text(), None);
        std::fs::remove_file(&at).unwrap();
        assert_eq!(later.text(), None);
        #[cfg(unix)]
        {
            // A pipe in its place is not opened (that would wait for a writer).
            let made = std::process::Command::new("mkfifo").arg(&at).status();
            if made.is_ok_and(|s| s.success()) {
                assert_eq!(later.text(), None);
            }
        }
        assert_eq!(later.line_col(22), held.line_col(22), "locations come from the line index");
    }

    #[test]
    fn texts_that_are_not_ascii_or_hold_a_directive_are_held() {
        let missing = std::path::Path::new("/nonexistent/xgea/a.yaml");
        for text in ["name: Zoë\n", "ids: [X] # xgea: allow XG101 reason=\"r\"\n"] {
            let f = SourceFile::read_back_later("a.yaml", missing, text.to_string());
            assert_eq!(f.held_text().map(|t| &**t), Some(text));
            assert_eq!(f.text().as_deref(), Some(text));
        }
    }

    #[test]
    fn line_col_clamps_past_the_end() {
        let f = SourceFile::new("a.yaml", "ab");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 3 });
    }
}
