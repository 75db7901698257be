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
