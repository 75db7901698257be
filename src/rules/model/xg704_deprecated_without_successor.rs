use super::ModelCheckContext;
use crate::diagnostic::Finding;
use crate::model::path::{Element, Field};
use crate::model::{ComponentStatus, StandardStatus};

declare_rule! {
    /// ## What it finds
    /// A standard or common component whose status is `deprecated` or `retired` but that names no
    /// `supersededBy`. A **retirement recorded without a successor** is not reported: a retired standard
    /// whose last history entry (the retirement) has a `note` saying why nothing replaced it, or a retired
    /// component with its `retired` date and a `source`. Something still deprecated always needs a
    /// successor: departments are still moving off it.
    ///
    /// ## Why it matters
    /// Deprecating something tells every department to move off it; the successor is where to. Without one,
    /// the lint findings for each use of it can only say "stop", and departments each pick a different
    /// replacement, which is the duplication the model exists to prevent.
    ///
    /// ## Example
    /// ```yaml
    /// standards:
    ///   - id: TRN-FTP
    ///     status: deprecated
    ///     # no supersededBy
    /// ```
    ///
    /// ## How to fix
    /// Add `supersededBy: <id>` naming the successor. If a retired standard or component truly has none,
    /// record the retirement: a `note` on the standard's retirement in `history`, or `retired:` and
    /// `source:` on the component.
    code: "XG704", name: "deprecated-without-successor", family: Model, severity: Warning,
    summary: "a deprecated or retired standard or component names no successor",
    stage: Model,
}

pub fn check(cx: &ModelCheckContext<'_>, out: &mut Vec<Finding>) {
    let m = cx.model;
    let mut push = |element: Element, what: &str, id: &str, status: &str| {
        out.push(
            Finding::at(
                &RULE,
                format!("{what} `{id}` is {status} but names no successor"),
                &cx.docs.locate(element.at(Field::Status)),
                format!("{status} without `supersededBy`"),
            )
            .with_help(format!("add `supersededBy: <id>` naming what departments should use instead of `{id}`")),
        );
    };
    for (i, s) in m.standards.iter().enumerate() {
        let recorded = s.status == StandardStatus::Retired
            && s.history.last().is_some_and(|h| h.status == StandardStatus::Retired && h.note.is_some());
        if matches!(s.status, StandardStatus::Deprecated | StandardStatus::Retired)
            && s.superseded_by.is_none()
            && !recorded
        {
            push(Element::Standard(i), "standard", &s.id, s.status.as_str());
        }
    }
    for (i, c) in m.components.iter().enumerate() {
        let recorded = c.status == ComponentStatus::Retired && c.retired.is_some() && c.source.is_some();
        if matches!(c.status, ComponentStatus::Deprecated | ComponentStatus::Retired)
            && c.superseded_by.is_none()
            && !recorded
        {
            push(Element::Component(i), "component", &c.id, c.status.as_str());
        }
    }
}
