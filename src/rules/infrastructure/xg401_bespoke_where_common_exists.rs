use std::collections::BTreeMap;

use super::kind_named;
use crate::diagnostic::{Finding, Label};
use crate::estate::{InfraSource, Lifecycle};
use crate::rules::RuleContext;
use crate::rules::duplication::{count, one_per_system, smallest_ids};

declare_rule! {
    /// ## What it finds
    /// Bespoke infrastructure (`uses: bespoke:<name>`) of a kind that a live common component of the model
    /// serves (mandated, recommended or emerging). The message names the component, preferring a mandated
    /// one, then recommended, then emerging (then the smallest id) — so for `identity` it names `one-login`,
    /// not the deprecated `government-gateway`. A kind served only by deprecated or retired components (such
    /// as `network`, served by the deprecated `psn`) is not reported: moving onto a component on its way out
    /// is no advice, and XG403 counts such a kind as a candidate instead. Retired systems are skipped.
    ///
    /// **One finding per bespoke service of a department**, not one per system: the systems of one
    /// department that name the same `bespoke:<name>` for a kind use one shared internal platform, which is
    /// one build to move, however many systems use it. When a system of that department is the platform
    /// itself (its id is `<name>` or `<department>.<name>`), the finding is placed at that provider (its own
    /// entry for the kind, else its id) and lists the consumers; otherwise it is placed at the consumer with
    /// the smallest id. Every consumer's entry is labelled.
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
    /// a waiver with the reason and an expiry date. A department platform is moved once, at its provider.
    code: "XG401", name: "bespoke-where-common-exists", family: Infrastructure, severity: Warning,
    summary: "bespoke infrastructure of a kind a common component already serves",
    stage: Estate,
}

/// Consumers named in a grouped message before "and N more".
const NAMED_CONSUMERS: usize = 8;

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    for (k, kind) in cx.model.kinds.iter().enumerate() {
        let k = k as u32;
        let Some(component) = cx.model.preferred_component(cx.graph.components_serving_kind(k)) else { continue };
        // (department, bespoke name) → (system, position of its entry), in estate order.
        let mut groups: BTreeMap<(u32, &str), Vec<(u32, u32)>> = BTreeMap::new();
        for (s, pos) in cx.graph.bespoke_users(k) {
            let system = &cx.estate.systems[s as usize];
            if system.lifecycle.value == Lifecycle::Retired {
                continue;
            }
            let InfraSource::Bespoke(name) = &system.infrastructure[pos as usize].uses.value else { continue };
            groups.entry((cx.graph.department_of(s), name.as_str())).or_default().push((s, pos));
        }
        let common = format!("common component `{}` ({}, {})", component.id, component.name, component.status.as_str());
        for ((d, name), mut users) in groups {
            one_per_system(&mut users);
            let department = cx.graph.department_id(cx.estate, d);
            let provider = provider_of(cx, d, department, name);
            if !users.iter().chain(&provider.map(|p| (p, 0))).any(|&(s, _)| cx.reports_system(s)) {
                continue;
            }
            let consumers: Vec<(u32, u32)> = users.iter().copied().filter(|&(s, _)| Some(s) != provider).collect();
            if provider.is_none() && consumers.len() == 1 {
                let (s, pos) = consumers[0];
                out.push(single(cx, kind, &common, component.id.as_str(), s, pos, name));
                continue;
            }
            out.push(grouped(cx, kind, &common, component.id.as_str(), department, name, provider, &users, &consumers));
        }
    }
}

/// The system of department `d` that is the bespoke service itself: id `<name>` or `<department>.<name>`.
fn provider_of(cx: &RuleContext<'_>, d: u32, department: &str, name: &str) -> Option<u32> {
    [name.to_string(), format!("{department}.{name}")].iter().find_map(|id| {
        let s = cx.estate.system_position(id)? as u32;
        let live = cx.estate.systems[s as usize].lifecycle.value != Lifecycle::Retired;
        (live && cx.graph.department_of(s) == d).then_some(s)
    })
}

fn single(
    cx: &RuleContext<'_>,
    kind: &crate::model::InfraKind,
    common: &str,
    component: &str,
    s: u32,
    pos: u32,
    name: &str,
) -> Finding {
    let system = &cx.estate.systems[s as usize];
    let usage = &system.infrastructure[pos as usize];
    Finding::at(
        &RULE,
        format!("`{}` uses bespoke `{name}` for {} while {common} serves it", system.id.value, kind_named(kind)),
        &usage.uses,
        format!("use `common:{component}`"),
    )
    .with_subject(system.id.value)
    .with_help(format!(
        "plan the move to `uses: common:{component}`, or record a waiver with the reason and an expiry date"
    ))
}

#[allow(clippy::too_many_arguments)]
fn grouped(
    cx: &RuleContext<'_>,
    kind: &crate::model::InfraKind,
    common: &str,
    component: &str,
    department: &str,
    name: &str,
    provider: Option<u32>,
    users: &[(u32, u32)],
    consumers: &[(u32, u32)],
) -> Finding {
    let shown = smallest_ids(cx.estate, consumers, cx.options.max_related_labels.max(NAMED_CONSUMERS));
    let ids: Vec<&str> = shown.iter().map(|&(s, _)| cx.estate.systems[s as usize].id.as_str()).collect();
    let mut listed = ids.iter().take(NAMED_CONSUMERS).map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
    if consumers.len() > NAMED_CONSUMERS {
        listed.push_str(&format!(" and {} more", consumers.len() - NAMED_CONSUMERS));
    }
    let used_by = count(consumers.len(), "system", "systems");
    let help = format!(
        "plan one move of `{name}` to `common:{component}` for all its consumers, or record one waiver with the reason and an expiry date"
    );
    let mut finding = match provider {
        Some(p) => {
            let system = &cx.estate.systems[p as usize];
            let message = format!(
                "`{}` provides bespoke `{name}` for {} to {used_by} of `{department}` ({listed}) while {common} serves it",
                system.id.value,
                kind_named(kind)
            );
            let label = format!("one department platform: move it to `common:{component}` once");
            // The provider's own entry for the kind, else its id.
            match users.iter().find(|&&(s, _)| s == p) {
                Some(&(_, pos)) => Finding::at(&RULE, message, &system.infrastructure[pos as usize].uses, label),
                None => Finding::at(&RULE, message, &system.id, label),
            }
            .with_subject(system.id.as_str())
        }
        None => {
            let (s, pos) = shown[0];
            let system = &cx.estate.systems[s as usize];
            Finding::at(
                &RULE,
                format!(
                    "`{department}` runs bespoke `{name}` for {} as one platform used by {used_by} ({listed}) while {common} serves it",
                    kind_named(kind)
                ),
                &system.infrastructure[pos as usize].uses,
                format!("`{}` and {} more use it", system.id.value, consumers.len() - 1),
            )
            .with_subject(system.id.as_str())
        }
    }
    .with_help(help);
    let skip_first = provider.is_none();
    for &(s, pos) in shown.iter().skip(usize::from(skip_first)).take(cx.options.max_related_labels) {
        let system = &cx.estate.systems[s as usize];
        finding = finding.with_related(Label::new(
            system.infrastructure[pos as usize].uses.span,
            format!("`{}` uses it", system.id.value),
        ));
    }
    finding
}
