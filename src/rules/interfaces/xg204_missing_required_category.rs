use crate::diagnostic::{Finding, Label};
use crate::estate::{InterfaceField, Lifecycle};
use crate::model::StandardStatus;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface that declares no usable standard (one that is known and not retired) of a category the
    /// model marks `requiredOnInterfaces` — in the 2.0.0 model, transport (`TRN-*`) and security (`SEC-*`).
    /// The finding points at the interface's `standards` list.
    ///
    /// ## Why it matters
    /// Required categories are the minimum an interface must agree on to be connected safely: how the bytes
    /// travel and how they are protected. An interface without an approved security standard may be sending
    /// citizens' data in the clear.
    ///
    /// ## Example
    /// ```yaml
    /// interfaces:
    ///   - id: vehicle-enquiry
    ///     standards: [TRN-HTTP, MSG-REST, DAT-UTF8]   # no SEC-*: add SEC-TLS
    /// ```
    ///
    /// ## How to fix
    /// Add the standard the interface actually uses for that category (for security, usually `SEC-TLS`); if
    /// it uses none, fix the interface before declaring it.
    code: "XG204", name: "missing-required-category", family: Interfaces, severity: Error,
    summary: "an interface declares no standard of a category every interface must have",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let required: Vec<_> = cx.model.categories.iter().filter(|c| c.required_on_interfaces).collect();
    if required.is_empty() {
        return;
    }
    for (_, system) in cx.reported_systems() {
        if system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        // An interface with no standard at all is XG206's, which names what it needs.
        for interface in system.interfaces.iter().filter(|f| !f.standards.is_empty()) {
            // An unknown standard is reported by XG102; it might be of the category, so it does not count
            // against the interface here.
            let known: Vec<_> = interface.standards.iter().map(|s| (s, cx.model.standard(s.value))).collect();
            if known.iter().any(|(_, s)| s.is_none()) {
                continue;
            }
            for category in &required {
                let has = known
                    .iter()
                    .any(|(_, s)| s.is_some_and(|s| s.category == category.id && s.status != StandardStatus::Retired));
                if has {
                    continue;
                }
                let examples: Vec<String> = cx
                    .model
                    .standards
                    .iter()
                    .filter(|s| s.category == category.id && s.status == StandardStatus::Mandatory)
                    .map(|s| format!("`{}`", s.id))
                    .collect();
                let suggestion = if examples.is_empty() {
                    format!("a current `{}-*` standard", category.id)
                } else {
                    format!("e.g. {}", examples.join(" or "))
                };
                // Labelled on the first standard, but about the list as a whole.
                let (span, path) = match interface.standards.first() {
                    Some(first) => (first.span, interface.path(InterfaceField::StandardList)),
                    None => (interface.id.span, interface.id.path),
                };
                out.push(
                    Finding::new(
                        &RULE,
                        format!(
                            "interface `{}` declares no {} standard (`{}`), which every interface must have",
                            interface.id.value,
                            category.name.to_lowercase(),
                            category.id
                        ),
                        Label::new(span, format!("no `{}-*` standard here", category.id)),
                    )
                    .with_subject(system.id.value)
                    .with_pointer(path.pointer())
                    .with_help(format!(
                        "add the {} standard the interface uses ({suggestion})",
                        category.name.to_lowercase()
                    )),
                );
            }
        }
    }
}
