//! `--format json`: one JSON document, versioned (`version`) and described by
//! `schemas/findings.schema.json`. Findings in the same order as every other format; keys in a fixed order.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, fingerprint, location};
use crate::diagnostic::Label;
use crate::source::SourceDb;

/// The version of this document's shape. Bump it when a field changes meaning or goes away; adding an
/// optional field does not bump it.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    version: u32,
    tool: Tool,
    model: Model<'a>,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Model<'a> {
    version: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    files: usize,
    systems: usize,
    departments: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: Suppressed,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Suppressed {
    waived: usize,
    baselined: usize,
    baseline_gone: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Place {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFinding<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    label: &'a str,
    pointer: Option<&'a str>,
    subject: Option<&'a str>,
    help: Option<&'a str>,
    fingerprint: String,
    related: Vec<Place>,
}

fn place(db: &SourceDb, label: &Label) -> Place {
    let at = location(db, label);
    Place {
        file: at.path,
        line: at.line,
        column: at.column,
        end_line: at.end_line,
        end_column: at.end_column,
        message: label.text.clone(),
    }
}

pub fn write(out: &mut dyn Write, db: &SourceDb, report: &Report) -> io::Result<()> {
    let s = &report.summary;
    let doc = Document {
        version: FORMAT_VERSION,
        tool: Tool { name: "xgea", version: env!("CARGO_PKG_VERSION") },
        model: Model { version: &s.model_version },
        summary: Summary {
            files: s.files,
            systems: s.systems,
            departments: s.departments,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            suppressed: Suppressed { waived: s.waived, baselined: s.baselined, baseline_gone: s.baseline_gone },
        },
        findings: report
            .findings
            .iter()
            .map(|f| {
                let at = location(db, &f.primary);
                JsonFinding {
                    code: f.rule.code,
                    name: f.rule.name,
                    severity: f.severity.as_str(),
                    message: &f.message,
                    file: at.path,
                    line: at.line,
                    column: at.column,
                    end_line: at.end_line,
                    end_column: at.end_column,
                    label: &f.primary.text,
                    pointer: f.pointer.as_deref(),
                    subject: f.subject.as_deref(),
                    help: f.help.as_deref(),
                    fingerprint: fingerprint(db, f),
                    related: f.related.iter().map(|l| place(db, l)).collect(),
                }
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}
