//! `xgea model publish DIR --version X.Y.Z`: a checked, immutable release.

use std::io::Write;

use super::{err, io_err, schemas};
use crate::cli::Outcome;
use crate::lifecycle::publish::{PublishError, PublishRequest, publish};
use crate::output::human;
use crate::source::display_path_of;

pub(super) fn run(request: &PublishRequest, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    match publish(request, &schemas()?) {
        Ok(published) => {
            let e = &published.entry;
            if let Some(note) = &published.recovered {
                writeln!(out, "note: {note}").map_err(io_err)?;
            }
            writeln!(out, "published release {} (released {})", e.version, e.released).map_err(io_err)?;
            writeln!(out, "  {}  sha256 {}", display_path_of(&published.release_path), e.sha256).map_err(io_err)?;
            for path in &published.schema_paths {
                writeln!(out, "  {}", display_path_of(path)).map_err(io_err)?;
            }
            writeln!(out, "  {}", display_path_of(&request.releases.join("index.json"))).map_err(io_err)?;
            if let Some(d) = &published.diff {
                let level = d.required().map_or("no", |l| l.as_str());
                writeln!(
                    out,
                    "{} change(s) since {}, {} breaking; {level} release",
                    d.changes.len(),
                    d.old,
                    d.breaking()
                )
                .map_err(io_err)?;
            }
            Ok(Outcome::Clean)
        }
        Err(PublishError::Broken { sources, findings, summary }) => {
            human::write_findings(out, &sources, &findings, color)?;
            Err(miette::miette!(
                help = "fix the errors above (`xgea model check`), then publish again",
                "{summary} has errors; nothing was published"
            ))
        }
        Err(PublishError::Refused { message, help, .. }) => Err(miette::miette!(help = help, "{message}")),
        Err(e) => Err(err(e)),
    }
}
