//! Which findings a run reports, and at what severity: the rule selection (`select`, `ignore`, from the config
//! file and the command line), then `xgea.toml`'s `[severity]` overrides and `[per-path-ignores]`.

use crate::hash::{HashMap, HashMapExt};
use std::path::{Path, PathBuf};

use crate::config::{Config, Selection, normalize};
use crate::diagnostic::{Finding, RuleMeta};
use crate::source::{FileId, SourceDb};

/// Paths of files relative to the config file's directory (what globs match), computed once per file.
pub(super) struct ConfigPaths<'a> {
    db: &'a SourceDb,
    cwd: PathBuf,
    dir: Option<&'a Path>,
    cache: HashMap<FileId, String>,
}

impl<'a> ConfigPaths<'a> {
    pub(super) fn new(db: &'a SourceDb, config: Option<&'a Config>) -> Self {
        ConfigPaths {
            db,
            cwd: std::env::current_dir().unwrap_or_default(),
            dir: config.map(Config::dir),
            cache: HashMap::new(),
        }
    }

    /// The file's path relative to the config file's directory, or as displayed when it lies outside it (or
    /// there is no config file).
    pub(super) fn get(&mut self, file: FileId) -> &str {
        let (db, cwd, dir) = (self.db, &self.cwd, self.dir);
        self.cache.entry(file).or_insert_with(|| {
            let display = &db.get(file).path;
            let Some(dir) = dir else { return display.clone() };
            let absolute = normalize(&cwd.join(display));
            match absolute.strip_prefix(dir) {
                Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
                Err(_) => display.clone(),
            }
        })
    }
}

/// The selection and the config's overrides, applied finding by finding.
pub(super) struct Select<'a> {
    selection: &'a Selection,
    config: Option<&'a Config>,
}

impl<'a> Select<'a> {
    pub(super) fn new(selection: &'a Selection, config: Option<&'a Config>) -> Self {
        Select { selection, config }
    }

    /// Whether a finding is reported; sets its severity from the overrides when it is.
    pub(super) fn keep(&self, finding: &mut Finding, paths: &mut ConfigPaths<'_>) -> bool {
        if !self.keep_anywhere(finding) {
            return false;
        }
        match self.config {
            Some(config) if !config.per_path_ignores.is_empty() => {
                !config.path_ignores(finding.rule, paths.get(finding.primary.span.file))
            }
            _ => true,
        }
    }

    /// [`Select::keep`] without per-path ignores: for findings about the configuration itself, which
    /// obey the selection and the severity overrides but not globs over the estate's files.
    pub(super) fn keep_anywhere(&self, finding: &mut Finding) -> bool {
        if !self.selection.is_enabled(finding.rule) {
            return false;
        }
        match self.config.and_then(|c| c.severity_for(finding.rule)) {
            Some(None) => false,
            Some(Some(severity)) => {
                finding.severity = severity;
                true
            }
            None => true,
        }
    }

    /// Whether the selection enables a rule (severity overrides aside).
    pub(super) fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.selection.is_enabled(rule)
    }

    /// Whether findings of a rule can be reported at all: selected and not turned `off`.
    pub(super) fn reports(&self, rule: &RuleMeta) -> bool {
        self.selection.is_enabled(rule) && self.config.and_then(|c| c.severity_for(rule)) != Some(None)
    }
}
