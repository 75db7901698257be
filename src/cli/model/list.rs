//! `xgea model list`: the published releases with their sha256.

use std::io::Write;

use super::{err, io_err};
use crate::cli::Outcome;
use crate::model::EMBEDDED_VERSION;
use crate::model::release::ReleaseStore;

pub(super) fn run(store: &ReleaseStore, out: &mut dyn Write) -> miette::Result<Outcome> {
    let index = store.index().map_err(err)?;
    if index.releases.is_empty() {
        writeln!(out, "no release published in {}", store.describe()).map_err(io_err)?;
        return Ok(Outcome::Clean);
    }
    let latest = index.latest().map(|e| e.version.clone());
    writeln!(out, "{:<10} {:<10} {:<64}  file", "version", "released", "sha256").map_err(io_err)?;
    for e in &index.releases {
        let mut notes = Vec::new();
        if Some(&e.version) == latest.as_ref() {
            notes.push("latest");
        }
        if *store == ReleaseStore::Embedded && e.version == EMBEDDED_VERSION {
            notes.push("default");
        }
        let notes = if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) };
        writeln!(out, "{:<10} {:<10} {:<64}  {}{notes}", e.version, e.released, e.sha256, e.file).map_err(io_err)?;
    }
    Ok(Outcome::Clean)
}
