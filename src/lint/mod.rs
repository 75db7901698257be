//! One lint run as a library call: model → estate → rules → the configuration → sorted findings. The CLI, the
//! model-impact command and the tests all go through here.
//!
//! After the rules, the configuration decides what is reported: `select` (rule selection, severity
//! overrides, per-path ignores), `waive` (waivers and inline allows), `govern` (XG601-XG603 about the
//! waivers themselves).

pub mod cache;
mod govern;
pub mod localise;
mod select;
mod waive;

use std::path::PathBuf;

pub use waive::Suppressed;

use crate::config::{Config, Selection};
use crate::date::Date;
use crate::diagnostic::{Finding, sort_findings};
use crate::estate::is_snapshot_file;
use crate::estate::{Estate, LoadOptions, load_estate_with};
use crate::graph::EstateGraph;
use crate::model::release::{ReleaseStore, parse_version};
use crate::model::{Model, ModelError, ModelSource, build_model, load_documents, load_release};
use crate::rules::governance::{xg610_model_version_superseded, xg611_estate_snapshot_out_of_date};
use crate::rules::{RuleContext, RuleOptions, run_checks_into};
use crate::schema::Schemas;
use crate::snapshot::{Merged, SnapshotError, model_stamp, read_merged};
use crate::source::{DiscoverError, Skipped, SourceDb, SourceFile, Span, discover_all, display_path_of};

/// What to lint and against what.
#[derive(Debug, Clone)]
pub struct LintRequest {
    pub paths: Vec<PathBuf>,
    pub model: ModelSource,
    pub load: LoadOptions,
    /// The day rules compare sunset dates, and waivers their expiry, with.
    pub today: Date,
    /// Thresholds of the cross-estate rules.
    pub options: RuleOptions,
    /// The `xgea.toml` to apply after the rules: severities, per-path ignores, waivers (and its findings,
    /// XG601-XG603). Inline `# xgea: allow` comments apply with or without it.
    pub config: Option<Config>,
    /// The rules reported (from the config's and the command line's select/ignore).
    pub selection: Selection,
    /// Who chose `model`, for messages about a model that cannot be loaded.
    pub model_origin: ModelOrigin,
    /// A releases directory that a pinned version is looked up in (`--releases`, `[model] releases`).
    pub releases: Option<PathBuf>,
    /// The rest of the estate, from a snapshot (`--estate`, `[estate] snapshot`).
    pub snapshot: Option<SnapshotRequest>,
    /// The lint cache directory (`.xgea-cache/` next to the config file); `None` reads and writes no cache.
    pub cache_dir: Option<PathBuf>,
}

/// Lint against an estate snapshot: the linted files replace its records for the systems and departments they
/// define, rules run over the union, and only findings that touch the linted files are reported.
#[derive(Debug, Clone)]
pub struct SnapshotRequest {
    pub path: PathBuf,
    /// A snapshot older than this many days is reported (XG611).
    pub max_age_days: u32,
}

impl SnapshotRequest {
    pub const DEFAULT_MAX_AGE_DAYS: u32 = 7;

    pub fn new(path: PathBuf) -> Self {
        SnapshotRequest { path, max_age_days: Self::DEFAULT_MAX_AGE_DAYS }
    }
}

/// Who chose the model of a run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ModelOrigin {
    /// Nobody: the model built into xgea.
    #[default]
    BuiltIn,
    /// A command-line flag, as written (`--model`, `--model-version`).
    Flag(&'static str),
    /// A key of a config file: the file as shown and the key (`[model] version`).
    Config { file: String, key: &'static str },
    /// The candidate of `xgea model impact --model`, which cannot be left out.
    Candidate,
}

impl ModelOrigin {
    /// "set by `--model`", "set by `[model] version` in xgea.toml"; `None` for the built-in model.
    pub fn describe(&self) -> Option<String> {
        match self {
            ModelOrigin::BuiltIn => None,
            ModelOrigin::Flag(flag) => Some(format!("set by `{flag}`")),
            ModelOrigin::Config { file, key } => Some(format!("set by `{key}` in {file}")),
            ModelOrigin::Candidate => Some("the candidate named by `--model`".to_string()),
        }
    }
}

impl LintRequest {
    pub fn new(paths: Vec<PathBuf>) -> Self {
        LintRequest {
            paths,
            model: ModelSource::Embedded,
            load: LoadOptions::default(),
            today: Date::today(),
            options: RuleOptions::default(),
            config: None,
            selection: Selection::default(),
            model_origin: ModelOrigin::BuiltIn,
            releases: None,
            snapshot: None,
            cache_dir: None,
        }
    }

    /// Applies a config file: its rule options, its selection and, after the rules, its waivers.
    pub fn with_config(mut self, config: Config) -> Self {
        // The config's model applies unless the command line already chose one.
        if self.releases.is_none() {
            self.releases = config.model_releases.clone();
        }
        if let (ModelSource::Release(version), Some(releases)) = (&self.model, &self.releases) {
            self.model = ModelSource::Published { releases: releases.clone(), version: version.clone() };
        }
        if matches!(self.model, ModelSource::Embedded) {
            if let Some(version) = &config.model_version {
                self.model = match &self.releases {
                    Some(releases) => {
                        ModelSource::Published { releases: releases.clone(), version: version.get_ref().clone() }
                    }
                    None => ModelSource::Release(version.get_ref().clone()),
                };
                self.model_origin = ModelOrigin::Config { file: config.file.display.clone(), key: "[model] version" };
            } else if let Some(path) = &config.model_path {
                self.model = ModelSource::Path(path.clone());
                self.model_origin = ModelOrigin::Config { file: config.file.display.clone(), key: "[model] path" };
            }
        }
        self.options = config.options.clone();
        self.selection = Selection::resolve(std::slice::from_ref(&config.selection));
        self.config = Some(config);
        self
    }
}

/// The result of a lint run that could check something.
#[derive(Debug)]
pub struct LintRun {
    pub sources: SourceDb,
    pub model: Model,
    pub estate: Estate,
    /// The estate graph the rules ran on; later commands (roadmap, report, graph) reuse it.
    pub graph: EstateGraph,
    /// Every finding left after selection, severity overrides and waivers, sorted.
    pub findings: Vec<Finding>,
    /// What waivers and inline allows hid.
    pub suppressed: Suppressed,
    /// Paths under the named directories that were not read, and why.
    pub skipped: Vec<Skipped>,
    /// What the estate snapshot added, when the run used one.
    pub merged: Option<Merged>,
    /// Warnings for the user that are not findings (an unverified model release).
    pub warnings: Vec<String>,
}

/// Why a run could not check anything.
#[derive(Debug)]
pub enum LintError {
    Schemas(String),
    /// The model is broken; its findings point into its files, held by `sources`.
    Model {
        error: ModelError,
        sources: SourceDb,
        /// Who chose the model.
        origin: ModelOrigin,
    },
    Discover(DiscoverError),
    /// No file held a valid descriptor; the findings say why.
    NothingChecked {
        findings: Vec<Finding>,
        sources: SourceDb,
        files: usize,
        skipped: Vec<Skipped>,
    },
    /// The estate snapshot could not be read, or failed its integrity check.
    Snapshot(SnapshotError),
}

/// Loads the model and the estate and runs every rule.
pub fn lint(request: &LintRequest) -> Result<LintRun, LintError> {
    let schemas = Schemas::embedded().map_err(LintError::Schemas)?;
    let mut sources = SourceDb::new();
    let docs = match load_documents(&request.model, &mut sources, &schemas) {
        Ok(docs) => docs,
        Err(error) => return Err(LintError::Model { error, sources, origin: request.model_origin.clone() }),
    };
    let model = match build_model(&docs) {
        Ok(model) => model,
        Err(error) => return Err(LintError::Model { error, sources, origin: request.model_origin.clone() }),
    };
    // The cache file is read while the files are found.
    let reading = request.cache_dir.clone().map(|dir| {
        let stamp = model_stamp(&docs, &model);
        let paths = request.paths.clone();
        let load = format!("{:?}", request.load);
        std::thread::spawn(move || {
            let key = cache::CacheKey { model_version: &stamp.version, model_sha256: &stamp.sha256, load };
            cache::LintCache::read(&dir, &paths, &key)
        })
    });
    let discovered = discover_all(&request.paths);
    // A cache that could not be read (its thread failed) is no cache.
    let cache = reading.and_then(|reading| reading.join().ok());
    let discovered = discovered.map_err(LintError::Discover)?;
    let skipped = discovered.skipped;
    let cache = cache.map(|cache| cache.for_files(&discovered.files));
    let mut estate = load_estate_with(
        &discovered.files,
        &mut sources,
        &schemas,
        request.load,
        cache.as_ref().map(|c| c as &dyn crate::estate::FileCache),
    );
    // Each source file now knows its path: 100,000 of them need not be held twice through the rules.
    drop(discovered.files);
    // The cache is written while the rules run.
    let saving = cache.map(|c| {
        std::thread::spawn(move || {
            let file = c.path().to_path_buf();
            c.save().map_err(|e| format!("cannot write the lint cache `{}`: {e}", display_path_of(&file)))
        })
    });
    let mut findings = std::mem::take(&mut estate.findings);
    if estate.documents == 0 {
        sort_findings(&mut findings);
        return Err(LintError::NothingChecked { findings, sources, files: estate.files, skipped });
    }
    let mut snapshot = None;
    let mut merged = None;
    if let Some(asked) = &request.snapshot {
        let (header, union, added) = read_merged(&asked.path, estate).map_err(LintError::Snapshot)?;
        estate = union;
        merged = Some(added);
        snapshot = Some((asked, header));
    }
    let graph = EstateGraph::build(&model, &estate);
    let cx = RuleContext {
        model: &model,
        estate: &estate,
        sources: &sources,
        today: request.today,
        graph: &graph,
        options: &request.options,
    };
    run_checks_into(&cx, &mut findings);
    if let Some((asked, snapshot)) = &snapshot {
        findings = localise::localise(findings, |f| !is_snapshot_file(f), |s| localise::describe(&estate, s));
        // Findings about the snapshot itself are placed at the start of its file (its header line only).
        let header = snapshot_header(&asked.path);
        let at = Span::file_start(sources.add(SourceFile::new(crate::source::display_path_of(&asked.path), header)));
        let stamp = model_stamp(&docs, &model);
        if stamp != snapshot.model {
            let shown = |v: &str, other: &str| if v == other { format!("{v} (other content)") } else { v.to_string() };
            findings.push(xg611_estate_snapshot_out_of_date::other_model(
                at,
                &shown(&snapshot.model.version, &stamp.version),
                &stamp.version,
            ));
        }
        if let Some(created) = snapshot.created_date() {
            let days = request.today.days_since(created);
            if days > i64::from(asked.max_age_days) {
                findings.push(xg611_estate_snapshot_out_of_date::too_old(
                    at,
                    &snapshot.created,
                    days,
                    asked.max_age_days,
                ));
            }
        }
    }
    if let Some(version) = request.model.pinned_version()
        && let Some((newest_version, newest_model)) = newer_release(&request.model.store(), version, &schemas)
    {
        // A pin from xgea.toml is reported on its `version` line: the config file becomes the next source
        // when the config is applied below.
        let pin = request.config.as_ref().and_then(|c| c.model_version.as_ref()).filter(|v| v.get_ref() == version);
        let at = pin.map(|v| Span::new(sources.next_id(), (v.span().start as u32, v.span().end as u32)));
        let newest = xg610_model_version_superseded::Newer { version: &newest_version, model: &newest_model };
        findings.extend(xg610_model_version_superseded::superseded(version, &model, newest, &estate, at));
    }
    let suppressed =
        apply_config(&mut findings, &mut sources, request.config.as_ref(), &request.selection, request.today);
    let mut warnings: Vec<String> = docs.warning.iter().cloned().collect();
    if let Some(Ok(Err(warning))) = saving.map(std::thread::JoinHandle::join) {
        warnings.push(warning);
    }
    Ok(LintRun { sources, model, estate, graph, findings, suppressed, skipped, merged, warnings })
}

/// The first line of a snapshot file (at most 4 KiB): what findings about the snapshot show.
fn snapshot_header(path: &std::path::Path) -> String {
    use std::io::{BufRead, Read};
    let mut line = String::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = std::io::BufReader::new(file.take(4096)).read_line(&mut line);
    }
    line
}

/// The newest release built into xgea, built, when it is newer than `pinned` (for XG610). A release that
/// cannot be read or built is passed over: the pinned run itself is unaffected.
fn newer_release(store: &ReleaseStore, pinned: &str, schemas: &Schemas) -> Option<(String, Model)> {
    let index = store.index().ok()?;
    let newest = index.latest()?;
    if parse_version(&newest.version).ok()? <= parse_version(pinned).ok()? {
        return None;
    }
    let mut scratch = SourceDb::new();
    let model = load_release(store, &newest.version, &mut scratch, schemas).and_then(|d| build_model(&d)).ok()?;
    Some((newest.version.clone(), model))
}

/// Filters and waives `findings` in place (then sorts them) and returns what was hidden. The config file
/// is added to `db` first, as the `db.next_id()` of before the call, so findings about waivers (and findings
/// made earlier that point into the config, such as XG610) have it as their source.
fn apply_config(
    findings: &mut Vec<Finding>,
    db: &mut SourceDb,
    config: Option<&Config>,
    selection: &Selection,
    today: Date,
) -> Suppressed {
    let config_file = config.map(|c| db.add(SourceFile::new(c.file.display.clone(), c.file.text.clone())));
    let db: &SourceDb = db;
    let mut governance = Vec::new();
    let select = select::Select::new(selection, config);
    let mut paths = select::ConfigPaths::new(db, config);
    let mut waive = waive::Waive::new(db, config, config_file, today, &mut governance);
    findings.retain_mut(|f| select.keep(f, &mut paths) && !waive.hides(f, &mut paths));
    govern::govern(&waive, config_file, &select, &mut governance);
    // Governance findings obey selection and severity overrides too; they are never waived.
    findings.extend(governance.into_iter().filter_map(|mut f| select.keep_anywhere(&mut f).then_some(f)));
    sort_findings(findings);
    waive.suppressed
}
