use crate::diagnostic::{Finding, Severity};
use crate::estate::Lifecycle;
use crate::model::ComponentStatus;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system that uses `common:<id>` where the model marks the component `deprecated` (a **warning**) or
    /// `retired` (an **error**). A `planned` or `build` system taking up a deprecated component is an error
    /// too: no new use. The message names the successor (`supersededBy`) when the model gives one. Retired
    /// systems are skipped.
    ///
    /// ## Why it matters
    /// A deprecated component is on its way out: its users must move before it closes. A retired component
    /// no longer exists, so the descriptor is out of date or the system depends on something unsupported.
    ///
    /// ## Example
    /// ```yaml
    /// infrastructure:
    ///   - kind: identity
    ///     uses: common:government-gateway   # deprecated: use common:one-login
    /// ```
    ///
    /// ## How to fix
    /// Move to the successor component; for a retired component with no successor, choose the common
    /// component that now serves the kind, or correct the descriptor.
    code: "XG402", name: "deprecated-component-in-use", family: Infrastructure, severity: Warning,
    summary: "a system uses a common component that is deprecated (warning) or retired (error)",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (c, component) in cx.model.components.iter().enumerate() {
        let retired = match component.status {
            ComponentStatus::Deprecated => false,
            ComponentStatus::Retired => true,
            _ => continue,
        };
        let successor = component.superseded_by.as_deref().and_then(|id| cx.model.component(id));
        for (s, pos) in cx.graph.component_users(c as u32) {
            let system = &cx.estate.systems[s as usize];
            let lifecycle = system.lifecycle.value;
            if lifecycle == Lifecycle::Retired || !cx.reports_system(s) {
                continue;
            }
            let usage = &system.infrastructure[pos as usize];
            let status = component.status.as_str();
            let then = match successor {
                Some(n) => format!(", superseded by `{}` ({})", n.id, n.name),
                None => String::new(),
            };
            let message = if lifecycle.is_new() && !retired {
                format!(
                    "{} system `{}` takes up deprecated common component `{}` ({}){then}",
                    lifecycle.as_str(),
                    system.id.value,
                    component.id,
                    component.name
                )
            } else {
                format!(
                    "`{}` uses {status} common component `{}` ({}){then}",
                    system.id.value, component.id, component.name
                )
            };
            let help = match (successor, retired) {
                (Some(n), _) => format!("move `{}` to `common:{}`", usage.kind.value, n.id),
                (None, false) => format!(
                    "plan the move of `{}` off `{}` before it closes; the model names no successor yet",
                    usage.kind.value, component.id
                ),
                (None, true) => format!(
                    "`{}` no longer runs: correct the descriptor to what serves `{}` today",
                    component.id, usage.kind.value
                ),
            };
            let mut finding =
                Finding::at(&RULE, message, &usage.uses, status).with_subject(system.id.value).with_help(help);
            if retired || lifecycle.is_new() {
                finding.severity = Severity::Error;
            }
            out.push(finding);
        }
    }
}
