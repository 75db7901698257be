use super::UnknownIds;
use crate::diagnostic::Finding;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface standard id in an interface's `standards` that the model's catalogue does not define.
    ///
    /// ## Why it matters
    /// Interface standards are checked for status (deprecated, retired), openness and mandatory categories.
    /// An id the catalogue does not know escapes every one of those checks.
    ///
    /// ## Example
    /// ```yaml
    /// standards: [TRN-HTTP, SEC-TSL]   # SEC-TLS was meant
    /// ```
    ///
    /// ## How to fix
    /// Use an id from the model's `standards.yaml`. If the standard is genuinely missing from the catalogue, ask
    /// the architecture council to add it.
    code: "XG102", name: "unknown-standard", family: References, severity: Error,
    summary: "an interface standard id that the model's catalogue does not define",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let candidates = cx.model.standards.iter().map(|s| (s.id.as_str(), s.name.as_str()));
    let mut unknown = UnknownIds::new(&RULE, "interface standard", candidates, "the model's standards.yaml");
    for (_, system) in cx.reported_systems() {
        for interface in &system.interfaces {
            for standard in &interface.standards {
                if cx.model.standard(standard.value).is_none() {
                    out.push(unknown.finding(standard.as_str(), standard).with_subject(system.id.value));
                }
            }
        }
    }
}
