use super::UnknownIds;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A capability id in a system's `spec.capabilities` that the reference model does not define.
    ///
    /// ## Why it matters
    /// Capabilities are how the estate is compared across departments: duplication, shared-service
    /// candidates and the roadmap all group systems by them. An unknown id silently drops the system out of
    /// those comparisons.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   capabilities: [BO.02.04]   # the model has BO.02.01 Payroll, BO.02.02, BO.02.03
    /// ```
    ///
    /// ## How to fix
    /// Use an id from the model's capability taxonomy (`xgea model show`, or `model/<version>/capabilities.yaml`).
    /// The finding suggests the closest ids.
    code: "XG101", name: "unknown-capability", family: References, severity: Error,
    summary: "a capability id that the reference model does not define",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.capabilities.iter().map(|c| (c.id.as_str(), c.name.as_str()));
    let mut unknown = UnknownIds::new(&RULE, "capability", candidates, "the model's capabilities.yaml");
    for (_, system) in cx.reported_systems() {
        for cap in &system.capabilities {
            if cx.model.capability(cap.value).is_none() {
                out.push(unknown.finding(cap.as_str(), cap).with_subject(system.id.value));
            }
        }
    }
}
