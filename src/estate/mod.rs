//! The estate: departments' descriptors as compact typed records, each field that rules cite located: its
//! value with its span and its typed path in the descriptor ([`Located`]).
//!
//! After validation the loader keeps these records, not the JSON values or span maps, so memory stays
//! proportional to what rules need.

mod load;
mod path;

use crate::hash::{HashMap, HashMapExt, HashSet};
pub use crate::intern::Id;
use crate::intern::{IdIndex, IdKey};
use std::fmt;

pub use load::{FileCache, LoadOptions, Loaded, load_estate, load_estate_with};
pub use path::{FieldPath, InfraField, InterfaceField, SourcingField};

use crate::date::Date;
use crate::diagnostic::{Finding, Locate};
use crate::model::Model;
use crate::model::suggest::system_query;
use crate::source::{FileId, Span};

/// The file id of systems read from an estate snapshot (no source text). Their spans hold, as `start` and
/// `end`, the system's own position in [`Estate::systems`], so a finding's label leads back to the record.
/// No output ever prints a span of this file: the lint run reports only findings that touch linted files.
pub const SNAPSHOT_SYSTEMS: FileId = FileId(u32::MAX);
/// The file id of departments read from an estate snapshot; spans hold the position in
/// [`Estate::departments`].
pub const SNAPSHOT_DEPARTMENTS: FileId = FileId(u32::MAX - 1);

/// Whether a file id is one of the snapshot's synthetic ones.
pub fn is_snapshot_file(file: FileId) -> bool {
    file == SNAPSHOT_SYSTEMS || file == SNAPSHOT_DEPARTMENTS
}

/// A value, where it was written, and which field of its descriptor it is: what a finding is built from
/// ([`Finding::at`](crate::diagnostic::Finding::at)), so no rule writes a pointer by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
    pub path: FieldPath,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span, path: FieldPath) -> Self {
        Located { value, span, path }
    }
}

/// Serialised compactly, as `[value, [start, end], path]` (a span's file is not serialised).
impl<T: serde::Serialize> serde::Serialize for Located<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&(&self.value, self.span, self.path), s)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Located<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (value, span, path) = <(T, Span, FieldPath)>::deserialize(d)?;
        Ok(Located { value, span, path })
    }
}

impl Located<Id> {
    pub fn as_str(&self) -> &'static str {
        self.value.as_str()
    }
}

impl<T> Locate for Located<T> {
    fn span(&self) -> Span {
        self.span
    }
    fn pointer(&self) -> String {
        self.path.pointer()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Planned,
    Build,
    Live,
    Retiring,
    Retired,
}

impl Lifecycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Planned => "planned",
            Lifecycle::Build => "build",
            Lifecycle::Live => "live",
            Lifecycle::Retiring => "retiring",
            Lifecycle::Retired => "retired",
        }
    }
    /// Not yet in service: new use of a standard or component counts as adoption.
    pub fn is_new(self) -> bool {
        matches!(self, Lifecycle::Planned | Lifecycle::Build)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Provides,
    Consumes,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Provides => "provides",
            Direction::Consumes => "consumes",
        }
    }
    pub fn opposite(self) -> Direction {
        match self {
            Direction::Provides => Direction::Consumes,
            Direction::Consumes => Direction::Provides,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Department {
    pub id: Located<Id>,
    pub name: String,
    pub sector: Option<Located<Id>>,
    pub max_marking: Option<Located<Id>>,
    /// `spec.suppliers`: the department's IT suppliers, what its systems' `sourcing.supplier` names.
    pub suppliers: Vec<Supplier>,
    /// Not serialised: a reader places the record in its own file (the lint cache).
    #[serde(skip)]
    pub file: FileId,
    pub span: Span,
}

/// A supplier a department lists (`spec.suppliers`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Supplier {
    pub id: Located<Id>,
    pub name: String,
    /// A small or medium-sized enterprise.
    pub sme: bool,
}

/// `spec.sourcing` of a system: who supplies it and on what contract. Every field but the supplier is
/// optional; values are kept as written (a negative value is XG805's to report, not the loader's).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Sourcing {
    pub supplier: Located<Id>,
    pub contract: Option<String>,
    pub start: Option<Located<Date>>,
    pub end: Option<Located<Date>>,
    pub annual_value_gbp: Option<Located<i64>>,
    pub total_value_gbp: Option<Located<i64>>,
    pub extensions_taken: Option<Located<i64>>,
    pub extensions_remaining: Option<Located<i64>>,
    /// A procurement framework id of the model.
    pub route: Option<Located<Id>>,
    /// Proprietary lock-in declared by the department.
    pub lock_in: bool,
    /// The whole block.
    pub block: Located<()>,
}

impl Sourcing {
    /// The declared annual value, when it is a usable amount (not negative).
    pub fn annual_value(&self) -> Option<u64> {
        self.annual_value_gbp.as_ref().and_then(|v| u64::try_from(v.value).ok())
    }
    /// The declared whole-life value, when it is a usable amount (not negative).
    pub fn total_value(&self) -> Option<u64> {
        self.total_value_gbp.as_ref().and_then(|v| u64::try_from(v.value).ok())
    }
    /// The contract's end date, when declared and not before its start (an inconsistent block is XG805's).
    pub fn usable_end(&self) -> Option<Date> {
        let end = self.end.as_ref()?.value;
        match &self.start {
            Some(start) if start.value > end => None,
            _ => Some(end),
        }
    }
}

/// What a system's `uses:` names: a common component, or something it built itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum InfraSource {
    Common(Id),
    Bespoke(Id),
}

impl Department {
    /// Read from an estate snapshot rather than a linted file.
    pub fn from_snapshot(&self) -> bool {
        self.file == SNAPSHOT_DEPARTMENTS
    }
}

impl System {
    /// Read from an estate snapshot rather than a linted file.
    pub fn from_snapshot(&self) -> bool {
        self.file == SNAPSHOT_SYSTEMS
    }

    /// The day the system's supply contract ends, when its `sourcing` block declares a usable one (an end
    /// before the start is left out): what the roadmap can sequence a move by, since the cheapest time to
    /// move a system onto a shared service is when its contract ends.
    pub fn contract_end(&self) -> Option<Date> {
        self.sourcing.as_ref()?.usable_end()
    }

    /// The capabilities the system declares, each once, in the order first declared. A system declares a
    /// handful, so each is compared by handle with those before it rather than gathered into a set.
    pub fn distinct_capabilities(&self) -> impl Iterator<Item = Id> + '_ {
        let caps = &self.capabilities;
        caps.iter().enumerate().filter(|&(n, c)| !caps[..n].iter().any(|e| e.value == c.value)).map(|(_, c)| c.value)
    }

    /// What the system says about itself, as a query for capability suggestions: its name, description, its
    /// interfaces' ids and counterparts, and the names of the data entities it and its interfaces hold (the
    /// model's names, so `citizen-record` reads as the entity's words). Its standards are left out: they say
    /// how a system talks, not what it does.
    pub fn suggestion_query(&self, model: &Model) -> String {
        let data = self.data.iter().chain(self.interfaces.iter().flat_map(|f| &f.data));
        let data = data.map(|d| model.entity(d.value).map_or(d.value.as_str(), |e| e.name.as_str()));
        let interfaces = self.interfaces.iter().flat_map(|f| [f.id.as_str(), f.counterpart.value.name()]);
        system_query(&self.name, self.description.as_deref(), interfaces.chain(data))
    }
}

impl InfraSource {
    /// Reads `common:<id>` or `bespoke:<name>` (the schema allows no other prefix; text without one is taken
    /// as bespoke).
    pub fn parse(text: &str) -> InfraSource {
        match text.split_once(':') {
            Some(("common", id)) => InfraSource::Common(Id::new(id)),
            Some((_, name)) => InfraSource::Bespoke(Id::new(name)),
            None => InfraSource::Bespoke(Id::new(text)),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct InfraUse {
    pub kind: Located<Id>,
    pub uses: Located<InfraSource>,
}

/// The other side of an interface: a system of the estate, by id, or a party outside government's estate.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Counterpart {
    System(Id),
    /// `external:<name>`, held without the prefix.
    External(Id),
}

impl Counterpart {
    const EXTERNAL: &str = "external:";

    /// Reads a descriptor's `counterpart`: `external:<name>`, else a system id.
    pub fn parse(text: &str) -> Counterpart {
        match text.strip_prefix(Self::EXTERNAL) {
            Some(name) => Counterpart::External(Id::new(name)),
            None => Counterpart::System(Id::new(text)),
        }
    }
    /// [`Counterpart::parse`] of an id that holds the text as written: a system id is the same id.
    pub fn of_written(written: Id) -> Counterpart {
        match written.strip_prefix(Self::EXTERNAL) {
            Some(name) => Counterpart::External(Id::new(name)),
            None => Counterpart::System(written),
        }
    }
    /// The system id, unless the counterpart is external.
    pub fn system(&self) -> Option<Id> {
        match self {
            Counterpart::System(id) => Some(*id),
            Counterpart::External(_) => None,
        }
    }
    /// The system id, or the external party's name without `external:`.
    pub fn name(&self) -> &'static str {
        match self {
            Counterpart::System(name) | Counterpart::External(name) => name.as_str(),
        }
    }
}

/// As written in the descriptor.
impl fmt::Display for Counterpart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Counterpart::System(id) => f.write_str(id),
            Counterpart::External(name) => write!(f, "{}{name}", Self::EXTERNAL),
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Interface {
    pub id: Located<Id>,
    pub direction: Direction,
    pub counterpart: Located<Counterpart>,
    pub standards: Vec<Located<Id>>,
    pub data: Vec<Located<Id>>,
    pub marking: Option<Located<Id>>,
    pub legal_basis: Option<Located<Id>>,
    /// The whole interface entry.
    pub span: Span,
    /// Position in the system's `interfaces`.
    pub index: u32,
}

impl Interface {
    /// The counterpart's system id, unless it is an `external:` party.
    pub fn counterpart_system(&self) -> Option<Id> {
        self.counterpart.value.system()
    }
    /// Where one field of this interface is, whether or not it was written.
    pub fn path(&self, field: InterfaceField) -> FieldPath {
        FieldPath::Interface(self.index, field)
    }
}

impl Locate for Interface {
    fn span(&self) -> Span {
        self.span
    }
    fn pointer(&self) -> String {
        self.path(InterfaceField::Entry).pointer()
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct System {
    pub id: Located<Id>,
    pub name: String,
    pub department: Located<Id>,
    pub owner: Option<String>,
    /// `metadata.description`, what the system does.
    pub description: Option<String>,
    pub lifecycle: Located<Lifecycle>,
    pub annual_cost_gbp: Option<u64>,
    /// `spec.capabilities` as a whole, when written (it may be empty).
    pub capability_list: Option<Located<()>>,
    pub capabilities: Vec<Located<Id>>,
    pub data: Vec<Located<Id>>,
    pub max_marking: Option<Located<Id>>,
    pub interfaces: Vec<Interface>,
    pub infrastructure: Vec<InfraUse>,
    /// `spec.sourcing`, when declared.
    pub sourcing: Option<Box<Sourcing>>,
    /// Not serialised: a reader places the record in its own file (the lint cache).
    #[serde(skip)]
    pub file: FileId,
    /// The whole document.
    pub span: Span,
}

/// Every department and system of one run, in a fixed order (file path, then position in the file).
#[derive(Debug, Default)]
pub struct Estate {
    pub departments: Vec<Department>,
    pub systems: Vec<System>,
    /// XG0xx findings from reading the files.
    pub findings: Vec<Finding>,
    /// Files read.
    pub files: usize,
    /// Documents that passed their schema.
    pub documents: usize,
    system_index: IdIndex,
    department_index: IdIndex,
    /// Departments that declare themselves or own a system.
    present_departments: HashSet<Id>,
}

impl Estate {
    pub fn new(departments: Vec<Department>, systems: Vec<System>, findings: Vec<Finding>, files: usize) -> Estate {
        let documents = departments.len() + systems.len();
        let system_index = IdIndex::of(systems.iter().map(|s| s.id.value));
        let department_index = IdIndex::of(departments.iter().map(|d| d.id.value));
        let present_departments =
            departments.iter().map(|d| d.id.value).chain(systems.iter().map(|s| s.department.value)).collect();
        Estate { departments, systems, findings, files, documents, system_index, department_index, present_departments }
    }

    /// The first system declared with this id.
    pub fn system(&self, id: impl IdKey) -> Option<&System> {
        self.system_index.get(id).map(|i| &self.systems[i])
    }
    pub fn department(&self, id: impl IdKey) -> Option<&Department> {
        self.department_index.get(id).map(|i| &self.departments[i])
    }
    /// Whether any system or department of the estate belongs to this department.
    pub fn has_department(&self, id: &str) -> bool {
        self.present_departments.contains(id)
    }
    /// Every department id that a department declares or a system names, once each, in no particular order.
    pub fn department_ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.present_departments.iter().map(|id| id.as_str())
    }

    /// Position in `systems` of the first system declared with this id (as [`Estate::system`] finds it).
    pub fn system_position(&self, id: impl IdKey) -> Option<usize> {
        self.system_index.get(id)
    }
    /// The system a label's span lies in: a snapshot record by its position, a linted one by its document.
    pub fn system_at(&self, span: Span) -> Option<&System> {
        if span.file == SNAPSHOT_SYSTEMS {
            return self.systems.get(span.start as usize);
        }
        self.systems.iter().find(|s| s.file == span.file && s.span.start <= span.start && span.end <= s.span.end)
    }
    /// The department a label's span lies in (its declaration).
    pub fn department_at(&self, span: Span) -> Option<&Department> {
        if span.file == SNAPSHOT_DEPARTMENTS {
            return self.departments.get(span.start as usize);
        }
        self.departments.iter().find(|d| d.file == span.file && d.span.start <= span.start && span.end <= d.span.end)
    }
    /// Systems read from linted files, not from a snapshot.
    pub fn local_systems(&self) -> impl Iterator<Item = &System> {
        self.systems.iter().filter(|s| !s.from_snapshot())
    }
    /// Departments declared in linted files, not in a snapshot.
    pub fn local_departments(&self) -> impl Iterator<Item = &Department> {
        self.departments.iter().filter(|d| !d.from_snapshot())
    }

    /// Every supplier the departments list, by id: the first department (in estate order) listing an id
    /// gives its name and SME status. Suppliers are data, so one supplier shared by several departments is
    /// one id in each of their lists.
    pub fn supplier_index(&self) -> HashMap<&str, &Supplier> {
        let mut index = HashMap::new();
        for supplier in self.departments.iter().flat_map(|d| &d.suppliers) {
            index.entry(supplier.id.as_str()).or_insert(supplier);
        }
        index
    }

    /// Position in `departments` of the first department declared with this id.
    pub fn department_position(&self, id: impl IdKey) -> Option<usize> {
        self.department_index.get(id)
    }
}
