use std::io::Write;
use std::path::{Path, PathBuf};

use super::{ModelArgs, Outcome};
use crate::baseline::Baseline;
use crate::config::{self, Config, Selection, SelectionLevel, Selector};
use crate::diagnostic::Severity;
use crate::estate::LoadOptions;
use crate::lint::{LintError, LintRequest, ModelOrigin, lint};
use crate::output::{Format, Report, Summary, emit, human, sanitize, statistics, write_statistics};
use crate::source::Skipped;

#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {
    /// Files and directories of department descriptors (*.yaml, *.yml); directories are searched recursively.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// The config file to use instead of the nearest `xgea.toml` or `.xgea.toml` (searched from the current
    /// directory upwards).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every config file: built-in defaults and the command line only.
    #[arg(long)]
    pub no_config: bool,
    /// Fail (exit 1) on findings of this severity or above [default: `fail-on` in xgea.toml, else error].
    #[arg(long, value_name = "SEVERITY", value_parser = ["error", "warning", "info"])]
    pub fail_on: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output (its directory must exist).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report only these rules: codes, prefixes (`XG2`), kebab names or `ALL`; replaces the config's `select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Also report these rules, on top of the selection.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Do not report these rules.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Report only findings that the baseline FILE does not record (written by `--write-baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE as the baseline, and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print the findings only, without the summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Exit 0 even when there are findings (2 still means xgea could not do its job).
    #[arg(long)]
    pub exit_zero: bool,
    /// Lint against an estate snapshot (`xgea snapshot`): the rest of government's estate, so the
    /// cross-estate rules see the other departments' systems [default: `[estate] snapshot` in xgea.toml].
    #[arg(long, value_name = "FILE")]
    pub estate: Option<PathBuf>,
    /// Files larger than this many bytes are reported (XG004) and not read.
    #[arg(long, value_name = "BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_file_size: u64,
    /// List on stderr every path under the named directories that was not read, and why (a FIFO, a link
    /// leading outside them, an unreadable directory, a second name of a file already read).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Neither read nor write the lint cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Keep the lint cache in DIR [default: `.xgea-cache` next to the config file in use; without a config
    /// file, no cache]. It holds what each descriptor file yielded, keyed on its content, so a run after a
    /// few files changed parses only those.
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    pub cache_dir: Option<PathBuf>,
}

/// Tells the user on stderr about paths under the named directories that were not read: all of them with
/// `verbose`, else how many (a second name of a file already read loses nothing and is counted only there).
pub fn note_skipped(skipped: &[Skipped], verbose: bool) {
    let mut err = std::io::stderr().lock();
    if verbose {
        for s in skipped {
            let _ = writeln!(err, "xgea: skipped `{}`: {}", sanitize::line(&s.path), sanitize::line(&s.reason));
        }
        return;
    }
    let lost = skipped.iter().filter(|s| !s.duplicate).count();
    if lost > 0 {
        let _ = writeln!(
            err,
            "xgea: skipped {lost} path(s) under the named directories that could not be read as descriptors \
             (`xgea lint --verbose` lists them and why)"
        );
    }
}

fn fail(message: String) -> miette::Report {
    miette::miette!("{message}")
}

/// A file the user asked us to write: its directory must already exist.
fn check_writable(path: &Path, what: &str) -> miette::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(miette::miette!(
            help = "create the directory first; xgea writes only the file you name",
            "cannot write {what} `{}`: directory `{}` does not exist",
            path.display(),
            parent.display()
        ));
    }
    if path.is_dir() {
        return Err(miette::miette!("cannot write {what} `{}`: it is a directory", path.display()));
    }
    Ok(())
}

/// How a discovered config file is named in messages: relative to the current directory.
fn display_config(path: &Path, cwd: &Path) -> String {
    if let Ok(rel) = path.strip_prefix(cwd) {
        return crate::source::display_path_of(rel);
    }
    for (up, dir) in cwd.ancestors().enumerate().skip(1) {
        if let Ok(rel) = path.strip_prefix(dir) {
            return format!("{}{}", "../".repeat(up), crate::source::display_path_of(rel));
        }
    }
    path.display().to_string()
}

/// Where the lint cache is: `--cache-dir`, else `.xgea-cache` next to the config file; none with `--no-cache`
/// or without a config file (a directory linted without a project writes nothing beside it).
fn cache_dir(args: &LintArgs, config: Option<&Config>) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    let beside_config = || {
        let dir = config?.file.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Some(dir.join(crate::lint::cache::CACHE_DIR))
    };
    args.cache_dir.clone().or_else(beside_config)
}

fn load_config(args: &LintArgs) -> miette::Result<Option<Config>> {
    discover_config(args.config.as_deref(), args.no_config)
}

/// The configuration a command runs with: the file named by `--config`, else the nearest `xgea.toml` from the
/// current directory upwards, else none.
pub fn discover_config(explicit: Option<&std::path::Path>, no_config: bool) -> miette::Result<Option<Config>> {
    if no_config {
        return Ok(None);
    }
    let cwd = std::env::current_dir().map_err(|e| fail(format!("cannot read the current directory: {e}")))?;
    let (path, display) = match explicit {
        Some(p) => (p.to_path_buf(), crate::source::display_path_of(p)),
        None => match config::discover(&cwd) {
            Some(p) => {
                let display = display_config(&p, &cwd);
                (p, display)
            }
            None => return Ok(None),
        },
    };
    Config::load(&path, &display).map(Some).map_err(|e| miette::Report::new(*e))
}

/// A lint request for `paths`: the model the command line names, else the one `config` pins, with the config's
/// rule options, selection and waivers. Every command that reads an estate starts here.
pub fn request_for(paths: Vec<PathBuf>, model: &ModelArgs, config: Option<Config>) -> miette::Result<LintRequest> {
    let mut request = LintRequest::new(paths);
    request.model = model.source();
    request.model_origin = match (&model.model, &model.model_version) {
        (Some(_), _) => ModelOrigin::Flag("--model"),
        (None, Some(_)) => ModelOrigin::Flag("--model-version"),
        (None, None) => ModelOrigin::BuiltIn,
    };
    request.releases = model.releases.clone();
    let request = match config {
        Some(c) => request.with_config(c),
        None => request,
    };
    // Without a releases directory, a pinned version must be one built in.
    if let crate::model::ModelSource::Release(version) = &request.model {
        crate::model::release::published_version(version).map_err(|e| {
            let origin = &request.model_origin;
            let from = origin.describe().map(|f| format!(" ({f})")).unwrap_or_default();
            let instead = match origin {
                ModelOrigin::Config { file, key } => {
                    format!(", or remove `{key}` from {file} to use the built-in model")
                }
                ModelOrigin::Flag(flag) => format!(", or leave out `{flag}` to use the built-in model"),
                ModelOrigin::BuiltIn | ModelOrigin::Candidate => String::new(),
            };
            miette::miette!(
                help = format!(
                    "choose a published release (`xgea model list`), name a published releases directory with \
                     `--releases DIR`{instead}"
                ),
                "cannot load the reference model release {version}: {e}{from}"
            )
        })?;
    }
    Ok(request)
}

fn cli_selectors(list: &[String]) -> miette::Result<Vec<Selector>> {
    list.iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            Selector::parse(s).map_err(|m| miette::miette!(help = "`xgea rules` lists every code and name", "{m}"))
        })
        .collect()
}

pub fn run(args: &LintArgs, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    if let Some(path) = &args.output {
        check_writable(path, "output")?;
    }
    if let Some(path) = &args.write_baseline {
        check_writable(path, "baseline")?;
    }
    if args.statistics && !matches!(args.format, Format::Human | Format::Concise | Format::Json) {
        return Err(miette::miette!("`--statistics` works with the human, concise and json formats"));
    }
    let config = load_config(args)?;
    refuse_inputs(args, config.as_ref())?;
    let cli_level = SelectionLevel {
        select: args.select.as_deref().map(cli_selectors).transpose()?,
        extend_select: cli_selectors(&args.extend_select)?,
        ignore: cli_selectors(&args.ignore)?,
    };
    let mut levels = Vec::new();
    if let Some(c) = &config {
        levels.push(c.selection.clone());
    }
    levels.push(cli_level);
    let selection = Selection::resolve(&levels);
    let fail_on: Severity = match (&args.fail_on, config.as_ref().and_then(|c| c.fail_on)) {
        (Some(s), _) => s.parse().map_err(fail)?,
        (None, Some(level)) => level,
        (None, None) => Severity::Error,
    };
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose().map_err(fail)?;

    let estate = args.estate.clone().or_else(|| config.as_ref().and_then(|c| c.estate_snapshot.clone()));
    let max_age = config.as_ref().and_then(|c| c.snapshot_max_age_days);
    let cache_dir = cache_dir(args, config.as_ref());
    let mut request = request_for(args.paths.clone(), &args.model, config)?;
    request.cache_dir = cache_dir;
    request.snapshot = estate.map(|path| {
        let mut s = crate::lint::SnapshotRequest::new(path);
        if let Some(days) = max_age {
            s.max_age_days = days;
        }
        s
    });
    request.load = LoadOptions { max_file_size: args.max_file_size, ..LoadOptions::default() };
    request.selection = selection;

    // Machine formats go to the file or stdout untouched; colour only for a terminal.
    let Some(path) = &args.output else {
        return lint_and_emit(args, &request, baseline.as_ref(), fail_on, color, out, &mut false);
    };
    // The file is replaced only by a whole report: a run that fails keeps the old file as it was.
    let mut buffer: Vec<u8> = Vec::new();
    let mut complete = false;
    let result = lint_and_emit(args, &request, baseline.as_ref(), fail_on, false, &mut buffer, &mut complete);
    if result.is_ok() || complete {
        super::write::write_atomically(path, &buffer)
            .map_err(|e| fail(format!("cannot write output `{}`: {e}", path.display())))?;
    } else if !buffer.is_empty() {
        // What the failure printed (a broken model's findings) is for the user, not for the report file.
        let _ = std::io::stderr().write_all(&buffer);
    }
    result
}

/// Refuses `--output` or `--write-baseline` naming a file this run reads: a descriptor, the config file or the
/// baseline. Looked at before anything is read.
fn refuse_inputs(args: &LintArgs, config: Option<&Config>) -> miette::Result<()> {
    let outputs: Vec<(&Path, &str)> =
        [(args.output.as_deref(), "--output"), (args.write_baseline.as_deref(), "--write-baseline")]
            .into_iter()
            .filter_map(|(p, flag)| p.map(|p| (p, flag)))
            .collect();
    if outputs.is_empty() {
        return Ok(());
    }
    // A path that cannot be discovered fails the run itself, with its own message.
    let mut inputs = crate::source::discover(&args.paths).unwrap_or_default();
    inputs.extend(config.map(|c| c.file.path.clone()));
    inputs.extend(args.baseline.clone());
    for (path, flag) in outputs {
        super::write::refuse_input(path, flag, &inputs)?;
    }
    Ok(())
}

fn lint_and_emit(
    args: &LintArgs,
    request: &LintRequest,
    baseline: Option<&Baseline>,
    fail_on: Severity,
    color: bool,
    out: &mut dyn Write,
    complete: &mut bool,
) -> miette::Result<Outcome> {
    let mut run = match lint(request) {
        Ok(run) => run,
        Err(LintError::NothingChecked { findings, sources, files, skipped }) if !args.format.is_human() => {
            note_skipped(&skipped, args.verbose);
            // CI still gets the reasons in the format it reads, then the run fails (exit 2).
            let summary = Summary {
                files,
                systems: 0,
                departments: 0,
                errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
                warnings: findings.iter().filter(|f| f.severity == Severity::Warning).count(),
                infos: findings.iter().filter(|f| f.severity == Severity::Info).count(),
                model_version: String::new(),
                waived: 0,
                baselined: 0,
                baseline_gone: 0,
            };
            let report = Report { findings, summary };
            emit(args.format, &report, &sources, out, false, true)?;
            *complete = true;
            return Err(miette::miette!(
                help = "fix the problems reported; xgea needs at least one valid `kind: System` or `kind: Department` document",
                "nothing could be checked: no valid descriptor in {files} file(s)"
            ));
        }
        Err(error) => {
            if let LintError::NothingChecked { skipped, .. } = &error {
                note_skipped(skipped, args.verbose);
            }
            return Err(report_failure(error, out, color));
        }
    };
    note_skipped(&run.skipped, args.verbose);
    for warning in &run.warnings {
        eprintln!("xgea: warning: {warning}");
    }

    if let Some(path) = &args.write_baseline {
        let recorded = Baseline::from_findings(&run.sources, &run.findings);
        super::write::write_atomically(path, recorded.to_json().as_bytes())
            .map_err(|e| fail(format!("cannot write baseline `{}`: {e}", path.display())))?;
        eprintln!("xgea: recorded {} finding(s) in {}", run.findings.len(), path.display());
        return Ok(Outcome::Clean);
    }
    let (baselined, gone) = match baseline {
        Some(b) => b.filter(&run.sources, &mut run.findings),
        None => (0, 0),
    };

    let mut summary = Summary::new(&run.estate, &run.findings, run.model.version());
    summary.waived = run.suppressed.waived;
    summary.baselined = baselined;
    summary.baseline_gone = gone;
    let failing = run.findings.iter().any(|f| f.severity >= fail_on);
    let report = Report { findings: run.findings, summary };

    let io = |e: std::io::Error| fail(format!("cannot write output: {e}"));
    if args.statistics {
        match args.format {
            Format::Json => {
                let rows: Vec<serde_json::Value> = statistics(&report.findings)
                    .into_iter()
                    .map(|(code, name, count)| serde_json::json!({"code": code, "name": name, "count": count}))
                    .collect();
                serde_json::to_writer_pretty(&mut *out, &rows).map_err(|e| fail(e.to_string()))?;
                out.write_all(b"\n").map_err(io)?;
            }
            _ => {
                write_statistics(out, &report.findings).map_err(io)?;
                if !args.quiet {
                    human::write_summary(out, &report.summary, color)?;
                }
            }
        }
    } else {
        emit(args.format, &report, &run.sources, out, color, args.quiet)?;
    }
    // The command ends here: freeing the estate and its graph one record at a time (100,000 systems against
    // a snapshot) costs more than the rules over the linted department; the process's exit releases them.
    std::mem::forget(run.estate);
    std::mem::forget(run.graph);
    Ok(if failing && !args.exit_zero { Outcome::Findings } else { Outcome::Clean })
}

/// Prints what is known about a run that could not check anything, and returns the error to show.
pub fn report_failure(error: LintError, out: &mut dyn Write, color: bool) -> miette::Report {
    match error {
        LintError::Schemas(e) => miette::miette!("the built-in schemas do not compile: {e}"),
        LintError::Discover(e) => e.into(),
        LintError::Snapshot(e) => miette::miette!(
            help = "download the estate snapshot again from where the Board publishes it, or make a new one with `xgea snapshot`",
            "{e}"
        ),
        LintError::Model { error, sources, origin } => {
            let from = origin.describe().map(|f| format!(" ({f})")).unwrap_or_default();
            let instead = match &origin {
                ModelOrigin::BuiltIn => {
                    "the built-in model should always load: this is a bug in xgea, please report it at \
                     https://github.com/xgea-dev/xgea/issues"
                        .to_string()
                }
                ModelOrigin::Flag(flag) => format!("or leave out `{flag}` to use the built-in model"),
                ModelOrigin::Candidate => "or name another candidate".to_string(),
                ModelOrigin::Config { file, key } => format!("or remove `{key}` from {file} to use the built-in model"),
            };
            if error.findings.is_empty() {
                let fix = match &origin {
                    ModelOrigin::Flag("--model") | ModelOrigin::Candidate => {
                        "name a model directory or a file of model documents that exists, "
                    }
                    ModelOrigin::Config { key: "[model] path", .. } => {
                        "name a model directory or a file of model documents that exists (relative to the config file), "
                    }
                    ModelOrigin::BuiltIn => "",
                    _ => "choose a published release (`xgea model list`), ",
                };
                return miette::miette!(help = format!("{fix}{instead}"), "{}{from}", error.summary);
            }
            if let Err(e) = human::write_findings(out, &sources, &error.findings, color) {
                return e;
            }
            let n = error.findings.len();
            miette::miette!(
                help = format!("fix the model's problems reported above, {instead}"),
                "{} is broken: {n} problem{} in its files{from}",
                error.summary,
                if n == 1 { "" } else { "s" }
            )
        }
        LintError::NothingChecked { findings, sources, files, .. } => {
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
