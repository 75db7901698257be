//! The output seam: one [`Report`] (sorted findings and the run's numbers), one [`emit`] per format.

use std::io::Write;

use super::{Summary, concise, github, gitlab, human, json, junit, sarif};
use crate::diagnostic::{Finding, Label};
use crate::source::SourceDb;

/// Every output format `xgea lint --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings with source snippets, for people (the default).
    Human,
    /// One line per finding: `path:line:col: severity CODE message`.
    Concise,
    /// The versioned JSON document described by `schemas/findings.schema.json`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test suite per file, one test case per rule.
    Junit,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// GitLab Code Quality JSON (the `codequality` report artifact).
    Gitlab,
}

impl Format {
    /// Formats read by people get the summary footer; machine formats never carry anything but their document.
    pub fn is_human(self) -> bool {
        matches!(self, Format::Human | Format::Concise)
    }
}

/// What a lint run reports: the findings left after configuration, waivers and the baseline, sorted, and
/// the numbers of the run.
#[derive(Debug)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// A 1-based region in one file, as SARIF, GitHub and editors count (columns in characters; the end is the
/// position just after the last character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// Where a label points, in lines and columns.
pub fn location(db: &SourceDb, label: &Label) -> Location {
    let file = db.get(label.span.file);
    let start = file.line_col(label.span.start);
    let end = file.line_col(label.span.end.max(label.span.start));
    Location {
        path: file.path.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// A fingerprint that survives edits elsewhere in the file: the hash of the finding's identity (rule, subject
/// or file, pointer or message). Line numbers take no part.
pub fn fingerprint(db: &SourceDb, finding: &Finding) -> String {
    finding.identity(&db.get(finding.primary.span.file).path).fingerprint()
}

/// Writes the report in one format. Human formats end with the summary line (unless `quiet`); machine formats
/// write their document and nothing else.
pub fn emit(
    format: Format,
    report: &Report,
    db: &SourceDb,
    out: &mut dyn Write,
    color: bool,
    quiet: bool,
) -> miette::Result<()> {
    let io = |e: std::io::Error| miette::miette!("cannot write output: {e}");
    match format {
        Format::Human => human::write_findings(out, db, &report.findings, color)?,
        Format::Concise => concise::write(out, db, &report.findings).map_err(io)?,
        Format::Json => json::write(out, db, report).map_err(io)?,
        Format::Sarif => sarif::write(out, db, report).map_err(io)?,
        Format::Junit => junit::write(out, db, report).map_err(io)?,
        Format::Github => github::write(out, db, &report.findings).map_err(io)?,
        Format::Gitlab => gitlab::write(out, db, &report.findings).map_err(io)?,
    }
    if format.is_human() && !quiet {
        human::write_summary(out, &report.summary, color)?;
    }
    Ok(())
}

/// `--statistics`: (code, name, count) per rule with findings, most frequent first, then by code.
pub fn statistics(findings: &[Finding]) -> Vec<(&'static str, &'static str, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, (&'static str, usize)> = Default::default();
    for f in findings {
        counts.entry(f.rule.code).or_insert((f.rule.name, 0)).1 += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().map(|(code, (name, n))| (code, name, n)).collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    rows
}

/// `--statistics` as text: one `count  code  name` line per rule.
pub fn write_statistics(out: &mut dyn Write, findings: &[Finding]) -> std::io::Result<()> {
    for (code, name, count) in statistics(findings) {
        writeln!(out, "{count:>6}  {code}  {name}")?;
    }
    Ok(())
}
