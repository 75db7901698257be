declare_rule! {
    /// ## What it finds
    /// The same key twice in one YAML mapping. Both places are labelled.
    ///
    /// ## Why it matters
    /// YAML parsers disagree on duplicate keys: most keep the last value silently, so what a reviewer reads is not what a tool uses. xgea keeps the first occurrence and reports the second.
    ///
    /// ## How to fix
    /// Delete one of the two entries, or merge them.
    code: "XG003", name: "duplicate-key", family: Input, severity: Error,
    summary: "a mapping key written twice in one mapping",
    stage: Read,
}
