use super::{supplier_named, suppliers};
use crate::diagnostic::Finding;
use crate::estate::Lifecycle;
use crate::rules::RuleContext;

declare_rule! {
    /// ## What it finds
    /// A system supplied by one supplier (a `sourcing` block) that could not be re-competed as it stands:
    /// one of its interfaces uses a standard the model marks as not open (`open: false`), or the department
    /// declares proprietary lock-in (`sourcing.lockIn: true`). One finding per system, on the first non-open
    /// standard (else on the declaration). Retired systems are skipped.
    ///
    /// ## Why it matters
    /// Competition at contract end needs another supplier to be able to take the system over: data and
    /// interfaces on open standards, and no proprietary lock-in. A closed interface makes the incumbent the
    /// only bidder, however the procurement is run.
    ///
    /// ## Example
    /// ```yaml
    /// interfaces:
    ///   - id: to-ledger
    ///     standards: [MSG-PROPRIETARY]   # open: false in the model
    /// sourcing:
    ///   supplier: acme-digital
    /// ```
    ///
    /// ## How to fix
    /// Before the contract ends, move the interface to an open standard (XG203 names one) and agree exit
    /// terms: data returned in an open format, documentation, transition support.
    code: "XG804", name: "single-supplier-lock-in", family: Sourcing, severity: Warning,
    summary: "a single-supplier system whose interfaces or declared lock-in keep competitors out",
    stage: Estate,
}

pub(crate) fn check(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let suppliers = suppliers(cx.estate);
    for (_, system) in cx.reported_systems() {
        if system.lifecycle.value == Lifecycle::Retired {
            continue;
        }
        let Some(sourcing) = system.sourcing.as_deref() else { continue };
        let supplier = supplier_named(&suppliers, &sourcing.supplier.value);
        let closed = system.interfaces.iter().find_map(|f| {
            f.standards.iter().find_map(|s| {
                let standard = cx.model.standard(s.value)?;
                (!standard.open).then_some((f, s, standard))
            })
        });
        let help = "move the interface to an open standard and agree exit terms (data returned in an open format, documentation, transition support) before the contract ends";
        let finding = match closed {
            Some((interface, at, standard)) => Finding::at(
                &RULE,
                format!(
                    "`{}` is supplied by {supplier} alone and its interface `{}` uses `{}` ({}), not an open standard: it cannot be re-competed as it stands",
                    system.id.value, interface.id.value, standard.id, standard.name
                ),
                at,
                "not open: only the incumbent can work with it",
            ),
            None if sourcing.lock_in => Finding::at(
                &RULE,
                format!(
                    "`{}` is supplied by {supplier} alone with proprietary lock-in declared: it cannot be re-competed as it stands",
                    system.id.value
                ),
                &sourcing.supplier,
                "lock-in declared (`lockIn: true`)",
            ),
            None => continue,
        };
        out.push(finding.with_subject(system.id.value).with_help(help));
    }
}
