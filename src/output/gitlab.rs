//! `--format gitlab`: GitLab Code Quality JSON (a subset of the Code Climate issue format), shown in the
//! merge request widget when uploaded as `artifacts:reports:codequality`.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{fingerprint, location};
use crate::diagnostic::{Finding, Severity};
use crate::source::SourceDb;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'static str,
    description: String,
    categories: [&'static str; 1],
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn write(out: &mut dyn Write, db: &SourceDb, findings: &[Finding]) -> io::Result<()> {
    // GitLab needs fingerprints unique within the report: repeats of one key get a counter.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|f| {
            let at = location(db, &f.primary);
            let mut print = fingerprint(db, f);
            let n = seen.entry(print.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                print = format!("{print}-{n}");
            }
            Issue {
                kind: "issue",
                check_name: f.rule.code,
                description: format!("{} {} ({})", f.rule.code, f.message, f.rule.name),
                categories: ["Style"],
                fingerprint: print,
                severity: severity(f.severity),
                location: IssueLocation {
                    path: &db.get(f.primary.span.file).path,
                    lines: Lines { begin: at.line, end: at.end_line },
                },
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    out.write_all(b"\n")
}
