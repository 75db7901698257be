use super::live_uses;
use super::{named, successor};
use crate::diagnostic::{Finding, Severity};
use crate::model::StandardStatus;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// An interface that declares a standard the model marks `deprecated`. The severity depends on the
    /// system's lifecycle and the standard's `sunset` date:
    ///
    /// - a `live` or `retiring` system: **warning** until the sunset date, **error** after it;
    /// - a `planned` or `build` system: **error** at once (no new use of deprecated standards);
    /// - a `retired` system: nothing.
    ///
    /// The message names the successor the model gives (`supersededBy`).
    ///
    /// ## Why it matters
    /// Deprecating a standard is how the architecture council retires it without breaking running services:
    /// existing interfaces get until the sunset date to move, but nothing new may adopt it. Every new
    /// interface on a deprecated standard is one more migration later.
    ///
    /// ## Example
    /// ```yaml
    /// lifecycle: live
    /// interfaces:
    ///   - id: cis-hmrc-lookup
    ///     standards: [TRN-HTTP, SEC-TLS, MSG-SOAP]   # deprecated, sunset 2027-03-31: use MSG-REST
    /// ```
    ///
    /// ## How to fix
    /// Move the interface to the successor standard before the sunset date (both ends together), or record
    /// a waiver with a reason and an expiry date while the migration is planned.
    code: "XG201", name: "deprecated-standard", family: Interfaces, severity: Warning,
    summary: "an interface uses a deprecated standard (an error after its sunset date, or in a new system)",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (index, standard) in cx.model.standards.iter().enumerate() {
        if standard.status != StandardStatus::Deprecated {
            continue;
        }
        let past_sunset = standard.sunset.is_some_and(|d| cx.today > d);
        let sunset = standard.sunset.map(|d| d.to_string());
        let sunset = sunset.as_deref();
        for (system, interface, at) in live_uses(cx, index) {
            let lifecycle = system.lifecycle.value;
            let (severity, message, label) = if lifecycle.is_new() {
                (
                    Severity::Error,
                    format!(
                        "{} system `{}` adopts deprecated standard {} on interface `{}`{}",
                        lifecycle.as_str(),
                        system.id.value,
                        named(standard),
                        interface.id.value,
                        successor(cx.model, standard)
                    ),
                    "deprecated: no new use".to_string(),
                )
            } else if past_sunset {
                let day = sunset.unwrap_or_default();
                (
                    Severity::Error,
                    format!(
                        "interface `{}` still uses deprecated standard {}{}; its sunset date {day} has passed",
                        interface.id.value,
                        named(standard),
                        successor(cx.model, standard)
                    ),
                    format!("sunset {day}"),
                )
            } else {
                let until = sunset.map(|d| format!("; sunset {d}")).unwrap_or_default();
                (
                    Severity::Warning,
                    format!(
                        "interface `{}` uses deprecated standard {}{}{until}",
                        interface.id.value,
                        named(standard),
                        successor(cx.model, standard)
                    ),
                    sunset.map_or_else(|| "deprecated".to_string(), |d| format!("deprecated, sunset {d}")),
                )
            };
            let target = standard
                .superseded_by
                .as_deref()
                .map_or_else(|| "a current standard of the same category".to_string(), |id| format!("`{id}`"));
            let help = match (lifecycle.is_new(), sunset) {
                (true, _) => {
                    format!("design the interface on {target} instead: new systems may not adopt deprecated standards")
                }
                (false, Some(d)) if !past_sunset => format!(
                    "plan the move to {target} with the other end before {d}, or record a waiver with a reason and an expiry date"
                ),
                _ => format!(
                    "move the interface to {target} with the other end, or record a waiver with a reason and an expiry date"
                ),
            };
            let mut finding = Finding::at(&RULE, message, at, label).with_subject(system.id.value).with_help(help);
            finding.severity = severity;
            out.push(finding);
        }
    }
}
