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
