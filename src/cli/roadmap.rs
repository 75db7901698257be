use std::io::Write;
use std::path::PathBuf;

use super::lint::report_failure;
use super::{ModelArgs, Outcome};
use crate::estate::LoadOptions;
use crate::lint::{LintRun, lint};
use crate::roadmap::{self, Format, GroupBy, SavingModel};

#[derive(Debug, Clone, clap::Args)]
pub struct RoadmapArgs {
    /// Files and directories of department descriptors; directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output format: `md` for papers, `human` for the terminal, `json`, or `csv` for spreadsheets (money in
    /// whole pounds).
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Group the candidates by the departments' shared-services sectors.
    #[arg(long, value_enum, value_name = "sector")]
    pub group_by: Option<GroupBy>,
    /// A TOML file with the saving model (the keys of the `[roadmap]` table, or a whole `xgea.toml`).
    #[arg(long, value_name = "FILE.toml")]
    pub savings: Option<PathBuf>,
    /// A snapshot of the estate from an earlier run (`xgea snapshot`): show what changed since.
    #[arg(long, value_name = "SNAPSHOT")]
    pub previous: Option<PathBuf>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_file_size: u64,
}

/// Builds the roadmap of a run, with the trend since `previous` when given.
pub fn build_roadmap<'r>(
    run: &'r LintRun,
    saving: &SavingModel,
    previous: Option<&PathBuf>,
) -> miette::Result<roadmap::Roadmap<'r>> {
    let mut map = roadmap::build(&run.graph, &run.model, &run.estate, saving);
    if let Some(path) = previous {
        let snapshot = crate::snapshot::Snapshot::read(path).map_err(|e| {
            miette::miette!(help = "make one with `xgea snapshot PATHS --out FILE` on the earlier estate", "{e}")
        })?;
        let today = crate::date::Date::today();
        map.trend = Some(roadmap::trend::trend(&snapshot, &run.model, &run.estate, &run.graph, &map, saving, today));
    }
    Ok(map)
}

/// Reads a saving model file, or the defaults.
pub fn saving_model(path: Option<&PathBuf>) -> miette::Result<SavingModel> {
    let Some(path) = path else { return Ok(SavingModel::default()) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| miette::miette!("cannot read the saving model {}: {e}", path.display()))?;
    SavingModel::from_toml(&text).map_err(|e| {
        miette::miette!(
            help = "rates are fractions: `corporate = { low = 0.3, high = 0.4 }`; see `xgea roadmap --help`",
            "invalid saving model {}: {e}",
            path.display()
        )
    })
}

/// Loads and checks the estate the way `xgea lint` does; the roadmap and report read the same run.
pub fn load_run(
    paths: &[PathBuf],
    model: &ModelArgs,
    max_file_size: u64,
    out: &mut dyn Write,
    color: bool,
) -> miette::Result<LintRun> {
    let config = super::lint::discover_config(None, false)?;
    let mut request = super::lint::request_for(paths.to_vec(), model, config)?;
    request.load = LoadOptions { max_file_size, ..LoadOptions::default() };
    let run = lint(&request).map_err(|e| report_failure(e, out, color))?;
    super::lint::note_skipped(&run.skipped, false);
    Ok(run)
}

pub fn run(args: &RoadmapArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let saving = saving_model(args.savings.as_ref())?;
    let run = load_run(&args.paths, &args.model, args.max_file_size, &mut std::io::stderr(), color)?;
    let map = build_roadmap(&run, &saving, args.previous.as_ref())?;
    let groups = args.group_by.map(|_| roadmap::group_by_sector(&map, &run.graph, &run.model, &run.estate, &saving));
    let written = roadmap::write_roadmap(out, &map, groups.as_deref(), args.format);
    release_at_exit(groups);
    release_at_exit(map);
    release_at_exit(run);
    match written {
        // The reader went away (`| head`): nothing left to do.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Clean),
        Err(e) => Err(miette::miette!("cannot write the roadmap: {e}")),
        Ok(()) => Ok(Outcome::Clean),
    }
}

/// The command ends here: freeing the run (100,000 systems) and what borrows from it one record at a time takes
/// longer than building the roadmap; the process's exit releases them. The roadmap goes first, as it borrows
/// from the run.
pub fn release_at_exit<T>(value: T) {
    std::mem::forget(value);
}
