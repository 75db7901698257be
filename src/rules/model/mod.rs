//! XG7xx: the reference model's own integrity, beyond its JSON Schema. `xgea model check` (and `xgea model
//! publish`, before it writes a release) runs these over a model's documents; findings point into its YAML.
//! Each rule's `check` is registered in `rules/registry.rs` like every other rule's.

pub mod xg701_duplicate_model_id;
pub mod xg702_unknown_model_reference;
pub mod xg703_capability_cycle;
pub mod xg704_deprecated_without_successor;
pub mod xg705_markings_not_ordered;
pub mod xg706_status_history_mismatch;

use crate::diagnostic::{Finding, sort_findings};
use crate::model::{Model, ModelDocuments, ModelError, ModelSource, build_model, load_documents};
use crate::schema::Schemas;
use crate::source::SourceDb;

/// A model-integrity check.
pub type ModelCheckFn = fn(&ModelCheckContext<'_>, &mut Vec<Finding>);

/// What a model-integrity rule reads: the typed model and the documents it came from (for spans).
#[derive(Debug)]
pub struct ModelCheckContext<'a> {
    pub model: &'a Model,
    pub docs: &'a ModelDocuments,
}

/// Runs every XG7xx rule; findings sorted.
pub fn check_documents(model: &Model, docs: &ModelDocuments) -> Vec<Finding> {
    let cx = ModelCheckContext { model, docs };
    let mut out = Vec::new();
    for check in crate::rules::registry::model_checks() {
        check(&cx, &mut out);
    }
    sort_findings(&mut out);
    out
}

/// The outcome of checking a model: its loading problems (XG0xx) or its integrity findings (XG7xx).
#[derive(Debug)]
pub struct ModelCheck {
    pub sources: SourceDb,
    pub findings: Vec<Finding>,
    /// The model, when it could be loaded.
    pub model: Option<Model>,
    pub summary: String,
}

/// Loads the model at `source` and checks it. Schema problems and integrity problems are both findings.
/// `Err` only for a model that could not be read at all (a missing release, a tampered release file).
pub fn check_model(source: &ModelSource, schemas: &Schemas) -> Result<ModelCheck, ModelError> {
    let mut sources = SourceDb::new();
    let docs = match load_documents(source, &mut sources, schemas) {
        Ok(docs) => docs,
        Err(error) if error.findings.is_empty() => return Err(error),
        Err(error) => {
            return Ok(ModelCheck { sources, findings: error.findings, model: None, summary: error.summary });
        }
    };
    let model = match build_model(&docs) {
        Ok(model) => model,
        Err(error) => {
            return Ok(ModelCheck { sources, findings: error.findings, model: None, summary: error.summary });
        }
    };
    let findings = check_documents(&model, &docs);
    Ok(ModelCheck { sources, findings, model: Some(model), summary: docs.summary.clone() })
}
