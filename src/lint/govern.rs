//! Findings about the dispensations themselves, once every finding has met them: XG601 (expired), XG602
//! (hid nothing), XG603 (a waiver without an approver). XG604, a malformed inline allow, is found while
//! reading the comment.

use super::select::Select;
use super::waive::{Waive, live};
use crate::diagnostic::{Finding, Label};
use crate::rules::governance::{xg601_expired_waiver, xg602_unused_waiver, xg603_waiver_without_approver};
use crate::source::{FileId, Span};

/// Appends the governance findings about `waive`'s waivers (in `config_file`) and inline allows to `out`.
pub(super) fn govern(waive: &Waive<'_>, config_file: Option<FileId>, select: &Select<'_>, out: &mut Vec<Finding>) {
    let today = waive.today();
    if let Some(file) = config_file {
        for w in &waive.waivers {
            let (waiver, used) = (w.item, w.used);
            let at = span_in(file, &waiver.span);
            if !live(waiver.expires, today) {
                let date = waiver.expires.map(|d| d.to_string()).unwrap_or_default();
                let span = waiver.expires_span.as_ref().map_or(at, |r| span_in(file, r));
                out.push(
                    Finding::new(
                        &xg601_expired_waiver::RULE,
                        format!("waiver for {} on `{}` expired on {date}", waiver.rule.code, waiver.target),
                        Label::new(span, "expired"),
                    )
                    .with_help(
                        "fix the findings it covered and delete the waiver, or agree a new date with the approver",
                    ),
                );
            } else if !used && select.reports(waiver.rule) {
                out.push(
                    Finding::new(
                        &xg602_unused_waiver::RULE,
                        format!("waiver for {} on `{}` matched no finding", waiver.rule.code, waiver.target),
                        Label::new(at, "this waiver hides nothing"),
                    )
                    .with_help("delete the waiver, or correct its `rule` or `target`"),
                );
            }
            if waiver.approver.is_none() {
                out.push(
                    Finding::new(
                        &xg603_waiver_without_approver::RULE,
                        format!("waiver for {} on `{}` names no approver", waiver.rule.code, waiver.target),
                        Label::new(at, "no `approver`"),
                    )
                    .with_help("add `approver = \"…\"` naming who agreed the waiver"),
                );
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
            if !live(allow.until, today) {
                let date = allow.until.map(|d| d.to_string()).unwrap_or_default();
                out.push(
                    Finding::new(
                        &xg601_expired_waiver::RULE,
                        format!("inline allow of {codes} expired on {date}"),
                        Label::new(allow.span, "expired"),
                    )
                    .with_help("fix the finding and delete the comment, or agree a new `until=` date"),
                );
            } else if !used && allow.rules.iter().any(|r| select.is_enabled(r)) {
                out.push(
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
}

fn span_in(file: FileId, range: &std::ops::Range<usize>) -> Span {
    Span { file, start: range.start as u32, end: range.end as u32 }
}
