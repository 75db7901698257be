use crate::diagnostic::{Finding, Label};
use crate::source::{FileId, Span};

declare_rule! {
    /// ## What it finds
    /// A YAML file that holds no document: it is empty or has only comments.
    ///
    /// ## Why it matters
    /// An empty descriptor is usually a file whose content was lost or never written; it describes nothing, so it is easy to believe a system is covered when it is not.
    ///
    /// ## How to fix
    /// Write the system's descriptor into the file, or delete the file.
    code: "XG006", name: "empty-file", family: Input, severity: Warning,
    summary: "a YAML file with no document in it",
    stage: Read,
}

/// `file` holds no YAML document.
pub(crate) fn finding(file: FileId) -> Finding {
    Finding::new(&RULE, "the file holds no YAML document", Label::new(Span::file_start(file), "empty"))
        .with_help("write the descriptor into the file, or delete it")
}
