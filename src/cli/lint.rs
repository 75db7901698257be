use std::io::Write;
use std::path::PathBuf;

use super::{ModelArgs, Outcome};
use crate::estate::{LoadOptions, load_estate};
use crate::finding::{Severity, sort_findings};
use crate::model::load_model;
use crate::output::{Summary, human};
use crate::rules::{RuleContext, run_checks};
use crate::schema::Schemas;
use crate::source::{SourceDb, discover};

#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Files and directories of department descriptors (*.yaml, *.yml); directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Fail (exit 1) on findings of this severity or above.
    #[arg(long, value_name = "SEVERITY", default_value = "error", value_parser = ["error", "warning", "info"])]
    pub fail_on: String,
    /// Files larger than this many bytes are reported (XG004) and not read.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_file_size: u64,
}

pub fn run(args: &LintArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let fail_on: Severity = args.fail_on.parse().map_err(|e: String| miette::miette!("{e}"))?;
    let schemas = Schemas::embedded().map_err(|e| miette::miette!("the built-in schemas do not compile: {e}"))?;
    let mut db = SourceDb::new();
    let model = match load_model(&args.model.source(), &mut db, &schemas) {
        Ok(model) => model,
        Err(error) => {
            human::write_findings(out, &db, &error.findings, color)?;
            return Err(miette::miette!(
                help = "fix the model's own errors above, or lint against the built-in model by leaving out `--model`",
                "{} is broken: {} problem(s) in its files",
                error.summary,
                error.findings.len()
            ));
        }
    };
    let paths = discover(&args.paths)?;
    let options = LoadOptions { max_file_size: args.max_file_size, ..LoadOptions::default() };
    let mut estate = load_estate(&paths, &mut db, &schemas, options);
    let mut findings = std::mem::take(&mut estate.findings);
    if estate.documents == 0 {
        sort_findings(&mut findings);
        human::write_findings(out, &db, &findings, color)?;
        return Err(miette::miette!(
            help = "fix the problems above; xgea needs at least one valid `kind: System` or `kind: Department` document",
            "nothing could be checked: no valid descriptor in {} file(s)",
            estate.files
        ));
    }
    let cx = RuleContext { model: &model, estate: &estate, sources: &db };
    findings.extend(run_checks(&cx));
    sort_findings(&mut findings);
    human::write_findings(out, &db, &findings, color)?;
    let summary = Summary::new(&estate, &findings, model.version());
    human::write_summary(out, &summary, color)?;
    Ok(if findings.iter().any(|f| f.severity >= fail_on) { Outcome::Findings } else { Outcome::Clean })
}
