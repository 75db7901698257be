use std::io::Write;
use std::path::PathBuf;

use super::roadmap::{build_roadmap, load_run, release_at_exit, saving_model};
use super::{ModelArgs, Outcome};
use crate::site;

#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Files and directories of department descriptors; directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// The directory to write the site into; created if missing, refused if not empty (see --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write into a non-empty DIR, overwriting the report's own files (other files are left alone).
    #[arg(long)]
    pub force: bool,
    /// A TOML file with the roadmap's saving model (see `xgea roadmap --help`).
    #[arg(long, value_name = "FILE.toml")]
    pub savings: Option<PathBuf>,
    /// A snapshot of the estate from an earlier run (`xgea snapshot`): the roadmap page shows what changed.
    #[arg(long, value_name = "SNAPSHOT")]
    pub previous: Option<PathBuf>,
    /// The source revision every page's footer names [default: the commit checked out in the git repository
    /// holding the first PATH, read from its `.git`; else `unknown`].
    #[arg(long, value_name = "REV")]
    pub revision: Option<String>,
    /// Files larger than this many bytes are not read.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_file_size: u64,
}

/// The generation time (`SOURCE_DATE_EPOCH`, else now) and source revision the footers show.
fn report_meta(args: &ReportArgs) -> miette::Result<site::ReportMeta> {
    let epoch_var = std::env::var("SOURCE_DATE_EPOCH").ok().filter(|v| !v.is_empty());
    let epoch = site::meta::epoch_from(epoch_var.as_deref()).map_err(|e| {
        miette::miette!(
            help =
                "set SOURCE_DATE_EPOCH to whole seconds since 1970-01-01 UTC (`git log -1 --format=%ct`), or unset it",
            "{e}"
        )
    })?;
    let revision = match &args.revision {
        // One line of printable text: the footer is not the place for anything else.
        Some(rev) => rev.chars().filter(|c| !c.is_control()).take(80).collect(),
        None => args.paths.first().and_then(|p| site::meta::git_revision(p)).unwrap_or_else(|| "unknown".to_string()),
    };
    Ok(site::ReportMeta { epoch, revision })
}

pub fn run(args: &ReportArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let saving = saving_model(args.savings.as_ref())?;
    let meta = report_meta(args)?;
    let run = load_run(&args.paths, &args.model, args.max_file_size, &mut std::io::stderr(), color)?;
    let map = build_roadmap(&run, &saving, args.previous.as_ref())?;
    let stats = site::generate(&run, &map, &meta, &args.out, args.force).map_err(|e| match e {
        site::SiteError::NotEmpty(_) => miette::miette!(
            help = "choose a new or empty directory, or pass --force to overwrite the report's files in it",
            "{e}"
        ),
        e => miette::miette!("{e}"),
    })?;
    release_at_exit(map);
    release_at_exit(run);
    writeln!(
        out,
        "wrote {} files ({} KiB) to {}: open {}",
        stats.files,
        stats.bytes.div_ceil(1024),
        args.out.display(),
        args.out.join("index.html").display()
    )
    .map_err(|e| miette::miette!("{e}"))?;
    Ok(Outcome::Clean)
}
