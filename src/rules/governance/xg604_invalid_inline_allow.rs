declare_rule! {
    /// ## What it finds
    /// A `# xgea:` comment in a descriptor that xgea cannot use: an unknown rule, no `reason`, an unparsable
    /// `until` date, or a directive other than `allow`.
    ///
    /// ## Why it matters
    /// The comment was meant to record a dispensation; as written it hides nothing, and the finding it was
    /// meant for is still reported.
    ///
    /// ## Example
    /// ```yaml
    /// standards: [SOAP-1.2]   # xgea: allow XG201 until=next-year
    /// ```
    ///
    /// ## How to fix
    /// Write `# xgea: allow XG201 reason="…" until=2027-03-31` (codes or names, comma separated).
    code: "XG604", name: "invalid-inline-allow", family: Governance, severity: Error,
    summary: "an inline allow comment that cannot be used",
    stage: Config,
}
