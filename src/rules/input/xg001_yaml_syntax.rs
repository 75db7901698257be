declare_rule! {
    /// ## What it finds
    /// A file that the YAML 1.2 parser cannot read: a bad indent, an unclosed bracket or quote, a tab used for indentation. The finding points at the line and column where the parser stopped.
    ///
    /// ## Why it matters
    /// Nothing after the error can be checked: the documents before it are linted, the rest of the file is not.
    ///
    /// ## How to fix
    /// Fix the syntax at the reported position. A YAML-aware editor with the schema comment at the top of the file (`# yaml-language-server: $schema=…`) shows such errors as you type.
    code: "XG001", name: "yaml-syntax", family: Input, severity: Error,
    summary: "a file that is not well-formed YAML",
    stage: Read,
}
