//! `xgea model diff OLD NEW`: what changed between two models, breaking or not.

use std::io::Write;

use super::{DiffFormat, io_err, label, load_named, schemas};
use crate::cli::Outcome;
use crate::model::diff::ModelDiff;
use crate::model::release::ReleaseStore;
use crate::source::SourceDb;

pub(super) fn run(
    old: &str,
    new: &str,
    format: DiffFormat,
    store: &ReleaseStore,
    out: &mut dyn Write,
) -> miette::Result<Outcome> {
    let schemas = schemas()?;
    let mut db = SourceDb::new();
    let (old_docs, old_model) = load_named(old, store, &mut db, &schemas, out)?;
    let (new_docs, new_model) = load_named(new, store, &mut db, &schemas, out)?;
    let d: ModelDiff = crate::model::diff::diff(
        &label(&old_docs, &old_model),
        &old_docs.values(),
        &label(&new_docs, &new_model),
        &new_docs.values(),
    );
    let text = match format {
        DiffFormat::Human => crate::model::diff::render_human(&d),
        DiffFormat::Markdown => crate::model::diff::render_markdown(&d),
        DiffFormat::Json => crate::model::diff::render_json(&d),
    };
    out.write_all(text.as_bytes()).map_err(io_err)?;
    Ok(Outcome::Clean)
}
