use crate::diagnostic::Finding;
use crate::rules::RuleContext;
use crate::rules::references::unknown_id;

declare_rule! {
    /// ## What it finds
    /// A `sourcing.supplier` that no department's `suppliers` list defines. Suppliers are data: each
    /// department lists the suppliers its systems name (`id`, `name`, `sme`), and one supplier serving
    /// several departments has the same id in each list. The message suggests the closest ids.
    ///
    /// ## Why it matters
    /// Supplier shares, SME figures and concentration (XG803, `xgea sourcing`) add contracts up by supplier
    /// id: a misspelt id is a second, smaller supplier, and the figures understate the concentration.
    ///
    /// ## Example
    /// ```yaml
    /// sourcing:
    ///   supplier: acme-digtal    # the department lists acme-digital
    /// ```
    ///
    /// ## How to fix
    /// Correct the id, or add the supplier to the department's `suppliers` list.
    code: "XG806", name: "unknown-supplier", family: Sourcing, severity: Error,
    summary: "a supplier id that no department's suppliers list defines",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let known = cx.estate.supplier_index();
    let mut candidates: Vec<(&str, &str)> = known.iter().map(|(id, s)| (*id, s.name.as_str())).collect();
    candidates.sort_unstable();
    for (_, system) in cx.reported_systems() {
        let Some(sourcing) = system.sourcing.as_deref() else { continue };
        let id = sourcing.supplier.as_str();
        if known.contains_key(id) {
            continue;
        }
        out.push(
            unknown_id(
                &RULE,
                "supplier",
                id,
                &sourcing.supplier,
                candidates.iter().copied(),
                &format!("the `suppliers` list of the department descriptor of `{}`", system.department.value),
            )
            .with_subject(system.id.value),
        );
    }
}
