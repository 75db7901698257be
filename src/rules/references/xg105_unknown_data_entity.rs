use super::UnknownIds;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A data entity id, in a system's `spec.data` or an interface's `data`, that the model does not define.
    ///
    /// ## Why it matters
    /// Data entities say which data is personal and how it is marked by default; the information-assurance
    /// rules and near-duplicate detection depend on them. An unknown id hides personal data from those checks.
    ///
    /// ## Example
    /// ```yaml
    /// data: [DE-CITIZEN]    # the model calls it DE-PERSON
    /// ```
    ///
    /// ## How to fix
    /// Use an id from the model's `data.yaml`.
    code: "XG105", name: "unknown-data-entity", family: References, severity: Error,
    summary: "a data entity id that the model does not define",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.entities.iter().map(|e| (e.id.as_str(), e.name.as_str()));
    let mut unknown = UnknownIds::new(&RULE, "data entity", candidates, "the model's data.yaml");
    for (_, system) in cx.reported_systems() {
        let exchanged = system.interfaces.iter().flat_map(|f| &f.data);
        for entity in system.data.iter().chain(exchanged) {
            if cx.model.entity(entity.value).is_none() {
                out.push(unknown.finding(entity.as_str(), entity).with_subject(system.id.value));
            }
        }
    }
}
