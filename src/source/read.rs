//! Reading one file with a size limit, and telling apart what can go wrong.

use std::io::Read;
use std::path::Path;

/// Why a file's text could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// Not UTF-8: `valid_up_to` is the byte offset of the first invalid byte; `lossy` is the text with
    /// replacement characters, for showing the place.
    NotUtf8 {
        valid_up_to: usize,
        lossy: String,
    },
    Io(String),
}

impl ReadProblem {
    /// The text to show for the file in diagnostics.
    pub fn shown_text(&self) -> String {
        match self {
            ReadProblem::NotUtf8 { lossy, .. } => lossy.clone(),
            _ => String::new(),
        }
    }
}

/// Reads `path` as UTF-8, refusing files larger than `limit` bytes before reading them.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadProblem> {
    read_text_and_metadata(path, limit).map(|(text, _)| text)
}

/// [`read_text`], with the file's metadata as it was before the text was read.
pub fn read_text_and_metadata(path: &Path, limit: u64) -> Result<(String, std::fs::Metadata), ReadProblem> {
    let file = std::fs::File::open(path).map_err(|e| ReadProblem::Io(e.to_string()))?;
    let metadata = file.metadata().map_err(|e| ReadProblem::Io(e.to_string()))?;
    let size = metadata.len();
    if size > limit {
        return Err(ReadProblem::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // `take` bounds the read even if the file grows after the size check.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| ReadProblem::Io(e.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge { size: bytes.len() as u64, limit });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        ReadProblem::NotUtf8 { valid_up_to, lossy: String::from_utf8_lossy(e.as_bytes()).into_owned() }
    })?;
    Ok((text, metadata))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_large_and_non_utf8_files() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, "a: 1\n".repeat(100)).unwrap();
        assert_eq!(read_text(&big, 10), Err(ReadProblem::TooLarge { size: 500, limit: 10 }));
        let latin = dir.path().join("latin.yaml");
        std::fs::write(&latin, b"name: caf\xe9\n").unwrap();
        let Err(ReadProblem::NotUtf8 { valid_up_to, .. }) = read_text(&latin, 1000) else { panic!() };
        assert_eq!(valid_up_to, 9);
        assert!(matches!(read_text(&dir.path().join("missing"), 10), Err(ReadProblem::Io(_))));
    }
}
