//! What unit tests across the crate share about models.

use super::{Model, ModelSource, load_model};
use crate::schema::Schemas;
use crate::source::SourceDb;

/// The model built into xgea.
pub(crate) fn embedded_model() -> Model {
    let schemas = Schemas::embedded().expect("the built-in schemas compile");
    load_model(&ModelSource::Embedded, &mut SourceDb::new(), &schemas).expect("the built-in model loads")
}
