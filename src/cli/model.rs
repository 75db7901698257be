//! `xgea model …`: check, diff, publish, list, show and impact — the reference model's life.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Subcommand, ValueEnum};

use super::Outcome;
use crate::diagnostic::Severity;
use crate::lifecycle::impact::impact;
use crate::lifecycle::publish::{PublishError, PublishRequest, publish};
use crate::model::diff::{self, ModelDiff};
use crate::model::release::{ReleaseStore, parse_version};
use crate::model::{
    EMBEDDED_VERSION, Model, ModelDocuments, ModelSource, StandardStatus, build_model, load_documents, load_release,
};
use crate::output::human;
use crate::rules::check_model;
use crate::schema::Schemas;
use crate::source::{SourceDb, display_path_of};

#[derive(Debug, Subcommand)]
pub enum ModelCommand {
    /// Check the model's own integrity: unique ids, links that resolve, no cycles, ordered markings, status
    /// histories that agree with statuses.
    #[command(
        after_help = "Examples:\n  xgea model check model/2.0.0\n  xgea model check model/releases/2.0.0.json\n  xgea model check                 check the built-in model\n\nExit codes: 0 no error, 1 errors in the model, 2 the model could not be read."
    )]
    Check {
        /// A model directory or release file; the built-in latest release when left out.
        dir: Option<PathBuf>,
    },
    /// Show what changed between two models, each change classified breaking or not, with the reason.
    #[command(
        after_help = "Examples:\n  xgea model diff 1.0.0 2.0.0\n  xgea model diff 2.0.0 model/2.1.0 --format markdown > NOTES.md\n  xgea model diff model/releases/1.0.0.json model/releases/2.0.0.json --format json\n\nOLD and NEW are each a release version, a model directory or a release file."
    )]
    Diff {
        old: String,
        new: String,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        #[command(flatten)]
        releases: ReleasesArg,
    },
    /// Publish model sources as an immutable release, with its editor schemas, enforcing semantic versioning.
    #[command(
        after_help = "Examples:\n  xgea model publish model/2.1.0 --version 2.1.0\n  xgea model publish . --version 3.0.0 --releases releases --schemas schemas\n\nWrites <releases>/<version>.json, <schemas>/<version>/{system,department}.schema.json and updates\n<releases>/index.json. Refuses (exit 2) an existing version, a model with errors, and a version whose\nbump is smaller than the changes since the latest release need (removals and retirements without\ndeprecation: major; additions: minor; text: patch)."
    )]
    Publish {
        /// The model sources: a directory of model YAML files.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The version to publish, MAJOR.MINOR.PATCH; must equal `version` in model.yaml.
        #[arg(long, value_name = "X.Y.Z")]
        version: String,
        /// The releases directory.
        #[arg(long, value_name = "DIR", default_value = "model/releases")]
        releases: PathBuf,
        /// Where the per-release editor schemas are written (in a subdirectory named after the version).
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        schemas: PathBuf,
    },
    /// List the published releases: version, release date, sha256.
    #[command(after_help = "Examples:\n  xgea model list\n  xgea model list --releases model/releases")]
    List {
        #[command(flatten)]
        releases: ReleasesArg,
    },
    /// Show one element of the model: a capability with its subtree, a standard with its status in every
    /// release, a component, a data entity; or the model's overview without an id.
    #[command(
        after_help = "Examples:\n  xgea model show\n  xgea model show BO.02\n  xgea model show MSG-SOAP\n  xgea model show one-login --model-version 2.0.0"
    )]
    Show {
        /// A capability, standard, component or data-entity id.
        id: Option<String>,
        #[command(flatten)]
        model: ModelChoice,
    },
    /// Lint an estate against a candidate model and against the current release, and report which
    /// departments and systems gain or lose findings.
    #[command(
        after_help = "Examples:\n  xgea model impact --model model/2.1.0 examples/estate\n  xgea model impact --model 2.0.0 --against 1.0.0 examples/estate"
    )]
    Impact {
        /// The candidate: a model directory, a release file or a release version.
        #[arg(long, value_name = "DIR|FILE|X.Y.Z")]
        model: String,
        /// The model to compare with: a release version, directory or release file (default: the built-in
        /// latest release).
        #[arg(long, value_name = "DIR|FILE|X.Y.Z")]
        against: Option<String>,
        /// The estate: files and directories of descriptors.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ImpactFormat::Human)]
        format: ImpactFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImpactFormat {
    Human,
    Json,
}

/// Where release versions are looked up.
#[derive(Debug, Clone, clap::Args)]
pub struct ReleasesArg {
    /// A releases directory (index.json and release files) instead of the releases built into xgea.
    #[arg(long, value_name = "DIR")]
    pub releases: Option<PathBuf>,
}

impl ReleasesArg {
    pub fn store(&self) -> ReleaseStore {
        self.releases.clone().map_or(ReleaseStore::Embedded, ReleaseStore::Dir)
    }
}

/// Which model a command reads.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelChoice {
    /// A model directory or release file instead of the built-in latest release.
    #[arg(long, value_name = "DIR|FILE", conflicts_with = "model_version")]
    pub model: Option<PathBuf>,
    /// A published release by version.
    #[arg(long, value_name = "X.Y.Z")]
    pub model_version: Option<String>,
    #[command(flatten)]
    pub releases: ReleasesArg,
}

fn err(e: impl std::fmt::Display) -> miette::Report {
    miette::miette!("{e}")
}

fn io_err(e: std::io::Error) -> miette::Report {
    miette::miette!("cannot write output: {e}")
}

fn schemas() -> miette::Result<Schemas> {
    Schemas::embedded().map_err(|e| miette::miette!("the built-in schemas do not compile: {e}"))
}

pub fn run(command: &ModelCommand, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    match command {
        ModelCommand::Check { dir } => run_check(dir.as_deref(), color, out),
        ModelCommand::Diff { old, new, format, releases } => run_diff(old, new, *format, &releases.store(), out),
        ModelCommand::Publish { dir, version, releases, schemas } => {
            let request = PublishRequest {
                source: dir.clone(),
                version: version.clone(),
                releases: releases.clone(),
                schemas: schemas.clone(),
            };
            run_publish(&request, color, out)
        }
        ModelCommand::List { releases } => run_list(&releases.store(), out),
        ModelCommand::Show { id, model } => run_show(id.as_deref(), model, out),
        ModelCommand::Impact { model, against, paths, format } => {
            run_impact(model, against.as_deref(), paths, *format, out)
        }
    }
}

fn run_check(dir: Option<&Path>, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    let source = dir.map_or(ModelSource::Embedded, |d| ModelSource::Path(d.to_path_buf()));
    let checked = check_model(&source, &schemas()?).map_err(|e| err(e.summary))?;
    human::write_findings(out, &checked.sources, &checked.findings, color)?;
    let count = |s: Severity| checked.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let what = match &checked.model {
        Some(m) => format!("{} {}", m.meta.name, m.version()),
        None => checked.summary.clone(),
    };
    if checked.findings.is_empty() {
        writeln!(out, "{what}: no problems found").map_err(io_err)?;
    } else {
        writeln!(out, "{what}: {errors} error(s), {warnings} warning(s)").map_err(io_err)?;
    }
    Ok(if errors > 0 { Outcome::Findings } else { Outcome::Clean })
}

/// A model named on the command line: a directory, a release file or a release version.
fn resolve(spec: &str) -> miette::Result<Resolved> {
    let path = Path::new(spec);
    if path.exists() {
        return Ok(Resolved::Source(ModelSource::Path(path.to_path_buf())));
    }
    if parse_version(spec).is_ok() {
        return Ok(Resolved::Release(spec.to_string()));
    }
    Err(miette::miette!(
        help = "name a release version (1.0.0), a model directory (model/2.0.0) or a release file (model/releases/2.0.0.json)",
        "`{spec}` is neither a release version nor an existing path"
    ))
}

enum Resolved {
    Source(ModelSource),
    Release(String),
}

/// Loads a named model's documents and typed model; a broken model prints its findings and fails.
fn load_named(
    spec: &str,
    store: &ReleaseStore,
    db: &mut SourceDb,
    schemas: &Schemas,
    out: &mut dyn Write,
) -> miette::Result<(ModelDocuments, Model)> {
    let loaded = match resolve(spec)? {
        Resolved::Source(source) => load_documents(&source, db, schemas),
        Resolved::Release(version) => load_release(store, &version, db, schemas),
    };
    let result = loaded.and_then(|docs| build_model(&docs).map(|m| (docs, m)));
    result.map_err(|error| {
        if let Err(e) = human::write_findings(out, db, &error.findings, false) {
            return e;
        }
        miette::miette!("{} cannot be read", error.summary)
    })
}

/// The version a loaded model is shown as: the release's, else the one its model.yaml states.
fn label(docs: &ModelDocuments, model: &Model) -> String {
    docs.release.clone().unwrap_or_else(|| model.version().to_string())
}

fn run_diff(
    old: &str,
    new: &str,
    format: DiffFormat,
    store: &ReleaseStore,
    out: &mut dyn Write,
) -> miette::Result<Outcome> {
    let schemas = schemas()?;
    let mut db = SourceDb::new();
    let (old_docs, old_model) = load_named(old, store, &mut db, &schemas, out)?;
    let (new_docs, new_model) = load_named(new, store, &mut db, &schemas, out)?;
    let d: ModelDiff = diff::diff(
        &label(&old_docs, &old_model),
        &old_docs.values(),
        &label(&new_docs, &new_model),
        &new_docs.values(),
    );
    let text = match format {
        DiffFormat::Human => diff::render_human(&d),
        DiffFormat::Markdown => diff::render_markdown(&d),
        DiffFormat::Json => diff::render_json(&d),
    };
    out.write_all(text.as_bytes()).map_err(io_err)?;
    Ok(Outcome::Clean)
}

fn run_publish(request: &PublishRequest, color: bool, out: &mut dyn Write) -> miette::Result<Outcome> {
    match publish(request, &schemas()?) {
        Ok(published) => {
            let e = &published.entry;
            writeln!(out, "published release {} (released {})", e.version, e.released).map_err(io_err)?;
            writeln!(out, "  {}  sha256 {}", display_path_of(&published.release_path), e.sha256).map_err(io_err)?;
            for path in &published.schema_paths {
                writeln!(out, "  {}", display_path_of(path)).map_err(io_err)?;
            }
            writeln!(out, "  {}", display_path_of(&request.releases.join("index.json"))).map_err(io_err)?;
            if let Some(d) = &published.diff {
                let level = d.required().map_or("no", |l| l.as_str());
                writeln!(
                    out,
                    "{} change(s) since {}, {} breaking; {level} release",
                    d.changes.len(),
                    d.old,
                    d.breaking()
                )
                .map_err(io_err)?;
            }
            Ok(Outcome::Clean)
        }
        Err(PublishError::Broken { sources, findings, summary }) => {
            human::write_findings(out, &sources, &findings, color)?;
            Err(miette::miette!(
                help = "fix the errors above (`xgea model check`), then publish again",
                "{summary} has errors; nothing was published"
            ))
        }
        Err(PublishError::Refused { message, help, .. }) => Err(miette::miette!(help = help, "{message}")),
        Err(e) => Err(err(e)),
    }
}

fn run_list(store: &ReleaseStore, out: &mut dyn Write) -> miette::Result<Outcome> {
    let index = store.index().map_err(err)?;
    if index.releases.is_empty() {
        writeln!(out, "no release published in {}", store.describe()).map_err(io_err)?;
        return Ok(Outcome::Clean);
    }
    let latest = index.latest().map(|e| e.version.clone());
    writeln!(out, "{:<10} {:<10} {:<64}  file", "version", "released", "sha256").map_err(io_err)?;
    for e in &index.releases {
        let mut notes = Vec::new();
        if Some(&e.version) == latest.as_ref() {
            notes.push("latest");
        }
        if *store == ReleaseStore::Embedded && e.version == EMBEDDED_VERSION {
            notes.push("default");
        }
        let notes = if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) };
        writeln!(out, "{:<10} {:<10} {:<64}  {}{notes}", e.version, e.released, e.sha256, e.file).map_err(io_err)?;
    }
    Ok(Outcome::Clean)
}

fn choice_source(choice: &ModelChoice) -> (ModelSource, Option<String>) {
    match (&choice.model, &choice.model_version) {
        (Some(p), _) => (ModelSource::Path(p.clone()), None),
        (None, Some(v)) => (ModelSource::Release(v.clone()), Some(v.clone())),
        (None, None) => (ModelSource::Embedded, None),
    }
}

fn run_show(id: Option<&str>, choice: &ModelChoice, out: &mut dyn Write) -> miette::Result<Outcome> {
    let schemas = schemas()?;
    let store = choice.releases.store();
    let mut db = SourceDb::new();
    let (source, version) = choice_source(choice);
    let docs = match (&source, &version, &choice.releases.releases) {
        (ModelSource::Release(_), Some(v), Some(_)) => load_release(&store, v, &mut db, &schemas),
        _ => load_documents(&source, &mut db, &schemas),
    };
    let model = docs.and_then(|d| build_model(&d)).map_err(|e| err(format!("{} cannot be read", e.summary)))?;
    let text = match id {
        None => overview(&model),
        Some(id) => show_element(&model, id, &store, &schemas)?,
    };
    out.write_all(text.as_bytes()).map_err(io_err)?;
    Ok(Outcome::Clean)
}

fn overview(model: &Model) -> String {
    let mut s = format!("{} {}", model.meta.name, model.version());
    if let Some(r) = &model.meta.released {
        s.push_str(&format!(" (released {r})"));
    }
    s.push('\n');
    let count = |st: StandardStatus| model.standards.iter().filter(|s| s.status == st).count();
    s.push_str(&format!(
        "  {} capabilities, {} standards ({} mandatory, {} recommended, {} emerging, {} deprecated, {} retired),\n  {} common components, {} data entities, {} marking schemes (current: {}), {} sectors\n",
        model.capabilities.len(),
        model.standards.len(),
        count(StandardStatus::Mandatory),
        count(StandardStatus::Recommended),
        count(StandardStatus::Emerging),
        count(StandardStatus::Deprecated),
        count(StandardStatus::Retired),
        model.components.len(),
        model.entities.len(),
        model.schemes.len(),
        model.current_scheme,
        model.sectors.len(),
    ));
    s.push_str("\nCapability domains:\n");
    for c in model.capabilities.iter().filter(|c| c.parent.is_none()) {
        let children = model.capabilities.iter().filter(|x| x.parent.as_deref() == Some(&c.id)).count();
        s.push_str(&format!("  {:<6} {} ({children} sub-capabilities)\n", c.id, c.name));
    }
    s.push_str("\nShow one element with `xgea model show <ID>`.\n");
    s
}

fn show_element(model: &Model, id: &str, store: &ReleaseStore, schemas: &Schemas) -> miette::Result<String> {
    let mut s = String::new();
    if let Some(c) = model.capability(id) {
        s.push_str(&format!("capability {} — {}\n", c.id, c.name));
        if let Some(p) = c.parent.as_deref().and_then(|p| model.capability(p)) {
            s.push_str(&format!("  parent: {} {}\n", p.id, p.name));
        }
        s.push_str(&format!("  shareable: {}\n", c.shareable));
        if let Some(f) = &c.family {
            s.push_str(&format!("  family: {f}\n"));
        }
        if let Some(d) = &c.description {
            s.push_str(&format!("  {d}\n"));
        }
        let mut children: BTreeMap<&str, Vec<&crate::model::Capability>> = BTreeMap::new();
        for x in &model.capabilities {
            if let Some(p) = x.parent.as_deref() {
                children.entry(p).or_default().push(x);
            }
        }
        s.push_str("\nsubtree:\n");
        let mut stack = vec![(c, 0usize)];
        let mut seen = BTreeSet::new();
        while let Some((node, depth)) = stack.pop() {
            if !seen.insert(node.id.as_str()) {
                continue;
            }
            let share = if node.shareable { "  [shareable]" } else { "" };
            s.push_str(&format!("  {}{} {}{share}\n", "  ".repeat(depth), node.id, node.name));
            for child in children.get(node.id.as_str()).into_iter().flatten().rev() {
                stack.push((child, depth + 1));
            }
        }
        let components: Vec<&str> =
            model.components.iter().filter(|k| k.capabilities.iter().any(|x| x == id)).map(|k| k.id.as_str()).collect();
        if !components.is_empty() {
            s.push_str(&format!("\ncommon components serving it: {}\n", components.join(", ")));
        }
    } else if let Some(st) = model.standard(id) {
        s.push_str(&format!("standard {} — {}", st.id, st.name));
        if let Some(v) = &st.version {
            s.push_str(&format!(" ({v})"));
        }
        s.push('\n');
        s.push_str(&format!("  category: {}", st.category));
        if let Some(c) = model.category(&st.category) {
            s.push_str(&format!(" ({})", c.name));
        }
        s.push_str(&format!("\n  status: {}\n  open: {}\n", st.status.as_str(), st.open));
        if let Some(n) = &st.superseded_by {
            s.push_str(&format!("  superseded by: {n}\n"));
        }
        if let Some(d) = &st.sunset {
            s.push_str(&format!("  sunset: {d}\n"));
        }
        if let Some(u) = &st.url {
            s.push_str(&format!("  url: {u}\n"));
        }
        if let Some(d) = &st.description {
            s.push_str(&format!("  {d}\n"));
        }
        if !st.history.is_empty() {
            s.push_str("\nhistory:\n");
            for h in &st.history {
                s.push_str(&format!("  {}  {}", h.date, h.status.as_str()));
                if let Some(n) = &h.note {
                    s.push_str(&format!("  {n}"));
                }
                s.push('\n');
            }
        }
        s.push_str("\nin each published release:\n");
        let index = store.index().map_err(err)?;
        for entry in &index.releases {
            let mut db = SourceDb::new();
            let status = load_release(store, &entry.version, &mut db, schemas)
                .and_then(|d| build_model(&d))
                .map(|m| m.standard(id).map_or("(not defined)".to_string(), |x| x.status.as_str().to_string()))
                .unwrap_or_else(|e| format!("(unreadable: {})", e.summary));
            s.push_str(&format!("  {:<8} {:<10} {status}\n", entry.version, entry.released));
        }
    } else if let Some(c) = model.component(id.strip_prefix("common:").unwrap_or(id)) {
        s.push_str(&format!("component {} — {}\n  status: {}\n", c.id, c.name, c.status.as_str()));
        if let Some(d) = &c.since {
            s.push_str(&format!("  since: {d}\n"));
        }
        if let Some(n) = &c.superseded_by {
            s.push_str(&format!("  superseded by: {n}\n"));
        }
        s.push_str(&format!("  kinds: {}\n", c.kinds.join(", ")));
        for cap in &c.capabilities {
            let name = model.capability(cap).map_or("(not in the model)", |x| x.name.as_str());
            s.push_str(&format!("  serves {cap} {name}\n"));
        }
        if let Some(d) = &c.description {
            s.push_str(&format!("  {d}\n"));
        }
        s.push_str(&format!("\ndescriptors use it as `uses: common:{}`\n", c.id));
    } else if let Some(e) = model.entity(id) {
        s.push_str(&format!("data entity {} — {}\n  personal: {}\n", e.id, e.name, e.personal));
        if let Some(m) = &e.marking {
            s.push_str(&format!("  marking: {m}\n"));
        }
        if !e.identifiers.is_empty() {
            s.push_str(&format!("  identifiers: {}\n", e.identifiers.join(", ")));
        }
        if let Some(m) = &e.master_source {
            s.push_str(&format!("  master source: {m}\n"));
        }
        if let Some(d) = &e.description {
            s.push_str(&format!("  {d}\n"));
        }
    } else {
        let all = model
            .capabilities
            .iter()
            .map(|c| c.id.as_str())
            .chain(model.standards.iter().map(|s| s.id.as_str()))
            .chain(model.components.iter().map(|c| c.id.as_str()))
            .chain(model.entities.iter().map(|e| e.id.as_str()));
        let suggestions = crate::diagnostic::did_you_mean(id, all);
        let help = match suggestions.first() {
            Some(s) => format!("did you mean `{s}`?"),
            None => "`xgea model show` lists the capability domains; ids are case-sensitive".to_string(),
        };
        return Err(miette::miette!(help = help, "`{id}` is not an id of the model {}", model.version()));
    }
    Ok(s)
}

fn impact_source(spec: &str) -> miette::Result<ModelSource> {
    match resolve(spec)? {
        Resolved::Source(s) => Ok(s),
        Resolved::Release(v) => Ok(ModelSource::Release(v)),
    }
}

fn run_impact(
    candidate: &str,
    against: Option<&str>,
    paths: &[PathBuf],
    format: ImpactFormat,
    out: &mut dyn Write,
) -> miette::Result<Outcome> {
    let current = match against {
        Some(spec) => impact_source(spec)?,
        None => ModelSource::Embedded,
    };
    let result = impact(paths, current, impact_source(candidate)?);
    let impact = result.map_err(|e| super::lint::report_failure(e, &mut Vec::new(), false))?;
    let (from, to) = (&impact.current, &impact.candidate);
    if format == ImpactFormat::Json {
        let value = serde_json::json!({
            "current": from, "candidate": to,
            "systems": impact.systems,
            "gained": impact.gained, "lost": impact.lost,
        });
        let mut text = serde_json::to_string_pretty(&value).map_err(err)?;
        text.push('\n');
        out.write_all(text.as_bytes()).map_err(io_err)?;
        return Ok(Outcome::Clean);
    }
    let by_place = impact.by_place();
    let mut s = format!(
        "impact of model {to} against {from} on {} system(s): {} finding(s) gained, {} lost, in {} department(s) and {} system(s)\n",
        impact.systems,
        impact.gained.len(),
        impact.lost.len(),
        impact.departments_touched(),
        impact.systems_touched,
    );
    let mut last_department = None;
    for ((department, system), (plus, minus)) in &by_place {
        if last_department != Some(*department) {
            let (g, l) = by_place
                .iter()
                .filter(|((d, _), _)| d == department)
                .fold((0, 0), |(g, l), (_, (p, m))| (g + p.len(), l + m.len()));
            let name = if department.is_empty() { "(estate-wide)" } else { department };
            s.push_str(&format!("\n{name}: +{g} -{l}\n"));
            last_department = Some(*department);
        }
        let name = if system.is_empty() { "(department-wide)" } else { system };
        s.push_str(&format!("  {name}: +{} -{}\n", plus.len(), minus.len()));
        for k in plus {
            s.push_str(&format!("    + {} {} {}{}\n", k.code, k.severity, k.message, k.at()));
        }
        for k in minus {
            s.push_str(&format!("    - {} {} {}{}\n", k.code, k.severity, k.message, k.at()));
        }
    }
    if by_place.is_empty() {
        s.push_str("no department or system gains or loses a finding\n");
    }
    out.write_all(s.as_bytes()).map_err(io_err)?;
    Ok(Outcome::Clean)
}
