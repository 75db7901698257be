//! `xgea snapshot diff OLD NEW`: what changed in the estate between two snapshots, per department — systems
//! added, removed and changed; capabilities, standards and common components adopted or dropped. The raw
//! material of trend reports.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Snapshot, SystemRecord};

/// One system that is in both snapshots but differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub id: String,
    pub name: String,
    /// The fields that differ, e.g. `lifecycle`, `capabilities`.
    pub fields: Vec<&'static str>,
}

/// What changed in one department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DepartmentDiff {
    pub department: String,
    pub systems_added: Vec<String>,
    pub systems_removed: Vec<String>,
    pub systems_changed: Vec<Changed>,
    pub capabilities_adopted: Vec<String>,
    pub capabilities_dropped: Vec<String>,
    pub standards_adopted: Vec<String>,
    pub standards_dropped: Vec<String>,
    pub components_adopted: Vec<String>,
    pub components_dropped: Vec<String>,
}

impl DepartmentDiff {
    fn is_empty(&self) -> bool {
        self.systems_added.is_empty()
            && self.systems_removed.is_empty()
            && self.systems_changed.is_empty()
            && self.capabilities_adopted.is_empty()
            && self.capabilities_dropped.is_empty()
            && self.standards_adopted.is_empty()
            && self.standards_dropped.is_empty()
            && self.components_adopted.is_empty()
            && self.components_dropped.is_empty()
    }
}

/// The difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotDiff {
    pub old: Side,
    pub new: Side,
    /// Departments with a change, sorted by id.
    pub departments: Vec<DepartmentDiff>,
}

/// One snapshot as the diff names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Side {
    pub created: String,
    pub model_version: String,
    pub systems: usize,
    pub departments: usize,
}

fn side(s: &Snapshot) -> Side {
    let mut departments: BTreeSet<&str> = s.departments.iter().map(|d| d.id.as_str()).collect();
    departments.extend(s.systems.iter().map(|x| x.department.as_str()));
    Side {
        created: s.created.clone(),
        model_version: s.model.version.clone(),
        systems: s.systems.len(),
        departments: departments.len(),
    }
}

/// What one department uses, over its systems that are not retired.
#[derive(Default)]
struct Uses<'a> {
    systems: BTreeMap<&'a str, &'a SystemRecord>,
    capabilities: BTreeSet<&'a str>,
    standards: BTreeSet<&'a str>,
    components: BTreeSet<&'a str>,
}

fn by_department(s: &Snapshot) -> BTreeMap<&str, Uses<'_>> {
    let mut out: BTreeMap<&str, Uses<'_>> = BTreeMap::new();
    for d in &s.departments {
        out.entry(d.id.as_str()).or_default();
    }
    for system in &s.systems {
        let uses = out.entry(system.department.as_str()).or_default();
        uses.systems.entry(system.id.as_str()).or_insert(system);
        if system.lifecycle == crate::estate::Lifecycle::Retired {
            continue;
        }
        uses.capabilities.extend(system.capabilities.iter().map(|c| c.as_str()));
        uses.standards.extend(system.interfaces.iter().flat_map(|f| f.standards.iter().map(|s| s.as_str())));
        uses.components.extend(system.infrastructure.iter().filter_map(|u| u.uses.strip_prefix("common:")));
    }
    out
}

fn changed_fields(a: &SystemRecord, b: &SystemRecord) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut check = |name, same: bool| {
        if !same {
            fields.push(name);
        }
    };
    check("name", a.name == b.name);
    check("owner", a.owner == b.owner);
    check("lifecycle", a.lifecycle == b.lifecycle);
    check("annualCostGbp", a.annual_cost_gbp == b.annual_cost_gbp);
    check("capabilities", a.capabilities == b.capabilities);
    check("data", a.data == b.data);
    check("maxMarking", a.max_marking == b.max_marking);
    check("interfaces", a.interfaces == b.interfaces);
    check("infrastructure", a.infrastructure == b.infrastructure);
    fields
}

fn minus<'a>(a: &BTreeSet<&'a str>, b: &BTreeSet<&'a str>) -> Vec<String> {
    a.difference(b).map(|s| s.to_string()).collect()
}

/// Compares two snapshots. Linear in their size.
pub fn diff(old: &Snapshot, new: &Snapshot) -> SnapshotDiff {
    let (a, b) = (by_department(old), by_department(new));
    let empty = Uses::default();
    let names: BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    let mut departments = Vec::new();
    for name in names {
        let (x, y) = (a.get(name).unwrap_or(&empty), b.get(name).unwrap_or(&empty));
        let mut d = DepartmentDiff { department: name.to_string(), ..DepartmentDiff::default() };
        for (id, system) in &y.systems {
            match x.systems.get(id) {
                None => d.systems_added.push(id.to_string()),
                Some(before) => {
                    let fields = changed_fields(before, system);
                    if !fields.is_empty() {
                        d.systems_changed.push(Changed { id: id.to_string(), name: system.name.clone(), fields });
                    }
                }
            }
        }
        d.systems_removed = x.systems.keys().filter(|id| !y.systems.contains_key(*id)).map(|s| s.to_string()).collect();
        d.capabilities_adopted = minus(&y.capabilities, &x.capabilities);
        d.capabilities_dropped = minus(&x.capabilities, &y.capabilities);
        d.standards_adopted = minus(&y.standards, &x.standards);
        d.standards_dropped = minus(&x.standards, &y.standards);
        d.components_adopted = minus(&y.components, &x.components);
        d.components_dropped = minus(&x.components, &y.components);
        if !d.is_empty() {
            departments.push(d);
        }
    }
    SnapshotDiff { old: side(old), new: side(new), departments }
}

fn items(list: &[String]) -> String {
    list.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// The rows shown for one department: (what, the items).
fn rows(d: &DepartmentDiff) -> Vec<(&'static str, String)> {
    let changed: Vec<String> =
        d.systems_changed.iter().map(|c| format!("`{}` ({})", c.id, c.fields.join(", "))).collect();
    [
        ("systems added", items(&d.systems_added)),
        ("systems removed", items(&d.systems_removed)),
        ("systems changed", changed.join(", ")),
        ("capabilities adopted", items(&d.capabilities_adopted)),
        ("capabilities dropped", items(&d.capabilities_dropped)),
        ("standards adopted", items(&d.standards_adopted)),
        ("standards dropped", items(&d.standards_dropped)),
        ("common components adopted", items(&d.components_adopted)),
        ("common components dropped", items(&d.components_dropped)),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect()
}

impl SnapshotDiff {
    fn heading(&self) -> String {
        format!(
            "estate {} ({} systems, {} departments, model {}) → {} ({} systems, {} departments, model {})",
            self.old.created,
            self.old.systems,
            self.old.departments,
            self.old.model_version,
            self.new.created,
            self.new.systems,
            self.new.departments,
            self.new.model_version
        )
    }

    pub fn human(&self) -> String {
        let mut out = format!("{}\n", self.heading());
        if self.departments.is_empty() {
            out.push_str("no change\n");
        }
        for d in &self.departments {
            out.push_str(&format!("\n{}\n", d.department));
            for (what, list) in rows(d) {
                out.push_str(&format!("  {what}: {list}\n"));
            }
        }
        out
    }

    pub fn markdown(&self) -> String {
        let mut out = format!("# Estate changes\n\n{}\n", self.heading());
        if self.departments.is_empty() {
            out.push_str("\nNo change.\n");
        }
        for d in &self.departments {
            out.push_str(&format!("\n## {}\n\n| change | items |\n| --- | --- |\n", d.department));
            for (what, list) in rows(d) {
                out.push_str(&format!("| {what} | {} |\n", list.replace('|', "\\|")));
            }
        }
        out
    }

    pub fn json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a diff serialises");
        text.push('\n');
        text
    }
}
