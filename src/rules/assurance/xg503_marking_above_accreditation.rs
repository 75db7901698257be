use crate::diagnostic::{Finding, Label};
use crate::estate::{Counterpart, Lifecycle};
use crate::rules::RuleContext;
use crate::source::Span;

declare_rule! {
    /// ## What it finds
    /// Two ways an interface carries more than the ends of it may hold:
    ///
    /// - an interface whose `marking` ranks above what **its own system** is accredited for: the system's
    ///   `maxMarking`, or, when it declares none, its department's `maxMarking`;
    /// - an interface marked `SECRET` or above (by rank in the model's current scheme) whose counterpart is an
    ///   `external:` party or a system that is not in the estate, where no accreditation can be checked.
    ///
    /// Markings compare by their rank in the current scheme, so legacy GPMS markings compare through their
    /// `mapsTo`. Retired systems are skipped. XG501 checks the counterpart's accreditation; this rule checks
    /// the interface's own end and what leaves the estate.
    ///
    /// ## Why it matters
    /// A system accredited to OFFICIAL has neither the controls nor the vetted staff for SECRET material, so
    /// an interface of its own marked SECRET is either wrongly marked or a breach. SECRET and above travels
    /// only between accredited systems over accredited networks; an external party or an unknown system gives
    /// no assurance that the other end is either.
    ///
    /// ## Example
    /// ```yaml
    /// maxMarking: OFFICIAL-SENSITIVE
    /// interfaces:
    ///   - id: intelligence-feed
    ///     counterpart: external:partner-agency
    ///     marking: SECRET          # above the system's accreditation, and to an external party
    /// ```
    ///
    /// ## How to fix
    /// Correct the marking if it is wrong; otherwise carry the information only over an accredited route
    /// between systems of the estate accredited for it, and record the accreditation in `maxMarking`.
    code: "XG503", name: "marking-above-accreditation", family: Assurance, severity: Error,
    summary: "an interface is marked above its own system's accreditation, or sends SECRET or above outside the estate",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let secret = cx.model.marking("SECRET").map(|m| m.rank);
    for (s, system) in cx.estate.systems.iter().enumerate() {
        if system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        let own = limit_of(cx, s as u32);
        if !cx.reports_system(s as u32) && !own.as_ref().is_some_and(|(_, _, span)| cx.reports(*span)) {
            continue;
        }
        for interface in &system.interfaces {
            let Some(marking) = &interface.marking else { continue };
            let Some(rank) = cx.model.marking(marking.value).map(|m| m.rank) else { continue };
            if let Some((limit, whose, span)) = &own
                && cx.model.marking(limit).is_some_and(|l| rank > l.rank)
            {
                out.push(
                    Finding::at(
                        &RULE,
                        format!(
                            "interface `{}` is marked `{}`, above the `{limit}` {whose} is accredited for",
                            interface.id.value, marking.value
                        ),
                        marking,
                        format!("above `{limit}`"),
                    )
                    .with_subject(system.id.value)
                    .with_help(format!(
                        "correct the marking, or, if {whose} really is accredited for `{}`, raise its `maxMarking`",
                        marking.value
                    ))
                    .with_related(Label::new(*span, format!("`{limit}` at most"))),
                );
            }
            let outside = match &interface.counterpart.value {
                Counterpart::External(name) => Some(format!("external party `{name}`")),
                Counterpart::System(id) if cx.estate.system(id).is_none() => {
                    Some(format!("`{id}`, a system outside the estate"))
                }
                Counterpart::System(_) => None,
            };
            if let (Some(to), Some(secret)) = (outside, secret)
                && rank >= secret
            {
                out.push(
                    Finding::at(
                        &RULE,
                        format!(
                            "interface `{}` sends `{}` to {to}: SECRET or above must stay between accredited systems of the estate",
                            interface.id.value, marking.value
                        ),
                        marking,
                        "SECRET or above leaving the estate",
                    )
                    .with_subject(system.id.value)
                    .with_help(
                        "correct the marking, or describe the receiving system in the estate with its `maxMarking` so its accreditation can be checked",
                    )
                    .with_related(Label::new(interface.counterpart.span, "no accreditation to check")),
                );
            }
        }
    }
}

/// The most a system may hold: its own `maxMarking`, else its department's.
fn limit_of<'e>(cx: &RuleContext<'e>, s: u32) -> Option<(&'e str, String, Span)> {
    let system = &cx.estate.systems[s as usize];
    if let Some(m) = &system.max_marking {
        return Some((m.as_str(), format!("system `{}`", system.id.value), m.span));
    }
    let d = cx.graph.department_of(s);
    let decl = cx.graph.departments[d as usize].declared?;
    let department = &cx.estate.departments[decl as usize];
    let m = department.max_marking.as_ref()?;
    Some((m.as_str(), format!("department `{}`", department.id.value), m.span))
}
