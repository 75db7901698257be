//! `xgea export …`: the estate in another tool's format.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;

use super::lint::report_failure;
use super::{ModelArgs, Outcome};
use crate::lint::lint;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// The estate and the model's capabilities as an ArchiMate Model Exchange File (Archi: File → Import →
    /// Open Exchange XML Model).
    #[command(
        after_help = "Examples:\n  xgea export archimate examples/estate --out estate.xml\n  xgea export archimate . --out estate.xml --name \"DWP estate\"\n\nSystems → ApplicationComponent, interfaces → ApplicationInterface, infrastructure → Node / SystemSoftware,\ncapabilities → Capability with Realization; xgea's facts as xgea:* properties, so `xgea import archimate`\nreads the file back. Exit 0, or 2 if the estate cannot be read or FILE cannot be written."
    )]
    Archimate(ArchimateArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ArchimateArgs {
    /// Files and directories of department descriptors (*.yaml, *.yml); directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The exchange file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The model's name in the file.
    #[arg(long, default_value = "xgea estate")]
    pub name: String,
    #[command(flatten)]
    pub model: ModelArgs,
}

pub fn run(command: &ExportCommand, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let ExportCommand::Archimate(args) = command;
    let config = super::lint::discover_config(None, false)?;
    let request = super::lint::request_for(args.paths.clone(), &args.model, config)?;
    let run = match lint(&request) {
        Ok(run) => run,
        Err(error) => return Err(report_failure(error, &mut std::io::sink(), color)),
    };
    let xml = crate::import::archimate::export(&run.model, &run.estate, &args.name);
    std::fs::write(&args.out, &xml).map_err(|e| miette::miette!("cannot write {}: {e}", args.out.display()))?;
    let systems = run.estate.systems.len();
    writeln!(
        out,
        "wrote {} ({systems} system(s), {} capabilities of model {})",
        args.out.display(),
        run.model.capabilities.len(),
        run.model.meta.version
    )
    .map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
