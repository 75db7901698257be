//! `--format sarif`: SARIF 2.1.0 (OASIS), what GitHub code scanning and other viewers read. Built with the
//! typed `serde-sarif` structures; columns are declared as Unicode code points, as `SourceFile::line_col`
//! counts them; `partialFingerprints` let code scanning follow a finding across commits.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_sarif::sarif::{
    self, ArtifactLocation, Location as SarifLocation, Message, MultiformatMessageString, PhysicalLocation,
    PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, ResultLevel, Run, Tool, ToolComponent,
};

use super::{Report, fingerprint, location};
use crate::diagnostic::{Label, Severity};
use crate::rules::ALL;
use crate::source::SourceDb;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result_level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

/// A display path as a URI reference: relative paths stay relative (resolved against the repository root by
/// code scanning), absolute ones become `file://` URIs; anything outside the unreserved set is %-encoded.
pub fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sarif_location(db: &SourceDb, label: &Label, with_message: bool) -> SarifLocation {
    let at = location(db, label);
    let region = Region::builder()
        .start_line(i64::from(at.line))
        .start_column(i64::from(at.column))
        .end_line(i64::from(at.end_line))
        .end_column(i64::from(at.end_column))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(path_uri(&at.path)).build())
        .region(region)
        .build();
    if with_message && !label.text.is_empty() {
        let mut loc = SarifLocation::builder().physical_location(physical).build();
        loc.message = Some(Message::builder().text(&label.text).build());
        loc
    } else {
        SarifLocation::builder().physical_location(physical).build()
    }
}

fn text(s: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(s).build()
}

/// The "## What it finds" section of a rule's docs, as one paragraph.
fn what_it_finds(docs: &str) -> Option<String> {
    let rest = docs.split_once("## What it finds")?.1;
    let section = rest.split("\n## ").next().unwrap_or(rest);
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn rule_descriptor(rule: &crate::diagnostic::RuleMeta) -> ReportingDescriptor {
    let docs = rule.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n");
    let mut tags = BTreeMap::new();
    tags.insert("family".to_string(), serde_json::Value::from(rule.family.name()));
    ReportingDescriptor::builder()
        .id(rule.code)
        .name(rule.name)
        .short_description(text(rule.summary))
        .full_description(text(&what_it_finds(&docs).unwrap_or_else(|| rule.summary.to_string())))
        .help(MultiformatMessageString::builder().text(docs.trim()).markdown(docs.trim()).build())
        .default_configuration(
            ReportingConfiguration::builder().level(serde_json::Value::from(level(rule.severity))).build(),
        )
        .properties(PropertyBag::builder().additional_properties(tags).build())
        .build()
}

pub fn write(out: &mut dyn Write, db: &SourceDb, report: &Report) -> io::Result<()> {
    let index: BTreeMap<&str, usize> = ALL.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
    let rules: Vec<ReportingDescriptor> = ALL.iter().map(|r| rule_descriptor(r)).collect();
    let driver = ToolComponent::builder()
        .name("xgea")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let results: Vec<sarif::Result> = report
        .findings
        .iter()
        .map(|f| {
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let mut prints = BTreeMap::new();
            prints.insert("xgea/v1".to_string(), fingerprint(db, f));
            let related: Vec<SarifLocation> = f.related.iter().map(|l| sarif_location(db, l, true)).collect();
            let mut result = sarif::Result::builder()
                .rule_id(f.rule.code)
                .level(result_level(f.severity))
                .message(Message::builder().text(message).build())
                .locations(vec![sarif_location(db, &f.primary, false)])
                .partial_fingerprints(prints)
                .build();
            result.rule_index = index.get(f.rule.code).map(|&i| i as i64);
            if !related.is_empty() {
                result.related_locations = Some(related);
            }
            result
        })
        .collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::Value::from("unicodeCodePoints"))
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::Value::from("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}
