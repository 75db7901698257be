use crate::diagnostic::{Finding, Label};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system whose id does not start with its department's id (`<department>.<slug>`).
    ///
    /// ## Why it matters
    /// Ids are read by people and tools alike as `<department>.<slug>`: counterparts in other departments are
    /// resolved by that prefix, and a system filed under the wrong prefix looks like another department's.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   id: hmrc.payroll
    ///   department: dwp
    /// ```
    ///
    /// ## How to fix
    /// Rename the system to `<department>.<slug>`, or correct `metadata.department`.
    code: "XG111", name: "system-id-prefix", family: References, severity: Error,
    summary: "a system id that does not start with its department's id",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (_, system) in cx.reported_systems() {
        let department = &system.department.value;
        let prefixed = system.id.value.strip_prefix(department.as_str()).is_some_and(|rest| rest.starts_with('.'));
        if !prefixed {
            out.push(
                Finding::at(
                    &RULE,
                    format!("system id `{}` does not start with its department `{department}.`", system.id.value),
                    &system.id,
                    format!("expected `{department}.…`"),
                )
                .with_related(Label::new(system.department.span, "department declared here"))
                .with_subject(system.id.value)
                .with_help(format!("rename the system to `{department}.<slug>`, or correct `metadata.department`")),
            );
        }
    }
}
