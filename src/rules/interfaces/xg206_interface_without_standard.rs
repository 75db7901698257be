use crate::diagnostic::Finding;
use crate::estate::{InterfaceField, Lifecycle};
use crate::model::suggest::{TextIndex, listed};
use crate::model::{Standard, StandardStatus};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface whose `standards` list is empty or missing: a descriptor still being written, or one
    /// imported from a catalogue whose protocol has no standard in the model (a database connection, a queue).
    /// The help line names the standards every interface needs (the mandatory ones of the categories the
    /// model marks `requiredOnInterfaces`) and those whose words match the interface's id and counterpart.
    ///
    /// ## Why it matters
    /// Interface standards are checked for status, openness and required categories; an interface that names
    /// none escapes every one of those checks (XG204 stays silent about it until one is listed).
    ///
    /// ## Example
    /// ```yaml
    /// interfaces:
    ///   - id: claims-api
    ///     direction: provides
    ///     counterpart: external:claimants
    ///     standards: []   # e.g. TRN-HTTP, SEC-TLS, MSG-REST
    /// ```
    ///
    /// ## How to fix
    /// List the standards the interface uses, by id from the model's standards.yaml.
    code: "XG206", name: "interface-without-standard", family: Interfaces, severity: Warning,
    summary: "an interface that lists no standard",
    stage: Estate,
}

/// How many standards the help line suggests by the interface's words.
const SUGGESTIONS: usize = 3;

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let required: Vec<&Standard> = cx
        .model
        .categories
        .iter()
        .filter(|c| c.required_on_interfaces)
        .filter_map(|c| cx.model.standards.iter().find(|s| s.category == c.id && s.status == StandardStatus::Mandatory))
        .collect();
    let mut index = None;
    for (_, system) in cx.reported_systems().filter(|(_, s)| s.lifecycle.value != Lifecycle::Retired) {
        for interface in system.interfaces.iter().filter(|f| f.standards.is_empty()) {
            let index = index.get_or_insert_with(|| TextIndex::standards(cx.model));
            let words = format!("{} {}", interface.id.value, interface.counterpart.value.name());
            let mut matched = index.rank(&words, SUGGESTIONS + required.len());
            matched.retain(|m| required.iter().all(|r| r.id != m.id));
            matched.truncate(SUGGESTIONS);
            let mut help = "list the standards the interface uses".to_string();
            if !required.is_empty() {
                let named: Vec<String> = required.iter().map(|s| format!("`{}` ({})", s.id, s.name)).collect();
                help.push_str(&format!("; every interface needs {}", named.join(" and ")));
            }
            if !matched.is_empty() {
                help.push_str(&format!("; by its name perhaps {}", listed(&matched)));
            }
            out.push(
                Finding::at(
                    &RULE,
                    format!("interface `{}` lists no standard", interface.id.value),
                    &interface.id,
                    "no standards",
                )
                .with_pointer(interface.path(InterfaceField::StandardList).pointer())
                .with_help(help)
                .with_subject(system.id.value),
            );
        }
    }
}
