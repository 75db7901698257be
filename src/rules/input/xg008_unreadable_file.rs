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
