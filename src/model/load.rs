//! Loading the model: from the release built into the binary, a published release, a directory of YAML
//! sources, one multi-document file, or a release file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::path::{Element, ModelLocation, ModelPath};
use super::release::{self, ReleaseError, ReleaseStore, ReleaseText};
use super::{
    Capability, Category, Component, DataEntity, Framework, InfraKind, MarkingScheme, Model, ModelMeta, Sector,
    Standard,
};
use crate::diagnostic::Finding;
use crate::document::{CheckedDocument, check_file};
use crate::rules::input::{xg001_yaml_syntax, xg002_schema_violation};
use crate::schema::{Kind, Schemas};
use crate::source::{FileId, Limits, SourceDb, SourceFile, Span, parse_yaml};

/// The version of the latest release, the one built into the binary as the default model.
pub static EMBEDDED_VERSION: &str = "2.2.0";

/// Where the model comes from.
#[derive(Debug, Clone)]
pub enum ModelSource {
    /// The latest release, built into the binary.
    Embedded,
    /// A directory of model files, one file holding every model document, or a release file (`*.json`).
    Path(PathBuf),
    /// A published release by version (`1.0.0`), from the releases built into the binary.
    Release(String),
    /// A release file read even though no index and no built-in release vouches for it
    /// (`--allow-unverified-model`); the loaded documents carry a warning.
    Unverified(PathBuf),
    /// A published release by version, from a releases directory (`--releases`, `[model] releases`), else
    /// from the releases built into the binary.
    Published { releases: PathBuf, version: String },
}

impl ModelSource {
    /// The pinned release version, when the source is one.
    pub fn pinned_version(&self) -> Option<&str> {
        match self {
            ModelSource::Release(v) | ModelSource::Published { version: v, .. } => Some(v),
            _ => None,
        }
    }
    /// Where releases newer than a pinned one are looked for.
    pub fn store(&self) -> ReleaseStore {
        match self {
            ModelSource::Published { releases, .. } => ReleaseStore::Overlay(releases.clone()),
            _ => ReleaseStore::Embedded,
        }
    }
}

/// The model could not be loaded. `findings` locate its problems in the model's own files.
#[derive(Debug)]
pub struct ModelError {
    pub summary: String,
    pub findings: Vec<Finding>,
}

const MAX_MODEL_FILE: u64 = 64 * 1024 * 1024;

/// The model's documents, each validated against its schema, with the span map of its source: what
/// `xgea model check` locates findings with, and what the typed [`Model`] is built from.
#[derive(Debug)]
pub struct ModelDocuments {
    by_kind: BTreeMap<Kind, CheckedDocument>,
    /// The release version, when the documents were read from a release.
    pub release: Option<String>,
    /// How the model is named in messages.
    pub summary: String,
    /// Why the documents are not to be trusted, when they were read from an unverified release file.
    pub warning: Option<String>,
}

impl ModelDocuments {
    /// The document of one kind (every model kind is present once loading succeeded).
    pub fn document(&self, kind: Kind) -> &CheckedDocument {
        &self.by_kind[&kind]
    }
    /// The span of the node at `path` (its nearest located ancestor if needed).
    pub fn span(&self, path: ModelPath) -> Span {
        let doc = self.document(path.kind());
        doc.spans.lookup(&path.pointer()).map_or(doc.root, |s| Span::new(doc.root.file, s.value))
    }
    /// The place at `path`, to build a finding on.
    pub fn locate(&self, path: ModelPath) -> ModelLocation {
        ModelLocation { span: self.span(path), path }
    }
    /// Every document as validated JSON, by kind: the content of a release.
    pub fn values(&self) -> BTreeMap<Kind, Value> {
        self.by_kind.iter().map(|(k, d)| (*k, d.value.clone())).collect()
    }
}

/// Reads, validates and types the model; its files are added to `db` so findings can point into them.
pub fn load_model(source: &ModelSource, db: &mut SourceDb, schemas: &Schemas) -> Result<Model, ModelError> {
    let docs = load_documents(source, db, schemas)?;
    build_model(&docs)
}

/// The typed model of loaded documents.
pub fn build_model(docs: &ModelDocuments) -> Result<Model, ModelError> {
    build(&docs.by_kind).map_err(|findings| ModelError { summary: docs.summary.clone(), findings })
}

/// Reads and validates the model's documents without typing them.
pub fn load_documents(
    source: &ModelSource,
    db: &mut SourceDb,
    schemas: &Schemas,
) -> Result<ModelDocuments, ModelError> {
    match source {
        ModelSource::Embedded => load_release(&ReleaseStore::Embedded, EMBEDDED_VERSION, db, schemas),
        ModelSource::Release(version) => load_release(&ReleaseStore::Embedded, version, db, schemas),
        ModelSource::Published { releases, version } => {
            load_release(&ReleaseStore::Overlay(releases.clone()), version, db, schemas)
        }
        ModelSource::Path(path) if is_release_file(path) => {
            let text = release::read_release_file(path, false).map_err(|e| release_error(describe(source), e))?;
            release_documents(text, describe(source), db, schemas)
        }
        ModelSource::Unverified(path) if is_release_file(path) => {
            let text = release::read_release_file(path, true).map_err(|e| release_error(describe(source), e))?;
            release_documents(text, describe(source), db, schemas)
        }
        ModelSource::Unverified(path) => source_documents(path, describe(source), db, schemas),
        ModelSource::Path(path) => source_documents(path, describe(source), db, schemas),
    }
}

/// Whether a path names a release file rather than YAML sources.
pub fn is_release_file(path: &Path) -> bool {
    path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads one published release from `store`, checking its sha256 against the index.
pub fn load_release(
    store: &ReleaseStore,
    version: &str,
    db: &mut SourceDb,
    schemas: &Schemas,
) -> Result<ModelDocuments, ModelError> {
    let summary = format!("the reference model release {version}");
    let text = store.load(version).map_err(|e| release_error(summary.clone(), e))?;
    release_documents(text, summary, db, schemas)
}

fn release_error(summary: String, error: ReleaseError) -> ModelError {
    ModelError { summary: format!("cannot load {summary}: {error}"), findings: Vec::new() }
}

/// Splits a release file into its documents; spans point into the release file itself (JSON is YAML).
fn release_documents(
    release: ReleaseText,
    summary: String,
    db: &mut SourceDb,
    schemas: &Schemas,
) -> Result<ModelDocuments, ModelError> {
    let shown_name = release.name.clone();
    let text: std::sync::Arc<str> = release.text.into();
    let file = db.add(SourceFile::new(release.name, text.clone()));
    let parsed = parse_yaml(&text, Limits { max_depth: 128, ..Limits::default() });
    let mut findings = Vec::new();
    for problem in &parsed.problems {
        findings.push(xg001_yaml_syntax::release_unparsable(file, problem));
    }
    let mut by_kind = BTreeMap::new();
    if let Some(doc) = parsed.documents.into_iter().next() {
        for &kind in Kind::MODEL {
            let mut pointer = String::new();
            crate::source::yaml::push_key(&mut pointer, "documents");
            crate::source::yaml::push_key(&mut pointer, kind.name());
            let (Some(value), Some(node)) = (doc.value.pointer(&pointer), doc.spans.get(&pointer)) else {
                findings.push(xg002_schema_violation::release_missing_document(Span::new(file, doc.root), kind.name()));
                continue;
            };
            let spans = doc.spans.subtree(&pointer);
            let errors = schemas.validate(kind, value, &spans, file);
            if !errors.is_empty() {
                findings.extend(errors);
                continue;
            }
            let root = Span::new(file, node.value);
            by_kind.insert(kind, CheckedDocument { kind, value: value.clone(), spans, root });
        }
    }
    if !findings.is_empty() {
        crate::diagnostic::sort_findings(&mut findings);
        return Err(ModelError { summary, findings });
    }
    let warning = (!release.verified).then(|| {
        format!(
            "release {} at `{}` is not verified: no index and no built-in release records its sha256",
            release.version, shown_name
        )
    });
    Ok(ModelDocuments { by_kind, release: Some(release.version), summary, warning })
}

fn source_documents(
    path: &Path,
    summary: String,
    db: &mut SourceDb,
    schemas: &Schemas,
) -> Result<ModelDocuments, ModelError> {
    let mut findings = Vec::new();
    let files = read_model_files(path, db, &mut findings)?;
    let mut by_kind: BTreeMap<Kind, CheckedDocument> = BTreeMap::new();
    for &file in &files {
        // A model file is held (`SourceFile::new`): its text is always there.
        let text = db.get(file).text().unwrap_or_default();
        let checked = check_file(file, &text, schemas, Limits::default(), Kind::MODEL);
        findings.extend(checked.findings);
        for doc in checked.documents {
            if let Some(first) = by_kind.get(&doc.kind) {
                findings.push(xg002_schema_violation::repeated_model_document(doc.kind.name(), doc.root, first.root));
                continue;
            }
            by_kind.insert(doc.kind, doc);
        }
    }
    for kind in Kind::MODEL {
        if !by_kind.contains_key(kind) && findings.is_empty() {
            let file_name = default_file_name(*kind);
            // In a directory, the finding names the file that is missing (read as empty); a model written as
            // one file is the file itself.
            let anchor = if path.is_dir() {
                let missing = crate::source::display_path_of(&path.join(file_name));
                Span::file_start(db.add(SourceFile::new(missing, "")))
            } else {
                Span::file_start(files.first().copied().unwrap_or(FileId(0)))
            };
            findings.push(xg002_schema_violation::model_missing_document(anchor, kind.name(), file_name));
        }
    }
    if !findings.is_empty() {
        crate::diagnostic::sort_findings(&mut findings);
        return Err(ModelError { summary, findings });
    }
    Ok(ModelDocuments { by_kind, release: None, summary, warning: None })
}

fn describe(source: &ModelSource) -> String {
    match source {
        ModelSource::Embedded => format!("the embedded reference model {EMBEDDED_VERSION}"),
        ModelSource::Release(v) | ModelSource::Published { version: v, .. } => {
            format!("the reference model release {v}")
        }
        ModelSource::Path(p) | ModelSource::Unverified(p) => {
            format!("the reference model at `{}`", crate::source::display_path_of(p))
        }
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
fn ok<T>(failed: &mut Vec<Finding>, result: Result<T, Box<Finding>>) -> Option<T> {
    result.map_err(|e| failed.push(*e)).ok()
}

fn typed_whole<T: DeserializeOwned>(doc: &CheckedDocument) -> Result<T, Box<Finding>> {
    serde_json::from_value(doc.value.clone())
        .map_err(|e| Box::new(xg002_schema_violation::model_document_untyped(doc.root, &e)))
}

/// Converts a checked document into its typed form. The schema has already passed, so an error here means
/// the schema and the types disagree; it is still reported on the document rather than panicking.
fn typed<T: DeserializeOwned>(doc: &CheckedDocument, field: &str) -> Result<T, Box<Finding>> {
    let value = doc.value.get(field).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value)
        .map_err(|e| Box::new(xg002_schema_violation::model_field_untyped(doc.root, field, &e)))
}

/// Fills in each list element's span from the document's span map.
/// Sets the span of each element of a list, `element(i)` naming the i-th.
fn with_spans<T>(
    mut items: Vec<T>,
    by_kind: &BTreeMap<Kind, CheckedDocument>,
    element: impl Fn(usize) -> Element,
    set: impl Fn(&mut T, Span),
) -> Vec<T> {
    for (i, item) in items.iter_mut().enumerate() {
        let path = element(i).whole();
        let doc = &by_kind[&path.kind()];
        let span = doc.spans.get(&path.pointer()).map_or(doc.root, |s| Span::new(doc.root.file, s.value));
        set(item, span);
    }
    items
}

fn build(by_kind: &BTreeMap<Kind, CheckedDocument>) -> Result<Model, Vec<Finding>> {
    let doc = |k: Kind| &by_kind[&k];
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
    // Optional: releases before 2.2.0 have no frameworks.
    let frameworks: Option<Option<Vec<Framework>>> = ok(&mut failed, typed(doc(Kind::Infrastructure), "frameworks"));
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
        Some(frameworks),
    ) = (meta, capabilities, categories, standards, kinds, components, entities, current, schemes, sectors, frameworks)
    else {
        return Err(failed);
    };
    Ok(Model::new(
        meta,
        with_spans(capabilities, by_kind, Element::Capability, |c, s| c.span = s),
        categories,
        with_spans(standards, by_kind, Element::Standard, |c, s| c.span = s),
        kinds,
        with_spans(components, by_kind, Element::Component, |c, s| c.span = s),
        with_spans(entities, by_kind, Element::Entity, |c, s| c.span = s),
        current,
        schemes,
        sectors,
    )
    .with_frameworks(with_spans(frameworks.unwrap_or_default(), by_kind, Element::Framework, |f, s| f.span = s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(source: &ModelSource) -> Result<Model, ModelError> {
        load_model(source, &mut SourceDb::new(), &Schemas::embedded().unwrap())
    }

    /// The 2.0.0 sources as one multi-document text.
    fn sources_as_one_file() -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("model/2.0.0");
        ["model", "capabilities", "standards", "infrastructure", "data", "markings", "sectors"]
            .iter()
            .map(|f| std::fs::read_to_string(dir.join(format!("{f}.yaml"))).unwrap())
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    #[test]
    fn the_embedded_model_is_typed_indexed_and_located() {
        let mut db = SourceDb::new();
        let model = load_model(&ModelSource::Embedded, &mut db, &Schemas::embedded().unwrap()).unwrap();
        assert_eq!(model.version(), EMBEDDED_VERSION);
        let payroll = model.capability("BO.02.01").unwrap();
        assert_eq!(payroll.name, "Payroll");
        assert_eq!(payroll.parent.as_deref(), Some("BO.02"));
        let soap = model.standard("MSG-SOAP").unwrap();
        assert_eq!(soap.status, super::super::StandardStatus::Deprecated);
        assert_eq!(soap.superseded_by.as_deref(), Some("MSG-REST"));
        // A legacy GPMS level compares through its mapping into the current scheme.
        assert_eq!(model.marking("RESTRICTED").unwrap().rank, model.marking("OFFICIAL-SENSITIVE").unwrap().rank);
        assert!(model.marking("SECRET").unwrap().rank > model.marking("OFFICIAL").unwrap().rank);
        assert!(model.marking("OFFICAL").is_none());
    }

    #[test]
    fn a_single_multi_document_file_is_a_model() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("model.yaml");
        std::fs::write(&file, sources_as_one_file()).unwrap();
        let model = load(&ModelSource::Path(file)).unwrap();
        assert_eq!(model.standards.len(), 61);
    }

    /// The model as one file with `sunset: 2025-03-31` (TRN-FTP's) replaced by `sunset: {sunset}`: the text
    /// and what loading it gives.
    fn load_with_sunset(sunset: &str) -> (String, Result<Model, ModelError>) {
        let text = sources_as_one_file();
        assert_eq!(text.matches("sunset: 2025-03-31\n").count(), 1);
        let text = text.replace("sunset: 2025-03-31\n", &format!("sunset: {sunset}\n"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("model.yaml");
        std::fs::write(&file, &text).unwrap();
        (text, load(&ModelSource::Path(file)))
    }

    #[test]
    fn dates_are_days_of_the_calendar() {
        let model = load_with_sunset("2024-02-29").1.unwrap();
        assert_eq!(model.standard("TRN-FTP").unwrap().sunset.unwrap().to_string(), "2024-02-29");
        for (sunset, reason) in [
            ("2025-02-29", "February 2025 has 28 days"),
            ("2026-02-30", "February 2026 has 28 days"),
            ("2025-13-01", "there is no month 13"),
        ] {
            let (text, loaded) = load_with_sunset(sunset);
            let findings = loaded.unwrap_err().findings;
            let [finding] = &findings[..] else { panic!("{sunset}: {findings:?}") };
            assert_eq!(finding.rule.code, "XG002");
            assert!(finding.pointer.as_deref().is_some_and(|p| p.ends_with("/sunset")), "{:?}", finding.pointer);
            assert!(
                finding.message.starts_with(&format!("invalid date `{sunset}` at `/standards/")),
                "{}",
                finding.message
            );
            assert!(finding.message.ends_with(reason), "{}", finding.message);
            let span = finding.primary.span;
            let line_start = text[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(&text[line_start..span.end as usize], format!("    sunset: {sunset}"), "labelled on the value");
        }
        // A malformed date is the pattern's finding alone.
        let findings = load_with_sunset("2025-3-31").1.unwrap_err().findings;
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].message.contains("does not match"), "{}", findings[0].message);
    }

    #[test]
    fn a_missing_or_repeated_kind_is_reported_in_the_model_files() {
        let dir = tempfile::tempdir().unwrap();
        let text = sources_as_one_file();
        let without_sectors = text.split("\n---\n").take(6).collect::<Vec<_>>().join("\n---\n");
        std::fs::write(dir.path().join("model.yaml"), &without_sectors).unwrap();
        let error = load(&ModelSource::Path(dir.path().to_path_buf())).unwrap_err();
        assert!(error.findings.iter().any(|f| f.message.contains("`Sectors`")), "{:?}", error.findings);

        let repeated = format!("{text}\n---\n{}", text.split("\n---\n").last().unwrap());
        std::fs::write(dir.path().join("model.yaml"), repeated).unwrap();
        let error = load(&ModelSource::Path(dir.path().to_path_buf())).unwrap_err();
        let finding = error.findings.iter().find(|f| f.message.contains("a second `Sectors`")).unwrap();
        assert_eq!(finding.related.len(), 1, "the first definition is labelled");
    }
}
