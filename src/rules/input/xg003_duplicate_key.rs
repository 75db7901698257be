use crate::diagnostic::{Finding, Label, shorten};
use crate::source::Span;

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

/// `key` written at `first` and again at `second` in one mapping.
pub(crate) fn finding(key: &str, first: Span, second: Span) -> Finding {
    Finding::new(&RULE, format!("duplicate key `{}`", shorten(key)), Label::new(second, "written again here"))
        .with_related(Label::new(first, "first written here"))
        .with_help("delete one of the two entries or merge them; xgea keeps the first")
}
