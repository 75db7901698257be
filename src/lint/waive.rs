//! Dispensations: `xgea.toml`'s `[[waivers]]` and inline `# xgea: allow` comments hide the findings they
//! cover until their last day. Each remembers whether it hid anything, for XG602.

use crate::hash::{HashMap, HashMapExt};

use super::select::ConfigPaths;
use crate::config::{Config, InlineAllow, Waiver, scan_inline_allows};
use crate::date::Date;
use crate::diagnostic::Finding;
use crate::source::{FileId, SourceDb};

/// What the configuration hid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Suppressed {
    /// Hidden by a `[[waivers]]` entry or an inline allow.
    pub waived: usize,
}

/// Whether a dispensation with this last day still holds on `today`.
pub(super) fn live(until: Option<Date>, today: Date) -> bool {
    until.is_none_or(|last| last >= today)
}

/// A dispensation and whether it hid a finding in this run.
pub(super) struct Used<T> {
    pub(super) item: T,
    pub(super) used: bool,
}

/// The run's dispensations.
pub(super) struct Waive<'a> {
    db: &'a SourceDb,
    today: Date,
    pub(super) waivers: Vec<Used<&'a Waiver>>,
    waivers_by_rule: HashMap<&'static str, Vec<usize>>,
    /// Inline allows by file, in file order.
    pub(super) allows: HashMap<FileId, Vec<Used<InlineAllow>>>,
    pub(super) suppressed: Suppressed,
}

impl<'a> Waive<'a> {
    /// The config's waivers and the inline allows of every file but `config_file`; malformed allows go to
    /// `problems` (XG604).
    pub(super) fn new(
        db: &'a SourceDb,
        config: Option<&'a Config>,
        config_file: Option<FileId>,
        today: Date,
        problems: &mut Vec<Finding>,
    ) -> Self {
        let mut allows = HashMap::new();
        for (file, _) in db.iter() {
            if Some(file) == config_file {
                continue;
            }
            let (found, malformed) = scan_inline_allows(db, file);
            problems.extend(malformed);
            if !found.is_empty() {
                allows.insert(file, found.into_iter().map(|item| Used { item, used: false }).collect());
            }
        }
        let waivers: Vec<Used<&Waiver>> =
            config.map_or(&[][..], |c| &c.waivers[..]).iter().map(|item| Used { item, used: false }).collect();
        let mut waivers_by_rule: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in waivers.iter().enumerate() {
            waivers_by_rule.entry(w.item.rule.code).or_default().push(i);
        }
        Waive { db, today, waivers, waivers_by_rule, allows, suppressed: Suppressed::default() }
    }

    /// Whether a live waiver or inline allow covers the finding; every one that does is marked used.
    pub(super) fn hides(&mut self, f: &Finding, paths: &mut ConfigPaths<'_>) -> bool {
        let (db, today) = (self.db, self.today);
        let file = f.primary.span.file;
        let mut hidden = false;
        if let Some(candidates) = self.waivers_by_rule.get(f.rule.code) {
            let display = &db.get(file).path;
            let path = paths.get(file);
            for &i in candidates {
                let w = &mut self.waivers[i];
                if live(w.item.expires, today) && w.item.covers(f.subject.as_deref(), path, display) {
                    w.used = true;
                    hidden = true;
                }
            }
        }
        if let Some(list) = self.allows.get_mut(&file) {
            let line = db.get(file).line_col(f.primary.span.start).line;
            for allow in list.iter_mut() {
                let a = &allow.item;
                if a.target_line == line && live(a.until, today) && a.rules.iter().any(|r| r.code == f.rule.code) {
                    allow.used = true;
                    hidden = true;
                }
            }
        }
        if hidden {
            self.suppressed.waived += 1;
        }
        hidden
    }

    pub(super) fn today(&self) -> Date {
        self.today
    }
}
