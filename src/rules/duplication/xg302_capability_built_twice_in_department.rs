use std::collections::BTreeMap;

use super::count;
use crate::estate::Lifecycle;
use crate::finding::{Finding, Label};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A corporate capability (a shareable leaf of the model's `corporate` family: HR, payroll, finance,
    /// procurement…) implemented by two or more corporate systems of the same department. One finding per
    /// department and capability, on the system with the smallest id; the others are labelled. Retired
    /// systems do not count.
    ///
    /// A *corporate system* is one at least half of whose capabilities are corporate. Front-office systems
    /// are left out on purpose: a department runs one casework system per service, and a tax or parking
    /// service that collects its own receivables is not a second finance system.
    ///
    /// ## Why it matters
    /// A department that runs two payrolls pays twice for one back-office service, usually after a merger
    /// or a machinery-of-government change. It is the cheapest duplication to remove: one owner can decide.
    ///
    /// ## Example
    /// ```yaml
    /// # home-office/corporate.yaml: two systems, one department
    /// id: home-office.adelphi          id: home-office.hmpo-payroll
    /// capabilities: [BO.02.01]         capabilities: [BO.02.01]
    /// ```
    ///
    /// ## How to fix
    /// Plan the migration onto one of the systems (or onto the common component that serves the
    /// capability) and retire the other; mark it `retiring` meanwhile.
    code: "XG302", name: "capability-built-twice-in-department", family: Duplication, severity: Warning,
    summary: "one department runs two or more systems for the same corporate capability",
    check: Some(check),
}

fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (c, capability) in cx.model.capabilities.iter().enumerate() {
        let c = c as u32;
        if !capability.shareable || capability.family.as_deref() != Some("corporate") || cx.graph.has_children(c) {
            continue;
        }
        // department → (system id, estate index) → first position of the entry.
        let mut by_department: BTreeMap<u32, BTreeMap<(&str, u32), u32>> = BTreeMap::new();
        for (s, pos) in cx.graph.implementers(c) {
            let system = &cx.estate.systems[s as usize];
            if system.lifecycle.value == Lifecycle::Retired || !is_corporate(cx, system) {
                continue;
            }
            let e = by_department
                .entry(cx.graph.department_of(s))
                .or_default()
                .entry((system.id.as_str(), s))
                .or_insert(pos);
            *e = (*e).min(pos);
        }
        for (d, systems) in by_department {
            let distinct = systems.keys().map(|(id, _)| *id).collect::<std::collections::BTreeSet<_>>().len();
            if distinct < 2 {
                continue;
            }
            let department = cx.graph.department_id(cx.estate, d);
            let mut entries = systems.iter().map(|(&(id, s), &pos)| (id, &cx.estate.systems[s as usize], pos));
            let Some((first_id, first, first_pos)) = entries.next() else { continue };
            let others: Vec<_> = entries.collect();
            let names: Vec<String> = others.iter().map(|(id, _, _)| format!("`{id}`")).collect();
            let mut finding = Finding::new(
                &RULE,
                format!(
                    "department `{department}` implements `{}` ({}) in {}: `{first_id}` and {}",
                    capability.id,
                    capability.name,
                    count(systems.len(), "system", "systems"),
                    names.join(", ")
                ),
                Label::new(first.capabilities[first_pos as usize].span, format!("`{first_id}`")),
            )
            .with_subject(first_id)
            .with_pointer(format!("/spec/capabilities/{first_pos}"))
            .with_help(format!(
                "consolidate `{}` on one system and mark the others `retiring`, or move it to the common component that serves it",
                capability.id
            ));
            for (id, system, pos) in others.iter().take(cx.options.max_related_labels) {
                finding =
                    finding.with_related(Label::new(system.capabilities[*pos as usize].span, format!("also `{id}`")));
            }
            out.push(finding);
        }
    }
}

/// Whether at least half of a system's known capabilities belong to the corporate family.
fn is_corporate(cx: &RuleContext<'_>, system: &crate::estate::System) -> bool {
    let families: Vec<bool> = system
        .capabilities
        .iter()
        .filter_map(|c| cx.model.capability(c.as_str()))
        .map(|c| c.family.as_deref() == Some("corporate"))
        .collect();
    let corporate = families.iter().filter(|&&c| c).count();
    corporate > 0 && corporate * 2 >= families.len()
}
