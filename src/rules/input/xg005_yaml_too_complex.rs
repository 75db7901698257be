use crate::diagnostic::{Finding, Label};
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A document nested deeper than 128 mappings and sequences, or whose aliases (`*name`) would expand to more than 10,000 nodes or more than 1 MiB of text (the "billion laughs" pattern). Loading stops at that point.
    ///
    /// ## Why it matters
    /// Both bound the work one file can make the tool do, so that hostile or broken input cannot exhaust the stack or memory. No genuine descriptor comes near either limit.
    ///
    /// ## How to fix
    /// Flatten the structure, or write the repeated content out instead of using aliases.
    code: "XG005", name: "yaml-too-complex", family: Input, severity: Error,
    summary: "YAML nested too deeply or expanding aliases too far",
    stage: Read,
}

/// Nesting passed `limit` levels at `at`.
pub(crate) fn too_deep(at: Span, limit: usize) -> Finding {
    Finding::new(&RULE, format!("nesting deeper than {limit} levels"), Label::new(at, "too deep"))
        .with_help("flatten the structure; the rest of the file was not read")
}

/// Aliases expanded to more than `limit` nodes, stopped at `at`.
pub(crate) fn alias_budget(at: Span, limit: usize) -> Finding {
    Finding::new(&RULE, format!("aliases expand to more than {limit} nodes"), Label::new(at, "expansion stopped here"))
        .with_help("write the repeated content out instead of using aliases; the rest of the file was not read")
}

/// Aliases expanded to more than `limit` bytes, stopped at `at`.
pub(crate) fn alias_bytes(at: Span, limit: usize) -> Finding {
    let mib = limit as f64 / (1024.0 * 1024.0);
    Finding::new(&RULE, format!("aliases expand to more than {mib} MiB"), Label::new(at, "expansion stopped here"))
        .with_help("write the repeated content out instead of using aliases; the rest of the file was not read")
}
