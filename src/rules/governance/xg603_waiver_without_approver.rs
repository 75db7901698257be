use crate::diagnostic::{Finding, Label};
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A `[[waivers]]` entry in `xgea.toml` with no `approver`.
    ///
    /// ## Why it matters
    /// A dispensation should be granted by someone accountable (a design authority, the architecture
    /// council); without a name, nobody can be asked to renew or withdraw it.
    ///
    /// ## Example
    /// ```yaml
    /// # xgea.toml
    /// [[waivers]]
    /// rule = "XG201"
    /// target = "dwp.pension-credit"
    /// reason = "SOAP retained until re-platforming"
    /// ```
    ///
    /// ## How to fix
    /// Add `approver = "…"` naming who agreed the waiver.
    code: "XG603", name: "waiver-without-approver", family: Governance, severity: Info,
    summary: "a waiver that names no approver",
    stage: Config,
}

/// The `xgea.toml` waiver at `at`, of `rule` (a code) on `target`, has no `approver`.
pub(crate) fn finding(at: Span, rule: &str, target: &str) -> Finding {
    Finding::new(&RULE, format!("waiver for {rule} on `{target}` names no approver"), Label::new(at, "no `approver`"))
        .with_help("add `approver = \"…\"` naming who agreed the waiver")
}
