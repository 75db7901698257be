use super::unknown_id;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system whose `metadata.department` is not declared by any `kind: Department` document, in an estate
    /// that declares its departments.
    ///
    /// ## Why it matters
    /// The department's sector and accreditation (`maxMarking`) come from its Department document; without it
    /// the system is missing from the department's totals and its data flows cannot be checked against what
    /// the department may hold.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   department: hmrc-customs   # the Department document declares `hmrc`
    /// ```
    ///
    /// ## How to fix
    /// Use the id of a declared department, or add a `department.yaml` (`kind: Department`) for it. An estate
    /// with no Department documents at all is not checked by this rule.
    code: "XG110", name: "unknown-department", family: References, severity: Error,
    summary: "a system's department that no Department document declares",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    if cx.estate.departments.is_empty() {
        return;
    }
    let candidates = cx.estate.departments.iter().map(|d| (d.id.value.as_str(), d.name.as_str()));
    for (_, system) in cx.reported_systems() {
        if cx.estate.department(system.department.value).is_none() {
            out.push(
                unknown_id(
                    &RULE,
                    "department",
                    &system.department.value,
                    &system.department,
                    candidates.clone(),
                    "the estate's Department documents",
                )
                .with_subject(system.id.value),
            );
        }
    }
}
