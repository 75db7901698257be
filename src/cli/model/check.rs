//! `xgea model check [DIR]`: the model's integrity (XG7xx and its files' XG0xx findings).

use std::io::Write;
use std::path::Path;

use super::{err, io_err, schemas};
use crate::cli::Outcome;
use crate::diagnostic::Severity;
use crate::model::ModelSource;
use crate::output::human;
use crate::rules::check_model;

pub(super) fn run(dir: Option<&Path>, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let source = dir.map_or(ModelSource::Embedded, |d| ModelSource::Path(d.to_path_buf()));
    let checked = check_model(&source, &schemas()?).map_err(|e| err(e.summary))?;
    human::write_findings(out, &checked.sources, &checked.findings, color)?;
    let count = |s: Severity| checked.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let what = match &checked.model {
        Some(m) => format!("{} {}", m.meta.name, m.version()),
        None => checked.summary.clone(),
    };
    if checked.findings.is_empty() {
        writeln!(out, "{what}: no problems found").map_err(io_err)?;
    } else {
        writeln!(out, "{what}: {errors} error(s), {warnings} warning(s)").map_err(io_err)?;
    }
    Ok(if errors > 0 { Outcome::Findings } else { Outcome::Clean })
}
