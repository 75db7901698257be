use std::collections::BTreeSet;

use super::kind_named;
use crate::diagnostic::{Finding, Label};
use crate::estate::{InfraSource, Lifecycle};
use crate::rules::RuleContext;
use crate::rules::duplication::{count, gbp, one_per_system, smallest_ids};

declare_rule! {
    /// ## What it finds
    /// An infrastructure kind that systems in `bespoke-candidate-min-departments` (default 3) or more
    /// departments build themselves (`bespoke:<name>`), while no live common component of the model serves
    /// it (none, or only deprecated or retired ones, as `psn` for `network`). **One finding per kind**: the primary location is the `uses` entry of
    /// the system with the smallest id, and every other system's entry is labelled. The message gives the
    /// departments, systems and their total annual cost. Retired systems do not count.
    ///
    /// The severity is **info**: it is a candidate for the Common Infrastructure Board, not an error in a
    /// descriptor.
    ///
    /// ## Why it matters
    /// When many departments build the same kind of infrastructure and government offers nothing common, a
    /// common component is the obvious investment. These findings are where the Board's roadmap starts.
    ///
    /// ## Example
    /// ```yaml
    /// # dwp, hmrc, home-office, mod, dvla: 17 systems
    /// infrastructure:
    ///   - kind: hosting
    ///     uses: bespoke:dwp-datacentre
    /// ```
    ///
    /// ## How to fix
    /// Nothing to fix in a descriptor. Centrally, consider a common component for the kind; `xgea roadmap`
    /// ranks the candidates.
    ///
    /// ## Options
    /// - `bespoke-candidate-min-departments` (default 3)
    code: "XG403", name: "bespoke-infrastructure-candidate", family: Infrastructure, severity: Info,
    summary: "bespoke infrastructure of one kind in several departments with no common component: a candidate",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let min_departments = cx.options.bespoke_candidate_min_departments.max(1);
    for (k, kind) in cx.model.kinds.iter().enumerate() {
        let k = k as u32;
        if cx.model.preferred_component(cx.graph.components_serving_kind(k)).is_some() {
            continue;
        }
        // (estate index, position of the first bespoke entry of this kind), one per system.
        let mut systems: Vec<(u32, u32)> = cx
            .graph
            .bespoke_users(k)
            .filter(|&(s, _)| cx.estate.systems[s as usize].lifecycle.value != Lifecycle::Retired)
            .collect();
        one_per_system(&mut systems);
        let departments: BTreeSet<u32> = systems.iter().map(|&(s, _)| cx.graph.department_of(s)).collect();
        if departments.len() < min_departments || !systems.iter().any(|&(s, _)| cx.reports_system(s)) {
            continue;
        }
        let names: BTreeSet<&str> = systems
            .iter()
            .filter_map(|&(s, pos)| match &cx.estate.systems[s as usize].infrastructure[pos as usize].uses.value {
                InfraSource::Bespoke(name) => Some(name.as_str()),
                InfraSource::Common(_) => None,
            })
            .collect();
        let cost = crate::money::total(
            systems.iter().map(|&(s, _)| cx.estate.systems[s as usize].annual_cost_gbp.unwrap_or(0)),
        );
        let shown = smallest_ids(cx.estate, &systems, cx.options.max_related_labels.saturating_add(1));
        let mut entries = shown.iter().map(|&(s, pos)| {
            let system = &cx.estate.systems[s as usize];
            (system.id.as_str(), system, pos)
        });
        let Some((first_id, first, first_pos)) = entries.next() else { continue };
        let first_use = &first.infrastructure[first_pos as usize];
        let mut finding = Finding::at(
            &RULE,
            format!(
                "bespoke {} in {} across {} ({} bespoke builds), costing {} a year, and no common component serves it",
                kind_named(kind),
                count(systems.len(), "system", "systems"),
                count(departments.len(), "department", "departments"),
                names.len(),
                gbp(cost)
            ),
            &first_use.uses,
            format!("`{first_id}` ({})", first.department.value),
        )
        .with_subject(first_id)
        .with_help(format!(
            "a candidate for the Common Infrastructure Board: one common `{}` component could serve {}; `xgea roadmap` ranks the candidates",
            kind.id,
            count(departments.len(), "department", "departments")
        ));
        for (id, system, pos) in entries {
            let usage = &system.infrastructure[pos as usize];
            finding =
                finding.with_related(Label::new(usage.uses.span, format!("`{id}` ({})", system.department.value)));
        }
        out.push(finding);
    }
}
