//! `--previous SNAPSHOT`: what changed since the last run. The previous estate is read back from its snapshot
//! (`xgea snapshot`) and put through the same steps as the current one — the estate graph, the estate rules and
//! the roadmap, with the current model and saving model — so the two sides differ only by the estate:
//!
//! * duplication: roadmap candidates that are new, resolved (gone), or in a different number of departments;
//! * standards and common-component adoption per department (from [`crate::snapshot::diff`]), and how many
//!   systems use at least one common component;
//! * findings by rule family per department (the estate rules, before waivers and configuration, on both
//!   sides).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Roadmap, SavingModel};
use crate::date::Date;
use crate::diagnostic::Finding;
use crate::estate::{Estate, InfraSource, Lifecycle};
use crate::graph::EstateGraph;
use crate::model::Model;
use crate::rules::{RuleContext, RuleOptions, run_checks};
use crate::snapshot::{
    ModelStamp, STANDALONE_DEPARTMENTS, STANDALONE_SYSTEMS, Snapshot, diff::diff, standalone_estate,
};
use crate::source::SourceDb;

/// A roadmap candidate as the trend names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendCandidate {
    pub id: String,
    pub title: String,
    pub departments: usize,
}

/// A candidate in both runs whose number of departments changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateChange {
    pub id: String,
    pub title: String,
    pub departments_before: usize,
    pub departments_now: usize,
}

/// Findings of one rule family in one department, before and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyCount {
    pub family: &'static str,
    pub previous: usize,
    pub current: usize,
}

/// What changed in one department.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DepartmentTrend {
    pub department: String,
    pub standards_adopted: Vec<String>,
    pub standards_dropped: Vec<String>,
    pub components_adopted: Vec<String>,
    pub components_dropped: Vec<String>,
    /// Families with findings in either run.
    pub findings: Vec<FamilyCount>,
}

/// The trend since a previous snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trend {
    /// The day the previous snapshot was made.
    pub previous_created: String,
    pub previous_systems: usize,
    pub current_systems: usize,
    pub new_duplication: Vec<TrendCandidate>,
    pub resolved_duplication: Vec<TrendCandidate>,
    pub changed_duplication: Vec<CandidateChange>,
    /// In-service systems using at least one common component, before and now.
    pub on_common_previous: usize,
    pub on_common_current: usize,
    pub findings_previous: usize,
    pub findings_current: usize,
    /// Departments with a change or a finding, sorted by id.
    pub departments: Vec<DepartmentTrend>,
}

impl Trend {
    /// Whether nothing changed.
    pub fn is_unchanged(&self) -> bool {
        self.new_duplication.is_empty()
            && self.resolved_duplication.is_empty()
            && self.changed_duplication.is_empty()
            && self.on_common_previous == self.on_common_current
            && self.departments.iter().all(|d| {
                d.standards_adopted.is_empty()
                    && d.standards_dropped.is_empty()
                    && d.components_adopted.is_empty()
                    && d.components_dropped.is_empty()
                    && d.findings.iter().all(|f| f.previous == f.current)
            })
    }
}

/// Findings per (department, family); findings about no department under `(estate-wide)`.
fn by_department(estate: &Estate, findings: &[Finding]) -> BTreeMap<(String, &'static str), usize> {
    let system_department: HashMap<&str, &str> =
        estate.systems.iter().map(|s| (s.id.value.as_str(), s.department.value.as_str())).collect();
    let departments: BTreeSet<&str> = estate.department_ids().collect();
    // A finding whose subject is neither (a supplier, say) belongs to the document it sits in.
    let mut documents: BTreeMap<(crate::diagnostic::FileId, u32), (u32, &str)> = BTreeMap::new();
    for s in &estate.systems {
        documents.insert((s.file, s.span.start), (s.span.end, s.department.value.as_str()));
    }
    for d in &estate.departments {
        documents.insert((d.file, d.span.start), (d.span.end, d.id.value.as_str()));
    }
    let document_of = |span: crate::diagnostic::Span| {
        let (&(file, _), &(end, department)) = documents.range(..=(span.file, span.start)).next_back()?;
        (file == span.file && span.start < end).then_some(department)
    };
    let mut out = BTreeMap::new();
    for f in findings {
        let department = f
            .subject
            .as_deref()
            .and_then(|s| system_department.get(s).copied().or_else(|| departments.get(s).copied()))
            .or_else(|| match f.primary.span.file {
                // A snapshot read back on its own: the span's start is the record's position.
                file if file == STANDALONE_SYSTEMS => {
                    estate.systems.get(f.primary.span.start as usize).map(|s| s.department.value.as_str())
                }
                file if file == STANDALONE_DEPARTMENTS => {
                    estate.departments.get(f.primary.span.start as usize).map(|d| d.id.value.as_str())
                }
                _ => document_of(f.primary.span),
            })
            .unwrap_or("(estate-wide)");
        *out.entry((department.to_string(), f.rule.family.name())).or_default() += 1;
    }
    out
}

fn estate_findings(model: &Model, estate: &Estate, graph: &EstateGraph) -> Vec<Finding> {
    let sources = SourceDb::new();
    let options = RuleOptions::default();
    let cx = RuleContext { model, estate, sources: &sources, today: Date::today(), graph, options: &options };
    run_checks(&cx)
}

fn on_common(estate: &Estate) -> usize {
    estate
        .systems
        .iter()
        .filter(|s| s.lifecycle.value != Lifecycle::Retired)
        .filter(|s| s.infrastructure.iter().any(|u| matches!(u.uses.value, InfraSource::Common(_))))
        .count()
}

/// Compares the current run (its estate, graph and roadmap) with a previous snapshot.
pub fn trend(
    previous: &Snapshot,
    model: &Model,
    estate: &Estate,
    graph: &EstateGraph,
    roadmap: &Roadmap<'_>,
    saving: &SavingModel,
    today: Date,
) -> Trend {
    let stamp = ModelStamp { version: model.version().to_string(), sha256: String::new() };
    let current_snapshot = Snapshot::of(estate, stamp, today);
    let changes = diff(previous, &current_snapshot);
    let old_estate = standalone_estate(previous);
    let old_graph = EstateGraph::build(model, &old_estate);
    let old_roadmap = super::build(&old_graph, model, &old_estate, saving);

    let old: BTreeMap<&str, &super::Candidate<'_>> =
        old_roadmap.candidates.iter().map(|c| (c.id.as_str(), c)).collect();
    let now: BTreeMap<&str, &super::Candidate<'_>> = roadmap.candidates.iter().map(|c| (c.id.as_str(), c)).collect();
    let named = |c: &super::Candidate<'_>| TrendCandidate {
        id: c.id.clone(),
        title: c.title.clone(),
        departments: c.departments.len(),
    };
    let new_duplication = now.iter().filter(|(id, _)| !old.contains_key(*id)).map(|(_, c)| named(c)).collect();
    let resolved_duplication = old.iter().filter(|(id, _)| !now.contains_key(*id)).map(|(_, c)| named(c)).collect();
    let changed_duplication = now
        .iter()
        .filter_map(|(id, c)| {
            let before = old.get(id)?;
            (before.departments.len() != c.departments.len()).then(|| CandidateChange {
                id: c.id.clone(),
                title: c.title.clone(),
                departments_before: before.departments.len(),
                departments_now: c.departments.len(),
            })
        })
        .collect();

    let old_findings = estate_findings(model, &old_estate, &old_graph);
    let new_findings = estate_findings(model, estate, graph);
    let old_counts = by_department(&old_estate, &old_findings);
    let new_counts = by_department(estate, &new_findings);

    let mut departments: BTreeMap<String, DepartmentTrend> = BTreeMap::new();
    for d in changes.departments {
        departments.insert(
            d.department.clone(),
            DepartmentTrend {
                department: d.department,
                standards_adopted: d.standards_adopted,
                standards_dropped: d.standards_dropped,
                components_adopted: d.components_adopted,
                components_dropped: d.components_dropped,
                findings: Vec::new(),
            },
        );
    }
    let keys: BTreeSet<&(String, &'static str)> = old_counts.keys().chain(new_counts.keys()).collect();
    for key in keys {
        let entry = departments
            .entry(key.0.clone())
            .or_insert_with(|| DepartmentTrend { department: key.0.clone(), ..DepartmentTrend::default() });
        entry.findings.push(FamilyCount {
            family: key.1,
            previous: old_counts.get(key).copied().unwrap_or(0),
            current: new_counts.get(key).copied().unwrap_or(0),
        });
    }
    Trend {
        previous_created: previous.created.clone(),
        previous_systems: old_estate.systems.len(),
        current_systems: estate.systems.len(),
        new_duplication,
        resolved_duplication,
        changed_duplication,
        on_common_previous: on_common(&old_estate),
        on_common_current: on_common(estate),
        findings_previous: old_findings.len(),
        findings_current: new_findings.len(),
        departments: departments.into_values().collect(),
    }
}
