use crate::diagnostic::{Finding, Label};
use crate::source::{FileId, Span};

declare_rule! {
    /// ## What it finds
    /// A YAML file larger than the size limit (16 MiB by default, `--max-file-size` to change it). The file is not read.
    ///
    /// ## Why it matters
    /// Department descriptors are small; a very large file is usually generated output or a mistake, and reading it unbounded would let one file exhaust the memory of a CI runner.
    ///
    /// ## How to fix
    /// Split the file into one file per system, or raise the limit with `--max-file-size BYTES` if the file is genuine.
    code: "XG004", name: "file-too-large", family: Input, severity: Error,
    summary: "a file larger than the configured size limit",
    stage: Read,
}

/// A file of `size` bytes, over the `limit`, left unread.
pub(crate) fn finding(file: FileId, size: u64, limit: u64) -> Finding {
    Finding::new(
        &RULE,
        format!("the file is {size} bytes, over the {limit}-byte limit"),
        Label::new(Span::file_start(file), "not read"),
    )
    .with_help("split it into one file per system, or raise the limit with `--max-file-size BYTES`")
}
