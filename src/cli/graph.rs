use std::io::Write;
use std::path::PathBuf;

use super::lint::report_failure;
use super::{ModelArgs, Outcome};
use crate::graph::export::Format;
use crate::lint::lint;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (renders in GitHub and GitLab Markdown).
    Mermaid,
    /// `{ "nodes": [...], "edges": [...] }`, for other tools.
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// Files and directories of department descriptors (*.yaml, *.yml); directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

/// `xgea graph`: the estate graph on stdout, sorted so that two exports of one estate are byte-identical.
pub fn run(args: &GraphArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let config = super::lint::discover_config(None, false)?;
    let request = super::lint::request_for(args.paths.clone(), &args.model, config)?;
    let run = match lint(&request) {
        Ok(run) => run,
        Err(error) => return Err(report_failure(error, &mut std::io::sink(), color)),
    };
    super::lint::note_skipped(&run.skipped, false);
    let format = match args.format {
        GraphFormat::Dot => Format::Dot,
        GraphFormat::Mermaid => Format::Mermaid,
        GraphFormat::Json => Format::Json,
    };
    let text = run.graph.export(&run.model, &run.estate).render(format);
    out.write_all(text.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
    Ok(Outcome::Clean)
}
