use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, Target, failure, finish};
use crate::import::calm::import;

#[derive(Debug, Clone, clap::Args)]
pub struct CalmArgs {
    /// The CALM architecture (JSON).
    pub file: PathBuf,
    #[command(flatten)]
    pub target: Target,
}

/// `xgea import calm`.
pub fn run(args: &CalmArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    args.target.out()?;
    let departments = args.target.departments()?;
    let model = args.target.model()?;
    let result = import(&args.file, &departments, &model).map_err(failure)?;
    finish(result, &model, "calm", &args.target, out)
}
