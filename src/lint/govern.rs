//! Findings about the dispensations themselves, once every finding has met them: XG601 (expired), XG602
//! (hid nothing), XG603 (a waiver without an approver). XG604, a malformed inline allow, is found while
//! reading the comment.

use super::select::Select;
use super::waive::{Waive, live};
use crate::diagnostic::Finding;
use crate::rules::governance::{xg601_expired_waiver, xg602_unused_waiver, xg603_waiver_without_approver};
use crate::source::{FileId, Span};

/// Appends the governance findings about `waive`'s waivers (in `config_file`) and inline allows to `out`.
pub(super) fn govern(waive: &Waive<'_>, config_file: Option<FileId>, select: &Select<'_>, out: &mut Vec<Finding>) {
    let today = waive.today();
    if let Some(file) = config_file {
        for w in &waive.waivers {
            let (waiver, used) = (w.item, w.used);
            let (rule, target) = (waiver.rule.code, waiver.target.as_str());
            let at = span_in(file, &waiver.span);
            // An expiry date that has passed (a waiver without one never expires).
            if let Some(last_day) = waiver.expires.filter(|&d| !live(Some(d), today)) {
                let span = waiver.expires_span.as_ref().map_or(at, |r| span_in(file, r));
                out.push(xg601_expired_waiver::waiver(span, rule, target, last_day));
            } else if !used && select.reports(waiver.rule) {
                out.push(xg602_unused_waiver::waiver(at, rule, target));
            }
            if waiver.approver.is_none() {
                out.push(xg603_waiver_without_approver::finding(at, rule, target));
            }
        }
    }
    let mut files: Vec<_> = waive.allows.iter().collect();
    files.sort_by_key(|(file, _)| **file);
    for (_, list) in files {
        for a in list {
            let (allow, used) = (&a.item, a.used);
            let codes: Vec<&str> = allow.rules.iter().map(|r| r.code).collect();
            let codes = codes.join(", ");
            if let Some(last_day) = allow.until.filter(|&d| !live(Some(d), today)) {
                out.push(xg601_expired_waiver::inline_allow(allow.span, &codes, last_day));
            } else if !used && allow.rules.iter().any(|r| select.is_enabled(r)) {
                out.push(xg602_unused_waiver::inline_allow(allow.span, &codes));
            }
        }
    }
}

fn span_in(file: FileId, range: &std::ops::Range<usize>) -> Span {
    Span { file, start: range.start as u32, end: range.end as u32 }
}
