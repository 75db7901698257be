use crate::diagnostic::{Finding, Label};
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A waiver in `xgea.toml` or an inline `# xgea: allow` comment that hid no finding in this run: the
    /// problem was fixed, the system renamed, or the target mistyped.
    ///
    /// ## Why it matters
    /// A stale dispensation hides the next finding of that rule on that target without anyone deciding it
    /// should, and makes the list of accepted risks longer than it is.
    ///
    /// ## Example
    /// ```yaml
    /// # xgea: allow XG101 reason="pending model release"
    /// capabilities: [CS.BEN.CLAIMS]        # a known capability: nothing to allow
    /// ```
    ///
    /// ## How to fix
    /// Delete the waiver or comment. If the target is mistyped, correct it.
    code: "XG602", name: "unused-waiver", family: Governance, severity: Warning,
    summary: "a waiver or inline allow that matched no finding",
    stage: Config,
}

/// The `xgea.toml` waiver at `at`, of `rule` (a code) on `target`, hid nothing.
pub(crate) fn waiver(at: Span, rule: &str, target: &str) -> Finding {
    Finding::new(
        &RULE,
        format!("waiver for {rule} on `{target}` matched no finding"),
        Label::new(at, "this waiver hides nothing"),
    )
    .with_help("delete the waiver, or correct its `rule` or `target`")
}

/// The inline allow at `at` of `codes` (comma separated) hid nothing.
pub(crate) fn inline_allow(at: Span, codes: &str) -> Finding {
    Finding::new(
        &RULE,
        format!("inline allow of {codes} matched no finding"),
        Label::new(at, "this allow hides nothing"),
    )
    .with_help("delete the comment, or move it onto the line of the finding (or the line above)")
}
