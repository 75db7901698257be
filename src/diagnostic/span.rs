//! Where something is: a byte range in one of the run's source files.

/// Index of a file in the run's source database.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

/// A span serialises as its byte range, `[start, end]`, without its file: file ids number the files of one
/// run, so whoever reads a span back places it in its file (the lint cache does).
impl serde::Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&(self.start, self.end), s)
    }
}

impl<'de> serde::Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (start, end) = <(u32, u32)>::deserialize(d)?;
        Ok(Span { file: FileId::default(), start, end })
    }
}

impl Span {
    pub fn new(file: FileId, range: (u32, u32)) -> Self {
        Span { file, start: range.0, end: range.1 }
    }
    /// The start of a file, for findings about the file as a whole.
    pub fn file_start(file: FileId) -> Self {
        Span { file, start: 0, end: 0 }
    }
    pub fn len(&self) -> u32 {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A value the loader located: its span and its JSON pointer (RFC 6901) inside its document. Findings are
/// built from located values ([`crate::diagnostic::Finding::at`]), so no rule types a pointer by hand.
pub trait Locate {
    fn span(&self) -> Span;
    /// The JSON pointer of the value inside its document, e.g. `/spec/capabilities/2`.
    fn pointer(&self) -> String;
}
