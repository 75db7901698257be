//! Roadmap candidates for the Common Infrastructure Board, ranked, with the evidence behind each.
//!
//! Three kinds of candidate come from the estate graph:
//!
//! 1. **shared capability** (`cap:<capability>`, the roadmap side of XG301): a `shareable` capability that
//!    systems in at least `min-departments` departments implement;
//! 2. **bespoke infrastructure kind** (`kind:<kind>`, XG403): an infrastructure kind that systems in at least
//!    `min-departments` departments run bespoke, with no live common component for it;
//! 3. **move to a common component** (`move:<kind>:<component>`, XG401): systems running a kind bespoke while a
//!    live common component (mandated, recommended or emerging) serves it.
//!
//! Retired systems are left out. Each candidate carries its departments, systems, annual cost, the interface
//! standards its systems use, a score and an estimated saving range from the [`SavingModel`].
//!
//! **Score** = `D × log2(2 + B)`, where `D` is the number of departments and `B` the annual cost the candidate
//! addresses, in £m (see [`SavingModel`] for `B`). Departments count linearly (sharing needs several bodies);
//! cost counts logarithmically, so doubling the addressed cost adds about `D` to the score instead of doubling it,
//! and a capability in five departments outranks one in two unless it costs about ten times less. With `B = 0`
//! the score is `D`. Candidates are sorted by score (highest first), then by id.

pub mod format;
mod model;
pub mod programme;
pub mod trend;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

pub use format::{Format, GroupBy, write_roadmap};
pub use model::{NEW_PLATFORM, RateRange, SavingModel};
pub use programme::{Plan, Programme};
pub use trend::Trend;

use crate::estate::{Estate, InfraSource, Lifecycle, System};
use crate::graph::EstateGraph;
use crate::intern::Id;
use crate::model::Model;
use crate::money::gbp;

/// What kind of candidate, and so which rule finds the same thing in `xgea lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CandidateKind {
    SharedCapability,
    BespokeKind,
    MoveToCommon,
}

impl CandidateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CandidateKind::SharedCapability => "shared-capability",
            CandidateKind::BespokeKind => "bespoke-kind",
            CandidateKind::MoveToCommon => "move-to-common",
        }
    }
    /// The lint rule that reports the same evidence finding by finding.
    pub fn rule(self) -> &'static str {
        match self {
            CandidateKind::SharedCapability => "XG301",
            CandidateKind::BespokeKind => "XG403",
            CandidateKind::MoveToCommon => "XG401",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CandidateKind::SharedCapability => "shared capability",
            CandidateKind::BespokeKind => "bespoke infrastructure",
            CandidateKind::MoveToCommon => "move to common",
        }
    }
}

/// One system taking part in a candidate: the estate's own record, borrowed (a candidate can hold 27,000 systems,
/// and a roadmap 400,000 entries), with what the candidate counts of it.
#[derive(Debug, Clone)]
pub struct CandidateSystem<'e> {
    /// The system's position in `estate.systems`, for the plan's sums (not written out).
    pub index: usize,
    pub system: &'e System,
    /// The part of its annual cost counted for this candidate.
    pub counted_gbp: u64,
    /// The bespoke item it runs (infrastructure candidates).
    pub bespoke: Option<Id>,
    /// A common component serving the capability that the system already uses (no saving counted).
    pub on_common: Option<Id>,
}

impl CandidateSystem<'_> {
    pub fn id(&self) -> Id {
        self.system.id.value
    }
    pub fn department(&self) -> Id {
        self.system.department.value
    }
    pub fn lifecycle(&self) -> Lifecycle {
        self.system.lifecycle.value
    }
    /// The system's whole annual cost, when declared.
    pub fn annual_cost_gbp(&self) -> Option<u64> {
        self.system.annual_cost_gbp
    }
}

/// Written as the record it stands for: id, name, department, lifecycle, whole and counted cost, and the bespoke
/// item and common component when there are.
impl Serialize for CandidateSystem<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = 6 + usize::from(self.bespoke.is_some()) + usize::from(self.on_common.is_some());
        let mut out = serializer.serialize_struct("CandidateSystem", fields)?;
        out.serialize_field("id", &self.id())?;
        out.serialize_field("name", &self.system.name)?;
        out.serialize_field("department", &self.department())?;
        out.serialize_field("lifecycle", &self.lifecycle())?;
        out.serialize_field("annual_cost_gbp", &self.annual_cost_gbp())?;
        out.serialize_field("counted_gbp", &self.counted_gbp)?;
        if let Some(bespoke) = self.bespoke {
            out.serialize_field("bespoke", bespoke.as_str())?;
        }
        if let Some(on_common) = self.on_common {
            out.serialize_field("on_common", on_common.as_str())?;
        }
        out.end()
    }
}

/// A standard used on the interfaces of a candidate's systems, with how many of them use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StandardUse {
    pub id: String,
    pub systems: usize,
}

/// A ranked roadmap candidate.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate<'e> {
    /// Stable id: `cap:BO.02.01`, `kind:hosting`, `move:identity:one-login`.
    pub id: String,
    pub kind: CandidateKind,
    /// The capability or infrastructure kind.
    pub subject: String,
    /// Human title: `Payroll (BO.02.01)`.
    pub title: String,
    /// The capability family whose saving rate applies.
    pub family: Option<String>,
    pub departments: Vec<String>,
    pub systems: Vec<CandidateSystem<'e>>,
    /// Systems with no declared annual cost (counted as £0).
    pub systems_without_cost: usize,
    /// Shared capability: the cost attributed to the capability; infrastructure: the systems' whole cost.
    pub annual_cost_gbp: u128,
    /// The part of `annual_cost_gbp` a saving is estimated on (before the infrastructure share).
    pub addressable_gbp: u128,
    /// A live common component serving the capability or kind, if the model has one.
    pub common_component: Option<String>,
    pub standards: Vec<StandardUse>,
    pub rate: RateRange,
    /// Infrastructure candidates: the share of a system's cost taken to be the item.
    pub infrastructure_share: Option<RateRange>,
    /// Estimated annual saving, low end, rounded down to £0.1m.
    pub saving_low_gbp: u128,
    /// Estimated annual saving, high end, rounded up to £0.1m.
    pub saving_high_gbp: u128,
    /// `D × log2(2 + B)`, see the module documentation.
    pub score: f64,
    /// The lint rule with the same evidence.
    pub rule: &'static str,
}

/// The roadmap for one estate.
#[derive(Debug, Clone, Serialize)]
pub struct Roadmap<'e> {
    pub model_version: String,
    pub systems: usize,
    pub departments: usize,
    pub annual_cost_gbp: u128,
    pub score_formula: &'static str,
    pub saving_model: SavingModel,
    pub candidates: Vec<Candidate<'e>>,
    /// The candidates grouped into programmes, added up and ordered.
    pub plan: Plan,
    /// What changed since a previous snapshot (`--previous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
}

pub const SCORE_FORMULA: &str = "score = D × log2(2 + B): D departments; B the annual cost addressed, £m \
    (shared capability: the cost attributed to it by systems not yet on a common component, each system's cost \
    split equally among its capabilities; infrastructure: the systems' cost × the mid infrastructure share)";

/// Who uses what: the part of the estate graph the roadmap reads, keyed and ordered by id.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Uses<'a> {
    /// Capability id → indexes of in-service systems (into `estate.systems`) that declare it, ascending.
    pub capabilities: BTreeMap<&'a str, Vec<usize>>,
    /// Infrastructure kind → (system index, bespoke name) for in-service systems running it bespoke, ascending.
    pub bespoke: BTreeMap<&'a str, Vec<(usize, Id)>>,
}

impl<'a> Uses<'a> {
    /// Reads the estate graph: systems → capabilities (`implements`) and systems → kinds (`uses-bespoke`).
    /// Ids that do not resolve against the model have no edge and so take no part.
    pub fn from_graph(graph: &EstateGraph, model: &'a Model, estate: &'a Estate) -> Self {
        let in_service = |s: u32| estate.systems[s as usize].lifecycle.value != Lifecycle::Retired;
        let mut uses = Uses::default();
        for (c, cap) in model.capabilities.iter().enumerate() {
            let mut systems: Vec<usize> =
                graph.implementers(c as u32).filter(|&(s, _)| in_service(s)).map(|(s, _)| s as usize).collect();
            if systems.is_empty() {
                continue;
            }
            systems.sort_unstable();
            systems.dedup();
            uses.capabilities.entry(cap.id.as_str()).or_default().extend(systems);
        }
        for (k, kind) in model.kinds.iter().enumerate() {
            let mut list: Vec<(usize, Id)> = graph
                .bespoke_users(k as u32)
                .filter(|&(s, _)| in_service(s))
                .filter_map(|(s, pos)| match &estate.systems[s as usize].infrastructure[pos as usize].uses.value {
                    InfraSource::Bespoke(name) => Some((s as usize, *name)),
                    InfraSource::Common(_) => None,
                })
                .collect();
            if list.is_empty() {
                continue;
            }
            list.sort_unstable();
            uses.bespoke.entry(kind.id.as_str()).or_default().extend(list);
        }
        uses
    }

    /// The same maps straight from the estate records (one pass), for checking the graph and for callers
    /// without one. Unknown capabilities and kinds are left out, as in the graph.
    pub fn from_estate(model: &'a Model, estate: &'a Estate) -> Self {
        let mut uses = Uses::default();
        for (i, s) in estate.systems.iter().enumerate() {
            if s.lifecycle.value == Lifecycle::Retired {
                continue;
            }
            for c in &s.capabilities {
                if let Some(cap) = model.capability(c.value) {
                    let list = uses.capabilities.entry(cap.id.as_str()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
            for infra in &s.infrastructure {
                if let (Some(kind), InfraSource::Bespoke(name)) = (model.kind(infra.kind.value), &infra.uses.value) {
                    uses.bespoke.entry(kind.id.as_str()).or_default().push((i, *name));
                }
            }
        }
        for list in uses.bespoke.values_mut() {
            list.sort_unstable();
        }
        uses
    }
}

/// The capability family a kind's saving rate comes from: the most common family among the capabilities of the
/// components serving the kind (ties by name); `infrastructure` when no component serves it.
fn kind_family(model: &Model, kind: &str) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for comp in model.components.iter().filter(|c| c.kinds.iter().any(|k| k == kind)) {
        for cap in &comp.capabilities {
            if let Some(f) = model.capability(cap).and_then(|c| c.family.as_deref()) {
                *counts.entry(f).or_default() += 1;
            }
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (f, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((f, n));
        }
    }
    best.map_or("infrastructure", |(f, _)| f).to_string()
}

/// A model position as the graph numbers it.
fn ix(position: usize) -> u32 {
    u32::try_from(position).expect("fewer than 2^32 model elements")
}

fn round_down(gbp: f64) -> u128 {
    ((gbp / 100_000.0).floor().max(0.0) as u128).saturating_mul(100_000)
}
fn round_up(gbp: f64) -> u128 {
    ((gbp / 100_000.0).ceil().max(0.0) as u128).saturating_mul(100_000)
}

/// `D × log2(2 + B)`, `B` in £m, rounded to two decimals (so equal-looking scores tie and fall back to the id).
pub fn score(departments: usize, addressed_gbp: f64) -> f64 {
    let raw = departments as f64 * (2.0 + addressed_gbp.max(0.0) / 1_000_000.0).log2();
    (raw * 100.0).round() / 100.0
}

/// A system's part in a candidate before the sums.
struct Part {
    index: usize,
    counted: u64,
    bespoke: Option<Id>,
    on_common: Option<Id>,
}

struct Draft<'e> {
    kind: CandidateKind,
    subject: &'e str,
    title: String,
    family: Option<String>,
    common_component: Option<String>,
    parts: Vec<Part>,
}

/// Builds the roadmap: candidates from the estate graph, scored, sorted by score then id.
pub fn build<'e>(graph: &EstateGraph, model: &'e Model, estate: &'e Estate, saving: &SavingModel) -> Roadmap<'e> {
    let uses = Uses::from_graph(graph, model, estate);
    let (drafts, standards_of) =
        rayon::join(|| drafts(graph, model, estate, &uses), || StandardsBySystem::new(model, estate));
    let mut candidates: Vec<Candidate<'e>> = drafts
        .par_iter()
        .filter_map(|d| assemble(d, model, estate, &standards_of, saving, |_| true))
        .filter(|c| qualifies(c, saving))
        .collect();
    // The plan reads the candidates alone: the drafts (an entry per system and candidate) go before it runs.
    drop((uses, drafts, standards_of));
    sort_candidates(&mut candidates);
    let plan = programme::plan(&candidates, model, estate, saving);
    let mut departments: BTreeSet<&str> = estate.departments.iter().map(|d| d.id.value.as_str()).collect();
    departments.extend(estate.systems.iter().map(|s| s.department.value.as_str()));
    Roadmap {
        model_version: model.version().to_string(),
        systems: estate.systems.len(),
        departments: departments.len(),
        annual_cost_gbp: crate::money::total(estate.systems.iter().filter_map(|s| s.annual_cost_gbp)),
        score_formula: SCORE_FORMULA,
        saving_model: saving.clone(),
        candidates,
        plan,
        trend: None,
    }
}

fn qualifies(c: &Candidate<'_>, saving: &SavingModel) -> bool {
    match c.kind {
        CandidateKind::SharedCapability | CandidateKind::BespokeKind => c.departments.len() >= saving.min_departments,
        CandidateKind::MoveToCommon => !c.systems.is_empty(),
    }
}

pub fn sort_candidates(candidates: &mut [Candidate<'_>]) {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
}

fn drafts<'e>(graph: &EstateGraph, model: &'e Model, estate: &'e Estate, uses: &Uses<'e>) -> Vec<Draft<'e>> {
    // 1. Shareable capabilities, with each system's cost split among its capabilities; each on its own, so in
    // parallel (in id order all the same).
    let capabilities: Vec<(&&str, &Vec<usize>)> = uses.capabilities.iter().collect();
    let mut out: Vec<Draft<'e>> = capabilities
        .par_iter()
        .filter_map(|&(&cap_id, systems)| {
            let position = model.capability_position(cap_id)?;
            let cap = &model.capabilities[position];
            if !cap.shareable {
                return None;
            }
            let serving_components = || graph.components_serving_capability(ix(position));
            let serving: BTreeSet<&str> = serving_components()
                .map(|c| &model.components[c as usize])
                .filter(|c| c.status.is_live())
                .map(|c| c.id.as_str())
                .collect();
            let parts = systems
                .iter()
                .map(|&i| {
                    let s = &estate.systems[i];
                    let declared = s.distinct_capabilities().count();
                    let on_common = s.infrastructure.iter().find_map(|u| match &u.uses.value {
                        InfraSource::Common(c) if serving.contains(c.as_str()) => Some(*c),
                        _ => None,
                    });
                    Part {
                        index: i,
                        counted: s.annual_cost_gbp.unwrap_or(0) / declared.max(1) as u64,
                        bespoke: None,
                        on_common,
                    }
                })
                .collect();
            Some(Draft {
                kind: CandidateKind::SharedCapability,
                subject: cap_id,
                title: format!("{} ({cap_id})", cap.name),
                family: cap.family.clone(),
                common_component: model.preferred_component(serving_components()).map(|c| c.id.clone()),
                parts,
            })
        })
        .collect();
    // 2 and 3. Bespoke infrastructure, by kind.
    for (&kind, list) in &uses.bespoke {
        let parts: Vec<Part> = list
            .iter()
            .map(|&(i, name)| Part {
                index: i,
                counted: estate.systems[i].annual_cost_gbp.unwrap_or(0),
                bespoke: Some(name),
                on_common: None,
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        let Some(position) = model.kind_position(kind) else { continue };
        let name = model.kinds[position].name.as_str();
        let family = Some(kind_family(model, kind));
        match model.preferred_component(graph.components_serving_kind(ix(position))) {
            Some(component) => out.push(Draft {
                kind: CandidateKind::MoveToCommon,
                subject: kind,
                title: format!("{name} ({kind}): bespoke → {}", component.name),
                family,
                common_component: Some(component.id.clone()),
                parts,
            }),
            None => out.push(Draft {
                kind: CandidateKind::BespokeKind,
                subject: kind,
                title: format!("{name} ({kind}): no common component"),
                family,
                common_component: None,
                parts,
            }),
        }
    }
    out
}

/// Each system's distinct interface standards that the model knows (as in the graph; unknown ids are XG102's
/// business), as model positions: worked out once, as a system takes part in several candidates.
struct StandardsBySystem {
    /// Where each system's list starts in `positions`; one more entry than systems.
    start: Vec<u32>,
    positions: Vec<u32>,
}

impl StandardsBySystem {
    fn new(model: &Model, estate: &Estate) -> Self {
        let mut start = Vec::with_capacity(estate.systems.len() + 1);
        let mut positions: Vec<u32> = Vec::new();
        for s in &estate.systems {
            let from = positions.len();
            start.push(u32::try_from(from).expect("fewer than 2^32 interface standards"));
            for i in &s.interfaces {
                for standard in &i.standards {
                    if let Some(position) = model.standard_position(standard.value) {
                        let position = ix(position);
                        if !positions[from..].contains(&position) {
                            positions.push(position);
                        }
                    }
                }
            }
        }
        start.push(u32::try_from(positions.len()).expect("fewer than 2^32 interface standards"));
        StandardsBySystem { start, positions }
    }
    fn of(&self, system: usize) -> &[u32] {
        &self.positions[self.start[system] as usize..self.start[system + 1] as usize]
    }
}

/// Sums a draft over the systems `keep` accepts; `None` when none is left.
fn assemble<'e>(
    d: &Draft<'e>,
    model: &Model,
    estate: &'e Estate,
    standards_of: &StandardsBySystem,
    saving: &SavingModel,
    keep: impl Fn(&System) -> bool,
) -> Option<Candidate<'e>> {
    let parts: Vec<&Part> = d.parts.iter().filter(|p| keep(&estate.systems[p.index])).collect();
    if parts.is_empty() {
        return None;
    }
    // Deduplicated by handle before the texts are sorted: a candidate can have 27,000 systems in 1,300 departments.
    let departments: crate::hash::HashSet<Id> =
        parts.iter().map(|p| estate.systems[p.index].department.value).collect();
    let mut departments: Vec<&str> = departments.into_iter().map(Id::as_str).collect();
    departments.sort_unstable();
    // Systems per standard, by model position. Parts are in system order, so a system with two parts (two
    // bespoke items of one kind) follows itself and is counted once.
    let mut users = vec![0usize; model.standards.len()];
    let mut previous = None;
    for p in &parts {
        if previous.replace(p.index) != Some(p.index) {
            for &position in standards_of.of(p.index) {
                users[position as usize] += 1;
            }
        }
    }
    let mut standards: Vec<StandardUse> = users
        .iter()
        .enumerate()
        .filter(|&(_, &systems)| systems > 0)
        .map(|(position, &systems)| StandardUse { id: model.standards[position].id.clone(), systems })
        .collect();
    standards.sort_by(|a, b| b.systems.cmp(&a.systems).then_with(|| a.id.cmp(&b.id)));

    let annual = crate::money::total(parts.iter().map(|p| p.counted));
    // Systems already on a common component, and retiring systems (their cost goes anyway), are not addressed.
    let addressable = crate::money::total(
        parts
            .iter()
            .filter(|p| p.on_common.is_none() && estate.systems[p.index].lifecycle.value != Lifecycle::Retiring)
            .map(|p| p.counted),
    );
    let rate = saving.rate(d.family.as_deref()).clone();
    let share = (d.kind != CandidateKind::SharedCapability).then(|| saving.infrastructure_share.clone());
    let (share_low, share_mid, share_high) = share.as_ref().map_or((1.0, 1.0, 1.0), |s| (s.low, s.mid(), s.high));
    let base = addressable as f64;
    let systems: Vec<CandidateSystem<'e>> = parts
        .iter()
        .map(|p| CandidateSystem {
            index: p.index,
            system: &estate.systems[p.index],
            counted_gbp: p.counted,
            bespoke: p.bespoke,
            on_common: p.on_common,
        })
        .collect();
    Some(Candidate {
        id: match d.kind {
            CandidateKind::SharedCapability => format!("cap:{}", d.subject),
            CandidateKind::BespokeKind => format!("kind:{}", d.subject),
            CandidateKind::MoveToCommon => {
                format!("move:{}:{}", d.subject, d.common_component.as_deref().unwrap_or_default())
            }
        },
        kind: d.kind,
        subject: d.subject.to_string(),
        title: d.title.clone(),
        family: d.family.clone(),
        departments: departments.iter().map(|s| s.to_string()).collect(),
        systems_without_cost: systems.iter().filter(|s| s.annual_cost_gbp().is_none()).count(),
        systems,
        annual_cost_gbp: annual,
        addressable_gbp: addressable,
        common_component: d.common_component.clone(),
        standards,
        saving_low_gbp: round_down(base * share_low * rate.low),
        saving_high_gbp: round_up(base * share_high * rate.high),
        score: score(departments.len(), base * share_mid),
        rate,
        infrastructure_share: share,
        rule: d.kind.rule(),
    })
}

/// The candidates as seen from one shared-services sector.
#[derive(Debug, Clone, Serialize)]
pub struct SectorGroup<'e> {
    /// The sector id, or `none` for departments that declare no sector.
    pub sector: String,
    pub name: String,
    pub departments: Vec<String>,
    /// Each cross-government candidate restricted to the sector's departments, re-scored on that share.
    pub candidates: Vec<Candidate<'e>>,
}

/// Groups the roadmap by the departments' shared-services sectors: under each sector, every cross-government
/// candidate it takes part in, restricted to its own departments and systems (what the sector's own
/// shared-services plan would bring to it), scored and sorted on that share.
pub fn group_by_sector<'e>(
    roadmap: &Roadmap<'_>,
    graph: &EstateGraph,
    model: &'e Model,
    estate: &'e Estate,
    saving: &SavingModel,
) -> Vec<SectorGroup<'e>> {
    let sector_of = |dept: &str| -> String {
        estate.department(dept).and_then(|d| d.sector.as_ref()).map_or("none".to_string(), |s| s.value.to_string())
    };
    let uses = Uses::from_graph(graph, model, estate);
    let drafts = drafts(graph, model, estate, &uses);
    let standards_of = StandardsBySystem::new(model, estate);
    let chosen: BTreeSet<&str> = roadmap.candidates.iter().map(|c| c.id.as_str()).collect();
    let mut sectors: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for s in &estate.systems {
        sectors.entry(sector_of(&s.department.value)).or_default().insert(s.department.value.as_str());
    }
    for d in &estate.departments {
        sectors.entry(sector_of(&d.id.value)).or_default().insert(d.id.value.as_str());
    }
    let mut groups = Vec::new();
    for (sector, depts) in sectors {
        let mut candidates: Vec<Candidate<'e>> = drafts
            .iter()
            .filter_map(|d| {
                assemble(d, model, estate, &standards_of, saving, |s| depts.contains(s.department.value.as_str()))
            })
            .filter(|c| chosen.contains(c.id.as_str()))
            // Nothing to do in the sector when all its systems are already on the component (or retiring).
            .filter(|c| {
                c.addressable_gbp > 0
                    || c.systems.iter().any(|s| {
                        s.on_common.is_none() && s.annual_cost_gbp().is_none() && s.lifecycle() != Lifecycle::Retiring
                    })
            })
            .collect();
        if candidates.is_empty() {
            continue;
        }
        sort_candidates(&mut candidates);
        let name = if sector == "none" {
            "No sector declared".to_string()
        } else {
            model.sector(&sector).map_or_else(|| sector.clone(), |s| s.name.clone())
        };
        groups.push(SectorGroup {
            name,
            departments: depts.iter().map(|s| s.to_string()).collect(),
            sector,
            candidates,
        });
    }
    groups
}

/// `£2.1m–£3m`: the two ends of the estimated saving, or one amount when they meet.
pub fn saving_range(c: &Candidate<'_>) -> String {
    if c.saving_low_gbp == c.saving_high_gbp {
        gbp(c.saving_low_gbp)
    } else {
        format!("{}–{}", gbp(c.saving_low_gbp), gbp(c.saving_high_gbp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_counts_departments_first_and_cost_with_diminishing_returns() {
        assert_eq!(score(3, 0.0), 3.0);
        assert_eq!(score(2, 2_000_000.0), 4.0);
        assert_eq!(score(1, 1_000_000.0), 1.58);
        // More departments beat more money, up to about a tenfold difference.
        assert!(score(5, 1_000_000.0) > score(2, 10_000_000.0));
        assert!(score(5, 1_000_000.0) < score(2, 100_000_000.0));
        // At equal departments, more money ranks higher.
        assert!(score(3, 5_000_000.0) > score(3, 4_000_000.0));
    }

    #[test]
    fn savings_round_outwards_to_a_tenth_of_a_million() {
        assert_eq!(round_down(1_234_567.0), 1_200_000);
        assert_eq!(round_up(1_234_567.0), 1_300_000);
        assert_eq!(round_up(1_200_000.0), 1_200_000);
        assert_eq!(round_down(99_999.0), 0);
    }
}
