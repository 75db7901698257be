use crate::hash::{HashMap, HashMapExt};

use crate::diagnostic::{Finding, Label};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// Two system descriptors with the same `metadata.id`, anywhere in the estate. Both places are labelled.
    ///
    /// ## Why it matters
    /// System ids are the keys of the estate: interfaces name their counterpart by id, and waivers and
    /// baselines are keyed on it. With two systems under one id, every one of those resolves to the first and
    /// the second's interfaces, costs and findings are attributed to the wrong system.
    ///
    /// ## Example
    /// ```yaml
    /// # dwp/payroll.yaml          # dwp/legacy.yaml
    /// metadata:                   metadata:
    ///   id: dwp.payroll             id: dwp.payroll
    /// ```
    ///
    /// ## How to fix
    /// Give each system its own id (`<department>.<slug>`), or delete the stale copy.
    code: "XG104", name: "duplicate-system-id", family: References, severity: Error,
    summary: "two systems with the same id in the estate",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let mut first_by_id: HashMap<&str, usize> = HashMap::with_capacity(cx.estate.systems.len());
    for (i, system) in cx.estate.systems.iter().enumerate() {
        let Some(&first) = first_by_id.get(system.id.value.as_str()) else {
            first_by_id.insert(&system.id.value, i);
            continue;
        };
        if !cx.reports_system(i as u32) && !cx.reports_system(first as u32) {
            continue;
        }
        let original = &cx.estate.systems[first];
        out.push(
            Finding::at(
                &RULE,
                format!("system id `{}` is declared twice", system.id.value),
                &system.id,
                "declared again here",
            )
            .with_related(Label::new(original.id.span, "first declared here"))
            .with_subject(system.id.value)
            .with_help("give each system its own `<department>.<slug>` id, or delete the stale copy"),
        );
    }
}
