use super::xg107_unknown_counterpart::department_of;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface whose counterpart belongs to a department that has no descriptors in the linted estate,
    /// so the counterpart cannot be checked.
    ///
    /// ## Why it matters
    /// A department linting its own repository sees only its own systems: this is expected there, and is
    /// reported as information so that the unchecked edges are visible. In the central estate, where every
    /// department is present, it points at a department whose descriptors are missing.
    ///
    /// ## Example
    /// ```yaml
    /// counterpart: hmrc.paye    # linted without HMRC's descriptors
    /// ```
    ///
    /// ## How to fix
    /// Nothing, in a department's own repository. Centrally, add the missing department's descriptors; for a
    /// party outside government's estate, write `external:<name>`.
    code: "XG108", name: "counterpart-outside-estate", family: References, severity: Info,
    summary: "an interface counterpart in a department that is not part of the linted estate",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (_, system) in cx.reported_systems() {
        for interface in &system.interfaces {
            let Some(target) = interface.counterpart_system() else { continue };
            let department = department_of(target.as_str());
            if cx.estate.system(target).is_some() || cx.estate.has_department(department) {
                continue;
            }
            out.push(
                Finding::at(
                    &RULE,
                    format!("counterpart `{target}` is in department `{department}`, which is not in the linted estate"),
                    &interface.counterpart,
                    "cannot be checked here",
                )
                .with_subject(system.id.value)
                .with_help(format!("lint together with `{department}`'s descriptors to check both ends; use `external:<name>` for a party outside government")),
            );
        }
    }
}
