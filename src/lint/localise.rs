//! Findings of a run against an estate snapshot, as the department sees them: only findings that touch the
//! linted files are reported, each located in them; what lies outside them (a snapshot record, or, seen from
//! one department, another department's file) is named in the message by id, name and department.

use crate::diagnostic::{Finding, Label};
use crate::estate::Estate;
use crate::source::{FileId, Span};

/// How a place outside the linted files is named: `` `dwp.payroll` (DWP Payroll, dwp) `` for a system,
/// `` department `dwp` (Department for Work and Pensions) `` for a department.
pub fn describe(estate: &Estate, span: Span) -> Option<String> {
    if let Some(s) = estate.system_at(span) {
        return Some(format!("`{}` ({}, {})", s.id.value, s.name, s.department.value));
    }
    estate.department_at(span).map(|d| format!("department `{}` ({})", d.id.value, d.name))
}

/// Keeps the findings with a label in a file for which `local` holds; re-anchors a finding whose primary
/// label is elsewhere on its first local related label; drops the labels that are elsewhere and names their
/// places (`describe`) at the end of the message. Subject and pointer are kept, so fingerprints, waivers and
/// baselines are the same as in a run over the whole estate.
pub fn localise(
    findings: Vec<Finding>,
    local: impl Fn(FileId) -> bool,
    describe: impl Fn(Span) -> Option<String>,
) -> Vec<Finding> {
    let mut out = Vec::with_capacity(findings.len());
    for mut finding in findings {
        let mut elsewhere: Vec<Label> = Vec::new();
        let mut here: Vec<Label> = Vec::new();
        let primary_here = local(finding.primary.span.file);
        for label in std::mem::take(&mut finding.related) {
            if local(label.span.file) { here.push(label) } else { elsewhere.push(label) }
        }
        if !primary_here {
            if here.is_empty() {
                continue;
            }
            let anchor = here.remove(0);
            elsewhere.insert(0, std::mem::replace(&mut finding.primary, anchor));
        }
        finding.related = here;
        let mut named: Vec<String> = Vec::new();
        for label in &elsewhere {
            let name = describe(label.span).unwrap_or_else(|| label.text.clone());
            if !named.contains(&name) {
                named.push(name);
            }
        }
        if !named.is_empty() {
            finding.message = format!("{}; outside the linted files: {}", finding.message, named.join(", "));
        }
        out.push(finding);
    }
    out
}
