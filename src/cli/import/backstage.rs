use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, Target, failure, finish};
use crate::import::backstage::{Granularity, Options, import};

#[derive(Debug, Clone, clap::Args)]
pub struct BackstageArgs {
    /// Catalogue files (several entities per file) or directories of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub target: Target,
    /// What one xgea system is: a Backstage System with its components, or each Component.
    #[arg(long, value_enum, default_value_t = Granularity::System)]
    pub granularity: Granularity,
}

/// `xgea import backstage`.
pub fn run(args: &BackstageArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    args.target.out()?;
    let departments = args.target.departments()?;
    let model = args.target.model()?;
    let options =
        Options { paths: &args.paths, departments: &departments, granularity: args.granularity, model: &model };
    let result = import(&options).map_err(failure)?;
    finish(result, &model, "backstage", &args.target, out)
}
