use std::io::Write;
use std::path::PathBuf;

use super::roadmap::load_run;
use super::{ModelArgs, Outcome};
use crate::date::Date;
use crate::sourcing::{self, Format, LookOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct SourcingArgs {
    /// Files and directories of department descriptors; directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format: `md` for papers, `json`, or `csv` (one row per contract) for spreadsheets.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// How many months ahead contract ends are listed (expiries and windows).
    #[arg(long, value_name = "MONTHS", default_value_t = LookOptions::DEFAULT_HORIZON,
          value_parser = clap::value_parser!(u32).range(1..=1200))]
    pub horizon: u32,
    /// Contracts for one shareable capability ending within this many months of each other, in two or more
    /// departments, form a joint-procurement window.
    #[arg(long, value_name = "MONTHS", default_value_t = LookOptions::DEFAULT_WINDOW,
          value_parser = clap::value_parser!(u32).range(0..=1200))]
    pub window: u32,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_file_size: u64,
}

pub fn run(args: &SourcingArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let run = load_run(&args.paths, &args.model, args.max_file_size, &mut std::io::stderr(), color)?;
    let options = LookOptions { today: Date::today(), horizon_months: args.horizon, window_months: args.window };
    let look = sourcing::look(&run.model, &run.estate, options);
    match sourcing::write_look(out, &look, args.format) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Clean),
        Err(e) => Err(miette::miette!("cannot write the forward look: {e}")),
        Ok(()) => Ok(Outcome::Clean),
    }
}
