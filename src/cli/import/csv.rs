use std::io::Write;
use std::path::PathBuf;

use super::{Outcome, Target, failure, finish};
use crate::import::Departments;
use crate::import::csv::{TEMPLATE, import, maps_department};

#[derive(Debug, Clone, clap::Args)]
pub struct CsvArgs {
    /// The spreadsheet: CSV, or an xlsx/ods workbook (the first sheet, or `sheet` under [options] in the mapping).
    #[arg(required_unless_present = "template")]
    pub file: Option<PathBuf>,
    /// The column mapping (TOML): which column holds the name, department, lifecycle, cost, capabilities, ….
    #[arg(long, value_name = "MAP.toml", required_unless_present = "template")]
    pub map: Option<PathBuf>,
    /// Print the documented template mapping and exit.
    #[arg(long, exclusive = true)]
    pub template: bool,
    #[command(flatten)]
    pub target: Target,
}

/// `xgea import csv`.
pub fn run(args: &CsvArgs, out: &mut dyn Write) -> miette::Result<Outcome> {
    if args.template {
        out.write_all(TEMPLATE.as_bytes()).map_err(|e| miette::miette!("cannot write output: {e}"))?;
        return Ok(Outcome::Clean);
    }
    let (Some(file), Some(map)) = (&args.file, &args.map) else {
        return Err(miette::miette!("FILE and --map are required"));
    };
    let t = &args.target;
    t.out()?;
    let departments = if t.department.is_none() && t.owner_map.is_none() && maps_department(map) {
        Departments::default()
    } else {
        t.departments()?
    };
    let model = t.model()?;
    let result = import(file, map, &departments, &model).map_err(failure)?;
    finish(result, &model, "csv", t, out)
}
