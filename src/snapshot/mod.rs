//! Estate snapshots: the whole estate as one canonical, compact, deterministic file, which a department lints
//! its own descriptors against (`xgea lint --estate FILE`).
//!
//! A snapshot holds every department and system as the rules see them (ids, names, lifecycles, costs,
//! capabilities, data, interfaces with their standards, markings and counterparts, infrastructure), sorted,
//! with no source text; the model release (version and sha256) it was checked against; the day it was made;
//! and a sha256 over its canonical body, so a corrupt or edited snapshot is refused.
//!
//! The file is JSON laid out one record per line (a header line, then each department, then each system), so
//! it diffs well in a repository; the hash covers the content, not the layout.
//!
//! Read back, the records become ordinary [`System`] and [`Department`] values whose spans are in the
//! synthetic files [`SNAPSHOT_SYSTEMS`] and [`SNAPSHOT_DEPARTMENTS`]: every rule runs over the union unchanged.
//!
//! Cost: a run against a snapshot streams the records, converting each chunk as it is read, and keeps of
//! each snapshot system only its interfaces to linted systems (see [`merge`]); the graph and the cross-estate
//! rules still run over the whole union, since their counts (implementers of a capability, bespoke users of a
//! kind, near-duplicate clusters) span the estate, then keep only what touches the linted files.

pub mod diff;

use crate::hash::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::estate::{
    Counterpart, Department, Direction, Estate, FieldPath, InfraField, InfraSource, InfraUse, Interface,
    InterfaceField, Lifecycle, Located, SNAPSHOT_DEPARTMENTS, SNAPSHOT_SYSTEMS, Sourcing, SourcingField, Supplier,
    System,
};
use crate::intern::Id;
use crate::model::release::sha256_hex;
use crate::model::{Model, ModelDocuments};
use crate::source::{FileId, Span};

/// `kind` of a snapshot file.
pub const SNAPSHOT_KIND: &str = "EstateSnapshot";
/// `apiVersion` of a snapshot file.
pub const API_VERSION: &str = "xgea/v1";
/// The largest snapshot read.
pub const MAX_SNAPSHOT_FILE: u64 = 1024 * 1024 * 1024;

/// The model a snapshot's estate was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelStamp {
    pub version: String,
    /// sha256 of the model's canonical release text (for a published release, the hash its index records).
    pub sha256: String,
}

/// The stamp of a loaded model: its release version (else the version its `model.yaml` states) and the sha256
/// of its canonical release text, which for a published release is the hash its index records.
pub fn model_stamp(docs: &ModelDocuments, model: &Model) -> ModelStamp {
    let version = docs.release.clone().unwrap_or_else(|| model.version().to_string());
    let released = model.meta.released.clone().unwrap_or_default();
    let text = crate::model::release::release_json(&version, &released, &docs.values());
    ModelStamp { version, sha256: sha256_hex(text.as_bytes()) }
}

/// A department as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DepartmentRecord {
    pub id: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_marking: Option<Id>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub suppliers: Box<[SupplierRecord]>,
}

/// A department's supplier as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SupplierRecord {
    pub id: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sme: bool,
}

/// A system's `sourcing` block as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourcingRecord {
    pub supplier: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_value_gbp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_value_gbp: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions_taken: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions_remaining: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Id>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lock_in: bool,
}

/// An interface as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InterfaceRecord {
    pub id: Id,
    pub direction: Direction,
    /// As written: a system id or `external:<name>`.
    pub counterpart: Id,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub standards: Box<[Id]>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub data: Box<[Id]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marking: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<Id>,
}

/// One `infrastructure` entry as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InfraRecord {
    pub kind: Id,
    /// `common:<id>` or `bespoke:<name>`.
    pub uses: Id,
}

/// A system as recorded. Lists are exact-size boxed slices (a `Vec` read by serde keeps room for four or
/// more entries: most of a system's interface list was spare room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SystemRecord {
    pub id: Id,
    pub department: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub lifecycle: Lifecycle,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cost_gbp: Option<u64>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub capabilities: Box<[Id]>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub data: Box<[Id]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_marking: Option<Id>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub interfaces: Box<[InterfaceRecord]>,
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub infrastructure: Box<[InfraRecord]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Boxed: most systems declare none, and the record stays small without it.
    pub sourcing: Option<Box<SourcingRecord>>,
}

/// A whole estate, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Snapshot {
    pub api_version: String,
    pub kind: String,
    /// The day the snapshot was made (`YYYY-MM-DD`).
    pub created: String,
    pub model: ModelStamp,
    /// sha256 of the canonical body (see [`Snapshot::content_sha256`]).
    pub sha256: String,
    pub departments: Vec<DepartmentRecord>,
    pub systems: Vec<SystemRecord>,
}

/// What the content hash covers, in this order; serialised compactly.
#[derive(Serialize)]
struct Body<'a> {
    created: &'a str,
    model: &'a ModelStamp,
    departments: &'a [DepartmentRecord],
    systems: &'a [SystemRecord],
}

/// A snapshot file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    Io {
        name: String,
        message: String,
    },
    Malformed {
        name: String,
        message: String,
    },
    /// The content does not hash to the recorded sha256: corrupt or edited.
    HashMismatch {
        name: String,
        expected: String,
        actual: String,
    },
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::Io { name, message } => write!(f, "cannot read estate snapshot `{name}`: {message}"),
            SnapshotError::Malformed { name, message } => {
                write!(f, "`{name}` is not an estate snapshot: {message}")
            }
            SnapshotError::HashMismatch { name, expected, actual } => write!(
                f,
                "estate snapshot `{name}` is corrupt or was modified: its content hashes to {actual}, the file \
                 records {expected}; refusing to use it"
            ),
        }
    }
}

impl std::error::Error for SnapshotError {}

fn department_record(d: &Department) -> DepartmentRecord {
    DepartmentRecord {
        id: d.id.value,
        name: d.name.clone(),
        sector: d.sector.as_ref().map(|s| s.value),
        max_marking: d.max_marking.as_ref().map(|m| m.value),
        suppliers: d
            .suppliers
            .iter()
            .map(|s| SupplierRecord { id: s.id.value, name: s.name.clone(), sme: s.sme })
            .collect(),
    }
}

fn sourcing_record(s: &Sourcing) -> SourcingRecord {
    SourcingRecord {
        supplier: s.supplier.value,
        contract: s.contract.clone(),
        start: s.start.as_ref().map(|d| d.value),
        end: s.end.as_ref().map(|d| d.value),
        annual_value_gbp: s.annual_value_gbp.as_ref().map(|v| v.value),
        total_value_gbp: s.total_value_gbp.as_ref().map(|v| v.value),
        extensions_taken: s.extensions_taken.as_ref().map(|v| v.value),
        extensions_remaining: s.extensions_remaining.as_ref().map(|v| v.value),
        route: s.route.as_ref().map(|r| r.value),
        lock_in: s.lock_in,
    }
}

fn to_sourcing(r: SourcingRecord, file: FileId, position: usize) -> Sourcing {
    let path = FieldPath::Sourcing;
    let located = |f| at((), file, position, path(f));
    let value = |v: Option<i64>, f| v.map(|v| at(v, file, position, path(f)));
    Sourcing {
        supplier: at(r.supplier, file, position, path(SourcingField::Supplier)),
        contract: r.contract,
        start: r.start.map(|d| at(d, file, position, path(SourcingField::Start))),
        end: r.end.map(|d| at(d, file, position, path(SourcingField::End))),
        annual_value_gbp: value(r.annual_value_gbp, SourcingField::AnnualValue),
        total_value_gbp: value(r.total_value_gbp, SourcingField::TotalValue),
        extensions_taken: value(r.extensions_taken, SourcingField::ExtensionsTaken),
        extensions_remaining: value(r.extensions_remaining, SourcingField::ExtensionsRemaining),
        route: r.route.map(|v| at(v, file, position, path(SourcingField::Route))),
        lock_in: r.lock_in,
        block: located(SourcingField::Block),
    }
}

fn uses_text(uses: &InfraSource) -> Id {
    match uses {
        InfraSource::Common(id) => Id::new(&format!("common:{id}")),
        InfraSource::Bespoke(name) => Id::new(&format!("bespoke:{name}")),
    }
}

fn texts(values: &[Located<Id>]) -> Box<[Id]> {
    values.iter().map(|v| v.value).collect()
}

fn system_record(s: &System) -> SystemRecord {
    SystemRecord {
        id: s.id.value,
        department: s.department.value,
        name: s.name.clone(),
        owner: s.owner.clone(),
        lifecycle: s.lifecycle.value,
        annual_cost_gbp: s.annual_cost_gbp,
        capabilities: texts(&s.capabilities),
        data: texts(&s.data),
        max_marking: s.max_marking.as_ref().map(|m| m.value),
        interfaces: s
            .interfaces
            .iter()
            .map(|f| InterfaceRecord {
                id: f.id.value,
                direction: f.direction,
                counterpart: match &f.counterpart.value {
                    Counterpart::System(id) => *id,
                    external => Id::new(&external.to_string()),
                },
                standards: texts(&f.standards),
                data: texts(&f.data),
                marking: f.marking.as_ref().map(|m| m.value),
                legal_basis: f.legal_basis.as_ref().map(|l| l.value),
            })
            .collect(),
        infrastructure: s
            .infrastructure
            .iter()
            .map(|u| InfraRecord { kind: u.kind.value, uses: uses_text(&u.uses.value) })
            .collect(),
        sourcing: s.sourcing.as_deref().map(|s| Box::new(sourcing_record(s))),
    }
}

impl Snapshot {
    /// The snapshot of an estate: every system and department in it. For an estate read from descriptors (or
    /// [`standalone_estate`]); a [`merge`]d one has kept only some of the snapshot systems' interfaces.
    pub fn of(estate: &Estate, model: ModelStamp, created: Date) -> Snapshot {
        let mut departments: Vec<DepartmentRecord> = estate.departments.iter().map(department_record).collect();
        departments.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.name.cmp(&b.name)));
        let mut systems: Vec<SystemRecord> = estate.systems.iter().map(system_record).collect();
        systems.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.department.cmp(&b.department)));
        let mut snapshot = Snapshot {
            api_version: API_VERSION.into(),
            kind: SNAPSHOT_KIND.into(),
            created: created.to_string(),
            model,
            sha256: String::new(),
            departments,
            systems,
        };
        snapshot.sha256 = snapshot.content_sha256();
        snapshot
    }

    /// sha256 of the compact JSON of `created`, `model`, `departments` and `systems`.
    pub fn content_sha256(&self) -> String {
        let body =
            Body { created: &self.created, model: &self.model, departments: &self.departments, systems: &self.systems };
        sha256_hex(&serde_json::to_vec(&body).expect("a snapshot serialises"))
    }

    /// The file's text: a header line, one line per department and per system. Same snapshot, same bytes.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(256 * (self.systems.len() + self.departments.len() + 1));
        out.push_str(&format!(
            "{{\"apiVersion\":{},\"kind\":{},\"created\":{},\"model\":{},\"sha256\":{},\n\"departments\":[",
            line(&self.api_version),
            line(&self.kind),
            line(&self.created),
            line(&self.model),
            line(&self.sha256)
        ));
        for (i, d) in self.departments.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&line(d));
        }
        out.push_str("\n],\n\"systems\":[");
        for (i, s) in self.systems.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&line(s));
        }
        out.push_str("\n]}\n");
        out
    }

    /// Parses a snapshot's text and checks its kind and content hash.
    ///
    /// A file in the layout [`Snapshot::to_text`] writes is read line by line, the records in parallel, and
    /// its content hash is taken over the record lines as they are (they are the canonical JSON the hash is
    /// defined over), while they parse: one pass over the bytes, no re-serialisation. Any other layout, or a
    /// hash that does not match that way, is read as a whole and hashed from its parsed content, so a
    /// reformatted but unchanged snapshot is still accepted and an edited one is still refused.
    pub fn parse(name: &str, text: &str) -> Result<Snapshot, SnapshotError> {
        let mut systems = Vec::new();
        if let Some(Ok(snapshot)) = parse_lines(text.as_bytes(), text.len(), &mut systems) {
            return Snapshot { systems, ..snapshot }.checked(name, None);
        }
        Snapshot::parse_whole(name, text)
    }

    /// Parses a snapshot's text as one JSON value, in any layout, and checks its kind and content hash.
    fn parse_whole(name: &str, text: &str) -> Result<Snapshot, SnapshotError> {
        let malformed = |message: String| SnapshotError::Malformed { name: name.to_string(), message };
        let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
        let actual = snapshot.content_sha256();
        snapshot.checked(name, Some(actual))
    }

    /// Checks the kind, the version and (unless `actual` is `None`: already checked) the content hash.
    fn checked(self, name: &str, actual: Option<String>) -> Result<Snapshot, SnapshotError> {
        let snapshot = self;
        let malformed = |message: String| SnapshotError::Malformed { name: name.to_string(), message };
        if snapshot.kind != SNAPSHOT_KIND {
            return Err(malformed(format!("`kind` is `{}`, expected `{SNAPSHOT_KIND}`", snapshot.kind)));
        }
        if snapshot.api_version != API_VERSION {
            return Err(malformed(format!("`apiVersion` is `{}`, expected `{API_VERSION}`", snapshot.api_version)));
        }
        if let Some(actual) = actual
            && actual != snapshot.sha256
        {
            return Err(SnapshotError::HashMismatch {
                name: name.to_string(),
                expected: snapshot.sha256.clone(),
                actual,
            });
        }
        Ok(snapshot)
    }

    /// Reads and checks a snapshot file: streamed a chunk at a time when it is in the layout
    /// [`Snapshot::to_text`] writes, else read whole as [`Snapshot::parse`] does.
    pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
        let mut systems = Vec::new();
        if let Some(snapshot) = stream(path, &mut systems) {
            return Snapshot { systems, ..snapshot }.checked(&crate::source::display_path_of(path), None);
        }
        drop(systems);
        Snapshot::read_whole(path)
    }

    /// Reads a snapshot file as one JSON value, in any layout, and checks its kind and content hash.
    fn read_whole(path: &Path) -> Result<Snapshot, SnapshotError> {
        let name = crate::source::display_path_of(path);
        let text = crate::source::read_text(path, MAX_SNAPSHOT_FILE)
            .map_err(|p| SnapshotError::Io { name: name.clone(), message: p.shown_text() })?;
        Snapshot::parse_whole(&name, &text)
    }

    /// The day the snapshot was made, when it parses.
    pub fn created_date(&self) -> Option<Date> {
        self.created.parse().ok()
    }
}

/// Streams a snapshot file in the layout [`Snapshot::to_text`] writes, its systems into `sink`; `None` when it
/// cannot be read that way (see [`parse_lines`]).
fn stream(path: &Path, sink: &mut impl SystemSink) -> Option<Snapshot> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    if size > MAX_SNAPSHOT_FILE {
        return None;
    }
    // `take` bounds the read even if the file grows after the size check.
    let input = std::io::BufReader::with_capacity(1 << 20, file.take(MAX_SNAPSHOT_FILE));
    parse_lines(input, size as usize, sink)?.ok()
}

/// Compact JSON of one record.
fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("a snapshot record serialises")
}

/// The header line of the layout [`Snapshot::to_text`] writes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Header {
    api_version: String,
    kind: String,
    created: String,
    model: ModelStamp,
    sha256: String,
}

/// The shortest line a system record can be: `{"id":"","department":"","name":"","lifecycle":"live"}`.
const SHORTEST_SYSTEM_LINE: usize = 54;

/// How many system lines are parsed at once while the next are read: bounds what a load holds besides the
/// records (about 7 MB of text at the generator's line length).
const CHUNK_LINES: usize = 10_000;

/// One list's record lines as they stream in: every line but the last ends with `,`, which is not part of
/// the record; the content hash joins the records with `,` as the canonical body does.
#[derive(Default)]
struct RecordLines {
    seen: usize,
    /// A line before the last lacked its `,`, or the last had one.
    misplaced_comma: bool,
    last_had_comma: bool,
}

impl RecordLines {
    /// Strips `line`'s separator, notes where commas were and hashes the record.
    fn take<'l>(&mut self, line: &'l str, hash: &mut sha2::Sha256) -> &'l str {
        use sha2::Digest;
        if self.seen > 0 {
            self.misplaced_comma |= !self.last_had_comma;
            hash.update(b",");
        }
        self.seen += 1;
        let record = line.strip_suffix(',');
        self.last_had_comma = record.is_some();
        let record = record.unwrap_or(line);
        hash.update(record.as_bytes());
        record
    }
    /// Whether the commas were where the layout puts them.
    fn well_formed(&self) -> bool {
        !self.misplaced_comma && !self.last_had_comma
    }
}

/// Up to [`CHUNK_LINES`] system lines in one buffer (reused from chunk to chunk: no allocation per line),
/// and whether the list's closing line came after them.
#[derive(Default)]
struct Chunk {
    text: String,
    /// Where each line starts in `text`, and one past the last line's end.
    starts: Vec<usize>,
    closed: bool,
}

impl Chunk {
    fn lines(&self) -> impl Iterator<Item = &str> {
        self.starts.windows(2).map(|w| &self.text[w[0]..w[1]])
    }
}

/// Appends the next line of `input` to `text`, without its `\n`; `None` at the end of the input, on a read
/// error (not UTF-8, for one) or for a last line without `\n`.
fn append_line(input: &mut impl std::io::BufRead, text: &mut String) -> Option<()> {
    (input.read_line(text).ok()? > 0 && text.pop() == Some('\n')).then_some(())
}

/// The next line of `input` in `line`, replacing what it held.
fn next_line(input: &mut impl std::io::BufRead, line: &mut String) -> Option<()> {
    line.clear();
    append_line(input, line)
}

/// Refills `chunk` with the next system lines; `None` when the input ends first.
fn read_chunk(chunk: &mut Chunk, input: &mut impl std::io::BufRead) -> Option<()> {
    chunk.text.clear();
    chunk.starts.clear();
    chunk.starts.push(0);
    while chunk.starts.len() <= CHUNK_LINES {
        let start = chunk.text.len();
        append_line(input, &mut chunk.text)?;
        if &chunk.text[start..] == "]}" {
            chunk.text.truncate(start);
            chunk.closed = true;
            break;
        }
        chunk.starts.push(chunk.text.len());
    }
    Some(())
}

/// Where a streamed snapshot's system records go: a chunk at a time, in file order, as each chunk is parsed.
trait SystemSink: Send {
    /// Room for about this many more records.
    fn reserve(&mut self, records: usize);
    /// One chunk's records.
    fn take(&mut self, records: Vec<SystemRecord>);
}

/// Keeps every record.
impl SystemSink for Vec<SystemRecord> {
    fn reserve(&mut self, records: usize) {
        Vec::reserve(self, records);
    }
    fn take(&mut self, records: Vec<SystemRecord>) {
        self.extend(records);
    }
}

/// Reads the layout [`Snapshot::to_text`] writes from `input`, a chunk of lines at a time: each chunk's
/// records parse in parallel and go to `sink` while its lines are hashed, and the whole text is never held at
/// once. The snapshot returned has no systems: they went to `sink`. `None` when the text is laid out
/// otherwise, does not read, or does not hash to its recorded sha256 that way (the caller then reads it as a
/// whole, and drops what `sink` took); `Some(Err)` for a record that does not parse.
fn parse_lines(
    mut input: impl std::io::BufRead + Send,
    size: usize,
    sink: &mut impl SystemSink,
) -> Option<Result<Snapshot, serde_json::Error>> {
    use rayon::prelude::*;
    use sha2::{Digest, Sha256};

    let mut current = String::new();
    next_line(&mut input, &mut current)?;
    let header: Header = serde_json::from_str(&format!("{}}}", current.strip_suffix(',')?)).ok()?;
    next_line(&mut input, &mut current)?;
    (current == "\"departments\":[").then_some(())?;

    // The hash of the body as `content_sha256` serialises it, from the record lines themselves.
    let mut hash = Sha256::new();
    hash.update(br#"{"created":"#);
    hash.update(line(&header.created).as_bytes());
    hash.update(br#","model":"#);
    hash.update(line(&header.model).as_bytes());
    hash.update(br#","departments":["#);
    let mut departments = Vec::new();
    let mut commas = RecordLines::default();
    loop {
        next_line(&mut input, &mut current)?;
        if current == "]," {
            break;
        }
        match serde_json::from_str::<DepartmentRecord>(commas.take(&current, &mut hash)) {
            Ok(record) => departments.push(record),
            Err(e) => return Some(Err(e)),
        }
    }
    commas.well_formed().then_some(())?;
    next_line(&mut input, &mut current)?;
    (current == "\"systems\":[").then_some(())?;
    hash.update(br#"],"systems":["#);

    // Each chunk parses on the pool while this thread hashes it and reads the next into the other buffer.
    let mut commas = RecordLines::default();
    let (mut chunk, mut following) = (Chunk::default(), Chunk::default());
    read_chunk(&mut chunk, &mut input)?;
    // Sized from the first chunk's line length and the input's size, so the records are not moved as the
    // list grows (a few percent over: a short estimate only costs a regrowth). Capped by the shortest line a
    // system record can be, and a million records, so a file of short junk lines reserves nothing absurd.
    let lines = chunk.starts.len().saturating_sub(1).max(1);
    let estimate = size / (chunk.text.len() / lines).max(1);
    sink.reserve((estimate + estimate / 32).min(size / SHORTEST_SYSTEM_LINE).min(1_000_000));
    loop {
        let (read, parsed) = rayon::join(
            || {
                chunk.lines().for_each(|l| _ = commas.take(l, &mut hash));
                chunk.closed || read_chunk(&mut following, &mut input).is_some()
            },
            || {
                let lines: Vec<&str> = chunk.lines().collect();
                let records = lines
                    .par_iter()
                    .with_min_len(256)
                    .map(|l| serde_json::from_str::<SystemRecord>(l.strip_suffix(',').unwrap_or(l)))
                    .collect::<Result<Vec<_>, _>>()?;
                sink.take(records);
                Ok(())
            },
        );
        if let Err(e) = parsed {
            return Some(Err(e));
        }
        if chunk.closed {
            break;
        }
        read.then_some(())?;
        std::mem::swap(&mut chunk, &mut following);
    }
    commas.well_formed().then_some(())?;
    // Nothing may follow the closing line.
    (input.read_line(&mut current).ok()? == 0).then_some(())?;
    hash.update(b"]}");
    let actual = hash.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>();
    if actual != header.sha256 {
        return None;
    }
    Some(Ok(Snapshot {
        api_version: header.api_version,
        kind: header.kind,
        created: header.created,
        model: header.model,
        sha256: header.sha256,
        departments,
        systems: Vec::new(),
    }))
}

fn at<T>(value: T, file: FileId, position: usize, path: FieldPath) -> Located<T> {
    let p = position as u32;
    Located::new(value, Span::new(file, (p, p)), path)
}

fn list(values: &[Id], file: FileId, position: usize, path: impl Fn(u32) -> FieldPath) -> Vec<Located<Id>> {
    values.iter().copied().enumerate().map(|(i, v)| at(v, file, position, path(i as u32))).collect()
}

/// A snapshot record as the far side of a linted estate, keeping only the interfaces `keep` accepts.
fn to_system(r: SystemRecord, position: usize, keep: impl Fn(&InterfaceRecord) -> bool) -> System {
    to_system_in(r, position, SNAPSHOT_SYSTEMS, keep)
}

/// A snapshot record as a [`System`] in `file`, at `position`, with the interfaces `keep` accepts (each keeps
/// its position as written, so paths and fingerprints are unchanged).
fn to_system_in(r: SystemRecord, position: usize, file: FileId, keep: impl Fn(&InterfaceRecord) -> bool) -> System {
    let span = Span::new(file, (position as u32, position as u32));
    System {
        id: at(r.id, file, position, FieldPath::Id),
        name: r.name,
        department: at(r.department, file, position, FieldPath::Department),
        owner: r.owner,
        lifecycle: at(r.lifecycle, file, position, FieldPath::Lifecycle),
        annual_cost_gbp: r.annual_cost_gbp,
        // Source text stays out of a snapshot; what these feed (capability suggestions for XG112) is only
        // reported on the linted files.
        description: None,
        capability_list: None,
        capabilities: list(&r.capabilities, file, position, FieldPath::Capability),
        data: list(&r.data, file, position, FieldPath::Data),
        max_marking: r.max_marking.map(|m| at(m, file, position, FieldPath::MaxMarking)),
        interfaces: r
            .interfaces
            .into_iter()
            .enumerate()
            .filter(|(_, f)| keep(f))
            .map(|(i, f)| {
                let i = i as u32;
                let path = |field| FieldPath::Interface(i, field);
                Interface {
                    id: at(f.id, file, position, path(InterfaceField::Id)),
                    direction: f.direction,
                    counterpart: at(
                        Counterpart::of_written(f.counterpart),
                        file,
                        position,
                        path(InterfaceField::Counterpart),
                    ),
                    standards: list(&f.standards, file, position, |j| path(InterfaceField::Standard(j))),
                    data: list(&f.data, file, position, |j| path(InterfaceField::Data(j))),
                    marking: f.marking.map(|m| at(m, file, position, path(InterfaceField::Marking))),
                    legal_basis: f.legal_basis.map(|l| at(l, file, position, path(InterfaceField::LegalBasis))),
                    span,
                    index: i,
                }
            })
            .collect(),
        infrastructure: r
            .infrastructure
            .into_iter()
            .enumerate()
            .map(|(i, u)| {
                let path = |field| FieldPath::Infrastructure(i as u32, field);
                InfraUse {
                    kind: at(u.kind, file, position, path(InfraField::Kind)),
                    uses: at(InfraSource::parse(&u.uses), file, position, path(InfraField::Uses)),
                }
            })
            .collect(),
        sourcing: r.sourcing.map(|s| Box::new(to_sourcing(*s, file, position))),
        file,
        span,
    }
}

fn to_department(r: DepartmentRecord, position: usize) -> Department {
    to_department_in(r, position, SNAPSHOT_DEPARTMENTS)
}

fn to_department_in(r: DepartmentRecord, position: usize, file: FileId) -> Department {
    Department {
        id: at(r.id, file, position, FieldPath::Id),
        name: r.name,
        sector: r.sector.map(|s| at(s, file, position, FieldPath::Sector)),
        max_marking: r.max_marking.map(|m| at(m, file, position, FieldPath::MaxMarking)),
        suppliers: r
            .suppliers
            .into_iter()
            .enumerate()
            .map(|(i, s)| Supplier {
                id: at(s.id, file, position, FieldPath::Supplier(i as u32)),
                name: s.name,
                sme: s.sme,
            })
            .collect(),
        file,
        span: Span::new(file, (position as u32, position as u32)),
    }
}

/// The file id of systems in a snapshot read back as an estate of its own ([`standalone_estate`]); a span's
/// start is the system's position in [`Estate::systems`].
pub const STANDALONE_SYSTEMS: FileId = FileId(u32::MAX - 2);
/// The file id of departments in a snapshot read back as an estate of its own.
pub const STANDALONE_DEPARTMENTS: FileId = FileId(u32::MAX - 3);

/// A snapshot read back as a whole estate of its own, not as the far side of a linted one: its records are in
/// [`STANDALONE_SYSTEMS`] and [`STANDALONE_DEPARTMENTS`], which are not snapshot files, so every rule reports
/// on them (what comparing the estate of two runs needs).
pub fn standalone_estate(snapshot: &Snapshot) -> Estate {
    let systems =
        snapshot.systems.iter().cloned().enumerate().map(|(i, r)| to_system_in(r, i, STANDALONE_SYSTEMS, |_| true));
    let departments =
        snapshot.departments.iter().cloned().enumerate().map(|(i, r)| to_department_in(r, i, STANDALONE_DEPARTMENTS));
    Estate::new(departments.collect(), systems.collect(), Vec::new(), 0)
}

/// What the merge kept and replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    /// Snapshot systems added to the estate.
    pub systems: usize,
    /// Snapshot departments added to the estate.
    pub departments: usize,
    /// Snapshot systems left out because the linted files define them or their department.
    pub replaced: usize,
}

/// The union of a linted estate and a snapshot: the linted files replace the snapshot's records for every
/// system id they define and every department they declare or own systems in (a department's local edits
/// win, deleted systems included). The linted records come first, then the snapshot's, in snapshot order.
///
/// A snapshot system keeps only its interfaces to linted systems. Its other interfaces could only give
/// findings on its own record, which a run against a snapshot never reports, and no rule counts them across
/// the estate (duplication is by capabilities, data held and infrastructure); left out, they cost neither
/// memory nor graph edges, and a department's run stays close to proportional to its own interfaces.
///
/// The records are moved out of `snapshot` (its header stays) and converted in parallel.
pub fn merge(local: Estate, snapshot: &mut Snapshot) -> (Estate, Merged) {
    let mut union = Union::new(local);
    let records = std::mem::take(&mut snapshot.systems);
    union.reserve(records.len());
    union.take(records);
    union.finish(std::mem::take(&mut snapshot.departments))
}

/// Reads a snapshot file and merges it into `local` as [`merge`] does, converting each chunk of records as it
/// is read, so the whole snapshot's records are never held beside the estate. Returns the snapshot's header
/// (no records) with the union. A file in another layout is read whole, then merged.
pub fn read_merged(path: &Path, local: Estate) -> Result<(Snapshot, Estate, Merged), SnapshotError> {
    let mut union = Union::new(local);
    if let Some(snapshot) = stream(path, &mut union) {
        let mut snapshot = snapshot.checked(&crate::source::display_path_of(path), None)?;
        let departments = std::mem::take(&mut snapshot.departments);
        let (estate, merged) = union.finish(departments);
        return Ok((snapshot, estate, merged));
    }
    let mut snapshot = Snapshot::read_whole(path)?;
    let (estate, merged) = merge(union.into_local(), &mut snapshot);
    Ok((snapshot, estate, merged))
}

/// A linted estate taking a snapshot's records: the ones the linted files do not replace, converted as they
/// come, each at its final position in the union.
struct Union {
    /// The linted estate; its systems are the first `local_count` of `systems`.
    local: Estate,
    local_count: usize,
    /// The linted estate's system ids, and the departments it declares or owns systems in.
    local_systems: HashSet<Id>,
    local_departments: HashSet<Id>,
    /// The linted systems, then the snapshot systems kept so far.
    systems: Vec<System>,
    /// Snapshot system records taken.
    seen: usize,
}

impl Union {
    fn new(mut local: Estate) -> Union {
        let local_systems = local.systems.iter().map(|s| s.id.value).collect();
        let local_departments = local.department_ids().map(Id::new).collect();
        let systems = std::mem::take(&mut local.systems);
        Union { local, local_count: systems.len(), local_systems, local_departments, systems, seen: 0 }
    }

    /// The linted estate as it came, without the records taken so far.
    fn into_local(mut self) -> Estate {
        self.systems.truncate(self.local_count);
        self.local.systems = self.systems;
        self.local
    }

    /// The union, with the snapshot's departments that the linted files do not declare or own systems in.
    fn finish(self, departments: Vec<DepartmentRecord>) -> (Estate, Merged) {
        let Union { local, local_count, local_departments, systems, seen, .. } = self;
        let kept: Vec<DepartmentRecord> =
            departments.into_iter().filter(|r| !local_departments.contains(&r.id)).collect();
        let taken = systems.len() - local_count;
        let merged = Merged { systems: taken, departments: kept.len(), replaced: seen - taken };
        let Estate { departments: mut all, findings, files, documents, .. } = local;
        let first = all.len();
        all.extend(kept.into_iter().enumerate().map(|(i, r)| to_department(r, first + i)));
        let mut estate = Estate::new(all, systems, findings, files);
        estate.documents = documents;
        (estate, merged)
    }
}

impl SystemSink for Union {
    fn reserve(&mut self, records: usize) {
        self.systems.reserve(records);
    }

    fn take(&mut self, records: Vec<SystemRecord>) {
        use rayon::prelude::*;
        self.seen += records.len();
        let Union { local_systems, local_departments, systems, .. } = self;
        let kept: Vec<SystemRecord> = records
            .into_iter()
            .filter(|r| !local_systems.contains(&r.id) && !local_departments.contains(&r.department))
            .collect();
        let first = systems.len();
        let to_linted = |f: &InterfaceRecord| local_systems.contains(&f.counterpart);
        systems.par_extend(
            kept.into_par_iter().with_min_len(256).enumerate().map(|(i, r)| to_system(r, first + i, to_linted)),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::estate::{LoadOptions, load_estate};
    use crate::schema::Schemas;
    use crate::source::{SourceDb, discover};

    fn example() -> Estate {
        let paths = discover(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/estate")]).unwrap();
        load_estate(&paths, &mut SourceDb::new(), &Schemas::embedded().unwrap(), LoadOptions::default())
    }

    fn stamp() -> ModelStamp {
        ModelStamp { version: "2.0.0".into(), sha256: "0".repeat(64) }
    }

    #[test]
    fn round_trips_and_hashes_its_content() {
        let snapshot = Snapshot::of(&example(), stamp(), "2026-11-23".parse().unwrap());
        let text = snapshot.to_text();
        let back = Snapshot::parse("s.json", &text).unwrap();
        assert_eq!(back, snapshot);
        assert_eq!(back.to_text(), text, "same snapshot, same bytes");
        // Rebuilding the estate from the snapshot and snapshotting it again changes nothing.
        let estate = standalone_estate(&back);
        assert_eq!(Snapshot::of(&estate, stamp(), "2026-11-23".parse().unwrap()).to_text(), text);
        // Merged behind a linted estate, every record is kept, with only its interfaces to linted systems.
        let (union, merged) = merge(Estate::default(), &mut back.clone());
        assert_eq!((merged.systems, merged.replaced), (snapshot.systems.len(), 0));
        assert!(snapshot.systems.iter().any(|s| !s.interfaces.is_empty()));
        assert!(union.systems.iter().all(|s| s.interfaces.is_empty() && s.from_snapshot()));
    }

    #[test]
    fn a_snapshot_file_streams_in_chunks_and_reads_as_its_text_parses() {
        let dir = tempfile::tempdir().unwrap();
        let snapshot = Snapshot::of(&example(), stamp(), "2026-11-23".parse().unwrap());
        let text = snapshot.to_text();
        // More system lines than one chunk, so the read crosses chunk boundaries.
        let mut big = snapshot.clone();
        let template = big.systems[0].clone();
        big.systems = (0..CHUNK_LINES * 2 + 7)
            .map(|i| SystemRecord { id: Id::new(&format!("sys-{i:06}")), ..template.clone() })
            .collect();
        big.sha256 = big.content_sha256();
        for (name, content) in [("s.json", &text), ("big.json", &big.to_text())] {
            let path = dir.path().join(name);
            std::fs::write(&path, content).unwrap();
            assert_eq!(Snapshot::read(&path).unwrap(), Snapshot::parse(name, content).unwrap(), "{name}");
        }
        // Edited, cut short, or laid out otherwise: the same verdicts as parsing the text.
        let line = text.lines().find(|l| l.contains("\"annualCostGbp\"")).unwrap();
        let edited = text.replacen(line, &line.replacen("\"annualCostGbp\":", "\"annualCostGbp\":1", 1), 1);
        let crlf = text.replace('\n', "\r\n");
        let cut = &text[..text.len() / 2];
        let no_comma = text.replacen("},\n{", "}\n{", 1);
        for (i, content) in [edited.as_str(), cut, crlf.as_str(), no_comma.as_str()].into_iter().enumerate() {
            let path = dir.path().join(format!("v{i}.json"));
            std::fs::write(&path, content).unwrap();
            let name = crate::source::display_path_of(&path);
            assert_eq!(Snapshot::read(&path), Snapshot::parse(&name, content), "variant {i}");
        }
        assert!(Snapshot::read(&dir.path().join("v2.json")).is_ok(), "CRLF line ends: same content, accepted");
        assert!(matches!(Snapshot::read(&dir.path().join("v3.json")), Err(SnapshotError::Malformed { .. })));
    }

    #[test]
    fn a_snapshot_merges_the_same_streamed_or_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let snapshot = Snapshot::of(&example(), stamp(), "2026-11-23".parse().unwrap());
        let text = snapshot.to_text();
        let (streamed, crlf) = (dir.path().join("s.json"), dir.path().join("crlf.json"));
        std::fs::write(&streamed, &text).unwrap();
        // CRLF line ends: the same content, so accepted, but not in the layout that streams.
        std::fs::write(&crlf, text.replace('\n', "\r\n")).unwrap();
        // The linted department: one that another department's interface points at.
        let whole = example();
        let department = whole
            .systems
            .iter()
            .flat_map(|s| s.interfaces.iter().map(move |f| (s, f.counterpart_system())))
            .filter_map(|(from, to)| Some((from, whole.system(to?)?)))
            .find(|(from, to)| from.department.value != to.department.value)
            .map(|(_, to)| to.department.value)
            .unwrap();
        let local = || {
            let estate = example();
            let (departments, systems) = (estate.departments.clone(), estate.systems.clone());
            let systems: Vec<System> = systems.into_iter().filter(|s| s.department.value == department).collect();
            let departments = departments.into_iter().filter(|d| d.id.value == department).collect();
            Estate::new(departments, systems, Vec::new(), 1)
        };
        let shape = |estate: &Estate| -> Vec<(String, bool, Vec<String>)> {
            let interfaces = |s: &System| s.interfaces.iter().map(|f| format!("{} {}", f.index, f.id.value)).collect();
            estate.systems.iter().map(|s| (s.id.value.to_string(), s.from_snapshot(), interfaces(s))).collect()
        };
        let (_, a, merged_a) = read_merged(&streamed, local()).unwrap();
        let (_, b, merged_b) = read_merged(&crlf, local()).unwrap();
        assert_eq!(merged_a, merged_b);
        assert_eq!(shape(&a), shape(&b));
        assert!(merged_a.replaced > 0 && merged_a.systems > 0, "{merged_a:?}");
        // The snapshot's systems keep exactly their interfaces whose counterpart is a linted system.
        let linted: Vec<&str> = a.systems.iter().filter(|s| !s.from_snapshot()).map(|s| s.id.as_str()).collect();
        for (record, system) in snapshot.systems.iter().filter_map(|r| Some((r, a.system(r.id.as_str())?))) {
            if system.from_snapshot() {
                let kept = record.interfaces.iter().filter(|f| linted.contains(&f.counterpart.as_str())).count();
                assert_eq!(system.interfaces.len(), kept, "{}", record.id);
            }
        }
        assert!(a.systems.iter().any(|s| s.from_snapshot() && !s.interfaces.is_empty()), "some point at the linted");
    }

    #[test]
    fn an_edited_snapshot_is_refused() {
        let text = Snapshot::of(&example(), stamp(), "2026-11-23".parse().unwrap()).to_text();
        let line = text.lines().find(|l| l.contains("\"annualCostGbp\"")).unwrap();
        let edited = text.replacen(line, &line.replacen("\"annualCostGbp\":", "\"annualCostGbp\":1", 1), 1);
        assert!(matches!(Snapshot::parse("s", &edited), Err(SnapshotError::HashMismatch { .. })));
        assert!(matches!(Snapshot::parse("s", &text[..text.len() / 2]), Err(SnapshotError::Malformed { .. })));
    }
}
