//! `xgea snapshot`: the estate as one canonical file that departments lint against (`xgea lint --estate`);
//! `xgea snapshot diff OLD NEW`: what changed between two snapshots, per department.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{ModelArgs, Outcome};
use crate::date::Date;
use crate::lint::{LintError, lint};
use crate::model::{ModelSource, load_documents};
use crate::schema::Schemas;
use crate::snapshot::{Snapshot, diff, model_stamp};
use crate::source::SourceDb;

#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SnapshotArgs {
    #[command(subcommand)]
    pub command: Option<SnapshotCommand>,
    /// Files and directories of department descriptors: the whole estate.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The snapshot file to write (replaced atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// The config file to use instead of the nearest `xgea.toml` (for its `[model]` pin).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum SnapshotCommand {
    /// Compare two snapshots: systems added, removed and changed; capabilities, standards and common
    /// components adopted or dropped; per department.
    #[command(
        after_help = "Examples:\n  xgea snapshot diff last-week.snapshot.json estate.snapshot.json\n  xgea snapshot diff old.json new.json --format markdown >> TRENDS.md\n\nExit 0, or 2 if a snapshot cannot be read or fails its integrity check."
    )]
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Check a snapshot's integrity (its content hash) and say what it holds: the day it was made, the model
    /// release it was checked against, how many departments and systems. What a department's CI runs on a
    /// downloaded snapshot before linting against it.
    #[command(
        after_help = "Examples:\n  xgea snapshot verify estate.snapshot.json\n  xgea snapshot verify estate.snapshot.json --format json\n\nExit 0 if the snapshot is intact, 2 if it cannot be read or fails its integrity check."
    )]
    Verify {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
        format: VerifyFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// The help line of a snapshot that cannot be used.
const UNUSABLE_HELP: &str = "a snapshot is written by `xgea snapshot PATHS --out FILE` and must not be edited";

fn fail(e: impl std::fmt::Display) -> miette::Report {
    miette::miette!("{e}")
}

pub fn run(args: &SnapshotArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    if let Some(SnapshotCommand::Verify { file, format }) = &args.command {
        let snapshot = Snapshot::read(file).map_err(|e| miette::miette!(help = UNUSABLE_HELP, "{e}"))?;
        let name = crate::source::display_path_of(file);
        let text = match format {
            VerifyFormat::Human => verified_human(&name, &snapshot),
            VerifyFormat::Json => verified_json(&name, &snapshot),
        };
        out.write_all(text.as_bytes()).map_err(|e| fail(format!("cannot write output: {e}")))?;
        return Ok(Outcome::Clean);
    }
    if let Some(SnapshotCommand::Diff { old, new, format }) = &args.command {
        let old = Snapshot::read(old).map_err(|e| miette::miette!(help = UNUSABLE_HELP, "{e}"))?;
        let new = Snapshot::read(new).map_err(|e| miette::miette!(help = UNUSABLE_HELP, "{e}"))?;
        let d = diff::diff(&old, &new);
        let text = match format {
            DiffFormat::Human => d.human(),
            DiffFormat::Markdown => d.markdown(),
            DiffFormat::Json => d.json(),
        };
        out.write_all(text.as_bytes()).map_err(|e| fail(format!("cannot write output: {e}")))?;
        return Ok(Outcome::Clean);
    }
    let Some(target) = &args.out else {
        return Err(miette::miette!(
            help = "for example: xgea snapshot examples/estate --out estate.snapshot.json",
            "name the snapshot file to write with `--out FILE`"
        ));
    };
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(miette::miette!(
            help = "create the directory first; xgea writes only the file you name",
            "cannot write `{}`: directory `{}` does not exist",
            target.display(),
            parent.display()
        ));
    }
    let config = super::lint::discover_config(args.config.as_deref(), args.no_config)?;
    let request = super::lint::request_for(args.paths.clone(), &args.model, config)?;
    let run = match lint(&request) {
        Ok(run) => run,
        Err(e @ LintError::NothingChecked { .. }) | Err(e @ LintError::Model { .. }) => {
            return Err(super::lint::report_failure(e, out, color));
        }
        Err(e) => return Err(super::lint::report_failure(e, out, color)),
    };
    let stamp = stamp_of(&request.model)?;
    let snapshot = Snapshot::of(&run.estate, stamp, Date::today());
    write_replacing(target, &snapshot.to_text())?;
    eprintln!(
        "xgea: wrote {} systems in {} departments (model {}) to {} (sha256 {})",
        snapshot.systems.len(),
        snapshot.departments.len(),
        snapshot.model.version,
        target.display(),
        snapshot.sha256
    );
    Ok(Outcome::Clean)
}

/// The model stamp of the run's model (read again: cheap next to the estate).
fn stamp_of(source: &ModelSource) -> miette::Result<crate::snapshot::ModelStamp> {
    let schemas = Schemas::embedded().map_err(|e| fail(format!("the built-in schemas do not compile: {e}")))?;
    let mut db = SourceDb::new();
    let docs = load_documents(source, &mut db, &schemas).map_err(|e| fail(e.summary))?;
    let model = crate::model::build_model(&docs).map_err(|e| fail(e.summary))?;
    Ok(model_stamp(&docs, &model))
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_replacing(path: &Path, text: &str) -> miette::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        fail(format!("cannot write `{}`: {e}", path.display()))
    })
}

/// What `snapshot verify` prints for people.
fn verified_human(name: &str, s: &Snapshot) -> String {
    format!(
        "estate snapshot `{name}` is intact (content sha256 {})\n  created {}\n  checked against model {} \
         (sha256 {})\n  {} departments, {} systems\n",
        s.sha256,
        s.created,
        s.model.version,
        s.model.sha256,
        s.departments.len(),
        s.systems.len()
    )
}

/// What `snapshot verify --format json` prints.
fn verified_json(name: &str, s: &Snapshot) -> String {
    let value = serde_json::json!({
        "file": name,
        "intact": true,
        "sha256": s.sha256,
        "created": s.created,
        "model": { "version": s.model.version, "sha256": s.model.sha256 },
        "departments": s.departments.len(),
        "systems": s.systems.len(),
    });
    format!("{value:#}\n")
}
