//! Macros shared by the rule files.

/// Declares a rule's `RULE` static from its doc comment and metadata.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it finds
///     /// ...
///     code: "XG101", name: "unknown-capability", family: References, severity: Error,
///     summary: "a capability id that the reference model does not define",
///     stage: Estate,
/// }
/// ```
///
/// `stage` says which step reports the rule (see [`crate::diagnostic::Stage`]); an `Estate` or `Model` rule
/// also has a `check` function in its file, which `rules/registry.rs` registers; an emitted rule has the
/// constructors of its findings there instead, which the step of its stage calls.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal, name: $name:literal, family: $family:ident, severity: $severity:ident,
        summary: $summary:literal, stage: $stage:ident $(,)?
    ) => {
        pub static RULE: $crate::diagnostic::RuleMeta = $crate::diagnostic::RuleMeta {
            code: $code,
            name: $name,
            family: $crate::diagnostic::Family::$family,
            severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            stage: $crate::diagnostic::Stage::$stage,
            location: concat!(file!(), ":", line!()),
        };
    };
}
