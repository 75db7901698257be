//! `xgea schema`: prints the editor schema of a model release.

use std::io::Write;

use super::Outcome;
use super::model::ReleasesArg;
use crate::model::release::ReleaseStore;
use crate::model::{EMBEDDED_VERSION, build_model, load_release, schema_gen};
use crate::schema::Schemas;
use crate::source::SourceDb;

#[derive(Debug, Clone, clap::Args)]
pub struct SchemaArgs {
    /// The release whose ids the schema spells out (default: the latest built-in release).
    #[arg(long, value_name = "X.Y.Z")]
    pub version: Option<String>,
    /// Which descriptor schema.
    #[arg(long, value_enum, default_value_t = SchemaKind::System)]
    pub kind: SchemaKind,
    #[command(flatten)]
    pub releases: ReleasesArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    System,
    Department,
}

pub fn run(args: &SchemaArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    let store = args.releases.store();
    let version = match (&args.version, &store) {
        (Some(v), _) => v.clone(),
        (None, ReleaseStore::Embedded) => EMBEDDED_VERSION.to_string(),
        (None, ReleaseStore::Dir(_) | ReleaseStore::Overlay(_)) => store
            .index()
            .map_err(|e| miette::miette!("{e}"))?
            .latest()
            .map(|e| e.version.clone())
            .ok_or_else(|| miette::miette!("no release published in {}", store.describe()))?,
    };
    let schemas = Schemas::embedded().map_err(|e| miette::miette!("the built-in schemas do not compile: {e}"))?;
    let mut db = SourceDb::new();
    let model = load_release(&store, &version, &mut db, &schemas)
        .and_then(|docs| build_model(&docs))
        .map_err(|e| miette::miette!("{} cannot be read", e.summary))?;
    let file = match args.kind {
        SchemaKind::System => "system.schema.json",
        SchemaKind::Department => "department.schema.json",
    };
    let generated = schema_gen::generate(&model, &version).map_err(|e| miette::miette!("{e}"))?;
    let text = generated.into_iter().find(|(name, _)| *name == file).map(|(_, t)| t).unwrap_or_default();
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
