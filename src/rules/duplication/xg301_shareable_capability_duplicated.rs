use std::collections::BTreeSet;

use super::{count, gbp, one_per_system, smallest_ids};
use crate::diagnostic::{Finding, Label};
use crate::estate::Lifecycle;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A capability the model marks `shareable` (a leaf of the capability tree) that systems in two or more
    /// departments implement. There is **one finding per capability**: the primary location is the capability
    /// entry of the implementing system with the smallest id, and every other implementing system's entry is
    /// labelled. The message gives the number of departments and systems and the total annual cost of those
    /// systems (the whole systems' cost, as declared in `annualCostGbp`: an upper bound of what sharing
    /// could touch). Retired systems do not count.
    ///
    /// The help names the common component to converge on: the live one serving the capability (mandated,
    /// then recommended, then emerging; never a deprecated or retired one), or a shared service when there is
    /// none.
    ///
    /// The severity is **info**: no single descriptor is wrong, and a department cannot fix it alone. The
    /// finding is evidence for the Common Infrastructure Board; `xgea roadmap` ranks these candidates by
    /// departments, systems and cost.
    ///
    /// ## Why it matters
    /// Identifying duplication across government is the first purpose of the reference model. Each
    /// department running its own payroll or general ledger pays for the same capability again; shared
    /// services have delivered savings of 30–40% where departments converged.
    ///
    /// ## Example
    /// ```yaml
    /// # dwp/corporate.yaml                      # hmrc/payroll.yaml
    /// capabilities: [BO.02.01, BO.03.01]        capabilities: [BO.02.01, BO.02.03]
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix in one descriptor. Centrally: plan convergence on the common component that serves the
    /// capability (the help names it, if the model has one), or on one department's system offered as a
    /// shared service. The threshold is `shared-capability-min-departments` (default 2) in `xgea.toml`.
    ///
    /// ## Options
    /// - `shared-capability-min-departments` (default 2)
    code: "XG301", name: "shareable-capability-duplicated", family: Duplication, severity: Info,
    summary: "a shareable capability implemented by systems in several departments",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let min_departments = cx.options.shared_capability_min_departments.max(2);
    let wanted = cx.capabilities_of_reported_systems();
    for (c, capability) in cx.model.capabilities.iter().enumerate() {
        if !capability.shareable || wanted.as_ref().is_some_and(|w| !w[c]) {
            continue;
        }
        let c = c as u32;
        if cx.graph.has_children(c) {
            continue;
        }
        // (estate index, position of the capability entry), one per system, retired systems left out.
        let mut systems: Vec<(u32, u32)> = cx
            .graph
            .implementers(c)
            .filter(|&(s, _)| cx.estate.systems[s as usize].lifecycle.value != Lifecycle::Retired)
            .collect();
        one_per_system(&mut systems);
        let departments: BTreeSet<u32> = systems.iter().map(|&(s, _)| cx.graph.department_of(s)).collect();
        if departments.len() < min_departments || !systems.iter().any(|&(s, _)| cx.reports_system(s)) {
            continue;
        }
        let cost = crate::money::total(
            systems.iter().map(|&(s, _)| cx.estate.systems[s as usize].annual_cost_gbp.unwrap_or(0)),
        );
        let shown = smallest_ids(cx.estate, &systems, cx.options.max_related_labels.saturating_add(1));
        let mut entries = shown.iter().map(|&(s, pos)| {
            let system = &cx.estate.systems[s as usize];
            (system.id.as_str(), system, &system.capabilities[pos as usize])
        });
        let Some((first_id, first, first_at)) = entries.next() else { continue };
        let mut finding = Finding::at(
            &RULE,
            format!(
                "shareable capability `{}` ({}) is implemented by {} in {}, costing {} a year in total",
                capability.id,
                capability.name,
                count(systems.len(), "system", "systems"),
                count(departments.len(), "department", "departments"),
                gbp(cost)
            ),
            first_at,
            format!("`{first_id}` ({})", first.department.value),
        )
        .with_subject(first_id);
        for (id, system, at) in entries {
            finding = finding.with_related(Label::new(at.span, format!("also `{id}` ({})", system.department.value)));
        }
        let component = cx.model.preferred_component(cx.graph.components_serving_capability(c));
        let help = match component {
            Some(k) => format!(
                "converge on the common component `{}` ({}, {}), which serves `{}`, rather than running {} separate systems",
                k.id,
                k.name,
                k.status.as_str(),
                capability.id,
                systems.len()
            ),
            None => format!(
                "consider one shared service for `{}` offered by one department to the others; `xgea roadmap` ranks the candidates",
                capability.id
            ),
        };
        out.push(finding.with_help(help));
    }
}
