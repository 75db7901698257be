use crate::diagnostic::{Finding, Label};
use crate::estate::Lifecycle;
use crate::graph::Node;
use crate::rules::RuleContext;
use crate::rules::references::xg107_unknown_counterpart::department_of;

declare_rule! {
    /// ## What it finds
    /// An interface that carries personal data (a data entity the model marks `personal: true`) to or from
    /// another department's system, or an `external:` party, and gives no `legalBasis`. Each end of an
    /// interface is its own declaration, so each end without a legal basis is reported; the other end is
    /// labelled when it is in the estate.
    ///
    /// ## Why it matters
    /// Sharing personal data between organisations needs a lawful basis under data-protection law (a
    /// statutory gateway, a data-sharing agreement). An interface that cannot name one is either undocumented
    /// or unlawful, and either way the department cannot show its compliance.
    ///
    /// ## Example
    /// ```yaml
    /// - id: nhs-charging
    ///   counterpart: nhs.spine
    ///   data: [DE-PERSON, DE-CASE]    # personal data, and no legalBasis
    /// ```
    ///
    /// ## How to fix
    /// Add `legalBasis:` naming the statute or agreement that allows the sharing; if there is none, stop
    /// sharing the personal data.
    code: "XG502", name: "personal-data-without-legal-basis", family: Assurance, severity: Error,
    summary: "personal data shared with another department or an external party with no `legalBasis`",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let g = cx.graph;
    for (s, system) in cx.estate.systems.iter().enumerate() {
        if system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        for (k, interface) in system.interfaces.iter().enumerate() {
            if interface.legal_basis.as_ref().is_some_and(|l| !l.value.trim().is_empty()) {
                continue;
            }
            let personal: Vec<_> =
                interface.data.iter().filter(|d| cx.model.entity(d.value).is_some_and(|e| e.personal)).collect();
            let Some(&first) = personal.first() else { continue };
            // Who is on the other side: another department's system, an external party, or (unresolved) the
            // department named by the counterpart id.
            let counterpart = g.interfaces_of(s as u32).find(|(i, _)| *i == k as u32).map(|(_, n)| g.node(n));
            let other_department = match counterpart {
                Some(Node::System(o)) => Some(cx.estate.systems[o as usize].department.as_str()),
                Some(Node::External(_)) => None,
                _ => interface.counterpart_system().map(|id| department_of(id.as_str())),
            };
            if other_department == Some(system.department.as_str()) {
                continue;
            }
            // Labelled in this system and at the other end (a system of the estate).
            let other_reported = matches!(counterpart, Some(Node::System(o)) if cx.reports_system(o));
            if !cx.reports_system(s as u32) && !other_reported {
                continue;
            }
            let party = match other_department {
                Some(d) => format!("department `{d}`"),
                None => "an external party".to_string(),
            };
            let ids: Vec<String> = personal.iter().map(|d| format!("`{}`", d.value)).collect();
            let mut finding = Finding::at(
                &RULE,
                format!(
                    "interface `{}` shares personal data ({}) with {party} (`{}`) and gives no legal basis",
                    interface.id.value,
                    ids.join(", "),
                    interface.counterpart.value
                ),
                first,
                "personal data",
            )
            .with_subject(system.id.value)
            .with_help("add `legalBasis:` naming the statute or data-sharing agreement that allows it, or stop sharing the personal data");
            if let Some((_, _, there)) = g.other_end(cx.estate, s as u32, k as u32) {
                let text =
                    if there.legal_basis.is_some() { "the other end gives a legal basis" } else { "the other end" };
                finding = finding.with_related(Label::new(there.id.span, text));
            }
            out.push(finding);
        }
    }
}
