//! XG4xx: common infrastructure — bespoke builds where a common component exists, components past their
//! time, and bespoke infrastructure repeated across departments (candidates for a new common component).

pub mod xg401_bespoke_where_common_exists;
pub mod xg402_deprecated_component_in_use;
pub mod xg403_bespoke_infrastructure_candidate;

use crate::graph::EstateGraph;
use crate::model::{Component, ComponentStatus, Model};
use crate::rules::duplication::xg301_shareable_capability_duplicated::status_rank;

/// The best non-retired common component serving a kind: mandated, then recommended, emerging, deprecated.
pub(crate) fn best_component<'m>(model: &'m Model, graph: &EstateGraph, kind: u32) -> Option<&'m Component> {
    graph
        .components_serving_kind(kind)
        .map(|c| &model.components[c as usize])
        .filter(|c| c.status != ComponentStatus::Retired)
        .min_by_key(|c| (status_rank(c.status), c.id.as_str()))
}

/// `` `id` (name)`` of an infrastructure kind, without the name when it only repeats the id.
pub(crate) fn kind_named(kind: &crate::model::InfraKind) -> String {
    if kind.name.eq_ignore_ascii_case(&kind.id) {
        format!("`{}`", kind.id)
    } else {
        format!("`{}` ({})", kind.id, kind.name.to_lowercase())
    }
}
