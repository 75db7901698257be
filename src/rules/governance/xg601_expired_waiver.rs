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
