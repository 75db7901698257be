use std::collections::BTreeMap;

use super::{percent, supplier_named, suppliers};
use crate::diagnostic::{Finding, Label};
use crate::estate::Lifecycle;
use crate::money::gbp;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// One supplier holding more than a set share (`supplier-concentration-share` in `[rules]`, default 0.5)
    /// of a department's declared IT contract spend — the sum of `sourcing.annualValueGbp` over its systems
    /// that are not retired — or of the whole estate's. Departments (and estates) with fewer contracts
    /// declaring a value than `supplier-concentration-min-contracts` (default 3) are not measured. The
    /// message gives the figures; the finding sits on the supplier's largest contract and labels the others.
    ///
    /// ## Why it matters
    /// A wider supply base, including small and medium-sized enterprises, is one of the aims of the
    /// reference model. A department that depends on one supplier for most of its IT has little leverage at
    /// renewal and a single point of failure; across the estate the same concentration weakens competition
    /// for every department.
    ///
    /// ## Example
    /// Three of a department's four contracts, £4.2m of its £5m a year, are with `acme-digital`: 84%.
    ///
    /// ## How to fix
    /// Use the next contract ends (`xgea sourcing`) to split or re-compete the largest contracts, through
    /// frameworks open to SMEs; or raise the share in `xgea.toml` if the concentration is a deliberate
    /// strategic partnership.
    code: "XG803", name: "supplier-concentration", family: Sourcing, severity: Warning,
    summary: "one supplier holding more than the set share of declared IT contract spend",
    stage: Estate,
}

/// One contract: (annual value, system).
type Contract = (u64, u32);

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    // Department → supplier → contracts, and supplier → contracts over the estate.
    let mut by_department: BTreeMap<u32, BTreeMap<&str, Vec<Contract>>> = BTreeMap::new();
    let mut estate: BTreeMap<&str, Vec<Contract>> = BTreeMap::new();
    for (s, system) in cx.estate.systems.iter().enumerate() {
        if system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        let Some(sourcing) = system.sourcing.as_deref() else { continue };
        let Some(value) = sourcing.annual_value() else { continue };
        let supplier = sourcing.supplier.as_str();
        let d = cx.graph.department_of(s as u32);
        by_department.entry(d).or_default().entry(supplier).or_default().push((value, s as u32));
        estate.entry(supplier).or_default().push((value, s as u32));
    }
    let names = suppliers(cx.estate);
    let departments = by_department.len();
    for (d, groups) in &by_department {
        let department = cx.graph.department_id(cx.estate, *d);
        if let Some(f) = concentrated(cx, groups, &format!("`{department}`'s"), &names) {
            out.push(f);
        }
    }
    if departments >= 2
        && let Some(f) = concentrated(cx, &estate, "the estate's", &names)
    {
        out.push(f);
    }
}

/// The finding for the largest supplier of one group of contracts, when its share is over the threshold.
fn concentrated(
    cx: &RuleContext<'_>,
    groups: &BTreeMap<&str, Vec<Contract>>,
    whose: &str,
    names: &crate::hash::HashMap<&str, &crate::estate::Supplier>,
) -> Option<Finding> {
    let contracts: usize = groups.values().map(Vec::len).sum();
    if contracts < cx.options.supplier_concentration_min_contracts.max(1) {
        return None;
    }
    let total: u128 = groups.values().flatten().map(|&(v, _)| u128::from(v)).sum();
    if total == 0 {
        return None;
    }
    // The largest holder; ties go to the smaller id (the map is in id order and `max_by_key` keeps the last).
    let (supplier, held) = groups
        .iter()
        .map(|(id, c)| (*id, c.iter().map(|&(v, _)| u128::from(v)).sum::<u128>()))
        .rev()
        .max_by_key(|&(_, held)| held)?;
    let share = held as f64 / total as f64;
    if share <= cx.options.supplier_concentration_share {
        return None;
    }
    let mut own: Vec<Contract> = groups[supplier].clone();
    // Largest first, then estate order.
    own.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    // The finding sits on the largest contract a linted file holds; none, nothing to report here.
    let &(_, anchor) = own.iter().find(|&&(_, s)| cx.reports_system(s))?;
    let system = &cx.estate.systems[anchor as usize];
    let sourcing = system.sourcing.as_deref()?;
    let departments: std::collections::BTreeSet<u32> = own.iter().map(|&(_, s)| cx.graph.department_of(s)).collect();
    let spread = if departments.len() > 1 { format!(" in {} departments", departments.len()) } else { String::new() };
    let mut finding = Finding::at(
        &RULE,
        format!(
            "{} holds {} of {whose} declared IT contract spend ({} of {} a year, {} of {contracts} contracts{spread})",
            supplier_named(names, supplier),
            percent(held, total),
            gbp(held),
            gbp(total),
            own.len(),
        ),
        &sourcing.supplier,
        format!("largest contract with `{supplier}`"),
    )
    .with_subject(supplier)
    .with_help(format!(
        "use the next contract ends (`xgea sourcing`) to split or re-compete the largest contracts, through frameworks open to SMEs; the threshold is `supplier-concentration-share` ({}) in `xgea.toml`",
        cx.options.supplier_concentration_share
    ));
    for &(value, s) in own.iter().filter(|&&(_, s)| s != anchor).take(cx.options.max_related_labels) {
        let other = &cx.estate.systems[s as usize];
        if let Some(src) = other.sourcing.as_deref() {
            finding = finding
                .with_related(Label::new(src.supplier.span, format!("`{}`: {} a year", other.id.value, gbp(value))));
        }
    }
    Some(finding)
}
