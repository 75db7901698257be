//! XG8xx: sourcing — competition in supply. What departments declare in a system's `sourcing` block (supplier,
//! contract dates and values, procurement route, lock-in) checked for consistency, for contracts that ended
//! while the system runs on, for move windows onto common components, for supplier concentration and for
//! lock-in. The forward look over the same facts is `xgea sourcing`.

pub mod xg801_contract_ended;
pub mod xg802_contract_ending_where_common_exists;
pub mod xg803_supplier_concentration;
pub mod xg804_single_supplier_lock_in;
pub mod xg805_inconsistent_sourcing;
pub mod xg806_unknown_supplier;
pub mod xg807_unknown_procurement_route;

use crate::hash::HashMap;

use crate::estate::{Estate, Supplier};

/// `` `id` (Name)`` of a supplier, or `` `id` `` when no department lists it.
pub(crate) fn supplier_named(suppliers: &HashMap<&str, &Supplier>, id: &str) -> String {
    match suppliers.get(id) {
        Some(s) if !s.name.is_empty() => format!("`{id}` ({})", s.name),
        _ => format!("`{id}`"),
    }
}

/// The suppliers of an estate by id (see [`Estate::supplier_index`]).
pub(crate) fn suppliers(estate: &Estate) -> HashMap<&str, &Supplier> {
    estate.supplier_index()
}

/// A share as a whole percentage, rounded half up (`0.505` is `51%`).
pub(crate) fn percent(part: u128, whole: u128) -> String {
    if whole == 0 {
        return "0%".to_string();
    }
    format!("{}%", (part * 200 + whole) / (whole * 2))
}
