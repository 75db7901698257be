//! Reading the estate: files in parallel, each parsed, validated and turned into typed records inside its
//! own worker, so JSON values and span maps never outlive their file.

use std::path::PathBuf;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::{Department, Direction, Estate, InfraSource, InfraUse, Interface, Lifecycle, Spanned, System};
use crate::diagnostic::{Finding, Label};
use crate::document::{CheckedDocument, check_file, read_problem_finding};
use crate::rules::input::xg002_schema_violation;
use crate::schema::{Kind, Schemas};
use crate::source::{FileId, Limits, SourceDb, SourceFile, Span, display_path_of, read_text};

#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// Files larger than this many bytes are not read.
    pub max_file_size: u64,
    pub limits: Limits,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_file_size: 16 * 1024 * 1024, limits: Limits::default() }
    }
}

enum Record {
    System(Box<System>),
    Department(Department),
}

struct FileResult {
    source: SourceFile,
    records: Vec<Record>,
    findings: Vec<Finding>,
}

/// Loads the files at `paths` (already discovered and sorted) into `db` and an [`Estate`].
pub fn load_estate(paths: &[PathBuf], db: &mut SourceDb, schemas: &Schemas, options: LoadOptions) -> Estate {
    let first = db.next_id().0;
    let results: Vec<FileResult> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| load_file(FileId(first + i as u32), path, schemas, options))
        .collect();
    let mut systems = Vec::new();
    let mut departments = Vec::new();
    let mut findings = Vec::new();
    for result in results {
        db.add(result.source);
        findings.extend(result.findings);
        for record in result.records {
            match record {
                Record::System(s) => systems.push(*s),
                Record::Department(d) => departments.push(d),
            }
        }
    }
    Estate::new(departments, systems, findings, paths.len())
}

fn load_file(file: FileId, path: &std::path::Path, schemas: &Schemas, options: LoadOptions) -> FileResult {
    let name = display_path_of(path);
    let text = match read_text(path, options.max_file_size) {
        Ok(text) => text,
        Err(problem) => {
            let finding = read_problem_finding(file, &problem);
            return FileResult {
                source: SourceFile::new(name, problem.shown_text()),
                records: Vec::new(),
                findings: vec![finding],
            };
        }
    };
    let checked = check_file(file, &text, schemas, options.limits, Kind::ESTATE);
    let mut findings = checked.findings;
    let mut records = Vec::new();
    for doc in checked.documents {
        match to_record(&doc) {
            Ok(r) => records.push(r),
            Err(f) => findings.push(*f),
        }
    }
    FileResult { source: SourceFile::new(name, text), records, findings }
}

// The serde shapes of the descriptors. The schema has validated them, so these only pick fields out.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    id: String,
    name: String,
    #[serde(default)]
    department: Option<String>,
    #[serde(default)]
    owner: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SystemSpec {
    lifecycle: Lifecycle,
    #[serde(default)]
    annual_cost_gbp: Option<u64>,
    #[serde(default)]
    capabilities: Vec<String>,
    #[serde(default)]
    data: Vec<String>,
    #[serde(default)]
    max_marking: Option<String>,
    #[serde(default)]
    interfaces: Vec<InterfaceSpec>,
    #[serde(default)]
    infrastructure: Vec<InfraSpec>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InterfaceSpec {
    id: String,
    direction: Direction,
    counterpart: String,
    #[serde(default)]
    standards: Vec<String>,
    #[serde(default)]
    data: Vec<String>,
    #[serde(default)]
    marking: Option<String>,
    #[serde(default)]
    legal_basis: Option<String>,
}

#[derive(Deserialize)]
struct InfraSpec {
    kind: String,
    uses: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentSpec {
    #[serde(default)]
    sector: Option<String>,
    #[serde(default)]
    max_marking: Option<String>,
}

/// Looks up spans by JSON pointer in one document.
struct Locator<'a> {
    doc: &'a CheckedDocument,
}

impl Locator<'_> {
    fn span(&self, pointer: &str) -> Span {
        self.doc.spans.lookup(pointer).map_or(self.doc.root, |s| Span::new(self.doc.root.file, s.value))
    }
    fn spanned<T>(&self, value: T, pointer: &str) -> Spanned<T> {
        Spanned::new(value, self.span(pointer))
    }
    fn list(&self, values: Vec<String>, pointer: &str) -> Vec<Spanned<String>> {
        values.into_iter().enumerate().map(|(i, v)| self.spanned(v, &format!("{pointer}/{i}"))).collect()
    }
}

fn field<T: for<'de> Deserialize<'de>>(doc: &CheckedDocument, name: &str) -> Result<T, Box<Finding>> {
    let value = doc.value.get(name).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|e| {
        Box::new(
            Finding::new(
                &xg002_schema_violation::RULE,
                format!("cannot read `{name}`: {e}"),
                Label::new(doc.root, "here"),
            )
            .with_pointer(format!("/{name}"))
            .with_help("the document matches its schema but not the types xgea expects; report this as a bug"),
        )
    })
}

fn to_record(doc: &CheckedDocument) -> Result<Record, Box<Finding>> {
    let at = Locator { doc };
    let meta: Meta = field(doc, "metadata")?;
    match doc.kind {
        Kind::Department => {
            let spec: DepartmentSpec = field(doc, "spec")?;
            Ok(Record::Department(Department {
                id: at.spanned(meta.id, "/metadata/id"),
                name: meta.name,
                sector: spec.sector.map(|s| at.spanned(s, "/spec/sector")),
                max_marking: spec.max_marking.map(|m| at.spanned(m, "/spec/maxMarking")),
                file: doc.root.file,
                span: doc.root,
            }))
        }
        _ => {
            let spec: SystemSpec = field(doc, "spec")?;
            let interfaces = spec
                .interfaces
                .into_iter()
                .enumerate()
                .map(|(i, f)| {
                    let p = format!("/spec/interfaces/{i}");
                    Interface {
                        id: at.spanned(f.id, &format!("{p}/id")),
                        direction: f.direction,
                        counterpart: at.spanned(f.counterpart, &format!("{p}/counterpart")),
                        standards: at.list(f.standards, &format!("{p}/standards")),
                        data: at.list(f.data, &format!("{p}/data")),
                        marking: f.marking.map(|m| at.spanned(m, &format!("{p}/marking"))),
                        legal_basis: f.legal_basis.map(|l| at.spanned(l, &format!("{p}/legalBasis"))),
                        span: at.span(&p),
                        pointer: p,
                    }
                })
                .collect();
            let infrastructure = spec
                .infrastructure
                .into_iter()
                .enumerate()
                .map(|(i, u)| {
                    let p = format!("/spec/infrastructure/{i}");
                    let source = match u.uses.split_once(':') {
                        Some(("common", id)) => InfraSource::Common(id.to_string()),
                        Some((_, name)) => InfraSource::Bespoke(name.to_string()),
                        None => InfraSource::Bespoke(u.uses.clone()),
                    };
                    InfraUse {
                        kind: at.spanned(u.kind, &format!("{p}/kind")),
                        uses: at.spanned(source, &format!("{p}/uses")),
                        pointer: p,
                    }
                })
                .collect();
            Ok(Record::System(Box::new(System {
                id: at.spanned(meta.id, "/metadata/id"),
                name: meta.name,
                department: at.spanned(meta.department.unwrap_or_default(), "/metadata/department"),
                owner: meta.owner,
                lifecycle: at.spanned(spec.lifecycle, "/spec/lifecycle"),
                annual_cost_gbp: spec.annual_cost_gbp,
                capabilities: at.list(spec.capabilities, "/spec/capabilities"),
                data: at.list(spec.data, "/spec/data"),
                max_marking: spec.max_marking.map(|m| at.spanned(m, "/spec/maxMarking")),
                interfaces,
                infrastructure,
                file: doc.root.file,
                span: doc.root,
            })))
        }
    }
}
