//! XG7xx: the reference model's own integrity, beyond its JSON Schema. `xgea model check` runs these over a
//! model's documents (they have no lint-time `check`); findings point into the model's YAML.

pub mod xg701_duplicate_model_id;
pub mod xg702_unknown_model_reference;
pub mod xg703_capability_cycle;
pub mod xg704_deprecated_without_successor;
pub mod xg705_markings_not_ordered;
pub mod xg706_status_history_mismatch;

use crate::finding::Finding;
use crate::model::check::ModelCheckContext;

/// A model-integrity check.
pub type ModelCheckFn = fn(&ModelCheckContext<'_>, &mut Vec<Finding>);

/// Every model-integrity check, in code order.
pub static CHECKS: &[ModelCheckFn] = &[
    xg701_duplicate_model_id::check,
    xg702_unknown_model_reference::check,
    xg703_capability_cycle::check,
    xg704_deprecated_without_successor::check,
    xg705_markings_not_ordered::check,
    xg706_status_history_mismatch::check,
];
