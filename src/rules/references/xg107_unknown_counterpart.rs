use crate::hash::{HashMap, HashMapExt};

use super::unknown_id;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface whose `counterpart` names a system id that is not in the estate, although the
    /// counterpart's department is (so the system should be there).
    ///
    /// ## Why it matters
    /// Interfaces are the edges of the estate graph. A dangling counterpart hides the flow from the checks
    /// that compare both ends (standards, markings, legal basis for personal data).
    ///
    /// ## Example
    /// ```yaml
    /// counterpart: hmrc.paye-rti   # HMRC's system is hmrc.paye
    /// ```
    ///
    /// ## How to fix
    /// Use the counterpart system's `metadata.id`, or `external:<name>` for a party outside government's
    /// estate (a bank, a supplier). Counterparts in departments that are not part of the linted estate are
    /// reported separately, as information (XG108).
    code: "XG107", name: "unknown-counterpart", family: References, severity: Error,
    summary: "an interface counterpart that is neither a system in the estate nor `external:`",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    // Suggestions come from the counterpart's own department: the likely typo is in the slug.
    let mut by_department: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for s in &cx.estate.systems {
        by_department.entry(s.department.value.as_str()).or_default().push((s.id.value.as_str(), s.name.as_str()));
    }
    for (_, system) in cx.reported_systems() {
        for interface in &system.interfaces {
            let Some(target) = interface.counterpart_system() else { continue };
            if cx.estate.system(target).is_some() {
                continue;
            }
            let department = department_of(target.as_str());
            if !cx.estate.has_department(department) {
                continue;
            }
            let candidates = by_department.get(department).map(Vec::as_slice).unwrap_or_default();
            out.push(
                unknown_id(
                    &RULE,
                    "counterpart system",
                    target.as_str(),
                    &interface.counterpart,
                    candidates.iter().copied(),
                    &format!("the `{department}` descriptors"),
                )
                .with_subject(system.id.value),
            );
        }
    }
}

/// The department part of a system id (`hmrc` of `hmrc.paye`).
pub(crate) fn department_of(system_id: &str) -> &str {
    system_id.split_once('.').map_or(system_id, |(d, _)| d)
}
