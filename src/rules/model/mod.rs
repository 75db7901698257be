//! XG7xx: the reference model's own integrity, beyond its JSON Schema. `xgea model check` (and `xgea model
//! publish`, before it writes a release) runs these over a model's documents; findings point into its YAML.
//! Each rule's `check` is registered in `rules/registry.rs` like every other rule's.

pub mod xg701_duplicate_model_id;
pub mod xg702_unknown_model_reference;
pub mod xg703_capability_cycle;
pub mod xg704_deprecated_without_successor;
pub mod xg705_markings_not_ordered;
pub mod xg706_status_history_mismatch;

use crate::diagnostic::Finding;
use crate::model::{Model, ModelDocuments};

/// A model-integrity check.
pub type ModelCheckFn = fn(&ModelCheckContext<'_>, &mut Vec<Finding>);

/// What a model-integrity rule reads: the typed model and the documents it came from (for spans).
#[derive(Debug)]
pub struct ModelCheckContext<'a> {
    pub model: &'a Model,
    pub docs: &'a ModelDocuments,
}
