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
//! Cost: a run against a snapshot pays for the whole union (graph and every rule), then keeps only what touches
//! the linted files. Making it proportional to the department needs the per-system rules to skip snapshot
//! records that no linted system is connected to, and the snapshot to carry the whole-estate aggregates
//! (implementers per capability, bespoke users per kind, near-duplicate clusters) so the union rules only add
//! the linted systems to them.

pub mod diff;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::estate::{
    Counterpart, Department, Direction, Estate, FieldPath, InfraField, InfraSource, InfraUse, Interface,
    InterfaceField, Lifecycle, Located, SNAPSHOT_DEPARTMENTS, SNAPSHOT_SYSTEMS, System,
};
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
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_marking: Option<String>,
}

/// An interface as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InterfaceRecord {
    pub id: String,
    pub direction: Direction,
    /// As written: a system id or `external:<name>`.
    pub counterpart: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub standards: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marking: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
}

/// One `infrastructure` entry as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InfraRecord {
    pub kind: String,
    /// `common:<id>` or `bespoke:<name>`.
    pub uses: String,
}

/// A system as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SystemRecord {
    pub id: String,
    pub department: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub lifecycle: Lifecycle,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cost_gbp: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_marking: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interfaces: Vec<InterfaceRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub infrastructure: Vec<InfraRecord>,
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
        id: d.id.value.clone(),
        name: d.name.clone(),
        sector: d.sector.as_ref().map(|s| s.value.clone()),
        max_marking: d.max_marking.as_ref().map(|m| m.value.clone()),
    }
}

fn uses_text(uses: &InfraSource) -> String {
    match uses {
        InfraSource::Common(id) => format!("common:{id}"),
        InfraSource::Bespoke(name) => format!("bespoke:{name}"),
    }
}

fn texts(values: &[Located<String>]) -> Vec<String> {
    values.iter().map(|v| v.value.clone()).collect()
}

fn system_record(s: &System) -> SystemRecord {
    SystemRecord {
        id: s.id.value.clone(),
        department: s.department.value.clone(),
        name: s.name.clone(),
        owner: s.owner.clone(),
        lifecycle: s.lifecycle.value,
        annual_cost_gbp: s.annual_cost_gbp,
        capabilities: texts(&s.capabilities),
        data: texts(&s.data),
        max_marking: s.max_marking.as_ref().map(|m| m.value.clone()),
        interfaces: s
            .interfaces
            .iter()
            .map(|f| InterfaceRecord {
                id: f.id.value.clone(),
                direction: f.direction,
                counterpart: f.counterpart.value.to_string(),
                standards: texts(&f.standards),
                data: texts(&f.data),
                marking: f.marking.as_ref().map(|m| m.value.clone()),
                legal_basis: f.legal_basis.as_ref().map(|l| l.value.clone()),
            })
            .collect(),
        infrastructure: s
            .infrastructure
            .iter()
            .map(|u| InfraRecord { kind: u.kind.value.clone(), uses: uses_text(&u.uses.value) })
            .collect(),
    }
}

impl Snapshot {
    /// The snapshot of an estate (its linted systems and departments; records that came from another snapshot
    /// are kept too, so a snapshot can be refreshed from a partial checkout).
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
    pub fn parse(name: &str, text: &str) -> Result<Snapshot, SnapshotError> {
        let malformed = |message: String| SnapshotError::Malformed { name: name.to_string(), message };
        let snapshot: Snapshot = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
        if snapshot.kind != SNAPSHOT_KIND {
            return Err(malformed(format!("`kind` is `{}`, expected `{SNAPSHOT_KIND}`", snapshot.kind)));
        }
        if snapshot.api_version != API_VERSION {
            return Err(malformed(format!("`apiVersion` is `{}`, expected `{API_VERSION}`", snapshot.api_version)));
        }
        let actual = snapshot.content_sha256();
        if actual != snapshot.sha256 {
            return Err(SnapshotError::HashMismatch {
                name: name.to_string(),
                expected: snapshot.sha256.clone(),
                actual,
            });
        }
        Ok(snapshot)
    }

    /// Reads and checks a snapshot file.
    pub fn read(path: &Path) -> Result<Snapshot, SnapshotError> {
        let name = crate::source::display_path_of(path);
        let text = crate::source::read_text(path, MAX_SNAPSHOT_FILE)
            .map_err(|p| SnapshotError::Io { name: name.clone(), message: p.shown_text() })?;
        Snapshot::parse(&name, &text)
    }

    /// The day the snapshot was made, when it parses.
    pub fn created_date(&self) -> Option<Date> {
        self.created.parse().ok()
    }
}

/// Compact JSON of one record.
fn line<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("a snapshot record serialises")
}

fn at<T>(value: T, file: FileId, position: usize, path: FieldPath) -> Located<T> {
    let p = position as u32;
    Located::new(value, Span::new(file, (p, p)), path)
}

fn list(values: &[String], file: FileId, position: usize, path: impl Fn(u32) -> FieldPath) -> Vec<Located<String>> {
    values.iter().enumerate().map(|(i, v)| at(v.clone(), file, position, path(i as u32))).collect()
}

fn to_system(r: &SystemRecord, position: usize) -> System {
    let file = SNAPSHOT_SYSTEMS;
    let span = Span::new(file, (position as u32, position as u32));
    System {
        id: at(r.id.clone(), file, position, FieldPath::Id),
        name: r.name.clone(),
        department: at(r.department.clone(), file, position, FieldPath::Department),
        owner: r.owner.clone(),
        lifecycle: at(r.lifecycle, file, position, FieldPath::Lifecycle),
        annual_cost_gbp: r.annual_cost_gbp,
        // Source text stays out of a snapshot; what these feed (capability suggestions for XG112) is only
        // reported on the linted files.
        description: None,
        capability_list: None,
        capabilities: list(&r.capabilities, file, position, FieldPath::Capability),
        data: list(&r.data, file, position, FieldPath::Data),
        max_marking: r.max_marking.clone().map(|m| at(m, file, position, FieldPath::MaxMarking)),
        interfaces: r
            .interfaces
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let i = i as u32;
                let path = |field| FieldPath::Interface(i, field);
                Interface {
                    id: at(f.id.clone(), file, position, path(InterfaceField::Id)),
                    direction: f.direction,
                    counterpart: at(
                        Counterpart::parse(&f.counterpart),
                        file,
                        position,
                        path(InterfaceField::Counterpart),
                    ),
                    standards: list(&f.standards, file, position, |j| path(InterfaceField::Standard(j))),
                    data: list(&f.data, file, position, |j| path(InterfaceField::Data(j))),
                    marking: f.marking.clone().map(|m| at(m, file, position, path(InterfaceField::Marking))),
                    legal_basis: f.legal_basis.clone().map(|l| at(l, file, position, path(InterfaceField::LegalBasis))),
                    span,
                    index: i,
                }
            })
            .collect(),
        infrastructure: r
            .infrastructure
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let path = |field| FieldPath::Infrastructure(i as u32, field);
                InfraUse {
                    kind: at(u.kind.clone(), file, position, path(InfraField::Kind)),
                    uses: at(InfraSource::parse(&u.uses), file, position, path(InfraField::Uses)),
                }
            })
            .collect(),
        file,
        span,
    }
}

fn to_department(r: &DepartmentRecord, position: usize) -> Department {
    let file = SNAPSHOT_DEPARTMENTS;
    Department {
        id: at(r.id.clone(), file, position, FieldPath::Id),
        name: r.name.clone(),
        sector: r.sector.clone().map(|s| at(s, file, position, FieldPath::Sector)),
        max_marking: r.max_marking.clone().map(|m| at(m, file, position, FieldPath::MaxMarking)),
        file,
        span: Span::new(file, (position as u32, position as u32)),
    }
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
pub fn merge(local: Estate, snapshot: &Snapshot) -> (Estate, Merged) {
    let local_systems: HashSet<&str> = local.systems.iter().map(|s| s.id.as_str()).collect();
    let local_departments: HashSet<&str> = local.department_ids().collect();
    let keep_system = |r: &&SystemRecord| {
        !local_systems.contains(r.id.as_str()) && !local_departments.contains(r.department.as_str())
    };
    let keep_department = |r: &&DepartmentRecord| !local_departments.contains(r.id.as_str());
    let kept_systems: Vec<&SystemRecord> = snapshot.systems.iter().filter(keep_system).collect();
    let kept_departments: Vec<&DepartmentRecord> = snapshot.departments.iter().filter(keep_department).collect();
    let merged = Merged {
        systems: kept_systems.len(),
        departments: kept_departments.len(),
        replaced: snapshot.systems.len() - kept_systems.len(),
    };
    let files = local.files;
    let documents = local.documents;
    let Estate { mut departments, mut systems, findings, .. } = local;
    let first_system = systems.len();
    systems.reserve(kept_systems.len());
    systems.extend(kept_systems.iter().enumerate().map(|(i, r)| to_system(r, first_system + i)));
    let first_department = departments.len();
    departments.extend(kept_departments.iter().enumerate().map(|(i, r)| to_department(r, first_department + i)));
    let mut estate = Estate::new(departments, systems, findings, files);
    estate.documents = documents;
    (estate, merged)
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
        let (estate, merged) = merge(Estate::default(), &back);
        assert_eq!(merged.systems, snapshot.systems.len());
        assert_eq!(Snapshot::of(&estate, stamp(), "2026-11-23".parse().unwrap()).to_text(), text);
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
