use super::live_uses;
use super::{named, usable};
use crate::diagnostic::Finding;
use crate::model::{Model, Standard, StandardStatus};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface declares a standard that is not open (`open: false`) while the model lists an open
    /// standard **for the same purpose** that may still be adopted (not deprecated or retired). The message
    /// names that open standard: the non-open standard's successor (following `supersededBy` past
    /// successors that are themselves on their way out) when it is open and of the same category; otherwise
    /// the first open standard of the same category and the same `purpose` by status (mandatory, then
    /// recommended, then emerging). A standard of the same category but another purpose is never suggested:
    /// raster images are no alternative to word-processing files.
    ///
    /// ## Why it matters
    /// Open standards keep an interface free to implement and openly governed, so either end can change
    /// supplier. A proprietary format on an interface locks every counterpart into one vendor's products,
    /// which is what the open-standards principles exist to prevent.
    ///
    /// ## Example
    /// ```yaml
    /// interfaces:
    ///   - id: returns-upload
    ///     standards: [TRN-HTTP, SEC-TLS, DOC-MSBIN]   # proprietary: DOC-ODF is open
    /// ```
    ///
    /// ## How to fix
    /// Exchange the open standard named in the message instead. No finding is raised when the model offers
    /// no open alternative for that purpose (a non-open standard with neither an open successor nor a
    /// `purpose` shared with an open one).
    code: "XG203", name: "non-open-standard", family: Interfaces, severity: Warning,
    summary: "an interface uses a non-open standard where the model lists an open one for the same purpose",
    stage: Estate,
}

/// The open standard to name instead of `standard`, if the model has one.
fn open_alternative<'m>(model: &'m Model, standard: &Standard) -> Option<&'m Standard> {
    // The successor chain, bounded by the number of standards so a cycle (XG703's business) ends.
    let mut next = standard.superseded_by.as_deref().and_then(|id| model.standard(id));
    for _ in 0..model.standards.len() {
        let Some(s) = next else { break };
        if s.category != standard.category {
            break;
        }
        if s.open && usable(s.status) {
            return Some(s);
        }
        next = s.superseded_by.as_deref().and_then(|id| model.standard(id));
    }
    let purpose = standard.purpose.as_deref()?;
    let rank = |s: StandardStatus| match s {
        StandardStatus::Mandatory => 0,
        StandardStatus::Recommended => 1,
        _ => 2,
    };
    model
        .standards
        .iter()
        .filter(|s| {
            s.open && usable(s.status) && s.category == standard.category && s.purpose.as_deref() == Some(purpose)
        })
        .min_by(|a, b| rank(a.status).cmp(&rank(b.status)).then_with(|| a.id.cmp(&b.id)))
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (index, standard) in cx.model.standards.iter().enumerate() {
        if standard.open {
            continue;
        }
        let Some(open) = open_alternative(cx.model, standard) else { continue };
        for (system, interface, at) in live_uses(cx, index) {
            out.push(
                Finding::at(
                    &RULE,
                    format!(
                        "interface `{}` uses non-open standard {} where open standard {} exists",
                        interface.id.value,
                        named(standard),
                        named(open)
                    ),
                    at,
                    "not an open standard",
                )
                .with_subject(system.id.value)
                .with_help(format!("exchange `{}` ({}) instead", open.id, open.status.as_str())),
            );
        }
    }
}
