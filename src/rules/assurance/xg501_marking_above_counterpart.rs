use crate::diagnostic::{Finding, Label};
use crate::estate::{Department, Lifecycle};
use crate::graph::Node;
use crate::rules::RuleContext;
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// An interface whose `marking` ranks above what its counterpart may hold: the counterpart system's
    /// `maxMarking`, or, when the system declares none, its department's `maxMarking`. Markings compare by
    /// their rank in the model's current scheme, so a legacy GPMS marking (`RESTRICTED`) compares with a
    /// current one (`OFFICIAL-SENSITIVE`) through its `mapsTo`. External counterparts, and counterparts with no
    /// declared maximum, are not checked.
    ///
    /// ## Why it matters
    /// A system or organisation accredited to OFFICIAL has neither the controls nor the vetted staff for
    /// SECRET material. Sending it information above its accreditation is a security breach, whatever the
    /// interface's own protection.
    ///
    /// ## Example
    /// ```yaml
    /// - id: channel-referrals
    ///   counterpart: leeds-city-council.social-care   # Leeds holds OFFICIAL at most
    ///   marking: SECRET
    /// ```
    ///
    /// ## How to fix
    /// Reduce what the interface carries to what the counterpart may hold (or correct the marking if it is
    /// wrong); if the counterpart really is accredited higher, correct its `maxMarking`.
    code: "XG501", name: "marking-above-counterpart", family: Assurance, severity: Error,
    summary: "an interface carries a marking above what its counterpart system or department may hold",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let g = cx.graph;
    for (s, system) in cx.estate.systems.iter().enumerate() {
        if system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        for (iface, to) in g.interfaces_of(s as u32) {
            let interface = &system.interfaces[iface as usize];
            let Some(marking) = &interface.marking else { continue };
            let Node::System(other) = g.node(to) else { continue };
            let Some((limit, limit_span, declared_by)) = limit_of(cx, other) else { continue };
            // Which findings are reported is known before any marking is looked up.
            if !(cx.reports_system(s as u32) || cx.reports(limit_span)) {
                continue;
            }
            let Some(rank) = cx.model.marking(marking.value).map(|m| m.rank) else { continue };
            let Some(limit_rank) = cx.model.marking(limit).map(|m| m.rank) else { continue };
            if rank <= limit_rank {
                continue;
            }
            let counterpart = &cx.estate.systems[other as usize];
            let whose = match declared_by {
                Some(department) => format!("department `{}`", department.id.value),
                None => format!("system `{}`", counterpart.id.value),
            };
            let finding = Finding::at(
                &RULE,
                format!(
                    "interface `{}` carries `{}` to `{}`, but {whose} may hold `{limit}` at most",
                    interface.id.value, marking.value, counterpart.id.value
                ),
                marking,
                format!("above `{limit}`"),
            )
            .with_subject(system.id.value)
            .with_help(format!(
                "send `{}` no more than `{limit}` (or correct the marking); if {whose} is accredited higher, correct its `maxMarking`",
                counterpart.id.value
            ))
            .with_related(Label::new(limit_span, format!("`{limit}` at most")));
            out.push(finding);
        }
    }
}

/// The marking `other` may hold at most and where that is declared: its own `maxMarking` (no department),
/// else its department's (that department).
fn limit_of<'e>(cx: &RuleContext<'e>, other: u32) -> Option<(&'e str, Span, Option<&'e Department>)> {
    let counterpart = &cx.estate.systems[other as usize];
    if let Some(m) = &counterpart.max_marking {
        return Some((m.as_str(), m.span, None));
    }
    let declared = cx.graph.departments[cx.graph.department_of(other) as usize].declared?;
    let department = &cx.estate.departments[declared as usize];
    let m = department.max_marking.as_ref()?;
    Some((m.as_str(), m.span, Some(department)))
}
