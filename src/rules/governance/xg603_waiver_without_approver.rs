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
