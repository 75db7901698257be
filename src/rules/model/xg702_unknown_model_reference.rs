use super::ModelCheckContext;
use crate::diagnostic::Finding;
use crate::diagnostic::did_you_mean;
use crate::model::path::{Element, Field, ModelPath};

declare_rule! {
    /// ## What it finds
    /// An id inside the reference model that names nothing in it: a capability's `parent`, a standard's
    /// `category` or `supersededBy`, a component's `supersededBy`, `capabilities` or `kinds`, a data entity's
    /// `marking`, a marking level's `mapsTo` (which must name a level of the current scheme), or the markings'
    /// `current` scheme.
    ///
    /// ## Why it matters
    /// Descriptors are linted through these links: a superseded standard's successor is what the help text
    /// recommends, a component's capabilities decide where it should have been used, `mapsTo` makes legacy
    /// markings comparable. A dangling link makes those rules silently wrong for every department.
    ///
    /// ## Example
    /// ```yaml
    /// standards:
    ///   - id: MSG-SOAP
    ///     status: deprecated
    ///     supersededBy: MSG-RESTFUL     # no such standard
    /// ```
    ///
    /// ## How to fix
    /// Correct the id (the help suggests close matches), or add the missing element to the model.
    code: "XG702", name: "unknown-model-reference", family: Model, severity: Error,
    summary: "a link inside the reference model names an id the model does not define",
    stage: Model,
}

struct Ref<'a> {
    path: ModelPath,
    id: &'a str,
    what: &'static str,
}

fn report<'a>(
    cx: &ModelCheckContext<'_>,
    r: Ref<'_>,
    candidates: impl Iterator<Item = &'a str>,
    out: &mut Vec<Finding>,
) {
    let suggestions = did_you_mean(r.id, candidates);
    let help = match suggestions.first() {
        Some(s) => format!("did you mean `{s}`? or add `{}` to the model", r.id),
        None => format!("correct the id, or add `{}` to the model", r.id),
    };
    out.push(
        Finding::at(
            &RULE,
            format!("unknown {} `{}`", r.what, r.id),
            &cx.docs.locate(r.path),
            "not defined in the model",
        )
        .with_help(help),
    );
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    let m = cx.model;
    for (i, c) in m.capabilities.iter().enumerate() {
        if let Some(parent) = c.parent.as_deref()
            && m.capability(parent).is_none()
        {
            let r = Ref { path: Element::Capability(i).at(Field::Parent), id: parent, what: "parent capability" };
            report(cx, r, m.capabilities.iter().map(|c| c.id.as_str()), out);
        }
    }
    for (i, s) in m.standards.iter().enumerate() {
        if m.category(&s.category).is_none() {
            let r = Ref { path: Element::Standard(i).at(Field::Category), id: &s.category, what: "category" };
            report(cx, r, m.categories.iter().map(|c| c.id.as_str()), out);
        }
        if let Some(next) = s.superseded_by.as_deref()
            && m.standard(next).is_none()
        {
            let r = Ref { path: Element::Standard(i).at(Field::SupersededBy), id: next, what: "successor standard" };
            report(cx, r, m.standards.iter().map(|c| c.id.as_str()), out);
        }
    }
    for (i, c) in m.components.iter().enumerate() {
        if let Some(next) = c.superseded_by.as_deref()
            && m.component(next).is_none()
        {
            let r = Ref { path: Element::Component(i).at(Field::SupersededBy), id: next, what: "successor component" };
            report(cx, r, m.components.iter().map(|c| c.id.as_str()), out);
        }
        for (j, cap) in c.capabilities.iter().enumerate() {
            if m.capability(cap).is_none() {
                let r = Ref { path: Element::Component(i).at(Field::Capability(j)), id: cap, what: "capability" };
                report(cx, r, m.capabilities.iter().map(|c| c.id.as_str()), out);
            }
        }
        for (j, kind) in c.kinds.iter().enumerate() {
            if m.kind(kind).is_none() {
                let r = Ref { path: Element::Component(i).at(Field::Kind(j)), id: kind, what: "infrastructure kind" };
                report(cx, r, m.kinds.iter().map(|c| c.id.as_str()), out);
            }
        }
    }
    for (i, e) in m.entities.iter().enumerate() {
        if let Some(marking) = e.marking.as_deref()
            && m.marking(marking).is_none()
        {
            let r = Ref { path: Element::Entity(i).at(Field::Marking), id: marking, what: "marking" };
            report(cx, r, m.marking_ids(), out);
        }
    }
    let current = m.schemes.iter().find(|s| s.id == m.current_scheme);
    match current {
        None => {
            let r = Ref { path: ModelPath::CurrentScheme, id: &m.current_scheme, what: "marking scheme" };
            report(cx, r, m.schemes.iter().map(|s| s.id.as_str()), out);
        }
        Some(current) => {
            for (s, scheme) in m.schemes.iter().enumerate() {
                for (l, level) in scheme.levels.iter().enumerate() {
                    if let Some(to) = level.maps_to.as_deref()
                        && !current.levels.iter().any(|c| c.id == to)
                    {
                        let r = Ref {
                            path: Element::Level { scheme: s, level: l }.at(Field::MapsTo),
                            id: to,
                            what: "current-scheme marking",
                        };
                        report(cx, r, current.levels.iter().map(|c| c.id.as_str()), out);
                    }
                }
            }
        }
    }
}
