//! XG2xx: the standards an interface declares, against the model's interface-standards catalogue, and the
//! two ends of one interface against each other.

pub mod xg201_deprecated_standard;
pub mod xg202_retired_standard;
pub mod xg203_non_open_standard;
pub mod xg204_missing_required_category;
pub mod xg205_interface_ends_disagree;
pub mod xg206_interface_without_standard;

use crate::estate::{Id, Interface, Lifecycle, Located, System};
use crate::model::{Model, Standard, StandardStatus};
use crate::rules::RuleContext;

/// Every place a standard (by model index) is declared, by systems that are not retired: the system, the
/// interface, and the entry of its `standards`.
pub(crate) fn live_uses<'a>(
    cx: &'a RuleContext<'_>,
    standard: usize,
) -> impl Iterator<Item = (&'a System, &'a Interface, &'a Located<Id>)> + 'a {
    cx.graph.standard_users(standard as u32).filter_map(move |(s, iface, pos)| {
        let system = &cx.estate.systems[s as usize];
        (system.lifecycle.value != Lifecycle::Retired && cx.reports_system(s)).then(|| {
            let interface = &system.interfaces[iface as usize];
            (system, interface, &interface.standards[pos as usize])
        })
    })
}

/// `` `ID` (Name)`` for messages.
pub(crate) fn named(standard: &Standard) -> String {
    format!("`{}` ({})", standard.id, standard.name)
}

/// " superseded by `X` (Name)" or "".
pub(crate) fn successor(model: &Model, standard: &Standard) -> String {
    match standard.superseded_by.as_deref() {
        Some(id) => match model.standard(id) {
            Some(s) => format!(", superseded by {}", named(s)),
            None => format!(", superseded by `{id}`"),
        },
        None => String::new(),
    }
}

/// Whether a standard may still be chosen for new work.
pub(crate) fn usable(status: StandardStatus) -> bool {
    !matches!(status, StandardStatus::Deprecated | StandardStatus::Retired)
}
