//! The estate: departments' descriptors as compact typed records, each field that rules cite with its span.
//!
//! After validation the loader keeps these records, not the JSON values or span maps, so memory stays
//! proportional to what rules need.

mod load;

use std::collections::{HashMap, HashSet};

pub use load::{LoadOptions, load_estate};

use crate::diagnostic::Finding;
use crate::source::{FileId, Span};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
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

#[derive(Debug, Clone)]
pub struct Department {
    pub id: Spanned<String>,
    pub name: String,
    pub sector: Option<Spanned<String>>,
    pub max_marking: Option<Spanned<String>>,
    pub file: FileId,
    pub span: Span,
}

/// What a system's `uses:` names: a common component, or something it built itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InfraSource {
    Common(String),
    Bespoke(String),
}

#[derive(Debug, Clone)]
pub struct InfraUse {
    pub kind: Spanned<String>,
    pub uses: Spanned<InfraSource>,
    pub pointer: String,
}

#[derive(Debug, Clone)]
pub struct Interface {
    pub id: Spanned<String>,
    pub direction: Direction,
    /// A system id, or `external:<name>`.
    pub counterpart: Spanned<String>,
    pub standards: Vec<Spanned<String>>,
    pub data: Vec<Spanned<String>>,
    pub marking: Option<Spanned<String>>,
    pub legal_basis: Option<Spanned<String>>,
    /// The whole interface entry.
    pub span: Span,
    pub pointer: String,
}

impl Interface {
    /// The counterpart's system id, unless it is an `external:` party.
    pub fn counterpart_system(&self) -> Option<&str> {
        (!self.counterpart.value.starts_with("external:")).then_some(self.counterpart.value.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct System {
    pub id: Spanned<String>,
    pub name: String,
    pub department: Spanned<String>,
    pub owner: Option<String>,
    pub lifecycle: Spanned<Lifecycle>,
    pub annual_cost_gbp: Option<u64>,
    pub capabilities: Vec<Spanned<String>>,
    pub data: Vec<Spanned<String>>,
    pub max_marking: Option<Spanned<String>>,
    pub interfaces: Vec<Interface>,
    pub infrastructure: Vec<InfraUse>,
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
    system_index: HashMap<String, usize>,
    department_index: HashMap<String, usize>,
    /// Departments that declare themselves or own a system.
    present_departments: HashSet<String>,
}

impl Estate {
    pub fn new(departments: Vec<Department>, systems: Vec<System>, findings: Vec<Finding>, files: usize) -> Estate {
        let documents = departments.len() + systems.len();
        let mut system_index = HashMap::with_capacity(systems.len());
        for (i, s) in systems.iter().enumerate() {
            system_index.entry(s.id.value.clone()).or_insert(i);
        }
        let mut department_index = HashMap::with_capacity(departments.len());
        for (i, d) in departments.iter().enumerate() {
            department_index.entry(d.id.value.clone()).or_insert(i);
        }
        let present_departments = departments
            .iter()
            .map(|d| d.id.value.clone())
            .chain(systems.iter().map(|s| s.department.value.clone()))
            .collect();
        Estate { departments, systems, findings, files, documents, system_index, department_index, present_departments }
    }

    /// The first system declared with this id.
    pub fn system(&self, id: &str) -> Option<&System> {
        self.system_index.get(id).map(|&i| &self.systems[i])
    }
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.department_index.get(id).map(|&i| &self.departments[i])
    }
    /// Whether any system or department of the estate belongs to this department.
    pub fn has_department(&self, id: &str) -> bool {
        self.present_departments.contains(id)
    }
    /// Every department id that a department declares or a system names, once each, in no particular order.
    pub fn department_ids(&self) -> impl Iterator<Item = &str> {
        self.present_departments.iter().map(String::as_str)
    }

    /// Position in `systems` of the first system declared with this id (as [`Estate::system`] finds it).
    pub fn system_position(&self, id: &str) -> Option<usize> {
        self.system_index.get(id).copied()
    }
    /// Position in `departments` of the first department declared with this id.
    pub fn department_position(&self, id: &str) -> Option<usize> {
        self.department_index.get(id).copied()
    }
}
