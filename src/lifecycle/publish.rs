//! `xgea model publish`: turn model sources into an immutable release.
//!
//! The sources must pass `model check` with no error, `model.yaml` must carry the version being published and
//! its release date, and the version must follow semantic versioning from the diff against the latest release
//! in the releases directory (the first release may have any version).
//!
//! Publishing is recoverable. Everything (the release file, the editor schemas, the new index) is first written
//! under temporary names beside its destination, then committed in this order: the release file, the schemas,
//! and last the index, whose atomic replacement is the commit point — a release exists once the index lists
//! it. A run interrupted before that leaves at most a release file that no index lists (which loads nowhere,
//! since its hash is recorded nowhere) and stray temporary files: re-running the same publish finishes it
//! (the same bytes are kept), and publishing other content under that version rolls the unlisted file back
//! (it is replaced). A release the index lists is never overwritten.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Finding, Severity};
use crate::model::diff::{Level, ModelDiff, diff};
use crate::model::release::{self, IndexEntry, ReleaseStore, parse_version};
use crate::model::{ModelSource, load_documents, load_release};
use crate::rules::check_model;
use crate::schema::Schemas;
use crate::source::{SourceDb, display_path_of};

/// What to publish and where.
#[derive(Debug, Clone)]
pub struct PublishRequest {
    /// The model sources (a directory of YAML files).
    pub source: PathBuf,
    pub version: String,
    /// The releases directory (`model/releases`).
    pub releases: PathBuf,
    /// Where the per-release editor schemas go (`schemas`); they are written to `<schemas>/<version>/`.
    pub schemas: PathBuf,
}

/// A release that was written.
#[derive(Debug)]
pub struct Published {
    pub entry: IndexEntry,
    pub release_path: PathBuf,
    pub schema_paths: Vec<PathBuf>,
    /// The diff against the previous latest release, if there was one.
    pub diff: Option<ModelDiff>,
    /// What an interrupted earlier publish of this version had left, and what was done with it.
    pub recovered: Option<String>,
}

/// Why nothing was published.
#[derive(Debug)]
pub enum PublishError {
    /// The sources have errors; the findings locate them.
    Broken {
        sources: SourceDb,
        findings: Vec<Finding>,
        summary: String,
    },
    /// The model could not be read at all.
    Unreadable(String),
    /// A refusal with its explanation (bad version, existing release, semver violated).
    Refused {
        message: String,
        help: String,
        diff: Option<Box<ModelDiff>>,
    },
    Io(String),
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::Broken { summary, findings, .. } => {
                let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
                write!(f, "{summary} has {errors} error(s); nothing was published")
            }
            PublishError::Unreadable(m) | PublishError::Io(m) => f.write_str(m),
            PublishError::Refused { message, .. } => f.write_str(message),
        }
    }
}

fn refused(message: impl Into<String>, help: impl Into<String>) -> PublishError {
    PublishError::Refused { message: message.into(), help: help.into(), diff: None }
}

fn io(what: &Path, e: std::io::Error) -> PublishError {
    PublishError::Io(format!("cannot write `{}`: {e}", display_path_of(what)))
}

/// Writes `text` to a temporary file beside `path`, flushed to disk, and returns the temporary path.
fn write_temp(path: &Path, text: &str) -> Result<PathBuf, PublishError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut file = std::fs::File::create(&temp).map_err(|e| io(&temp, e))?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(|e| io(&temp, e))?;
    Ok(temp)
}

/// Replaces `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, text: &str) -> Result<(), PublishError> {
    let temp = write_temp(path, text)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(path, e)
    })
}

/// Checks the sources, enforces semantic versioning and writes the release, its schemas and the index.
pub fn publish(request: &PublishRequest, schemas: &Schemas) -> Result<Published, PublishError> {
    let version = parse_version(&request.version).map_err(|e| refused(e, "give --version as MAJOR.MINOR.PATCH"))?;
    let source = ModelSource::Path(request.source.clone());
    let checked = check_model(&source, schemas).map_err(|e| PublishError::Unreadable(e.summary))?;
    let has_errors = checked.findings.iter().any(|f| f.severity == Severity::Error);
    let Some(model) = checked.model.filter(|_| !has_errors) else {
        return Err(PublishError::Broken {
            sources: checked.sources,
            findings: checked.findings,
            summary: checked.summary,
        });
    };
    if model.meta.version != request.version {
        return Err(refused(
            format!("`model.yaml` says version {}, but --version is {}", model.meta.version, request.version),
            format!("set `version: {}` in model.yaml, so the sources say which release they are", request.version),
        ));
    }
    let Some(released) = model.meta.released.clone() else {
        return Err(refused(
            "`model.yaml` has no `released` date",
            "add `released: YYYY-MM-DD`: the release date is part of the release (not the time of publishing)",
        ));
    };
    let store = ReleaseStore::Dir(request.releases.clone());
    let index = store.index().map_err(|e| PublishError::Unreadable(e.to_string()))?;
    let file = format!("{}.json", request.version);
    let release_path = request.releases.join(&file);
    if index.entry(&request.version).is_some() {
        return Err(refused(
            format!(
                "release {} already exists in `{}`; a published release is never overwritten",
                request.version,
                display_path_of(&request.releases)
            ),
            "publish the changes under a new version",
        ));
    }
    let mut db = SourceDb::new();
    let docs = load_documents(&source, &mut db, schemas).map_err(|e| PublishError::Unreadable(e.summary))?;
    let values = docs.values();
    let previous = match index.latest() {
        None => None,
        Some(latest) => {
            let latest_version = parse_version(&latest.version).map_err(PublishError::Unreadable)?;
            let old = load_release(&store, &latest.version, &mut db, schemas).map_err(|e| {
                PublishError::Unreadable(format!("cannot compare with the latest release: {}", e.summary))
            })?;
            let d = diff(&latest.version, &old.values(), &request.version, &values);
            check_semver(&latest_version, &version, &d)?;
            Some(d)
        }
    };
    let text = release::release_json(&request.version, &released, &values);
    let generated = crate::model::schema_gen::generate(&model, &request.version).map_err(PublishError::Io)?;
    let entry =
        IndexEntry { version: request.version.clone(), released, file, sha256: release::sha256_hex(text.as_bytes()) };
    let mut index = index;
    index.insert(entry.clone());
    let index_path = request.releases.join(release::INDEX_FILE);
    remove_stale_temps(&release_path);
    remove_stale_temps(&index_path);

    // Stage everything under temporary names.
    let mut staged = Staged::default();
    let result = (|| {
        staged.release = Some(write_temp(&release_path, &text)?);
        let mut schema_paths = Vec::new();
        for (name, schema) in &generated {
            let path = request.schemas.join(&request.version).join(name);
            staged.schemas.push((write_temp(&path, schema)?, path.clone()));
            schema_paths.push(path);
        }
        staged.index = Some(write_temp(&index_path, &index.to_json())?);

        // Commit: the release file, the schemas, then the index (the commit point).
        let recovered = commit_release(staged.release.take().expect("staged"), &release_path, &text)?;
        for (temp, path) in std::mem::take(&mut staged.schemas) {
            rename(&temp, &path)?;
        }
        rename(&staged.index.take().expect("staged"), &index_path)?;
        Ok((schema_paths, recovered))
    })();
    staged.discard();
    let (schema_paths, recovered) = result?;
    Ok(Published { entry, release_path, schema_paths, diff: previous, recovered })
}

/// Temporary files not yet committed; removed if publishing stops half-way.
#[derive(Default)]
struct Staged {
    release: Option<PathBuf>,
    schemas: Vec<(PathBuf, PathBuf)>,
    index: Option<PathBuf>,
}

impl Staged {
    fn discard(self) {
        let temps = self.release.into_iter().chain(self.schemas.into_iter().map(|(t, _)| t)).chain(self.index);
        for temp in temps {
            let _ = std::fs::remove_file(temp);
        }
    }
}

fn rename(temp: &Path, path: &Path) -> Result<(), PublishError> {
    std::fs::rename(temp, path).map_err(|e| io(path, e))
}

/// Temporary files of the release file left by publishes that were killed (`.<file>.tmp-<pid>`).
fn remove_stale_temps(path: &Path) {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Puts the staged release file in place. The index does not list this version (checked before), so a file
/// already there was left by an interrupted publish: kept when it holds the same bytes (the publish is
/// finished), replaced otherwise (the unfinished one is rolled back).
fn commit_release(temp: PathBuf, path: &Path, text: &str) -> Result<Option<String>, PublishError> {
    let shown = display_path_of(path);
    match std::fs::read(path) {
        Ok(existing) if existing == text.as_bytes() => {
            let _ = std::fs::remove_file(&temp);
            Ok(Some(format!("`{shown}` was left by an interrupted publish of the same release: finished it")))
        }
        Ok(_) => {
            rename(&temp, path)?;
            Ok(Some(format!("`{shown}` was left by an interrupted publish and listed in no index: replaced it")))
        }
        Err(_) => {
            let linked = std::fs::hard_link(&temp, path);
            match linked {
                Ok(()) => {
                    let _ = std::fs::remove_file(&temp);
                    Ok(None)
                }
                // A file system without hard links: rename (atomic, not race-free against a concurrent
                // publisher of the same version).
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => rename(&temp, path).map(|()| None),
                Err(_) => {
                    let _ = std::fs::remove_file(&temp);
                    Err(refused(
                        format!("`{shown}` appeared while publishing: another publish of this version is running"),
                        "wait for it to finish, then check `xgea model list --releases DIR`",
                    ))
                }
            }
        }
    }
}

/// Refuses a version that is not greater than the latest, or whose bump is smaller than the changes need.
fn check_semver(latest: &semver::Version, version: &semver::Version, d: &ModelDiff) -> Result<(), PublishError> {
    let Some(required) = d.required() else {
        return Err(refused(
            format!("nothing changed since release {latest}; there is nothing to publish"),
            "edit the model first, or keep using the existing release",
        ));
    };
    let Some(bump) = Level::of_bump(latest, version) else {
        return Err(refused(
            format!("version {version} is not greater than the latest release {latest}"),
            format!("publish as {} or later", required.next(latest)),
        ));
    };
    if bump < required {
        let reasons: Vec<String> = d.at(required).take(5).map(|c| format!("{} ({})", c.describe(), c.reason)).collect();
        let more = d.at(required).count().saturating_sub(reasons.len());
        let mut message = format!(
            "version {version} is a {} release, but the changes since {latest} need a {} release: {}",
            bump.as_str(),
            required.as_str(),
            reasons.join("; ")
        );
        if more > 0 {
            message.push_str(&format!("; and {more} more"));
        }
        return Err(PublishError::Refused {
            message,
            help: format!(
                "publish as {} (see `xgea model diff {latest} <DIR>`), or undo the changes that need it",
                required.next(latest)
            ),
            diff: Some(Box::new(d.clone())),
        });
    }
    Ok(())
}
