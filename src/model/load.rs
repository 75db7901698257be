//! Loading the model: from the sources embedded in the binary, a directory, or one multi-document file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{
    Capability, Category, Component, DataEntity, InfraKind, MarkingScheme, Model, ModelMeta, Sector, Standard,
};
use crate::document::{CheckedDocument, check_file};
use crate::finding::{Finding, Label};
use crate::rules::input::xg002_schema_violation;
use crate::schema::{Kind, Schemas};
use crate::source::{FileId, Limits, SourceDb, SourceFile, Span};

/// The latest published model, compiled into the binary so `xgea lint` needs no files.
pub static EMBEDDED_VERSION: &str = "2.0.0";
static EMBEDDED: &[(&str, &str)] = &[
    ("model.yaml", include_str!("../../model/2.0.0/model.yaml")),
    ("capabilities.yaml", include_str!("../../model/2.0.0/capabilities.yaml")),
    ("standards.yaml", include_str!("../../model/2.0.0/standards.yaml")),
    ("infrastructure.yaml", include_str!("../../model/2.0.0/infrastructure.yaml")),
    ("data.yaml", include_str!("../../model/2.0.0/data.yaml")),
    ("markings.yaml", include_str!("../../model/2.0.0/markings.yaml")),
    ("sectors.yaml", include_str!("../../model/2.0.0/sectors.yaml")),
];

/// Where the model comes from.
#[derive(Debug, Clone)]
pub enum ModelSource {
    /// The latest release, built into the binary.
    Embedded,
    /// A directory of model files, or one file holding every model document.
    Path(PathBuf),
}

/// The model could not be loaded. `findings` locate its problems in the model's own files.
#[derive(Debug)]
pub struct ModelError {
    pub summary: String,
    pub findings: Vec<Finding>,
}

const MAX_MODEL_FILE: u64 = 64 * 1024 * 1024;

/// Reads, validates and types the model; its files are added to `db` so findings can point into them.
pub fn load_model(source: &ModelSource, db: &mut SourceDb, schemas: &Schemas) -> Result<Model, ModelError> {
    let mut findings = Vec::new();
    let files: Vec<FileId> = match source {
        ModelSource::Embedded => EMBEDDED
            .iter()
            .map(|(name, text)| db.add(SourceFile::new(format!("<embedded model {EMBEDDED_VERSION}>/{name}"), *text)))
            .collect(),
        ModelSource::Path(path) => read_model_files(path, db, &mut findings)?,
    };
    let mut by_kind: BTreeMap<Kind, (CheckedDocument, FileId)> = BTreeMap::new();
    for file in files {
        let text = db.get(file).text.clone();
        let checked = check_file(file, &text, schemas, Limits::default(), Kind::MODEL);
        findings.extend(checked.findings);
        for doc in checked.documents {
            if let Some((first, _)) = by_kind.get(&doc.kind) {
                findings.push(
                    Finding::new(
                        &xg002_schema_violation::RULE,
                        format!("a second `{}` document in the model", doc.kind),
                        Label::new(doc.root, "repeated"),
                    )
                    .with_related(Label::new(first.root, "first defined here"))
                    .with_help("a model has exactly one document of each kind; merge them"),
                );
                continue;
            }
            by_kind.insert(doc.kind, (doc, file));
        }
    }
    for kind in Kind::MODEL {
        if !by_kind.contains_key(kind) && findings.is_empty() {
            let anchor = db.iter().last().map_or(Span::file_start(FileId(0)), |(id, _)| Span::file_start(id));
            findings.push(
                Finding::new(
                    &xg002_schema_violation::RULE,
                    format!("the model has no `{kind}` document"),
                    Label::new(anchor, "model"),
                )
                .with_help(format!("add `{}` with `kind: {kind}`", default_file_name(*kind))),
            );
        }
    }
    if !findings.is_empty() {
        crate::finding::sort_findings(&mut findings);
        return Err(ModelError { summary: describe(source), findings });
    }
    build(by_kind).map_err(|findings| ModelError { summary: describe(source), findings })
}

fn describe(source: &ModelSource) -> String {
    match source {
        ModelSource::Embedded => format!("the embedded reference model {EMBEDDED_VERSION}"),
        ModelSource::Path(p) => format!("the reference model at `{}`", crate::source::display_path_of(p)),
    }
}

fn default_file_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Model => "model.yaml",
        Kind::Capabilities => "capabilities.yaml",
        Kind::Standards => "standards.yaml",
        Kind::Infrastructure => "infrastructure.yaml",
        Kind::DataEntities => "data.yaml",
        Kind::Markings => "markings.yaml",
        Kind::Sectors => "sectors.yaml",
        Kind::System | Kind::Department => "a descriptor file",
    }
}

fn read_model_files(path: &Path, db: &mut SourceDb, findings: &mut Vec<Finding>) -> Result<Vec<FileId>, ModelError> {
    let paths = crate::source::discover(&[path.to_path_buf()])
        .map_err(|e| ModelError { summary: format!("cannot load the reference model: {e}"), findings: Vec::new() })?;
    let mut ids = Vec::new();
    for p in paths {
        let name = crate::source::display_path_of(&p);
        match crate::source::read_text(&p, MAX_MODEL_FILE) {
            Ok(text) => ids.push(db.add(SourceFile::new(name, text))),
            Err(problem) => {
                let id = db.add(SourceFile::new(name, problem.shown_text()));
                findings.push(crate::document::read_problem_finding(id, &problem));
            }
        }
    }
    Ok(ids)
}

/// Keeps a value, or records why it could not be read.
fn ok<T>(failed: &mut Vec<Finding>, result: Result<T, Finding>) -> Option<T> {
    result.map_err(|e| failed.push(e)).ok()
}

fn typed_whole<T: DeserializeOwned>(doc: &CheckedDocument) -> Result<T, Finding> {
    serde_json::from_value(doc.value.clone()).map_err(|e| {
        Finding::new(
            &xg002_schema_violation::RULE,
            format!("cannot read the document: {e}"),
            Label::new(doc.root, "here"),
        )
        .with_help("the model file matches its schema but not the types xgea expects; report this as a bug")
    })
}

/// Converts a checked document into its typed form. The schema has already passed, so an error here means
/// the schema and the types disagree; it is still reported on the document rather than panicking.
fn typed<T: DeserializeOwned>(doc: &CheckedDocument, field: &str) -> Result<T, Finding> {
    let value = doc.value.get(field).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|e| {
        Finding::new(&xg002_schema_violation::RULE, format!("cannot read `{field}`: {e}"), Label::new(doc.root, "here"))
            .with_help("the model file matches its schema but not the types xgea expects; report this as a bug")
    })
}

/// Fills in each list element's span from the document's span map.
fn with_spans<T>(mut items: Vec<T>, doc: &CheckedDocument, field: &str, set: impl Fn(&mut T, Span)) -> Vec<T> {
    for (i, item) in items.iter_mut().enumerate() {
        let span = doc.spans.get(&format!("/{field}/{i}")).map_or(doc.root, |s| Span::new(doc.root.file, s.value));
        set(item, span);
    }
    items
}

fn build(by_kind: BTreeMap<Kind, (CheckedDocument, FileId)>) -> Result<Model, Vec<Finding>> {
    let doc = |k: Kind| &by_kind[&k].0;
    let mut failed = Vec::new();
    let meta: Option<ModelMeta> = ok(&mut failed, typed_whole(doc(Kind::Model)));
    let capabilities: Option<Vec<Capability>> = ok(&mut failed, typed(doc(Kind::Capabilities), "capabilities"));
    let categories: Option<Vec<Category>> = ok(&mut failed, typed(doc(Kind::Standards), "categories"));
    let standards: Option<Vec<Standard>> = ok(&mut failed, typed(doc(Kind::Standards), "standards"));
    let kinds: Option<Vec<InfraKind>> = ok(&mut failed, typed(doc(Kind::Infrastructure), "kinds"));
    let components: Option<Vec<Component>> = ok(&mut failed, typed(doc(Kind::Infrastructure), "components"));
    let entities: Option<Vec<DataEntity>> = ok(&mut failed, typed(doc(Kind::DataEntities), "entities"));
    let current: Option<String> = ok(&mut failed, typed(doc(Kind::Markings), "current"));
    let schemes: Option<Vec<MarkingScheme>> = ok(&mut failed, typed(doc(Kind::Markings), "schemes"));
    let sectors: Option<Vec<Sector>> = ok(&mut failed, typed(doc(Kind::Sectors), "sectors"));
    let (
        Some(meta),
        Some(capabilities),
        Some(categories),
        Some(standards),
        Some(kinds),
        Some(components),
        Some(entities),
        Some(current),
        Some(schemes),
        Some(sectors),
    ) = (meta, capabilities, categories, standards, kinds, components, entities, current, schemes, sectors)
    else {
        return Err(failed);
    };
    Ok(Model::new(
        meta,
        with_spans(capabilities, doc(Kind::Capabilities), "capabilities", |c, s| c.span = s),
        categories,
        with_spans(standards, doc(Kind::Standards), "standards", |c, s| c.span = s),
        kinds,
        with_spans(components, doc(Kind::Infrastructure), "components", |c, s| c.span = s),
        with_spans(entities, doc(Kind::DataEntities), "entities", |c, s| c.span = s),
        current,
        schemes,
        sectors,
    ))
}
