use std::io::Write;
use std::path::PathBuf;

use super::lint::report_failure;
use super::{ModelArgs, Outcome};
use crate::estate::LoadOptions;
use crate::lint::{LintRun, SnapshotRequest, lint};
use crate::scorecard::{self, Format};

#[derive(Debug, Clone, clap::Args)]
pub struct ScorecardArgs {
    /// Files and directories of department descriptors; directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format: aligned text, `md` for papers, `json`, or `csv` for spreadsheets.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The config file to use instead of the nearest `xgea.toml` or `.xgea.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every config file: built-in defaults and the command line only.
    #[arg(long)]
    pub no_config: bool,
    /// Lint against an estate snapshot (`xgea snapshot`); only the linted departments are scored
    /// [default: `[estate] snapshot` in xgea.toml].
    #[arg(long, value_name = "FILE")]
    pub estate: Option<PathBuf>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_file_size: u64,
}

/// The lint run scorecards are computed from: the same inputs as `xgea lint` (config, selection, waivers,
/// estate snapshot).
fn load(args: &ScorecardArgs, color: bool) -> miette::Result<LintRun> {
    let config = super::lint::discover_config(args.config.as_deref(), args.no_config)?;
    let estate = args.estate.clone().or_else(|| config.as_ref().and_then(|c| c.estate_snapshot.clone()));
    let max_age = config.as_ref().and_then(|c| c.snapshot_max_age_days);
    let mut request = super::lint::request_for(args.paths.clone(), &args.model, config)?;
    request.snapshot = estate.map(|path| {
        let mut s = SnapshotRequest::new(path);
        if let Some(days) = max_age {
            s.max_age_days = days;
        }
        s
    });
    request.load = LoadOptions { max_file_size: args.max_file_size, ..LoadOptions::default() };
    let run = lint(&request).map_err(|e| report_failure(e, &mut std::io::stderr(), color))?;
    super::lint::note_skipped(&run.skipped, false);
    for warning in &run.warnings {
        eprintln!("xgea: warning: {warning}");
    }
    Ok(run)
}

pub fn run(args: &ScorecardArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let run = load(args, color)?;
    let cards = scorecard::build(&run);
    match scorecard::write_scorecards(out, &cards, args.format) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Clean),
        Err(e) => Err(miette::miette!("cannot write the scorecards: {e}")),
        Ok(()) => Ok(Outcome::Clean),
    }
}
