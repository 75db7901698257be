use super::unknown_id;
use crate::diagnostic::Finding;
use crate::estate::{Id, Located};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A protective marking (an interface's `marking`, a system's or department's `maxMarking`) that is not a
    /// level of any marking scheme in the model.
    ///
    /// ## Why it matters
    /// Markings are compared to decide whether data may flow to a counterpart; an unknown level cannot be
    /// compared, so the flow goes unchecked.
    ///
    /// ## Example
    /// ```yaml
    /// marking: OFFICIAL SENSITIVE   # the level id is OFFICIAL-SENSITIVE
    /// ```
    ///
    /// ## How to fix
    /// Use a level id from the model's `markings.yaml` (current scheme first; legacy GPMS levels are accepted
    /// and mapped).
    code: "XG106", name: "unknown-marking", family: References, severity: Error,
    summary: "a protective marking that is not a level of the model's schemes",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.marking_ids().map(|id| (id, ""));
    let report = |marking: &Located<Id>, subject: &str, out: &mut Vec<Finding>| {
        if cx.model.marking(marking.value).is_none() {
            out.push(
                unknown_id(&RULE, "marking", &marking.value, marking, candidates.clone(), "the model's markings.yaml")
                    .with_subject(subject),
            );
        }
    };
    for department in cx.reported_departments() {
        if let Some(m) = &department.max_marking {
            report(m, &department.id.value, out);
        }
    }
    for (_, system) in cx.reported_systems() {
        if let Some(m) = &system.max_marking {
            report(m, &system.id.value, out);
        }
        for interface in &system.interfaces {
            if let Some(m) = &interface.marking {
                report(m, &system.id.value, out);
            }
        }
    }
}
