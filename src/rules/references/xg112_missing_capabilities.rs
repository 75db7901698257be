use crate::diagnostic::Finding;
use crate::model::suggest::{TextIndex, listed};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system whose `spec.capabilities` is empty or missing: a descriptor still being written, or one
    /// imported from a catalogue that does not hold capabilities. The help line suggests the model's
    /// capabilities whose names, keywords and descriptions best match the system's name, description,
    /// interfaces and data (`xgea suggest` prints the same list for every such system).
    ///
    /// ## Why it matters
    /// Capabilities are how the estate is compared across departments: duplication, shared-service candidates
    /// and the roadmap all group systems by them. A system without one is invisible to all of them.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   lifecycle: live
    ///   capabilities: []   # suggested: BO.02.01 (Payroll), …
    /// ```
    ///
    /// ## How to fix
    /// List the capabilities the system implements, by id from the model's taxonomy (`xgea model show`). The
    /// suggestions are a starting point: they match words, not meaning.
    code: "XG112", name: "missing-capabilities", family: References, severity: Warning,
    summary: "a system that lists no capability",
    stage: Estate,
}

/// How many capabilities the help line suggests.
pub const SUGGESTIONS: usize = 3;

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let mut index = None;
    for (_, system) in cx.reported_systems().filter(|(_, s)| s.capabilities.is_empty()) {
        let index = index.get_or_insert_with(|| TextIndex::capabilities(cx.model));
        let suggestions = index.rank(&system.suggestion_query(cx.model), SUGGESTIONS);
        let help = if suggestions.is_empty() {
            "list the capabilities the system implements, by id from the model's capabilities.yaml".to_string()
        } else {
            format!(
                "list the capabilities the system implements; by its name and description perhaps {}",
                listed(&suggestions)
            )
        };
        let message = format!("system `{}` lists no capability", system.id.value);
        let finding = match &system.capability_list {
            Some(list) => Finding::at(&RULE, message, list, "no capabilities"),
            None => Finding::at(&RULE, message, &system.id, "no `spec.capabilities`"),
        };
        out.push(finding.with_help(help).with_subject(system.id.value));
    }
}
