//! Department scorecards: how each department stands against the reference model, in four figures the Common
//! Infrastructure Board can compare, computed once from a lint run's findings and its estate graph.
//!
//! Per department (retired systems left out; in a run against an estate snapshot, only the linted
//! departments and systems):
//!
//! - **compliance**: systems with no error finding, of all its systems;
//! - **open standards**: interfaces on open standards, of all its interfaces. An interface counts when it
//!   declares at least one standard and every standard it declares is one the model knows and marks `open`;
//! - **common components**: infrastructure on a common component, of the infrastructure where one exists.
//!   A `common:` use counts in both; a `bespoke:` use counts in the second only when a live (mandated,
//!   recommended or emerging) common component serves its kind, so kinds with no common offer leave the
//!   figure alone;
//! - **deprecated-standard exposure**: the deprecated and retired standards its interfaces still declare,
//!   with their sunset dates and how many interfaces and systems use each.
//!
//! Findings are attributed to a system by their subject, else by the system document their primary span lies
//! in; to a department likewise ([`attribute`], which the report uses too). Departments are sorted by id,
//! exposures by sunset date (none last) then id, so the same run gives byte-identical scorecards.

mod format;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use format::{Format, spreadsheet_text, write_scorecards};

use crate::date::Date;
use crate::diagnostic::{Finding, Severity};
use crate::estate::{Estate, InfraSource, Lifecycle};
use crate::lint::LintRun;
use crate::model::StandardStatus;

/// A share: `count` of `of`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub count: usize,
    pub of: usize,
}

impl Ratio {
    /// The share in whole percent, rounded half up; `None` when there is nothing to share.
    pub fn percent(self) -> Option<usize> {
        (self.of > 0).then(|| (self.count * 200 + self.of) / (self.of * 2))
    }
    /// `83% (5/6)`, or `—` when `of` is zero.
    pub fn display(self) -> String {
        match self.percent() {
            Some(p) => format!("{p}% ({}/{})", self.count, self.of),
            None => "—".to_string(),
        }
    }
    fn plus(&mut self, other: Ratio) {
        self.count += other.count;
        self.of += other.of;
    }
}

impl Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Ratio", 3)?;
        st.serialize_field("count", &self.count)?;
        st.serialize_field("of", &self.of)?;
        st.serialize_field("percent", &self.percent())?;
        st.end()
    }
}

/// A deprecated or retired standard still declared on a department's interfaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exposure {
    pub standard: String,
    pub name: String,
    pub status: StandardStatus,
    /// After this day, existing use is an error (XG201).
    pub sunset: Option<Date>,
    pub superseded_by: Option<String>,
    /// Interfaces declaring it.
    pub interfaces: usize,
    /// Systems with such an interface, sorted.
    pub systems: Vec<String>,
}

/// One department's scorecard (or the estate's total, with department `*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    pub department: String,
    pub name: String,
    /// Systems scored (retired ones left out).
    pub systems: usize,
    /// Systems with no error finding.
    pub compliance: Ratio,
    /// Findings about the department and its systems, by severity.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Interfaces on open standards.
    pub open_standards: Ratio,
    /// Infrastructure on a common component, where one exists.
    pub common_components: Ratio,
    /// Interfaces declaring a deprecated or retired standard (an interface declaring two counts once).
    pub deprecated_interfaces: usize,
    pub deprecated: Vec<Exposure>,
}

/// Every department's scorecard and the estate's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecards {
    pub model_version: String,
    pub departments: Vec<Scorecard>,
    pub total: Scorecard,
}

/// Findings by whom they are about, as indexes into the run's findings.
#[derive(Debug, Default)]
pub struct Attribution<'e> {
    /// Per system (estate index).
    pub system_findings: Vec<Vec<usize>>,
    /// Per department: its own and its systems'.
    pub department_findings: BTreeMap<&'e str, Vec<usize>>,
    /// About no system or department (the model, unreadable files).
    pub other_findings: Vec<usize>,
}

/// Attributes every finding of `findings` to a system and department of `estate`, or to neither.
pub fn attribute<'e>(estate: &'e Estate, findings: &[Finding]) -> Attribution<'e> {
    let mut systems_by_id: BTreeMap<&str, usize> = BTreeMap::new();
    let mut departments: BTreeSet<&str> = BTreeSet::new();
    let mut systems_by_file: BTreeMap<u32, Vec<(u32, u32, usize)>> = BTreeMap::new();
    for d in &estate.departments {
        departments.insert(d.id.as_str());
    }
    for (i, s) in estate.systems.iter().enumerate() {
        systems_by_id.entry(s.id.as_str()).or_insert(i);
        departments.insert(s.department.as_str());
        systems_by_file.entry(s.file.0).or_default().push((s.span.start, s.span.end, i));
    }
    for list in systems_by_file.values_mut() {
        list.sort_unstable();
    }
    let mut department_by_file: BTreeMap<u32, &str> = BTreeMap::new();
    for d in &estate.departments {
        department_by_file.entry(d.file.0).or_insert(d.id.as_str());
    }
    let owner = |f: &Finding| -> (Option<usize>, Option<&'e str>) {
        if let Some(subject) = f.subject.as_deref() {
            if let Some(&i) = systems_by_id.get(subject) {
                return (Some(i), Some(estate.systems[i].department.as_str()));
            }
            if let Some(&d) = departments.get(subject) {
                return (None, Some(d));
            }
        }
        let span = f.primary.span;
        if let Some(list) = systems_by_file.get(&span.file.0) {
            let at = list.partition_point(|&(a, _, _)| a <= span.start);
            if at > 0 {
                let (_, b, i) = list[at - 1];
                if span.start <= b {
                    return (Some(i), Some(estate.systems[i].department.as_str()));
                }
            }
        }
        (None, department_by_file.get(&span.file.0).copied())
    };
    let mut out = Attribution { system_findings: vec![Vec::new(); estate.systems.len()], ..Attribution::default() };
    for (k, f) in findings.iter().enumerate() {
        let (system, dept) = owner(f);
        if let Some(i) = system {
            out.system_findings[i].push(k);
        }
        match dept {
            Some(d) => out.department_findings.entry(d).or_default().push(k),
            None => out.other_findings.push(k),
        }
    }
    out
}

/// The scorecards of a lint run.
pub fn build(run: &LintRun) -> Scorecards {
    build_with(run, &attribute(&run.estate, &run.findings))
}

/// The scorecards of a lint run whose findings are already attributed.
pub fn build_with(run: &LintRun, attribution: &Attribution<'_>) -> Scorecards {
    let estate = &run.estate;
    let model = &run.model;
    // Departments scored: the linted ones (every one, without a snapshot), with their scored systems.
    let mut departments: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for d in estate.departments.iter().filter(|d| !d.from_snapshot()) {
        departments.entry(d.id.as_str()).or_default();
    }
    for (i, s) in estate.systems.iter().enumerate().filter(|(_, s)| !s.from_snapshot()) {
        let list = departments.entry(s.department.as_str()).or_default();
        if s.lifecycle.value != Lifecycle::Retired {
            list.push(i);
        }
    }
    // Infrastructure kinds (model positions) a live common component serves.
    let served: Vec<bool> = (0..model.kinds.len())
        .map(|k| run.graph.components_serving_kind(k as u32).any(|c| model.components[c as usize].status.is_live()))
        .collect();

    let mut cards = Vec::with_capacity(departments.len());
    for (dept, systems) in &departments {
        let mut card = Scorecard {
            department: dept.to_string(),
            name: estate.department(dept).map_or_else(|| dept.to_string(), |d| d.name.clone()),
            systems: systems.len(),
            compliance: Ratio { count: 0, of: systems.len() },
            errors: 0,
            warnings: 0,
            infos: 0,
            open_standards: Ratio::default(),
            common_components: Ratio::default(),
            deprecated_interfaces: 0,
            deprecated: Vec::new(),
        };
        for &k in attribution.department_findings.get(dept).map_or(&[][..], |v| v.as_slice()) {
            match run.findings[k].severity {
                Severity::Error => card.errors += 1,
                Severity::Warning => card.warnings += 1,
                Severity::Info => card.infos += 1,
            }
        }
        let mut exposures: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for &i in systems {
            let sys = &estate.systems[i];
            let errors = attribution.system_findings[i].iter().any(|&k| run.findings[k].severity == Severity::Error);
            card.compliance.count += usize::from(!errors);
            for iface in &sys.interfaces {
                card.open_standards.of += 1;
                let known: Vec<_> = iface.standards.iter().map(|s| model.standard(s.value)).collect();
                let open = !known.is_empty() && known.iter().all(|s| s.is_some_and(|s| s.open));
                card.open_standards.count += usize::from(open);
                let mut exposed = false;
                for s in known.into_iter().flatten() {
                    if matches!(s.status, StandardStatus::Deprecated | StandardStatus::Retired) {
                        exposed = true;
                        let e = exposures.entry(s.id.as_str()).or_default();
                        e.0 += 1;
                        e.1.insert(sys.id.as_str());
                    }
                }
                card.deprecated_interfaces += usize::from(exposed);
            }
            for u in &sys.infrastructure {
                match &u.uses.value {
                    InfraSource::Common(c) if model.component(c).is_some() => {
                        card.common_components.count += 1;
                        card.common_components.of += 1;
                    }
                    InfraSource::Common(_) => {}
                    InfraSource::Bespoke(_) => {
                        if model.kind_position(u.kind.value).is_some_and(|k| served[k]) {
                            card.common_components.of += 1;
                        }
                    }
                }
            }
        }
        card.deprecated = exposures
            .into_iter()
            .filter_map(|(id, (interfaces, systems))| {
                let s = model.standard(id)?;
                Some(Exposure {
                    standard: id.to_string(),
                    name: s.name.clone(),
                    status: s.status,
                    sunset: s.sunset,
                    superseded_by: s.superseded_by.clone(),
                    interfaces,
                    systems: systems.into_iter().map(str::to_string).collect(),
                })
            })
            .collect();
        sort_exposures(&mut card.deprecated);
        cards.push(card);
    }
    let total = total_of(&cards);
    Scorecards { model_version: model.version().to_string(), departments: cards, total }
}

/// Sunset date first (none last), then id.
fn sort_exposures(list: &mut [Exposure]) {
    list.sort_by(|a, b| (a.sunset.is_none(), a.sunset, &a.standard).cmp(&(b.sunset.is_none(), b.sunset, &b.standard)));
}

/// The estate's total: sums of the departments' figures, exposures merged by standard.
fn total_of(cards: &[Scorecard]) -> Scorecard {
    let mut t = Scorecard {
        department: "*".to_string(),
        name: "All departments".to_string(),
        systems: 0,
        compliance: Ratio::default(),
        errors: 0,
        warnings: 0,
        infos: 0,
        open_standards: Ratio::default(),
        common_components: Ratio::default(),
        deprecated_interfaces: 0,
        deprecated: Vec::new(),
    };
    let mut merged: BTreeMap<&str, Exposure> = BTreeMap::new();
    for c in cards {
        t.systems += c.systems;
        t.compliance.plus(c.compliance);
        t.errors += c.errors;
        t.warnings += c.warnings;
        t.infos += c.infos;
        t.open_standards.plus(c.open_standards);
        t.common_components.plus(c.common_components);
        t.deprecated_interfaces += c.deprecated_interfaces;
        for e in &c.deprecated {
            match merged.get_mut(e.standard.as_str()) {
                Some(m) => {
                    m.interfaces += e.interfaces;
                    m.systems.extend(e.systems.iter().cloned());
                }
                None => {
                    merged.insert(&e.standard, e.clone());
                }
            }
        }
    }
    t.deprecated = merged
        .into_values()
        .map(|mut e| {
            e.systems.sort();
            e.systems.dedup();
            e
        })
        .collect();
    sort_exposures(&mut t.deprecated);
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_round_half_up_and_say_when_there_is_nothing() {
        assert_eq!(Ratio { count: 5, of: 6 }.display(), "83% (5/6)");
        assert_eq!(Ratio { count: 1, of: 8 }.percent(), Some(13));
        assert_eq!(Ratio { count: 0, of: 3 }.display(), "0% (0/3)");
        assert_eq!(Ratio { count: 0, of: 0 }.display(), "—");
        assert_eq!(serde_json::to_string(&Ratio::default()).unwrap(), r#"{"count":0,"of":0,"percent":null}"#);
    }

    #[test]
    fn exposures_sort_by_sunset_with_undated_ones_last() {
        let e = |id: &str, sunset: Option<&str>| Exposure {
            standard: id.to_string(),
            name: String::new(),
            status: StandardStatus::Deprecated,
            sunset: sunset.map(|d| Date::parse(d).unwrap()),
            superseded_by: None,
            interfaces: 1,
            systems: vec![],
        };
        let mut list = vec![e("a", None), e("b", Some("2027-01-01")), e("c", Some("2026-01-01"))];
        sort_exposures(&mut list);
        let ids: Vec<&str> = list.iter().map(|e| e.standard.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a"]);
    }
}
