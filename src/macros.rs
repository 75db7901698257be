//! Macros shared by the rule files.

/// Declares a rule's `RULE` static from its doc comment and metadata.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it finds
///     /// ...
///     code: "XG101", name: "unknown-capability", family: References, severity: Error,
///     summary: "a capability id that the reference model does not define",
///     check: Some(check),
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal, name: $name:literal, family: $family:ident, severity: $severity:ident,
        summary: $summary:literal, check: $check:expr $(,)?
    ) => {
        pub static RULE: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            code: $code,
            name: $name,
            family: $crate::rules::Family::$family,
            severity: $crate::finding::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            check: $check,
            location: concat!(file!(), ":", line!()),
        };
    };
}
