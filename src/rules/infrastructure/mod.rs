//! XG4xx: common infrastructure — bespoke builds where a common component exists, components past their
//! time, and bespoke infrastructure repeated across departments (candidates for a new common component).

pub mod xg401_bespoke_where_common_exists;
pub mod xg402_deprecated_component_in_use;
pub mod xg403_bespoke_infrastructure_candidate;

/// `` `id` (name)`` of an infrastructure kind, without the name when it only repeats the id.
pub(crate) fn kind_named(kind: &crate::model::InfraKind) -> String {
    if kind.name.eq_ignore_ascii_case(&kind.id) {
        format!("`{}`", kind.id)
    } else {
        format!("`{}` ({})", kind.id, kind.name.to_lowercase())
    }
}
