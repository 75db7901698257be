use crate::date::Date;
use crate::diagnostic::{Finding, Label};
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// A waiver in `xgea.toml` (`[[waivers]]` with `expires`) or an inline allow (`# xgea: allow … until=…`)
    /// whose last day has passed. The finding points at the expiry date.
    ///
    /// ## Why it matters
    /// A dispensation is granted for a time: the department agreed to fix the problem by then. Once it expires
    /// the waived findings are reported again, and this finding says why they came back.
    ///
    /// ## Example
    /// ```yaml
    /// # xgea.toml
    /// [[waivers]]
    /// rule = "XG201"
    /// target = "dwp.pension-credit"
    /// reason = "SOAP retained until re-platforming"
    /// expires = 2025-03-31        # in the past
    /// ```
    ///
    /// ## How to fix
    /// Fix the findings the waiver covered and delete the waiver, or agree a new date with the approver and
    /// update `expires` (or `until=`).
    code: "XG601", name: "expired-waiver", family: Governance, severity: Warning,
    summary: "a waiver or inline allow past its expiry date",
    stage: Config,
}

/// The `xgea.toml` waiver of `rule` (a code) on `target` ended on `last_day`; `at` is its `expires` value.
pub(crate) fn waiver(at: Span, rule: &str, target: &str, last_day: Date) -> Finding {
    Finding::new(&RULE, format!("waiver for {rule} on `{target}` expired on {last_day}"), Label::new(at, "expired"))
        .with_help("fix the findings it covered and delete the waiver, or agree a new date with the approver")
}

/// The inline allow at `at` of `codes` (as written, comma separated) ended on `last_day`.
pub(crate) fn inline_allow(at: Span, codes: &str, last_day: Date) -> Finding {
    Finding::new(&RULE, format!("inline allow of {codes} expired on {last_day}"), Label::new(at, "expired"))
        .with_help("fix the finding and delete the comment, or agree a new `until=` date")
}
