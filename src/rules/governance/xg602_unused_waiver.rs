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
