//! `xgea model …`: check, diff, publish, list, show and impact — the reference model's life. The arguments
//! and the helpers the subcommands share live here; each subcommand has its own file.

mod check;
mod diff;
mod impact;
mod list;
mod publish;
mod show;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use super::Outcome;
use crate::lifecycle::publish::PublishRequest;
use crate::model::release::{ReleaseStore, parse_version};
use crate::model::{Model, ModelDocuments, ModelSource, build_model, load_documents, load_release};
use crate::output::human;
use crate::schema::Schemas;
use crate::source::SourceDb;

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Check the model's own integrity: unique ids, links that resolve, no cycles, ordered markings, status
    /// histories that agree with statuses.
    #[command(
        after_help = "Examples:\n  xgea model check model/2.0.0\n  xgea model check model/releases/2.0.0.json\n  xgea model check                 check the built-in model\n\nExit codes: 0 no error, 1 errors in the model, 2 the model could not be read."
    )]
    Check {
        /// A model directory or release file; the built-in latest release when left out.
        dir: Option<PathBuf>,
    },
    /// Show what changed between two models, each change classified breaking or not, with the reason.
    #[command(
        after_help = "Examples:\n  xgea model diff 1.0.0 2.0.0\n  xgea model diff 2.0.0 model/2.1.0 --format markdown > NOTES.md\n  xgea model diff model/releases/1.0.0.json model/releases/2.0.0.json --format json\n\nOLD and NEW are each a release version, a model directory or a release file."
    )]
    Diff {
        old: String,
        new: String,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        #[command(flatten)]
        releases: ReleasesArg,
    },
    /// Publish model sources as an immutable release, with its editor schemas, enforcing semantic versioning.
    #[command(
        after_help = "Examples:\n  xgea model publish model/2.1.0 --version 2.1.0\n  xgea model publish . --version 3.0.0 --releases releases --schemas schemas\n\nWrites <releases>/<version>.json, <schemas>/<version>/{system,department}.schema.json and updates\n<releases>/index.json. Refuses (exit 2) an existing version, a model with errors, and a version whose\nbump is smaller than the changes since the latest release need (removals and retirements without\ndeprecation: major; additions: minor; text: patch)."
    )]
    Publish {
        /// The model sources: a directory of model YAML files.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The version to publish, MAJOR.MINOR.PATCH; must equal `version` in model.yaml.
        #[arg(long, value_name = "X.Y.Z")]
        version: String,
        /// The releases directory.
        #[arg(long, value_name = "DIR", default_value = "model/releases")]
        releases: PathBuf,
        /// Where the per-release editor schemas are written (in a subdirectory named after the version).
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        schemas: PathBuf,
    },
    /// List the published releases: version, release date, sha256.
    #[command(after_help = "Examples:\n  xgea model list\n  xgea model list --releases model/releases")]
    List {
        #[command(flatten)]
        releases: ReleasesArg,
    },
    /// Show one element of the model: a capability with its subtree, a standard with its status in every
    /// release, a component, a data entity; or the model's overview without an id.
    #[command(
        after_help = "Examples:\n  xgea model show\n  xgea model show BO.02\n  xgea model show MSG-SOAP\n  xgea model show one-login --model-version 2.0.0"
    )]
    Show {
        /// A capability, standard, component or data-entity id.
        id: Option<String>,
        #[command(flatten)]
        model: ModelChoice,
    },
    /// Lint an estate against a candidate model and against the current release, and report which
    /// departments and systems gain or lose findings.
    #[command(
        after_help = "Examples:\n  xgea model impact --model model/2.1.0 examples/estate\n  xgea model impact --model 2.0.0 --against 1.0.0 examples/estate"
    )]
    Impact {
        /// The candidate: a model directory, a release file or a release version.
        #[arg(long, value_name = "DIR|FILE|X.Y.Z")]
        model: String,
        /// The model to compare with: a release version, directory or release file (default: the built-in
        /// latest release).
        #[arg(long, value_name = "DIR|FILE|X.Y.Z")]
        against: Option<String>,
        /// The estate: files and directories of descriptors.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ImpactFormat::Human)]
        format: ImpactFormat,
        #[command(flatten)]
        releases: ReleasesArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    Human,
    /// A Markdown table per department, for a Board paper.
    Markdown,
    Json,
}

/// Where release versions are looked up.
#[derive(Debug, Clone, clap::Args)]
pub struct ReleasesArg {
    /// A releases directory (index.json and release files) instead of the releases built into xgea.
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,
}

impl ReleasesArg {
    pub fn store(&self) -> ReleaseStore {
        self.releases.clone().map_or(ReleaseStore::Embedded, ReleaseStore::Dir)
    }
}

/// Which model a command reads.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelChoice {
    /// A model directory or release file instead of the built-in latest release.
    #[arg(long, value_name = "DIR|FILE", conflicts_with = "model_version")]
    pub model: Option<PathBuf>,
    /// A published release by version.
    #[arg(long, value_name = "X.Y.Z")]
    pub model_version: Option<String>,
    #[command(flatten)]
    pub releases: ReleasesArg,
}

pub(super) fn err(e: impl std::fmt::Display) -> miette::Report {
    miette::miette!("{e}")
}

pub(super) fn io_err(e: std::io::Error) -> miette::Report {
    miette::miette!("cannot write output: {e}")
}

pub(super) fn schemas() -> miette::Result<Schemas> {
    Schemas::embedded().map_err(|e| miette::miette!("the built-in schemas do not compile: {e}"))
}

pub fn run(command: &ModelCommand, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    match command {
        ModelCommand::Check { dir } => check::run(dir.as_deref(), color, out),
        ModelCommand::Diff { old, new, format, releases } => diff::run(old, new, *format, &releases.store(), out),
        ModelCommand::Publish { dir, version, releases, schemas } => {
            let request = PublishRequest {
                source: dir.clone(),
                version: version.clone(),
                releases: releases.clone(),
                schemas: schemas.clone(),
            };
            publish::run(&request, color, out)
        }
        ModelCommand::List { releases } => list::run(&releases.store(), out),
        ModelCommand::Show { id, model } => show::run(id.as_deref(), model, out),
        ModelCommand::Impact { model, against, paths, format, releases } => {
            impact::run(model, against.as_deref(), paths, *format, releases.releases.as_ref(), out)
        }
    }
}

/// A model named on the command line: a directory, a release file or a release version.
pub(super) fn resolve(spec: &str) -> miette::Result<Resolved> {
    let path = Path::new(spec);
    if path.exists() {
        return Ok(Resolved::Source(ModelSource::Path(path.to_path_buf())));
    }
    if parse_version(spec).is_ok() {
        return Ok(Resolved::Release(spec.to_string()));
    }
    Err(miette::miette!(
        help = "name a release version (1.0.0), a model directory (model/2.0.0) or a release file (model/releases/2.0.0.json)",
        "`{spec}` is neither a release version nor an existing path"
    ))
}

pub(super) enum Resolved {
    Source(ModelSource),
    Release(String),
}

/// Loads a named model's documents and typed model; a broken model prints its findings and fails.
pub(super) fn load_named(
    spec: &str,
    store: &ReleaseStore,
    db: &mut SourceDb,
    schemas: &Schemas,
    out: &mut dyn Write,
) -> miette::Result<(ModelDocuments, Model)> {
    let loaded = match resolve(spec)? {
        Resolved::Source(source) => load_documents(&source, db, schemas),
        Resolved::Release(version) => load_release(store, &version, db, schemas),
    };
    let result = loaded.and_then(|docs| build_model(&docs).map(|m| (docs, m)));
    result.map_err(|error| {
        if let Err(e) = human::write_findings(out, db, &error.findings, false) {
            return e;
        }
        if error.findings.is_empty() {
            // The summary already says what is wrong (`cannot load …: …`).
            return miette::miette!("{}", error.summary);
        }
        miette::miette!("{} cannot be read", error.summary)
    })
}

/// The version a loaded model is shown as: the release's, else the one its model.yaml states.
pub(super) fn label(docs: &ModelDocuments, model: &Model) -> String {
    docs.release.clone().unwrap_or_else(|| model.version().to_string())
}
