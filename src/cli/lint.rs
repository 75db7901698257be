use std::io::Write;
use std::path::PathBuf;

use super::{ModelArgs, Outcome};
use crate::estate::LoadOptions;
use crate::finding::Severity;
use crate::lint::{LintError, LintRequest, lint};
use crate::output::{Summary, human};

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
    let mut request = LintRequest::new(args.paths.clone());
    request.model = args.model.source();
    request.load = LoadOptions { max_file_size: args.max_file_size, ..LoadOptions::default() };
    let run = match lint(&request) {
        Ok(run) => run,
        Err(error) => return Err(report_failure(error, out, color)),
    };
    human::write_findings(out, &run.sources, &run.findings, color)?;
    let summary = Summary::new(&run.estate, &run.findings, run.model.version());
    human::write_summary(out, &summary, color)?;
    Ok(if run.findings.iter().any(|f| f.severity >= fail_on) { Outcome::Findings } else { Outcome::Clean })
}

/// Prints what is known about a run that could not check anything, and returns the error to show.
pub fn report_failure(error: LintError, out: &mut dyn Write, color: bool) -> miette::Report {
    match error {
        LintError::Schemas(e) => miette::miette!("the built-in schemas do not compile: {e}"),
        LintError::Discover(e) => e.into(),
        LintError::Model { error, sources } => {
            if let Err(e) = human::write_findings(out, &sources, &error.findings, color) {
                return e;
            }
            miette::miette!(
                help = "fix the model's own errors above, or lint against the built-in model by leaving out `--model`",
                "{} is broken: {} problem(s) in its files",
                error.summary,
                error.findings.len()
            )
        }
        LintError::NothingChecked { findings, sources, files } => {
            if let Err(e) = human::write_findings(out, &sources, &findings, color) {
                return e;
            }
            miette::miette!(
                help = "fix the problems above; xgea needs at least one valid `kind: System` or `kind: Department` document",
                "nothing could be checked: no valid descriptor in {files} file(s)"
            )
        }
    }
}
