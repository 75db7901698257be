//! `xgea report`: a static, self-contained website of the estate, its findings, the roadmap and the model.
//!
//! Plain HTML and one local stylesheet: no script, no web font, no CDN; every link is relative, so the site
//! works from `file://` and from any static host. Pages are maud templates compiled into the binary, one file
//! per page under `pages`, framed by `layout` and sharing the fragments in `parts`; maud escapes every
//! value, so no page escapes by hand. [`svg`] draws the graph pictures; pages are written only inside the
//! output directory, under file names from [`names`].

mod layout;
pub mod names;
mod pages;
mod parts;
pub mod svg;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Finding;
use crate::estate::Estate;
use crate::lint::LintRun;
use crate::roadmap::{Roadmap, Uses};

/// Why a site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{} already exists and is not empty", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} exists and is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("{} is a symbolic link inside the output directory; refusing to write through it", .0.display())]
    Symlink(PathBuf),
    #[error("cannot write {path}: {err}", path = .0.display(), err = .1)]
    Io(PathBuf, io::Error),
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SiteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes files under one root, and nowhere else.
struct Writer {
    root: PathBuf,
    dirs: BTreeSet<String>,
    stats: SiteStats,
}

impl Writer {
    /// Prepares `root`: creates it, or accepts it when empty (or with `force`).
    fn open(root: &Path, force: bool) -> Result<Writer, SiteError> {
        match fs::metadata(root) {
            Ok(m) if !m.is_dir() => return Err(SiteError::NotADirectory(root.to_path_buf())),
            Ok(_) => {
                let mut entries = fs::read_dir(root).map_err(|e| SiteError::Io(root.to_path_buf(), e))?;
                if entries.next().is_some() && !force {
                    return Err(SiteError::NotEmpty(root.to_path_buf()));
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(root).map_err(|e| SiteError::Io(root.to_path_buf(), e))?;
            }
            Err(e) => return Err(SiteError::Io(root.to_path_buf(), e)),
        }
        Ok(Writer { root: root.to_path_buf(), dirs: BTreeSet::new(), stats: SiteStats { files: 0, bytes: 0 } })
    }

    /// Writes `rel` (a `/`-separated path made of [`names`] stems and fixed directory names).
    fn write(&mut self, rel: &str, content: &str) -> Result<(), SiteError> {
        debug_assert!(!rel.split('/').any(|p| p.is_empty() || p.starts_with('.')), "unsafe site path {rel}");
        let mut path = self.root.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for (i, dir) in parts[..parts.len() - 1].iter().enumerate() {
            path.push(dir);
            let key = parts[..=i].join("/");
            if self.dirs.contains(&key) {
                continue;
            }
            match fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => return Err(SiteError::Symlink(path)),
                Ok(m) if !m.is_dir() => return Err(SiteError::NotADirectory(path)),
                Ok(_) => {}
                Err(_) => fs::create_dir(&path).map_err(|e| SiteError::Io(path.clone(), e))?,
            }
            self.dirs.insert(key);
        }
        path.push(parts[parts.len() - 1]);
        // Never write through a link left in the directory (`--force`): replace the link itself.
        if let Ok(m) = fs::symlink_metadata(&path) {
            if m.file_type().is_symlink() {
                fs::remove_file(&path).map_err(|e| SiteError::Io(path.clone(), e))?;
            } else if m.is_dir() {
                return Err(SiteError::NotADirectory(path));
            }
        }
        fs::write(&path, content).map_err(|e| SiteError::Io(path.clone(), e))?;
        self.stats.files += 1;
        self.stats.bytes += content.len() as u64;
        Ok(())
    }
}

/// Who a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    System(usize),
    Department,
    None,
}

/// Everything the pages read, indexed once.
pub(crate) struct Cx<'a> {
    pub run: &'a LintRun,
    pub roadmap: &'a Roadmap,
    pub footer: String,
    pub uses: Uses<'a>,
    /// Unique system ids → the systems declaring them (usually one).
    pub systems_by_id: BTreeMap<&'a str, Vec<usize>>,
    /// Department id → systems (estate indexes), for every department declared or named.
    pub departments: BTreeMap<&'a str, Vec<usize>>,
    /// Finding indexes per system (estate index).
    pub system_findings: Vec<Vec<usize>>,
    /// Finding indexes per department: its own and its systems'.
    pub department_findings: BTreeMap<&'a str, Vec<usize>>,
    /// Findings about no system or department (the model, unreadable files).
    pub other_findings: Vec<usize>,
}

impl<'a> Cx<'a> {
    fn new(run: &'a LintRun, roadmap: &'a Roadmap) -> Cx<'a> {
        let estate: &Estate = &run.estate;
        let mut systems_by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut departments: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for d in &estate.departments {
            departments.entry(d.id.as_str()).or_default();
        }
        for (i, s) in estate.systems.iter().enumerate() {
            systems_by_id.entry(s.id.as_str()).or_default().push(i);
            departments.entry(s.department.as_str()).or_default().push(i);
        }
        let mut systems_by_file: BTreeMap<u32, Vec<(u32, u32, usize)>> = BTreeMap::new();
        for (i, s) in estate.systems.iter().enumerate() {
            systems_by_file.entry(s.file.0).or_default().push((s.span.start, s.span.end, i));
        }
        for list in systems_by_file.values_mut() {
            list.sort_unstable();
        }
        let mut department_by_file = BTreeMap::new();
        for d in &estate.departments {
            department_by_file.entry(d.file.0).or_insert(d.id.as_str());
        }
        let mut system_findings = vec![Vec::new(); estate.systems.len()];
        let mut department_findings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut other_findings = Vec::new();
        {
            let owners = Owners {
                estate,
                systems_by_id: &systems_by_id,
                departments: &departments,
                systems_by_file,
                department_by_file,
            };
            for (k, f) in run.findings.iter().enumerate() {
                let (owner, dept) = owners.of(f);
                if let Owner::System(i) = owner {
                    system_findings[i].push(k);
                }
                match dept {
                    Some(d) => department_findings.entry(d).or_default().push(k),
                    None => other_findings.push(k),
                }
            }
        }
        let footer = format!(
            "Generated by xgea {} from {} file(s) against reference model {}. Illustrative figures are only as good \
             as the descriptors they come from.",
            env!("CARGO_PKG_VERSION"),
            estate.files,
            run.model.version()
        );
        Cx {
            run,
            roadmap,
            footer,
            uses: Uses::from_graph(&run.graph, &run.model, estate),
            systems_by_id,
            departments,
            system_findings,
            department_findings,
            other_findings,
        }
    }

    pub fn findings(&self) -> &'a [Finding] {
        &self.run.findings
    }
}

/// Indexes for attributing findings.
struct Owners<'m, 'e> {
    estate: &'e Estate,
    systems_by_id: &'m BTreeMap<&'e str, Vec<usize>>,
    departments: &'m BTreeMap<&'e str, Vec<usize>>,
    /// Per file: (start, end, system) of the system documents in it, in file order.
    systems_by_file: BTreeMap<u32, Vec<(u32, u32, usize)>>,
    /// Per file: the department declared in it.
    department_by_file: BTreeMap<u32, &'e str>,
}

impl<'e> Owners<'_, 'e> {
    fn of(&self, f: &Finding) -> (Owner, Option<&'e str>) {
        let estate = self.estate;
        if let Some(subject) = f.subject.as_deref() {
            if let Some(&i) = self.systems_by_id.get(subject).and_then(|v| v.first()) {
                return (Owner::System(i), Some(estate.systems[i].department.as_str()));
            }
            if let Some((&d, _)) = self.departments.get_key_value(subject) {
                return (Owner::Department, Some(d));
            }
        }
        let span = f.primary.span;
        if let Some(list) = self.systems_by_file.get(&span.file.0) {
            let at = list.partition_point(|&(a, _, _)| a <= span.start);
            if at > 0 {
                let (_, b, i) = list[at - 1];
                if span.start <= b {
                    return (Owner::System(i), Some(estate.systems[i].department.as_str()));
                }
            }
        }
        match self.department_by_file.get(&span.file.0) {
            Some(&d) => (Owner::Department, Some(d)),
            None => (Owner::None, None),
        }
    }
}

/// Writes the whole site into `out`.
pub fn generate(run: &LintRun, roadmap: &Roadmap, out: &Path, force: bool) -> Result<SiteStats, SiteError> {
    let mut w = Writer::open(out, force)?;
    let cx = Cx::new(run, roadmap);
    w.write("style.css", include_str!("style.css"))?;
    w.write("index.html", &pages::index::render(&cx))?;
    w.write("heatmap.html", &pages::heatmap::render(&cx))?;
    w.write("roadmap.html", &pages::roadmap::render(&cx))?;
    w.write("sourcing.html", &pages::sourcing::render(&cx))?;
    w.write("graph.html", &pages::graph::render(&cx))?;
    w.write("model.html", &pages::model::render(&cx))?;
    for (dept, systems) in &cx.departments {
        w.write(&names::department(dept), &pages::department::render(&cx, dept, systems))?;
    }
    for (id, systems) in &cx.systems_by_id {
        w.write(&names::system(id), &pages::system::render(&cx, id, systems))?;
    }
    for (cap, systems) in &cx.uses.capabilities {
        w.write(&names::capability(cap), &pages::capability::render(&cx, cap, systems))?;
    }
    Ok(w.stats)
}
