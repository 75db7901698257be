use crate::diagnostic::Finding;
use crate::estate::Lifecycle;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system that is not retired and has no `spec.annualCostGbp`: a descriptor still being written, or one
    /// imported from a catalogue that does not hold costs.
    ///
    /// ## Why it matters
    /// The roadmap ranks shared-service and common-infrastructure candidates by the cost they address, and the
    /// duplication findings weigh systems by it. A system without a cost counts as free: the candidates it
    /// belongs to are ranked too low.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   lifecycle: live
    ///   capabilities: [BO.02.01]   # no annualCostGbp
    /// ```
    ///
    /// ## How to fix
    /// Add `annualCostGbp`: the running cost in whole pounds a year (licences, hosting, support, the team that
    /// runs it). An estimate is better than none; for a shared platform, the system's share.
    code: "XG304", name: "missing-annual-cost", family: Duplication, severity: Warning,
    summary: "a system in service or planned without an annual cost",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (_, system) in cx.reported_systems() {
        if system.annual_cost_gbp.is_some() || system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        out.push(
            Finding::at(
                &RULE,
                format!("system `{}` has no annual cost", system.id.value),
                &system.lifecycle,
                "no `annualCostGbp` in this spec",
            )
            .with_pointer("/spec/annualCostGbp")
            .with_help("add `annualCostGbp` beside `lifecycle`: the running cost in whole pounds a year, an estimate if need be")
            .with_subject(system.id.value),
        );
    }
}
