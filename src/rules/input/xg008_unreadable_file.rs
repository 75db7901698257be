use crate::diagnostic::{Finding, Label};
use crate::source::{FileId, Span};

declare_rule! {
    /// ## What it finds
    /// A file that exists but could not be read: permissions, a broken link, an I/O error.
    ///
    /// ## Why it matters
    /// Its systems cannot be checked, so the lint result is incomplete.
    ///
    /// ## How to fix
    /// Check the file's permissions and that it is a regular file.
    code: "XG008", name: "unreadable-file", family: Input, severity: Error,
    summary: "a file that could not be read",
    stage: Read,
}

/// Reading `file` failed with the system's `message`.
pub(crate) fn finding(file: FileId, message: &str) -> Finding {
    Finding::new(&RULE, format!("cannot read the file: {message}"), Label::new(Span::file_start(file), "unreadable"))
        .with_help("check the file's permissions and that it is a regular file")
}
