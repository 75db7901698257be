use super::count;
use crate::diagnostic::{Finding, Label};
use crate::estate::Lifecycle;
use crate::graph::{Edge, Node};
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
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let g = cx.graph;
    // Findings are per department: only departments with a reported system are looked at.
    let mut reported = vec![false; g.departments.len()];
    for (s, _) in cx.reported_systems() {
        reported[g.department_of(s) as usize] = true;
    }
    // Corporate systems, computed once from the graph: at least half of their capabilities corporate.
    let corporate: Vec<bool> = (0..g.system_count() as u32)
        .map(|s| {
            if !reported[g.department_of(s) as usize] {
                return false;
            }
            let (mut all, mut corp) = (0usize, 0usize);
            for (n, e) in g.outgoing(g.system_node(s)) {
                if let (Edge::Implements { .. }, Node::Capability(c)) = (e, g.node(n)) {
                    all += 1;
                    corp += usize::from(cx.model.capabilities[c as usize].family.as_deref() == Some("corporate"));
                }
            }
            corp > 0 && corp * 2 >= all
        })
        .collect();
    for (c, capability) in cx.model.capabilities.iter().enumerate() {
        let c = c as u32;
        if !capability.shareable || capability.family.as_deref() != Some("corporate") || g.has_children(c) {
            continue;
        }
        // (department, estate index, position), one per system.
        let mut entries: Vec<(u32, u32, u32)> = g
            .implementers(c)
            .filter(|&(s, _)| {
                corporate[s as usize] && cx.estate.systems[s as usize].lifecycle.value != Lifecycle::Retired
            })
            .map(|(s, pos)| (g.department_of(s), s, pos))
            .collect();
        entries.sort_unstable();
        entries.dedup_by_key(|e| e.1);
        for group in entries.chunk_by(|a, b| a.0 == b.0) {
            let mut systems: Vec<(&str, u32, u32)> =
                group.iter().map(|&(_, s, pos)| (cx.estate.systems[s as usize].id.as_str(), s, pos)).collect();
            systems.sort_unstable();
            let distinct = systems.iter().map(|(id, _, _)| *id).collect::<std::collections::BTreeSet<_>>().len();
            if distinct < 2 {
                continue;
            }
            let department = g.department_id(cx.estate, group[0].0);
            let (first_id, first, first_pos) = systems[0];
            let first = &cx.estate.systems[first as usize];
            let others = &systems[1..];
            let mut names: Vec<String> = others.iter().take(4).map(|(id, _, _)| format!("`{id}`")).collect();
            if others.len() > 4 {
                names.push(format!("{} more", others.len() - 4));
            }
            let mut finding = Finding::at(
                &RULE,
                format!(
                    "department `{department}` implements `{}` ({}) in {}: `{first_id}` and {}",
                    capability.id,
                    capability.name,
                    count(systems.len(), "system", "systems"),
                    names.join(", ")
                ),
                &first.capabilities[first_pos as usize],
                format!("`{first_id}`"),
            )
            .with_subject(first_id)
            .with_help(format!(
                "consolidate `{}` on one system and mark the others `retiring`, or move it to the common component that serves it",
                capability.id
            ));
            for &(id, s, pos) in others.iter().take(cx.options.max_related_labels) {
                let system = &cx.estate.systems[s as usize];
                finding =
                    finding.with_related(Label::new(system.capabilities[pos as usize].span, format!("also `{id}`")));
            }
            out.push(finding);
        }
    }
}
