//! Reading the estate: files in parallel, each parsed, validated and turned into typed records inside its
//! own worker, so JSON values and span maps never outlive their file.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use super::{
    Counterpart, Department, Direction, Estate, FieldPath, InfraField, InfraSource, InfraUse, Interface,
    InterfaceField, Lifecycle, Located, Sourcing, SourcingField, Supplier, System,
};
use crate::date::Date;
use crate::diagnostic::Finding;
use crate::document::{CheckedDocument, check_file, read_problem_finding};
use crate::intern::Id;
use crate::rules::input::xg002_schema_violation;
use crate::schema::{Kind, Schemas};
use crate::source::{FileId, Limits, SourceDb, SourceFile, Span, display_path_of, read_text, read_text_and_metadata};

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
    loaded: Loaded,
}

/// What one file yields: its records (each kind in file order) and its findings from reading.
#[derive(Debug, Default)]
pub struct Loaded {
    pub departments: Vec<Department>,
    pub systems: Vec<System>,
    pub findings: Vec<Finding>,
}

impl Loaded {
    fn push(&mut self, record: Record) {
        match record {
            Record::System(s) => self.systems.push(*s),
            Record::Department(d) => self.departments.push(d),
        }
    }

    /// The same records with every list exactly sized, as the loader makes them: records read back from the
    /// lint cache (whose lists grew by doubling as they were decoded) are kept for the whole run.
    pub fn exactly_sized(self) -> Loaded {
        let interface = |f: Interface| Interface { standards: exact(f.standards), data: exact(f.data), ..f };
        let system = |s: System| System {
            capabilities: exact(s.capabilities),
            data: exact(s.data),
            interfaces: exact(s.interfaces.into_iter().map(interface).collect()),
            infrastructure: exact(s.infrastructure),
            ..s
        };
        let department = |d: Department| Department { suppliers: exact(d.suppliers), ..d };
        Loaded {
            departments: exact(self.departments.into_iter().map(department).collect()),
            systems: exact(self.systems.into_iter().map(system).collect()),
            findings: self.findings,
        }
    }
}

/// `list` in a buffer of its own length.
fn exact<T>(list: Vec<T>) -> Vec<T> {
    if list.capacity() == list.len() {
        return list;
    }
    let mut sized = Vec::with_capacity(list.len());
    sized.extend(list);
    sized
}

/// What earlier runs loaded (the lint cache): asked before a file is read and before it is parsed, told what a
/// parsed file yielded.
pub trait FileCache: Sync {
    /// What the file at `index` of the paths, at `path`, yielded, with its spans in `file`, when its metadata
    /// shows it unchanged since, so it need not be read: its records and findings, and its source (a
    /// [`SourceFile::unread`]).
    fn lookup_unread(&self, index: usize, path: &Path, file: FileId) -> Option<(Loaded, SourceFile)>;
    /// What the file at `index` yielded when its text was `text`, with its spans in `file`; `metadata` is the
    /// file's, taken before `text` was read.
    fn lookup(&self, index: usize, text: &str, metadata: &std::fs::Metadata, file: FileId) -> Option<Loaded>;
    /// What the file at `index` yielded from `text`.
    fn store(&self, index: usize, text: &str, loaded: &Loaded);
}

/// Loads the files at `paths` (already discovered and sorted) into `db` and an [`Estate`].
pub fn load_estate(paths: &[PathBuf], db: &mut SourceDb, schemas: &Schemas, options: LoadOptions) -> Estate {
    load_estate_with(paths, db, schemas, options, None)
}

/// [`load_estate`], with a `cache` of what earlier runs loaded from files with the same text.
pub fn load_estate_with(
    paths: &[PathBuf],
    db: &mut SourceDb,
    schemas: &Schemas,
    options: LoadOptions,
    cache: Option<&dyn FileCache>,
) -> Estate {
    let first = db.next_id().0;
    let results: Vec<FileResult> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| load_file(FileId(first + i as u32), path, schemas, options, cache.map(|c| (c, i))))
        .collect();
    // Sized up front: a system record is some 400 bytes, and doubling a vector of 100,000 of them would
    // hold the old and the new buffer at once.
    let count = |of: fn(&Loaded) -> usize| results.iter().map(|r| of(&r.loaded)).sum::<usize>();
    let mut systems = Vec::with_capacity(count(|l| l.systems.len()));
    let mut departments = Vec::with_capacity(count(|l| l.departments.len()));
    let mut findings = Vec::with_capacity(count(|l| l.findings.len()));
    db.reserve(results.len());
    for result in results {
        db.add(result.source);
        findings.extend(result.loaded.findings);
        systems.extend(result.loaded.systems);
        departments.extend(result.loaded.departments);
    }
    Estate::new(departments, systems, findings, paths.len())
}

/// [`load_file_uncached`] through the cache, when there is one.
fn load_file(
    file: FileId,
    path: &std::path::Path,
    schemas: &Schemas,
    options: LoadOptions,
    cache: Option<(&dyn FileCache, usize)>,
) -> FileResult {
    let Some((cache, index)) = cache else { return load_file_uncached(file, path, schemas, options) };
    if let Some((loaded, source)) = cache.lookup_unread(index, path, file) {
        return FileResult { source, loaded };
    }
    let (text, metadata) = match read_text_and_metadata(path, options.max_file_size) {
        Ok(read) => read,
        // Not kept: the file's problem is found again, cheaply.
        Err(_) => return load_file_uncached(file, path, schemas, options),
    };
    let loaded = match cache.lookup(index, &text, &metadata, file) {
        Some(hit) => hit,
        None => {
            let loaded = load_text(file, &text, schemas, options);
            cache.store(index, &text, &loaded);
            loaded
        }
    };
    FileResult { source: SourceFile::read_back_later(display_path_of(path), path, text), loaded }
}

fn load_file_uncached(file: FileId, path: &std::path::Path, schemas: &Schemas, options: LoadOptions) -> FileResult {
    let name = display_path_of(path);
    let text = match read_text(path, options.max_file_size) {
        Ok(text) => text,
        Err(problem) => {
            let finding = read_problem_finding(file, &problem);
            return FileResult {
                source: SourceFile::new(name, problem.shown_text()),
                loaded: Loaded { findings: vec![finding], ..Loaded::default() },
            };
        }
    };
    let loaded = load_text(file, &text, schemas, options);
    FileResult { source: SourceFile::read_back_later(name, path, text), loaded }
}

/// The records and findings of one file's text.
fn load_text(file: FileId, text: &str, schemas: &Schemas, options: LoadOptions) -> Loaded {
    let checked = check_file(file, text, schemas, options.limits, Kind::ESTATE);
    let mut loaded = Loaded { findings: checked.findings, ..Loaded::default() };
    // Exactly sized: a list grown by pushing would hold room for four systems in a file of one.
    let systems = checked.documents.iter().chain(checked.invalid.iter().map(|i| &i.document));
    loaded.systems.reserve_exact(systems.filter(|d| d.kind == Kind::System).count());
    for mut doc in checked.documents {
        match to_record(&mut doc) {
            Ok(r) => loaded.push(r),
            Err(f) => loaded.findings.push(*f),
        }
    }
    // A document that broke its schema is still read, without the parts that broke it, so its other findings
    // show with its XG002 ones; one that lost its identity or lifecycle is left out.
    for invalid in checked.invalid {
        let mut doc = invalid.document;
        if salvage(&mut doc.value, &invalid.damage)
            && let Ok(r) = to_record(&mut doc)
        {
            loaded.push(r);
        }
    }
    loaded
}

// The serde shapes of the descriptors. The schema has validated them, so these only pick fields out.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    id: Id,
    name: String,
    #[serde(default)]
    department: Option<Id>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// Takes out of `value` what `damage` names, so the rest reads: an unusable list entry becomes `null` (the
/// reader skips it and the entries after it keep their positions), an unusable optional field or list goes.
/// False when the damage reaches what a record cannot do without (its id, name, department or lifecycle).
fn salvage(value: &mut Value, damage: &[String]) -> bool {
    const ESSENTIAL: &[&str] = &["/metadata/id", "/metadata/name", "/metadata/department", "/spec/lifecycle"];
    const LISTS: &[&str] = &["capabilities", "data", "interfaces", "infrastructure", "suppliers"];
    for pointer in damage {
        let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
        match tokens.as_slice() {
            [] | ["metadata"] | ["spec"] => return false,
            _ if ESSENTIAL.iter().any(|e| pointer == e || pointer.starts_with(&format!("{e}/"))) => return false,
            ["spec", list, index, ..] if LISTS.contains(list) && index.parse::<usize>().is_ok() => {
                if let Some(entry) = value.pointer_mut(&format!("/spec/{list}/{index}")) {
                    *entry = Value::Null;
                }
            }
            [top, field, ..] => {
                if let Some(Value::Object(map)) = value.get_mut(*top) {
                    map.remove(*field);
                }
            }
            [top] => {
                if let Value::Object(map) = value {
                    map.remove(*top);
                }
            }
        }
    }
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SystemSpec {
    lifecycle: Lifecycle,
    #[serde(default)]
    annual_cost_gbp: Option<u64>,
    #[serde(default)]
    capabilities: Option<Vec<Value>>,
    #[serde(default)]
    data: Vec<Value>,
    #[serde(default)]
    max_marking: Option<Id>,
    #[serde(default)]
    interfaces: Vec<Value>,
    #[serde(default)]
    infrastructure: Vec<Value>,
    #[serde(default)]
    sourcing: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourcingSpec {
    supplier: Id,
    #[serde(default)]
    contract: Option<String>,
    #[serde(default)]
    start: Option<Date>,
    #[serde(default)]
    end: Option<Date>,
    #[serde(default)]
    annual_value_gbp: Option<i64>,
    #[serde(default)]
    total_value_gbp: Option<i64>,
    #[serde(default)]
    extensions: Option<ExtensionsSpec>,
    #[serde(default)]
    route: Option<Id>,
    #[serde(default)]
    lock_in: bool,
}

#[derive(Deserialize)]
struct ExtensionsSpec {
    #[serde(default)]
    taken: Option<i64>,
    #[serde(default)]
    remaining: Option<i64>,
}

#[derive(Deserialize)]
struct SupplierSpec {
    id: Id,
    name: String,
    #[serde(default)]
    sme: bool,
}

/// `make` of each entry of a list that reads as `T`, with its position (a `null` left by [`salvage`] is
/// skipped), in a list sized for every entry: records are kept for the whole run, and a list collected from a
/// filter grows by doubling (room for 8 items holding 5 standards).
fn read_list<T: for<'de> Deserialize<'de>, R>(values: Vec<Value>, make: impl FnMut((u32, T)) -> R) -> Vec<R> {
    let mut list = Vec::with_capacity(values.len());
    let entries = values.into_iter().enumerate();
    list.extend(entries.filter_map(|(i, v)| serde_json::from_value(v).ok().map(|t| (i as u32, t))).map(make));
    list
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InterfaceSpec {
    id: Id,
    direction: Direction,
    counterpart: String,
    #[serde(default)]
    standards: Vec<Value>,
    #[serde(default)]
    data: Vec<Value>,
    #[serde(default)]
    marking: Option<Id>,
    #[serde(default)]
    legal_basis: Option<Id>,
}

#[derive(Deserialize)]
struct InfraSpec {
    kind: Id,
    uses: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DepartmentSpec {
    #[serde(default)]
    sector: Option<Id>,
    #[serde(default)]
    max_marking: Option<Id>,
    #[serde(default)]
    suppliers: Vec<Value>,
}

/// Locates values in one document: the span of a path is looked up by the path's own pointer.
struct Locator<'a> {
    doc: &'a CheckedDocument,
    /// The pointer being looked up, reused: one allocation per document, not per located value.
    pointer: std::cell::RefCell<String>,
}

impl Locator<'_> {
    fn span(&self, path: FieldPath) -> Span {
        let doc = self.doc;
        let mut pointer = self.pointer.borrow_mut();
        pointer.clear();
        path.write_pointer(&mut pointer);
        doc.spans.lookup(&pointer).map_or(doc.root, |s| Span::new(doc.root.file, s.value))
    }
    fn located<T>(&self, value: T, path: FieldPath) -> Located<T> {
        Located::new(value, self.span(path), path)
    }
    fn list(&self, values: Vec<Value>, path: impl Fn(u32) -> FieldPath) -> Vec<Located<Id>> {
        read_list(values, |(i, v): (u32, Id)| self.located(v, path(i)))
    }
}

/// Takes the field `name` out of the document's value (no copy of the subtree).
fn take(doc: &mut CheckedDocument, name: &str) -> Value {
    doc.value.get_mut(name).map_or(Value::Null, Value::take)
}

/// The field `name` of a document, read as `T`.
fn typed<T: for<'de> Deserialize<'de>>(doc: &CheckedDocument, name: &str, value: Value) -> Result<T, Box<Finding>> {
    serde_json::from_value(value).map_err(|e| Box::new(xg002_schema_violation::field_untyped(doc.root, name, &e)))
}

/// The record of a document; its `metadata` and `spec` are moved out of its value.
fn to_record(doc: &mut CheckedDocument) -> Result<Record, Box<Finding>> {
    let meta = take(doc, "metadata");
    let meta: Meta = typed(doc, "metadata", meta)?;
    let spec = take(doc, "spec");
    let doc: &CheckedDocument = doc;
    let at = Locator { doc, pointer: std::cell::RefCell::new(String::with_capacity(64)) };
    match doc.kind {
        Kind::Department => {
            let spec: DepartmentSpec = typed(doc, "spec", spec)?;
            Ok(Record::Department(Department {
                id: at.located(meta.id, FieldPath::Id),
                name: meta.name,
                sector: spec.sector.map(|s| at.located(s, FieldPath::Sector)),
                max_marking: spec.max_marking.map(|m| at.located(m, FieldPath::MaxMarking)),
                suppliers: read_list(spec.suppliers, |(i, s): (u32, SupplierSpec)| Supplier {
                    id: at.located(s.id, FieldPath::Supplier(i)),
                    name: s.name,
                    sme: s.sme,
                }),
                file: doc.root.file,
                span: doc.root,
            }))
        }
        _ => {
            let spec: SystemSpec = typed(doc, "spec", spec)?;
            let interfaces = read_list(spec.interfaces, |(i, f): (u32, InterfaceSpec)| {
                let path = |field| FieldPath::Interface(i, field);
                Interface {
                    id: at.located(f.id, path(InterfaceField::Id)),
                    direction: f.direction,
                    counterpart: at.located(Counterpart::parse(&f.counterpart), path(InterfaceField::Counterpart)),
                    standards: at.list(f.standards, |j| path(InterfaceField::Standard(j))),
                    data: at.list(f.data, |j| path(InterfaceField::Data(j))),
                    marking: f.marking.map(|m| at.located(m, path(InterfaceField::Marking))),
                    legal_basis: f.legal_basis.map(|l| at.located(l, path(InterfaceField::LegalBasis))),
                    span: at.span(path(InterfaceField::Entry)),
                    index: i,
                }
            });
            let infrastructure = read_list(spec.infrastructure, |(i, u): (u32, InfraSpec)| {
                let path = |field| FieldPath::Infrastructure(i, field);
                InfraUse {
                    kind: at.located(u.kind, path(InfraField::Kind)),
                    uses: at.located(InfraSource::parse(&u.uses), path(InfraField::Uses)),
                }
            });
            Ok(Record::System(Box::new(System {
                id: at.located(meta.id, FieldPath::Id),
                name: meta.name,
                department: at.located(meta.department.unwrap_or_default(), FieldPath::Department),
                owner: meta.owner,
                description: meta.description,
                lifecycle: at.located(spec.lifecycle, FieldPath::Lifecycle),
                annual_cost_gbp: spec.annual_cost_gbp,
                capability_list: spec.capabilities.is_some().then(|| at.located((), FieldPath::CapabilityList)),
                capabilities: at.list(spec.capabilities.unwrap_or_default(), FieldPath::Capability),
                data: at.list(spec.data, FieldPath::Data),
                max_marking: spec.max_marking.map(|m| at.located(m, FieldPath::MaxMarking)),
                interfaces,
                infrastructure,
                sourcing: spec.sourcing.and_then(|v| sourcing(&at, v)),
                file: doc.root.file,
                span: doc.root,
            })))
        }
    }
}

/// The typed `sourcing` block; `None` when it does not read (the schema reported why).
fn sourcing(at: &Locator<'_>, value: Value) -> Option<Box<Sourcing>> {
    let s: SourcingSpec = serde_json::from_value(value).ok()?;
    let path = FieldPath::Sourcing;
    let (taken, remaining) = s.extensions.map_or((None, None), |e| (e.taken, e.remaining));
    Some(Box::new(Sourcing {
        supplier: at.located(s.supplier, path(SourcingField::Supplier)),
        contract: s.contract,
        start: s.start.map(|d| at.located(d, path(SourcingField::Start))),
        end: s.end.map(|d| at.located(d, path(SourcingField::End))),
        annual_value_gbp: s.annual_value_gbp.map(|v| at.located(v, path(SourcingField::AnnualValue))),
        total_value_gbp: s.total_value_gbp.map(|v| at.located(v, path(SourcingField::TotalValue))),
        extensions_taken: taken.map(|v| at.located(v, path(SourcingField::ExtensionsTaken))),
        extensions_remaining: remaining.map(|v| at.located(v, path(SourcingField::ExtensionsRemaining))),
        route: s.route.map(|r| at.located(r, path(SourcingField::Route))),
        lock_in: s.lock_in,
        block: at.located((), path(SourcingField::Block)),
    }))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fmt::Debug;
    use std::path::PathBuf;

    use super::*;
    use crate::diagnostic::Locate;
    use crate::source::discover;

    #[test]
    fn distinct_capabilities_keep_the_first_of_each_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.yaml");
        let text = "apiVersion: xgea/v1\nkind: System\nmetadata:\n  id: d.s\n  name: S\n  department: d\n\
                    spec:\n  lifecycle: live\n  capabilities: [FO.04.02, FO.04.01, FO.04.02, FO.03.05, FO.04.01]\n";
        std::fs::write(&file, text).unwrap();
        let schemas = crate::schema::Schemas::embedded().unwrap();
        let estate = load_estate(&[file], &mut SourceDb::new(), &schemas, LoadOptions::default());
        let [system] = &estate.systems[..] else { panic!("one system: {:?}", estate.findings) };
        assert_eq!(system.capabilities.len(), 5);
        let distinct: Vec<&str> = system.distinct_capabilities().map(Id::as_str).collect();
        assert_eq!(distinct, ["FO.04.02", "FO.04.01", "FO.03.05"]);
    }

    /// The variant of a path without its positions, e.g. `Interface Standard`.
    fn variant(path: FieldPath) -> String {
        let name = |debug: String| debug.split('(').next().unwrap_or_default().to_string();
        match path {
            FieldPath::Interface(_, field) => format!("Interface {}", name(format!("{field:?}"))),
            FieldPath::Infrastructure(_, field) => format!("Infrastructure {}", name(format!("{field:?}"))),
            _ => name(format!("{path:?}")),
        }
    }

    /// Checks located values against their document: the path's pointer names the value (as serde_json
    /// resolves it, independently of the span map) and the span map holds that exact pointer with the span
    /// the record keeps. Records the variants seen.
    struct Checker<'a> {
        doc: &'a CheckedDocument,
        seen: BTreeSet<String>,
        checked: usize,
    }

    impl Checker<'_> {
        fn place(&mut self, span: Span, path: FieldPath) -> &Value {
            let pointer = path.pointer();
            let node = self.doc.spans.get(&pointer).unwrap_or_else(|| panic!("no node at {pointer}"));
            assert_eq!(Span::new(self.doc.root.file, node.value), span, "span of {pointer}");
            self.seen.insert(variant(path));
            self.checked += 1;
            self.doc.value.pointer(&pointer).unwrap_or_else(|| panic!("no value at {pointer}"))
        }
        fn check<T: PartialEq + Debug>(&mut self, at: &Located<T>, decode: impl Fn(&Value) -> T) {
            let found = decode(self.place(at.span, at.path));
            assert_eq!(found, at.value, "value at {}", at.path);
        }
        fn text(&mut self, at: &Located<Id>) {
            self.check(at, |v| Id::new(v.as_str().unwrap()));
        }
        fn texts<'v>(&mut self, all: impl IntoIterator<Item = &'v Located<Id>>) {
            all.into_iter().for_each(|at| self.text(at));
        }
    }

    #[test]
    fn every_located_field_of_the_example_estate_names_its_own_node() {
        let schemas = Schemas::embedded().unwrap();
        let paths = discover(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/estate")]).unwrap();
        let mut seen = BTreeSet::new();
        let mut checked = 0;
        for (i, path) in paths.iter().enumerate() {
            let text = std::fs::read_to_string(path).unwrap();
            let file = check_file(FileId(i as u32), &text, &schemas, Limits::default(), Kind::ESTATE);
            assert!(file.findings.is_empty(), "{}: {:?}", path.display(), file.findings);
            for doc in &file.documents {
                let mut c = Checker { doc, seen: BTreeSet::new(), checked: 0 };
                let mut copy = CheckedDocument {
                    kind: doc.kind,
                    value: doc.value.clone(),
                    spans: doc.spans.clone(),
                    root: doc.root,
                };
                match to_record(&mut copy).unwrap() {
                    Record::Department(d) => {
                        c.text(&d.id);
                        d.sector.iter().for_each(|s| c.text(s));
                        d.max_marking.iter().for_each(|m| c.text(m));
                    }
                    Record::System(s) => {
                        c.text(&s.id);
                        c.text(&s.department);
                        c.check(&s.lifecycle, |v| serde_json::from_value(v.clone()).unwrap());
                        c.texts(&s.capabilities);
                        c.texts(&s.data);
                        s.max_marking.iter().for_each(|m| c.text(m));
                        for f in &s.interfaces {
                            c.place(f.span, f.path(InterfaceField::Entry));
                            assert_eq!(f.pointer(), f.path(InterfaceField::Entry).pointer());
                            c.text(&f.id);
                            c.check(&f.counterpart, |v| Counterpart::parse(v.as_str().unwrap()));
                            c.texts(&f.standards);
                            c.texts(&f.data);
                            f.marking.iter().for_each(|m| c.text(m));
                            f.legal_basis.iter().for_each(|l| c.text(l));
                        }
                        for u in &s.infrastructure {
                            c.text(&u.kind);
                            c.check(&u.uses, |v| InfraSource::parse(v.as_str().unwrap()));
                        }
                    }
                }
                seen.extend(c.seen);
                checked += c.checked;
            }
        }
        let expected = [
            "Capability",
            "Data",
            "Department",
            "Id",
            "Infrastructure Kind",
            "Infrastructure Uses",
            "Interface Counterpart",
            "Interface Data",
            "Interface Entry",
            "Interface Id",
            "Interface LegalBasis",
            "Interface Marking",
            "Interface Standard",
            "Lifecycle",
            "MaxMarking",
            "Sector",
        ];
        assert_eq!(seen.iter().map(String::as_str).collect::<Vec<_>>(), expected, "{checked} values checked");
    }
}
