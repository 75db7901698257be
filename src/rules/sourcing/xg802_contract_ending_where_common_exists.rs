use super::{supplier_named, suppliers};
use crate::diagnostic::Finding;
use crate::estate::Lifecycle;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A live system whose contract ends within the horizon (`contract-horizon-months` in `[rules]`, default
    /// 24 months from today) while a live common component of the model serves one of its capabilities. The
    /// contract's end is the move window: the cheapest time to move onto the common component is when the
    /// contract would otherwise be re-let. The message names the component (mandated first, then recommended,
    /// then emerging).
    ///
    /// ## Why it matters
    /// Prioritising common infrastructure and competition in supply meet at contract end: re-letting a
    /// bespoke contract there locks the duplicate in for another term. The roadmap (`xgea roadmap`) ranks the
    /// move; `xgea sourcing` shows which other departments' contracts for the same capability end near it.
    ///
    /// ## Example
    /// ```yaml
    /// capabilities: [BO.05.01]   # common:gov-uk-notify serves it
    /// sourcing:
    ///   supplier: acme-digital
    ///   end: 2027-09-30          # within 24 months
    /// ```
    ///
    /// ## How to fix
    /// Plan the move to the common component for the contract's end instead of re-letting it; if it cannot
    /// serve the system, record why in a waiver with an expiry date.
    code: "XG802", name: "contract-ending-where-common-exists", family: Sourcing, severity: Info,
    summary: "a contract ending within the horizon for a capability a common component serves",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let suppliers = suppliers(cx.estate);
    let months = cx.options.contract_horizon_months;
    let horizon = cx.today.add_months(i32::try_from(months).unwrap_or(i32::MAX));
    // The component serving each capability, found once: the graph lists a capability's servers among all its
    // incoming edges (every implementer too), so asking per system would be quadratic in the estate.
    let mut serving: crate::hash::HashMap<usize, Option<&crate::model::Component>> = Default::default();
    for (_, system) in cx.reported_systems() {
        if system.lifecycle.value != Lifecycle::Live {
            continue;
        }
        let Some(sourcing) = system.sourcing.as_deref() else { continue };
        let (Some(end), Some(at)) = (sourcing.usable_end(), sourcing.end.as_ref()) else { continue };
        if end < cx.today || end > horizon {
            continue;
        }
        // The first capability (in the order written) a live common component serves.
        let served = system.capabilities.iter().find_map(|c| {
            let position = cx.model.capability_position(c.value)?;
            let component = *serving.entry(position).or_insert_with(|| {
                cx.model.preferred_component(cx.graph.components_serving_capability(position as u32))
            });
            Some((c, component?))
        });
        let Some((capability, component)) = served else { continue };
        let capability_name = cx.model.capability(capability.value).map_or("", |c| c.name.as_str());
        out.push(
            Finding::at(
                &RULE,
                format!(
                    "`{}`'s contract with {} ends on {end}, within {months} months, and common component `{}` ({}, {}) serves its capability `{}` ({capability_name})",
                    system.id.value,
                    supplier_named(&suppliers, &sourcing.supplier.value),
                    component.id,
                    component.name,
                    component.status.as_str(),
                    capability.value,
                ),
                at,
                format!("the window to move to `common:{}`", component.id),
            )
            .with_subject(system.id.value)
            .with_help(format!(
                "plan the move to `common:{}` for the contract's end rather than re-letting it; `xgea roadmap` ranks the move and `xgea sourcing` shows other departments' contracts ending near it",
                component.id
            )),
        );
    }
}
