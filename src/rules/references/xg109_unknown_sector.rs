use super::unknown_id;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A department whose `spec.sector` is not a shared-services sector of the model.
    ///
    /// ## Why it matters
    /// The roadmap groups candidates by shared-services sector; a department in an unknown sector falls out of
    /// its group.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   sector: SEC-10    # 1.0.0 defines SEC-01 to SEC-09
    /// ```
    ///
    /// ## How to fix
    /// Use a sector id from the model's `sectors.yaml`.
    code: "XG109", name: "unknown-sector", family: References, severity: Error,
    summary: "a department sector that the model does not define",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.sectors.iter().map(|s| (s.id.as_str(), s.name.as_str()));
    for department in cx.reported_departments() {
        if let Some(sector) = &department.sector
            && cx.model.sector(sector.value).is_none()
        {
            out.push(
                unknown_id(&RULE, "sector", &sector.value, sector, candidates.clone(), "the model's sectors.yaml")
                    .with_subject(department.id.value),
            );
        }
    }
}
