use super::live_uses;
use super::{named, successor};
use crate::diagnostic::Finding;
use crate::model::StandardStatus;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface of a system that is not itself `retired` declares a standard the model marks `retired`.
    ///
    /// ## Why it matters
    /// A retired standard is past its sunset: the model no longer supports it, suppliers may not, and the
    /// other end of the interface may already have moved on. Unlike a deprecated standard there is no grace
    /// period left.
    ///
    /// ## Example
    /// ```yaml
    /// interfaces:
    ///   - id: signals
    ///     standards: [TRN-IPV4, SEC-TLS, MSG-X400]   # retired: use MSG-SMTP
    /// ```
    ///
    /// ## How to fix
    /// Move the interface to the successor named in the message, or mark the system `retired` if it no
    /// longer runs. A waiver needs a reason and an expiry date.
    code: "XG202", name: "retired-standard", family: Interfaces, severity: Error,
    summary: "an interface uses a standard the model has retired",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (index, standard) in cx.model.standards.iter().enumerate() {
        if standard.status != StandardStatus::Retired {
            continue;
        }
        for (system, interface, at) in live_uses(cx, index) {
            let target = standard
                .superseded_by
                .as_deref()
                .map_or_else(|| "a current standard of the same category".to_string(), |id| format!("`{id}`"));
            out.push(
                Finding::at(
                    &RULE,
                    format!(
                        "interface `{}` uses retired standard {}{}",
                        interface.id.value,
                        named(standard),
                        successor(cx.model, standard)
                    ),
                    at,
                    "retired",
                )
                .with_subject(system.id.value)
                .with_help(format!(
                    "move the interface to {target} with the other end, or mark the system `retired` if it no longer runs"
                )),
            );
        }
    }
}
