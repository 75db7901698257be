use super::{supplier_named, suppliers};
use crate::diagnostic::Finding;
use crate::estate::Lifecycle;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A live system whose supply contract has ended: its `sourcing.end` is before today. The system is
    /// running on without a contract, or on an extension nobody recorded — either way without competition.
    ///
    /// ## Why it matters
    /// Greater competition in the supply of IT services is one of the purposes of the reference model. A
    /// contract that lapses while the service runs on is renewed by default, never re-competed, and the
    /// department loses the moment when a move to a shared service or another supplier is cheapest.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   lifecycle: live
    ///   sourcing:
    ///     supplier: acme-digital
    ///     end: 2025-03-31        # before today
    /// ```
    ///
    /// ## How to fix
    /// Re-compete the contract, move the system to a shared service, or record the extension actually agreed
    /// (a new `end`, and `extensions.taken`).
    code: "XG801", name: "contract-ended", family: Sourcing, severity: Warning,
    summary: "a live system whose supply contract has ended",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let suppliers = suppliers(cx.estate);
    for (_, system) in cx.reported_systems() {
        if system.lifecycle.value != Lifecycle::Live {
            continue;
        }
        let Some(sourcing) = system.sourcing.as_deref() else { continue };
        let (Some(end), Some(at)) = (sourcing.usable_end(), sourcing.end.as_ref()) else { continue };
        if end >= cx.today {
            continue;
        }
        let days = cx.today.days_since(end);
        out.push(
            Finding::at(
                &RULE,
                format!(
                    "`{}` is live but its contract with {} ended on {end}, {days} days ago",
                    system.id.value,
                    supplier_named(&suppliers, &sourcing.supplier.value)
                ),
                at,
                "contract ended",
            )
            .with_subject(system.id.value)
            .with_help(
                "re-compete the contract, move the system to a shared service, or record the extension agreed (a new `end` and `extensions.taken`)",
            ),
        );
    }
}
