use super::kind_named;
use crate::diagnostic::Finding;
use crate::estate::{InfraSource, Lifecycle};
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system that declares `bespoke:<name>` for an infrastructure kind that a live common component of
    /// the model serves (mandated, recommended or emerging). The message names the component, preferring a
    /// mandated one, then recommended, then emerging (then the smallest id) — so for `identity` it names
    /// `one-login`, not the deprecated `government-gateway`. A kind served only by deprecated or retired
    /// components (such as `network`, served by the deprecated `psn`) is not reported: moving onto a
    /// component on its way out is no advice, and XG403 counts such a kind as a candidate instead. Retired
    /// systems are skipped.
    ///
    /// ## Why it matters
    /// Prioritising common infrastructure is the second purpose of the reference model. Every bespoke
    /// identity store, notification service or payment page is one more to secure, run and pay for, and
    /// citizens meet a different login for each.
    ///
    /// ## Example
    /// ```yaml
    /// infrastructure:
    ///   - kind: identity
    ///     uses: bespoke:dwp-pension-credit-login   # common:one-login serves identity
    /// ```
    ///
    /// ## How to fix
    /// Plan the move to the common component (`uses: common:<id>`); if it cannot serve the system yet, record
    /// a waiver with the reason and an expiry date.
    code: "XG401", name: "bespoke-where-common-exists", family: Infrastructure, severity: Warning,
    summary: "bespoke infrastructure of a kind a common component already serves",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (k, kind) in cx.model.kinds.iter().enumerate() {
        let k = k as u32;
        let Some(component) = cx.model.preferred_component(cx.graph.components_serving_kind(k)) else { continue };
        for (s, pos) in cx.graph.bespoke_users(k) {
            let system = &cx.estate.systems[s as usize];
            if system.lifecycle.value == Lifecycle::Retired {
                continue;
            }
            let usage = &system.infrastructure[pos as usize];
            let InfraSource::Bespoke(name) = &usage.uses.value else { continue };
            out.push(
                Finding::at(
                    &RULE,
                    format!(
                        "`{}` uses bespoke `{name}` for {} while common component `{}` ({}, {}) serves it",
                        system.id.value,
                        kind_named(kind),
                        component.id,
                        component.name,
                        component.status.as_str()
                    ),
                    &usage.uses,
                    format!("use `common:{}`", component.id),
                )
                .with_subject(&system.id.value)
                .with_help(format!(
                    "plan the move to `uses: common:{}`, or record a waiver with the reason and an expiry date",
                    component.id
                )),
            );
        }
    }
}
