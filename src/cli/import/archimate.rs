use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, Target, failure, finish};
use crate::import::archimate::import;

#[derive(Debug, Clone, clap::Args)]
pub struct ArchimateArgs {
    /// The exchange file (XML, Open Group ArchiMate Model Exchange File Format).
    pub file: PathBuf,
    #[command(flatten)]
    pub target: Target,
}

/// `xgea import archimate`.
pub fn run(args: &ArchimateArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    args.target.out()?;
    // Components exported by xgea carry their department; others need --department or --owner-map.
    let t = &args.target;
    let departments = if t.department.is_none() && t.owner_map.is_none() {
        crate::import::Departments::default()
    } else {
        t.departments()?
    };
    let model = args.target.model()?;
    let result = import(&args.file, &departments, &model).map_err(failure)?;
    finish(result, &model, "archimate", &args.target, out)
}
