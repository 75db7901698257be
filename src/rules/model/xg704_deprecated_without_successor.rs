use super::ModelCheckContext;
use crate::diagnostic::Finding;
use crate::model::path::{Element, Field};
use crate::model::{ComponentStatus, StandardStatus};

declare_rule! {
    /// ## What it finds
    /// A standard or common component whose status is `deprecated` or `retired` but that names no
    /// `supersededBy`.
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
    /// Add `supersededBy: <id>` naming the successor. If there truly is none, say so in the `description`
    /// and accept the warning.
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
        if matches!(s.status, StandardStatus::Deprecated | StandardStatus::Retired) && s.superseded_by.is_none() {
            push(Element::Standard(i), "standard", &s.id, s.status.as_str());
        }
    }
    for (i, c) in m.components.iter().enumerate() {
        if matches!(c.status, ComponentStatus::Deprecated | ComponentStatus::Retired) && c.superseded_by.is_none() {
            push(Element::Component(i), "component", &c.id, c.status.as_str());
        }
    }
}
