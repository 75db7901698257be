use crate::diagnostic::{Finding, Label};
use crate::source::{FileId, Span};

declare_rule! {
    /// ## What it finds
    /// A file containing bytes that are not valid UTF-8 (often a file saved as Latin-1 or Windows-1252). The finding points at the first invalid byte.
    ///
    /// ## Why it matters
    /// YAML 1.2 files are Unicode text; the file cannot be parsed as written.
    ///
    /// ## How to fix
    /// Re-save the file as UTF-8 (`iconv -f WINDOWS-1252 -t UTF-8`).
    code: "XG007", name: "not-utf8", family: Input, severity: Error,
    summary: "a file that is not valid UTF-8",
    stage: Read,
}

/// `file` is valid UTF-8 up to byte `valid_up_to`; `lossy` is its text with replacement characters.
pub(crate) fn finding(file: FileId, valid_up_to: usize, lossy: &str) -> Finding {
    Finding::new(
        &RULE,
        "the file is not valid UTF-8",
        Label::new(first_invalid(file, valid_up_to, lossy), "first invalid byte"),
    )
    .with_help("re-save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
}

/// The replacement character that stands for the first invalid byte in `lossy`.
fn first_invalid(file: FileId, valid_up_to: usize, lossy: &str) -> Span {
    // The lossy text is identical up to the first invalid byte, so the offset is valid in it.
    let at = valid_up_to.min(lossy.len()) as u32;
    let end = lossy[at as usize..].chars().next().map_or(at, |c| at + c.len_utf8() as u32);
    Span { file, start: at, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_covers_the_replacement_character() {
        let bytes = b"ab\xffcd";
        let lossy = String::from_utf8_lossy(bytes);
        let span = first_invalid(FileId(0), 2, &lossy);
        assert_eq!((span.start, span.end), (2, 2 + '\u{FFFD}'.len_utf8() as u32));
        let past_end = first_invalid(FileId(0), 99, "ab");
        assert_eq!((past_end.start, past_end.end), (2, 2));
    }
}
