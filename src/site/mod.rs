//! `xgea report`: a static, self-contained website of the estate, its findings, the roadmap and the model.
//!
//! Plain HTML and one local stylesheet: no script, no web font, no CDN; every link is relative, so the site
//! works from `file://` and from any static host. Pages are maud templates compiled into the binary, one file
//! per page under `pages`, framed by `layout` and sharing the fragments in `parts`; maud escapes every
//! value, so no page escapes by hand. [`svg`] draws the graph pictures; pages are written only inside the
//! output directory, under file names from [`names`].

mod downloads;
mod layout;
pub mod meta;
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
use crate::scorecard::{self, Scorecards};

pub use meta::ReportMeta;

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
    /// Whether the root held anything before (`--force`): only then can a link wait where a page goes.
    had_entries: bool,
    dirs: BTreeSet<String>,
    stats: SiteStats,
}

impl Writer {
    /// Prepares `root`: creates it, or accepts it when empty (or with `force`).
    fn open(root: &Path, force: bool) -> Result<Writer, SiteError> {
        let had_entries = match fs::metadata(root) {
            Ok(m) if !m.is_dir() => return Err(SiteError::NotADirectory(root.to_path_buf())),
            Ok(_) => {
                let mut entries = fs::read_dir(root).map_err(|e| SiteError::Io(root.to_path_buf(), e))?;
                let had_entries = entries.next().is_some();
                if had_entries && !force {
                    return Err(SiteError::NotEmpty(root.to_path_buf()));
                }
                had_entries
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(root).map_err(|e| SiteError::Io(root.to_path_buf(), e))?;
                false
            }
            Err(e) => return Err(SiteError::Io(root.to_path_buf(), e)),
        };
        Ok(Writer {
            root: root.to_path_buf(),
            had_entries,
            dirs: BTreeSet::new(),
            stats: SiteStats { files: 0, bytes: 0 },
        })
    }

    /// Writes `rel` (a `/`-separated path made of [`names`] stems and fixed directory names).
    fn write(&mut self, rel: &str, content: &str) -> Result<(), SiteError> {
        self.write_bytes(rel, content.as_bytes())
    }

    /// Writes `rel` (as [`Writer::write`]) with binary content.
    fn write_bytes(&mut self, rel: &str, content: &[u8]) -> Result<(), SiteError> {
        let path = self.prepare(rel)?;
        put(&path, content, self.had_entries)?;
        self.count(content.len() as u64);
        Ok(())
    }

    /// The path of `rel`, its directories created (or checked: never a link) on first use.
    fn prepare(&mut self, rel: &str) -> Result<PathBuf, SiteError> {
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
        Ok(path)
    }

    fn count(&mut self, bytes: u64) {
        self.stats.files += 1;
        self.stats.bytes += bytes;
    }

    /// One page per item, rendered and written in parallel (each page is dropped once written, so memory
    /// holds a few pages, not the site). The first error in item order is returned.
    fn pages<T: Sync>(
        &mut self,
        items: &[T],
        rel: impl Fn(&T) -> String + Sync,
        render: impl Fn(&T) -> String + Sync,
    ) -> Result<(), SiteError> {
        use rayon::prelude::*;
        let paths: Vec<PathBuf> = items.iter().map(|item| self.prepare(&rel(item))).collect::<Result<_, _>>()?;
        // Two items on one file (a crafted id whose stem matches another's) would race: as when written one
        // after the other, the later item's page is the one kept.
        let mut last: crate::hash::HashMap<&Path, usize> = Default::default();
        for (i, path) in paths.iter().enumerate() {
            last.insert(path, i);
        }
        let had_entries = self.had_entries;
        let written: Vec<Result<u64, SiteError>> = items
            .par_iter()
            .zip(paths.par_iter())
            .enumerate()
            .filter(|(i, (_, path))| last.get(path.as_path()) == Some(i))
            .map(|(_, (item, path))| {
                let page = render(item);
                put(path, page.as_bytes(), had_entries).map(|()| page.len() as u64)
            })
            .collect();
        for bytes in written {
            self.count(bytes?);
        }
        Ok(())
    }
}

/// Writes `content` at `path` (inside the root, its directories prepared). Never writes through a link left in
/// the directory (`--force`, `had_entries`): the link itself is replaced. In a root that was new or empty, every
/// directory is the writer's own and holds only its pages, so the look (a directory search per page, 100,000 of
/// them in `systems/`) is skipped.
fn put(path: &Path, content: &[u8], had_entries: bool) -> Result<(), SiteError> {
    if had_entries && let Ok(m) = fs::symlink_metadata(path) {
        if m.file_type().is_symlink() {
            fs::remove_file(path).map_err(|e| SiteError::Io(path.to_path_buf(), e))?;
        } else if m.is_dir() {
            return Err(SiteError::NotADirectory(path.to_path_buf()));
        }
    }
    fs::write(path, content).map_err(|e| SiteError::Io(path.to_path_buf(), e))
}

/// Everything the pages read, indexed once.
pub(crate) struct Cx<'a> {
    pub run: &'a LintRun,
    pub roadmap: &'a Roadmap<'a>,
    /// The department scorecards, from the same findings.
    pub cards: Scorecards,
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
    fn new(run: &'a LintRun, roadmap: &'a Roadmap<'a>, meta: &ReportMeta) -> Cx<'a> {
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
        let attribution = scorecard::attribute(estate, &run.findings);
        let cards = scorecard::build_with(run, &attribution);
        let footer = format!(
            "Generated {} from source revision {} by xgea {}, from {} file(s) against reference model {}. \
             Illustrative figures are only as good as the descriptors they come from.",
            meta.generated(),
            meta.revision,
            env!("CARGO_PKG_VERSION"),
            estate.files,
            run.model.version()
        );
        let scorecard::Attribution { system_findings, department_findings, other_findings } = attribution;
        Cx {
            run,
            roadmap,
            cards,
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

/// Writes the whole site into `out`.
pub fn generate(
    run: &LintRun,
    roadmap: &Roadmap<'_>,
    meta: &ReportMeta,
    out: &Path,
    force: bool,
) -> Result<SiteStats, SiteError> {
    let mut w = Writer::open(out, force)?;
    let cx = Cx::new(run, roadmap, meta);
    w.write("style.css", include_str!("style.css"))?;
    w.write("index.html", &pages::index::render(&cx))?;
    w.write("heatmap.html", &pages::heatmap::render(&cx))?;
    w.write("roadmap.html", &pages::roadmap::render(&cx))?;
    w.write("sourcing.html", &pages::sourcing::render(&cx))?;
    w.write("scorecards.html", &pages::scorecards::render(&cx))?;
    w.write("graph.html", &pages::graph::render(&cx))?;
    w.write("model.html", &pages::model::render(&cx))?;
    let departments: Vec<_> = cx.departments.iter().collect();
    w.pages(&departments, |(d, _)| names::department(d), |(d, s)| pages::department::render(&cx, d, s))?;
    let systems: Vec<_> = cx.systems_by_id.iter().collect();
    w.pages(&systems, |(id, _)| names::system(id), |(id, s)| pages::system::render(&cx, id, s))?;
    let capabilities: Vec<_> = cx.uses.capabilities.iter().collect();
    w.pages(&capabilities, |(c, _)| names::capability(c), |(c, s)| pages::capability::render(&cx, c, s))?;
    // Downloads: the same tables as CSV and as one-sheet workbooks, one table at a time.
    let mut download = |stem: &str, table: io::Result<Vec<u8>>| -> Result<(), SiteError> {
        let table = table.map_err(|e| SiteError::Io(out.join(format!("{stem}.csv")), e))?;
        let csv = String::from_utf8_lossy(&table);
        w.write(&format!("{stem}.csv"), &csv)?;
        let book = downloads::xlsx_from_csv(stem, &csv, meta.epoch, out)
            .map_err(|e| SiteError::Io(out.join(format!("{stem}.xlsx")), io::Error::other(e)))?;
        w.write_bytes(&format!("{stem}.xlsx"), &book)
    };
    let written = |write: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| {
        let mut table = Vec::new();
        write(&mut table).map(|()| table)
    };
    let [findings, roadmap_stem, scorecards] = downloads::STEMS;
    download(findings, Ok(downloads::findings_csv(&cx).into_bytes()))?;
    download(roadmap_stem, written(&|t| crate::roadmap::write_roadmap(t, roadmap, None, crate::roadmap::Format::Csv)))?;
    download(scorecards, written(&|t| scorecard::write_scorecards(t, &cx.cards, scorecard::Format::Csv)))?;
    Ok(w.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_written_in_parallel_as_if_one_after_the_other() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writer::open(&dir.path().join("site"), false).unwrap();
        let items: Vec<(String, u32)> = (0..500).map(|i| (format!("p{}", i % 400), i)).collect();
        w.pages(&items, |(name, _)| format!("pages/{name}.html"), |(name, i)| format!("{name} {i}")).unwrap();
        // Items 400-499 land on the files of items 0-99: the later one's page is kept, every time.
        assert_eq!(fs::read_to_string(dir.path().join("site/pages/p7.html")).unwrap(), "p7 407");
        assert_eq!(fs::read_to_string(dir.path().join("site/pages/p150.html")).unwrap(), "p150 150");
        assert_eq!(fs::read_dir(dir.path().join("site/pages")).unwrap().count(), 400);
        assert_eq!(w.stats.files, 400);
    }
}
