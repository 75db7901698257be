//! Running the registry's checks: the estate rules over an estate and its graph, the XG7xx rules over a
//! reference model's documents.

use rayon::prelude::*;

use super::RuleContext;
use super::model::ModelCheckContext;
use super::registry;
use crate::diagnostic::{Finding, sort_findings};
use crate::model::{Model, ModelDocuments, ModelError, ModelSource, build_model, load_documents};
use crate::schema::Schemas;
use crate::source::SourceDb;

/// Runs every estate rule's check, on as many threads as there are, and returns their findings in registry
/// order (each rule's in the order it made them), whatever the thread count.
pub fn run_checks(cx: &RuleContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    run_checks_into(cx, &mut out);
    out
}

/// [`run_checks`], the findings appended to `out`. `out` grows once, by exactly what the rules found: at
/// 100,000 systems that is 36,000 findings of 176 bytes, and a list grown by doubling (then copied onto the
/// loader's findings) held up to three times as much at the run's peak.
pub fn run_checks_into(cx: &RuleContext<'_>, out: &mut Vec<Finding>) {
    let checks: Vec<_> = registry::estate_checks().collect();
    let per_rule: Vec<Vec<Finding>> = checks
        .par_iter()
        .map(|check| {
            let mut found = Vec::new();
            check(cx, &mut found);
            found
        })
        .collect();
    out.reserve_exact(per_rule.iter().map(Vec::len).sum());
    for found in per_rule {
        out.extend(found);
    }
}

/// Runs every XG7xx rule; findings sorted.
pub fn check_documents(model: &Model, docs: &ModelDocuments) -> Vec<Finding> {
    let cx = ModelCheckContext { model, docs };
    let mut out = Vec::new();
    for check in registry::model_checks() {
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
