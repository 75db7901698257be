//! `xgea import …`: descriptors drafted from a Backstage catalogue, a spreadsheet, a CALM architecture or an
//! ArchiMate exchange file. The options every importer shares, and the one way each ends, live here; each
//! format has its own file.

mod archimate;
mod backstage;
mod calm;
mod csv;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{ModelArgs, Outcome};
use crate::import::{Departments, Import, ImportError, writer};
use crate::model::{Model, load_model};
use crate::schema::Schemas;
use crate::source::SourceDb;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Backstage software catalogue: Components, Systems, APIs, Resources, Groups.
    #[command(
        after_help = "Examples:\n  xgea import backstage catalog-info.yaml --out imported/ --department dwp\n  xgea import backstage catalog/ --out imported/ --owner-map owners.toml --granularity component\n\nowners.toml maps Backstage owners to department ids: `\"group:benefits-team\" = \"dwp\"`, one per line.\nAnnotations xgea/capabilities, xgea/annual-cost-gbp, xgea/department and xgea/lifecycle are honoured.\nExit 0 (problems in the catalogue are listed, the rest imported), or 2 if nothing could be imported or a\nfile would overwrite an edited one (use --force)."
    )]
    Backstage(backstage::BackstageArgs),
    /// An application-portfolio spreadsheet (CSV, xlsx or ods), through a column mapping.
    #[command(
        visible_aliases = ["xlsx", "ods"],
        after_help = "Examples:\n  xgea import csv --template > portfolio-map.toml     (then edit the column headers)\n  xgea import csv portfolio.csv --map portfolio-map.toml --out imported/ --department hmrc\n  xgea import xlsx portfolio.xlsx --map portfolio-map.toml --out imported/\n\nxlsx and ods workbooks are read directly (the first sheet, or `sheet` under [options]). Bad rows are reported with\ntheir line and column and the rest imported. Exit 0, or 2 if the sheet or mapping cannot be read."
    )]
    Csv(csv::CsvArgs),
    /// A FINOS CALM architecture (JSON): nodes, relationships, protocols.
    #[command(
        after_help = "Examples:\n  xgea import calm architecture.json --out imported/ --department dwp\n\nsystem nodes (with the services they are composed of) become systems; connects → interfaces, their\nprotocol → standards; databases, LDAP and deployed-in → infrastructure; interacts → external parties.\nExit 0, or 2 if the file is not a CALM architecture."
    )]
    Calm(calm::CalmArgs),
    /// An ArchiMate Model Exchange File (Archi and most EA tools export one).
    #[command(
        after_help = "Examples:\n  xgea import archimate model.xml --out imported/ --department dwp\n\nApplicationComponent → system; ApplicationInterface, Serving and Flow → interfaces; Node, SystemSoftware,\nDevice, TechnologyService → infrastructure; Realization of a Capability → capabilities; xgea:* properties\n(written by `xgea export archimate`) are read back as they were. Exit 0, or 2 if the file is not an\nexchange file."
    )]
    Archimate(archimate::ArchimateArgs),
}

/// Where the descriptors go and which department they belong to: the same for every importer.
#[derive(Debug, Clone, clap::Args)]
pub struct Target {
    /// The directory the descriptors are written to (`<department>/<slug>.yaml`), created if need be.
    /// Required.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The department of every imported system (and of those whose owner --owner-map does not list).
    #[arg(long, value_name = "ID")]
    pub department: Option<String>,
    /// A TOML file mapping owners to department ids, one `owner = "department"` per line.
    #[arg(long, value_name = "FILE")]
    pub owner_map: Option<PathBuf>,
    /// Replace files that were edited since the last import (or not written by one).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub model: ModelArgs,
}

impl Target {
    pub fn out(&self) -> miette::Result<&Path> {
        self.out.as_deref().ok_or_else(|| {
            miette::miette!(help = "name the directory the descriptors are written to", "--out DIR is required")
        })
    }
    pub fn departments(&self) -> miette::Result<Departments> {
        Departments::new(self.department.as_deref(), self.owner_map.as_deref()).map_err(failure)
    }
    pub fn model(&self) -> miette::Result<Model> {
        let schemas = Schemas::embedded().map_err(|e| miette::miette!("{e}"))?;
        load_model(&self.model.source(), &mut SourceDb::new(), &schemas)
            .map_err(|e| miette::miette!("cannot read the model: {}", e.summary))
    }
}

pub fn run(command: &ImportCommand, out: &mut dyn Write) -> miette::Result<Outcome> {
    match command {
        ImportCommand::Backstage(args) => backstage::run(args, out),
        ImportCommand::Csv(args) => csv::run(args, out),
        ImportCommand::Calm(args) => calm::run(args, out),
        ImportCommand::Archimate(args) => archimate::run(args, out),
    }
}

/// An importer's error as the CLI reports it.
pub(crate) fn failure(error: ImportError) -> miette::Report {
    match error.help {
        Some(help) => miette::miette!(help = help, "{}", error.message),
        None => miette::miette!("{}", error.message),
    }
}

/// Writes the drafts of `import` under `--out` and prints the summary: how every importer ends.
pub(crate) fn finish(
    mut import: Import,
    model: &Model,
    tool: &str,
    target: &Target,
    out: &mut dyn Write,
) -> miette::Result<Outcome> {
    target.out()?;
    if import.drafts.is_empty() {
        let mut message = String::from("nothing to import: no system could be drafted from the input");
        for p in &import.problems {
            message.push_str(&format!("\n  {p}"));
        }
        return Err(failure(ImportError::new(message)));
    }
    let dir = target.out()?;
    let outputs = writer::render(&mut import, model, tool);
    let written = writer::write(dir, &outputs, target.force).map_err(failure)?;
    let text = writer::summary(&import, &written, dir);
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
