//! Applies the configuration to a run's findings: rule selection, severity overrides, per-path ignores, then
//! waivers and inline allows; emits the governance findings (XG601-XG604) about the waivers themselves.

use std::collections::HashMap;
use std::path::Path;

use super::{Config, InlineAllow, Selection, normalize, scan_inline_allows};
use crate::diagnostic::{Finding, Label, sort_findings};
use crate::rules::governance::{xg601_expired_waiver, xg602_unused_waiver, xg603_waiver_without_approver};
use crate::source::{FileId, SourceDb, SourceFile, Span};

/// What the configuration hid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Suppressed {
    /// Hidden by a `[[waivers]]` entry or an inline allow.
    pub waived: usize,
}

/// Paths of files relative to the config file's directory (for globs), computed once per file.
struct RelPaths<'a> {
    db: &'a SourceDb,
    cwd: std::path::PathBuf,
    dir: Option<&'a Path>,
    cache: HashMap<FileId, String>,
}

impl RelPaths<'_> {
    fn get(&mut self, file: FileId) -> &str {
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

fn span_in(file: FileId, range: &std::ops::Range<usize>) -> Span {
    Span { file, start: range.start as u32, end: range.end as u32 }
}

/// Filters and waives `findings` in place (then sorts them) and returns what was hidden. The config file
/// is added to `db` first, as the `db.next_id()` of before the call, so findings about waivers (and findings
/// made earlier that point into the config, such as XG610) have it as their source. `today` is `YYYY-MM-DD`.
pub fn apply(
    findings: &mut Vec<Finding>,
    db: &mut SourceDb,
    config: Option<&Config>,
    selection: &Selection,
    today: &str,
) -> Suppressed {
    let config_file = config.map(|c| db.add(SourceFile::new(c.file.display.clone(), c.file.text.clone())));
    let db: &SourceDb = db;
    let mut governance = Vec::new();

    // Inline allows, from every file but the config file.
    let mut allows: HashMap<FileId, Vec<(InlineAllow, bool)>> = HashMap::new();
    for (file, _) in db.iter() {
        if Some(file) == config_file {
            continue;
        }
        let (found, problems) = scan_inline_allows(db, file);
        governance.extend(problems);
        if !found.is_empty() {
            allows.insert(file, found.into_iter().map(|a| (a, false)).collect());
        }
    }

    let mut rel = RelPaths {
        db,
        cwd: std::env::current_dir().unwrap_or_default(),
        dir: config.map(Config::dir),
        cache: HashMap::new(),
    };
    let waivers = config.map_or(&[][..], |c| &c.waivers[..]);
    let live = |until: &Option<String>| until.as_deref().is_none_or(|d| d >= today);
    let mut waiver_used = vec![false; waivers.len()];
    let mut waivers_by_rule: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, w) in waivers.iter().enumerate() {
        waivers_by_rule.entry(w.rule.code).or_default().push(i);
    }
    let mut waived = 0;

    findings.retain_mut(|f| {
        if !selection.is_enabled(f.rule) {
            return false;
        }
        if let Some(config) = config {
            match config.severity_for(f.rule) {
                Some(None) => return false,
                Some(Some(severity)) => f.severity = severity,
                None => {}
            }
            let file = f.primary.span.file;
            if !config.per_path_ignores.is_empty() && config.path_ignores(f.rule, rel.get(file)) {
                return false;
            }
        }
        let file = f.primary.span.file;
        let mut hidden = false;
        if let Some(candidates) = waivers_by_rule.get(f.rule.code) {
            let display = db.get(file).path.clone();
            let path = rel.get(file).to_string();
            for &i in candidates {
                let w = &waivers[i];
                if live(&w.expires) && w.covers(f.subject.as_deref(), &path, &display) {
                    waiver_used[i] = true;
                    hidden = true;
                }
            }
        }
        if let Some(list) = allows.get_mut(&file) {
            let line = db.get(file).line_col(f.primary.span.start).line;
            for (allow, used) in list.iter_mut() {
                if allow.target_line == line && live(&allow.until) && allow.rules.iter().any(|r| r.code == f.rule.code)
                {
                    *used = true;
                    hidden = true;
                }
            }
        }
        if hidden {
            waived += 1;
        }
        !hidden
    });

    if let (Some(config), Some(file)) = (config, config_file) {
        for (w, used) in waivers.iter().zip(&waiver_used) {
            let at = span_in(file, &w.span);
            if !live(&w.expires) {
                let date = w.expires.as_deref().unwrap_or_default();
                let span = w.expires_span.as_ref().map_or(at, |r| span_in(file, r));
                governance.push(
                    Finding::new(
                        &xg601_expired_waiver::RULE,
                        format!("waiver for {} on `{}` expired on {date}", w.rule.code, w.target),
                        Label::new(span, "expired"),
                    )
                    .with_help(
                        "fix the findings it covered and delete the waiver, or agree a new date with the approver",
                    ),
                );
            } else if !used && selection.is_enabled(w.rule) && config.severity_for(w.rule) != Some(None) {
                governance.push(
                    Finding::new(
                        &xg602_unused_waiver::RULE,
                        format!("waiver for {} on `{}` matched no finding", w.rule.code, w.target),
                        Label::new(at, "this waiver hides nothing"),
                    )
                    .with_help("delete the waiver, or correct its `rule` or `target`"),
                );
            }
            if w.approver.is_none() {
                governance.push(
                    Finding::new(
                        &xg603_waiver_without_approver::RULE,
                        format!("waiver for {} on `{}` names no approver", w.rule.code, w.target),
                        Label::new(at, "no `approver`"),
                    )
                    .with_help("add `approver = \"…\"` naming who agreed the waiver"),
                );
            }
        }
    }
    let mut files: Vec<_> = allows.into_iter().collect();
    files.sort_by_key(|(file, _)| *file);
    for (_, list) in files {
        for (allow, used) in list {
            let codes: Vec<&str> = allow.rules.iter().map(|r| r.code).collect();
            let codes = codes.join(", ");
            if !live(&allow.until) {
                let date = allow.until.as_deref().unwrap_or_default();
                governance.push(
                    Finding::new(
                        &xg601_expired_waiver::RULE,
                        format!("inline allow of {codes} expired on {date}"),
                        Label::new(allow.span, "expired"),
                    )
                    .with_help("fix the finding and delete the comment, or agree a new `until=` date"),
                );
            } else if !used && allow.rules.iter().any(|r| selection.is_enabled(r)) {
                governance.push(
                    Finding::new(
                        &xg602_unused_waiver::RULE,
                        format!("inline allow of {codes} matched no finding"),
                        Label::new(allow.span, "this allow hides nothing"),
                    )
                    .with_help("delete the comment, or move it onto the line of the finding (or the line above)"),
                );
            }
        }
    }
    // Governance findings obey selection and severity overrides too; they are never waived.
    for mut f in governance {
        if !selection.is_enabled(f.rule) {
            continue;
        }
        match config.and_then(|c| c.severity_for(f.rule)) {
            Some(None) => continue,
            Some(Some(severity)) => f.severity = severity,
            None => {}
        }
        findings.push(f);
    }
    sort_findings(findings);
    Suppressed { waived }
}
