//! Programmes: the roadmap's candidates grouped by the common component that would serve them, with totals that
//! count each system once, a net benefit (annual saving, one-off transition cost, payback) and an order.
//!
//! **Grouping.** A candidate with a live common component joins that component's programme
//! (`component:<id>`). A candidate with none gets a proposed one: a bespoke infrastructure kind proposes a
//! cross-government platform for the kind (`proposed:<kind>`); a shareable capability proposes a
//! cross-government platform for its parent capability group (`proposed:<group>`, so Data Matching and Data
//! Sharing land in one data platform).
//!
//! **No double count.** Each system takes part in a programme once. Its counted cost in the programme is the sum
//! of what its candidates count (capability candidates split a system's cost among its capabilities, so these
//! add up to at most the whole), capped at its declared annual cost; when the cap applies (an infrastructure
//! candidate counts the whole system too) its savings and transition costs are scaled down by the same factor.
//! The estate total does the same over every programme, so a system in two programmes is counted once there.
//!
//! **What counts.** Retired systems take no part. Systems already on the programme's component and retiring
//! systems are listed but not counted: a retiring system's cost goes anyway (when another system of its
//! department in the same candidate carries on, it is named as the replacement, and counted as itself).
//!
//! **Net benefit.** Per candidate and system, saving = counted × (infrastructure share) × rate(family) and
//! transition = counted × (infrastructure share) × transition-cost(family), low and high ends; summed per
//! system, capped as above, rounded outwards to £0.1m. Payback = transition ÷ saving, from `low ÷ high`
//! (best case) to `high ÷ low` (worst case), in years.
//!
//! **Sequencing.** A programme serves some infrastructure kinds (its component's kinds, the proposed kind, or
//! none for a proposed capability platform). The saving model's `needs` table says which kinds a programme for
//! a kind builds on (`web` on `hosting` and `identity`, `corporate-services` on `hosting` and `staff-identity`,
//! a new platform on `hosting` and `identity`…). Programme P comes after programme Q when P needs a kind that Q
//! serves and at least one of P's counted systems still runs that kind bespoke (its move has to wait for Q).
//! Programmes are placed in waves: wave 1 has no predecessor; every other programme sits one wave after its
//! latest predecessor. Programmes that need each other (a cycle) are reported and share a wave.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use super::{Candidate, CandidateKind, SavingModel};
use crate::date::Date;
use crate::estate::{Estate, InfraSource, Lifecycle};
use crate::intern::Id;
use crate::model::Model;

/// A retiring system in a programme: listed apart, its cost not counted as a saving.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetiringSystem {
    pub id: String,
    pub department: String,
    pub annual_cost_gbp: Option<u64>,
    /// A system of the same department in the same candidate that carries on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

/// Why a programme comes after another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// The programme it comes after.
    pub programme: String,
    /// The kind it needs from it.
    pub kind: String,
    /// How many of its counted systems run that kind bespoke.
    pub systems: usize,
}

/// A rate used by a programme that has no public source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Assumption {
    /// `saving rate`, `transition cost` or `infrastructure share`.
    pub what: &'static str,
    /// The family, or `default`.
    pub family: String,
}

/// One programme of the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Programme {
    /// `component:shared-services-centre`, `proposed:hosting`, `proposed:IS.02`.
    pub id: String,
    pub title: String,
    /// The live common component that would serve it.
    pub component: Option<String>,
    /// For a programme with no component: what is proposed, in words.
    pub proposal: Option<String>,
    /// The infrastructure kinds its target serves (for sequencing).
    pub kinds: Vec<String>,
    /// Its candidates' ids, in roadmap rank order.
    pub candidates: Vec<String>,
    pub departments: Vec<String>,
    /// Systems counted (in service, not on the component already, not retiring), each once.
    pub systems: usize,
    /// Of those, the ones with a declared annual cost.
    pub systems_with_cost: usize,
    /// Systems listed but not counted because they are already on the component.
    pub already_on_component: Vec<String>,
    pub retiring: Vec<RetiringSystem>,
    #[serde(flatten)]
    pub figures: Figures,
    /// The rates it uses that cite no public source.
    pub assumptions: Vec<Assumption>,
    /// The programmes it comes after.
    pub after: Vec<Dependency>,
    /// 1 for programmes that can start at once.
    pub wave: usize,
    /// The earliest date it can start, when something outside the estate graph fixes one (a contract's end).
    pub starts_after: Option<Date>,
    /// Why it cannot start before `starts_after`.
    pub starts_after_reason: Option<String>,
}

/// What a programme, or the whole plan, addresses and would save, as reported: ranges in whole pounds rounded
/// outwards, and the payback range they give (the quickest payback is the lowest transition cost over the
/// highest saving).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figures {
    /// The annual cost addressed, each system counted once.
    pub addressable_gbp: u128,
    pub saving_low_gbp: u128,
    pub saving_high_gbp: u128,
    pub transition_low_gbp: u128,
    pub transition_high_gbp: u128,
    /// Best-case payback in years (transition low ÷ saving high); `None` with no saving.
    pub payback_low_years: Option<f64>,
    /// Worst-case payback in years (transition high ÷ saving low); `None` with no low-end saving.
    pub payback_high_years: Option<f64>,
}

/// Programmes that need each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    pub programmes: Vec<String>,
}

/// The estate-wide sums, each system counted once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub programmes: usize,
    pub systems: usize,
    #[serde(flatten)]
    pub figures: Figures,
    /// The programmes' own saving ranges added up: more than the total when systems are in several.
    pub programmes_saving_low_gbp: u128,
    pub programmes_saving_high_gbp: u128,
    /// Systems counted in more than one programme.
    pub systems_in_several_programmes: usize,
    /// Confidence: systems in the programmes with a declared annual cost, of all counted.
    pub systems_with_cost: usize,
    /// The whole estate's systems with a declared annual cost, and all of them.
    pub estate_systems_with_cost: usize,
    pub estate_systems: usize,
}

/// Programmes in order, cycles, totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// In the order to run them: by wave, then largest high-end saving, then id.
    pub programmes: Vec<Programme>,
    pub cycles: Vec<Cycle>,
    pub totals: Totals,
    /// How the order is derived.
    pub sequencing: &'static str,
}

pub const SEQUENCING: &str = "a programme comes after another when it needs a kind the other serves (the needs \
    table of the saving model: web and payments on hosting and identity, corporate services on hosting and staff \
    identity, a new platform on hosting and identity…) and at least one of its systems still runs that kind bespoke";

/// A system's share of one candidate, before the sums.
#[derive(Debug, Clone, Copy, Default)]
struct Contribution {
    counted: f64,
    saving_low: f64,
    saving_high: f64,
    transition_low: f64,
    transition_high: f64,
}

impl std::ops::AddAssign for Contribution {
    fn add_assign(&mut self, o: Contribution) {
        self.counted += o.counted;
        self.saving_low += o.saving_low;
        self.saving_high += o.saving_high;
        self.transition_low += o.transition_low;
        self.transition_high += o.transition_high;
    }
}

/// Sums of contributions per system, each system capped at its declared cost.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    counted: f64,
    saving_low: f64,
    saving_high: f64,
    transition_low: f64,
    transition_high: f64,
}

/// Adds up per-system contributions, each system once: its counted cost capped at `cost(system)` and its
/// savings and transition costs scaled by the same factor. Systems are summed in key order, and a system's own
/// contributions in the order given, so the floating-point sums do not depend on how they were gathered.
fn combine<K: Ord + Copy>(per_system: impl IntoIterator<Item = (K, Contribution)>, cost: impl Fn(K) -> f64) -> Sums {
    let mut listed: Vec<(K, Contribution)> = per_system.into_iter().collect();
    // Stable: a system's contributions keep their order.
    listed.sort_by_key(|&(key, _)| key);
    // Each system's contributions summed into its first, in place (400,000 entries at 100,000 systems).
    listed.dedup_by(|next, first| {
        let same = next.0 == first.0;
        if same {
            first.1 += next.1;
        }
        same
    });
    let mut s = Sums::default();
    for (key, c) in listed {
        let whole = cost(key);
        let factor = if c.counted > whole && c.counted > 0.0 { whole / c.counted } else { 1.0 };
        s.counted += c.counted * factor;
        s.saving_low += c.saving_low * factor;
        s.saving_high += c.saving_high * factor;
        s.transition_low += c.transition_low * factor;
        s.transition_high += c.transition_high * factor;
    }
    s
}

impl Sums {
    /// The sum as the plan reports it ([`Figures`]).
    fn reported(&self) -> Figures {
        let (saving_low, saving_high) = (round_down(self.saving_low), round_up(self.saving_high));
        let (transition_low, transition_high) = (round_down(self.transition_low), round_up(self.transition_high));
        Figures {
            addressable_gbp: self.counted.round() as u128,
            saving_low_gbp: saving_low,
            saving_high_gbp: saving_high,
            transition_low_gbp: transition_low,
            transition_high_gbp: transition_high,
            payback_low_years: payback(transition_low as f64, saving_high as f64),
            payback_high_years: payback(transition_high as f64, saving_low as f64),
        }
    }
}

fn payback(transition: f64, saving: f64) -> Option<f64> {
    (saving > 0.0).then(|| (transition / saving * 10.0).round() / 10.0)
}

/// Whether a candidate system is counted: not already on the common component, not retiring.
fn counts(sys: &super::CandidateSystem<'_>) -> bool {
    sys.on_common.is_none() && sys.lifecycle() != Lifecycle::Retiring && sys.lifecycle() != Lifecycle::Retired
}

fn contributions<'c>(
    c: &'c Candidate<'c>,
    saving: &SavingModel,
    order: &'c SystemOrder,
) -> impl Iterator<Item = (u32, Contribution)> + 'c {
    let rate = c.rate.clone();
    let transition = saving.transition(c.family.as_deref()).clone();
    let (share_low, share_high) = c.infrastructure_share.as_ref().map_or((1.0, 1.0), |s| (s.low, s.high));
    c.systems.iter().filter(|s| counts(s)).map(move |s| {
        let counted = s.counted_gbp as f64;
        (
            order.rank[s.index],
            Contribution {
                counted,
                saving_low: counted * share_low * rate.low,
                saving_high: counted * share_high * rate.high,
                transition_low: counted * share_low * transition.low,
                transition_high: counted * share_high * transition.high,
            },
        )
    })
}

/// The programme a candidate belongs to: id, title, component, proposal, kinds.
fn target(c: &Candidate<'_>, model: &Model) -> (String, String, Option<String>, Option<String>, Vec<String>) {
    if let Some(component) = c.common_component.as_deref() {
        let (name, kinds) = model
            .component(component)
            .map_or_else(|| (component.to_string(), Vec::new()), |x| (x.name.clone(), x.kinds.clone()));
        return (format!("component:{component}"), name, Some(component.to_string()), None, kinds);
    }
    match c.kind {
        CandidateKind::BespokeKind | CandidateKind::MoveToCommon => {
            let name = model.kind(&c.subject).map_or(c.subject.as_str(), |k| k.name.as_str()).to_lowercase();
            let title = format!("A cross-government {name} platform (proposed)");
            let proposal =
                format!("no live common component serves `{}`: propose a cross-government {name} platform", c.subject);
            (format!("proposed:{}", c.subject), title, None, Some(proposal), vec![c.subject.clone()])
        }
        CandidateKind::SharedCapability => {
            let cap = model.capability(&c.subject);
            let group = cap.and_then(|x| x.parent.as_deref()).unwrap_or(c.subject.as_str());
            let name = model.capability(group).map_or(group, |g| g.name.as_str()).to_lowercase();
            let title = format!("A cross-government {name} platform (proposed, {group})");
            let proposal = format!(
                "no live common component serves these capabilities: propose a cross-government {name} platform \
                 for the `{group}` capabilities"
            );
            (format!("proposed:{group}"), title, None, Some(proposal), Vec::new())
        }
    }
}

/// The system of the same department in the same candidate that carries on after a retiring one: the one
/// sharing most capabilities with it (then one being built or planned, then by id); `None` when none shares one.
fn replacement(
    same_department: &[&super::CandidateSystem<'_>],
    retiring: &super::CandidateSystem<'_>,
    estate: &Estate,
) -> Option<String> {
    let distinct = |index: usize| estate.systems[index].distinct_capabilities();
    let own: Vec<Id> = distinct(retiring.index).collect();
    same_department
        .iter()
        .filter(|o| o.id() != retiring.id() && counts(o))
        .map(|o| {
            let shared = distinct(o.index).filter(|c| own.contains(c)).count();
            let new = matches!(o.lifecycle(), Lifecycle::Build | Lifecycle::Planned);
            (shared, new, o)
        })
        .filter(|(shared, _, _)| *shared > 0)
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then_with(|| b.2.id().cmp(&a.2.id())))
        .map(|(_, _, o)| o.id().to_string())
}

fn round_down(gbp: f64) -> u128 {
    super::round_down(gbp)
}
fn round_up(gbp: f64) -> u128 {
    super::round_up(gbp)
}

/// Every system id of the estate ranked in text order, so the plan keys its sums and sets by a number instead of
/// comparing ids: systems that share an id share a rank, as they shared a key by id.
struct SystemOrder {
    /// Rank of each system, by position in `estate.systems`.
    rank: Vec<u32>,
    /// The first system with each rank (the one `Estate::system` finds by id).
    first: Vec<usize>,
    /// The declared cost of the last system with each rank.
    cost: Vec<Option<u64>>,
}

impl SystemOrder {
    fn new(estate: &Estate) -> Self {
        let systems = &estate.systems;
        let mut by_id: Vec<usize> = (0..systems.len()).collect();
        // Stable, so equal ids stay in estate order and `first` is the first of them.
        by_id.sort_by(|&a, &b| systems[a].id.value.as_str().cmp(systems[b].id.value.as_str()));
        let mut rank = vec![0u32; systems.len()];
        let mut first: Vec<usize> = Vec::new();
        for (n, &i) in by_id.iter().enumerate() {
            if n == 0 || systems[by_id[n - 1]].id.value != systems[i].id.value {
                first.push(i);
            }
            rank[i] = u32::try_from(first.len() - 1).expect("fewer than 2^32 systems");
        }
        let mut cost = vec![None; first.len()];
        for (i, s) in systems.iter().enumerate() {
            cost[rank[i] as usize] = s.annual_cost_gbp;
        }
        SystemOrder { rank, first, cost }
    }
    fn cost(&self, rank: u32) -> f64 {
        self.cost[rank as usize].unwrap_or(0) as f64
    }
    fn has_cost(&self, rank: u32) -> bool {
        self.cost[rank as usize].is_some()
    }
}

/// When the contracts of a programme's counted systems end: the first end is when the first system can move
/// without breaking a contract (its `starts_after`), with the span of the rest as the reason. Systems without a
/// declared contract end do not hold a programme back. `systems` are ranks, ascending.
fn contract_window(systems: &[u32], order: &SystemOrder, estate: &Estate) -> (Option<Date>, Option<String>) {
    let mut ends: Vec<(Date, &str)> = systems
        .iter()
        .filter_map(|&r| {
            let s = &estate.systems[order.first[r as usize]];
            Some((s.contract_end()?, s.id.value.as_str()))
        })
        .collect();
    ends.sort_unstable();
    let (Some(first), Some(last)) = (ends.first(), ends.last()) else {
        return (None, None);
    };
    let reason = if systems.len() == 1 {
        format!("the contract of {} ends then", first.1)
    } else if ends.len() == 1 {
        format!(
            "the contract of {} ends then (of its {} systems, the only one to declare an end)",
            first.1,
            systems.len()
        )
    } else {
        format!(
            "the contracts it replaces end from {} ({}) to {} ({}): {} of its {} systems declare an end",
            first.0,
            first.1,
            last.0,
            last.1,
            ends.len(),
            systems.len()
        )
    };
    (Some(first.0), Some(reason))
}

/// Groups the ranked candidates into programmes, adds them up and orders them.
pub fn plan(candidates: &[Candidate<'_>], model: &Model, estate: &Estate, saving: &SavingModel) -> Plan {
    let order = SystemOrder::new(estate);
    let cost = |rank: u32| order.cost(rank);

    struct Group<'c> {
        title: String,
        component: Option<String>,
        proposal: Option<String>,
        kinds: Vec<String>,
        candidates: Vec<&'c Candidate<'c>>,
    }
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for c in candidates {
        let (id, title, component, proposal, kinds) = target(c, model);
        groups
            .entry(id)
            .or_insert_with(|| Group { title, component, proposal, kinds, candidates: Vec::new() })
            .candidates
            .push(c);
    }

    // Which kinds a system (by rank) runs bespoke, each once (for sequencing).
    let bespoke_kinds = |rank: u32| -> Vec<&str> {
        let mut kinds: Vec<&str> = estate.systems[order.first[rank as usize]]
            .infrastructure
            .iter()
            .filter(|u| matches!(u.uses.value, InfraSource::Bespoke(_)))
            .map(|u| u.kind.value.as_str())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    };

    // Each programme with its counted systems (as ranks, ascending); programmes are independent, so in parallel.
    let groups: Vec<(&String, &Group<'_>)> = groups.iter().collect();
    let (mut programmes, counted_systems): (Vec<Programme>, Vec<Vec<u32>>) = groups
        .par_iter()
        .map(|&(id, g)| {
            let mut departments: BTreeSet<&str> = BTreeSet::new();
            let mut systems: Vec<u32> = Vec::new();
            let mut on_component: BTreeSet<&str> = BTreeSet::new();
            let mut retiring: BTreeMap<&str, RetiringSystem> = BTreeMap::new();
            let mut assumptions = BTreeSet::new();
            for c in &g.candidates {
                // A retiring system's replacement is looked for in its own department only: grouped once per
                // candidate, not searched across every department's systems for each retiring one.
                let mut by_department: crate::hash::HashMap<Id, Vec<&super::CandidateSystem<'_>>> =
                    crate::hash::HashMap::default();
                if c.systems.iter().any(|s| s.lifecycle() == Lifecycle::Retiring) {
                    for s in &c.systems {
                        by_department.entry(s.department()).or_default().push(s);
                    }
                }
                // A candidate's departments are already a sorted set.
                departments.extend(c.departments.iter().map(String::as_str));
                for s in &c.systems {
                    if counts(s) {
                        systems.push(order.rank[s.index]);
                    } else if s.on_common.is_some() {
                        on_component.insert(s.id().as_str());
                    } else if s.lifecycle() == Lifecycle::Retiring {
                        let same_department = by_department.get(&s.department()).map_or(&[][..], Vec::as_slice);
                        let replacement = replacement(same_department, s, estate);
                        retiring.entry(s.id().as_str()).or_insert(RetiringSystem {
                            id: s.id().to_string(),
                            department: s.department().to_string(),
                            annual_cost_gbp: s.annual_cost_gbp(),
                            replacement,
                        });
                    }
                }
                let family = c.family.clone().unwrap_or_else(|| "default".to_string());
                if c.rate.is_assumption() {
                    assumptions.insert(Assumption { what: "saving rate", family: family.clone() });
                }
                if saving.transition(c.family.as_deref()).is_assumption() {
                    assumptions.insert(Assumption { what: "transition cost", family: family.clone() });
                }
                if c.infrastructure_share.as_ref().is_some_and(|s| s.is_assumption()) {
                    assumptions.insert(Assumption { what: "infrastructure share", family: "all".to_string() });
                }
            }
            systems.sort_unstable();
            systems.dedup();
            let (starts_after, starts_after_reason) = contract_window(&systems, &order, estate);
            let sums = combine(g.candidates.iter().flat_map(|c| contributions(c, saving, &order)), cost);
            let programme = Programme {
                id: id.clone(),
                title: g.title.clone(),
                component: g.component.clone(),
                proposal: g.proposal.clone(),
                kinds: g.kinds.clone(),
                candidates: g.candidates.iter().map(|c| c.id.clone()).collect(),
                departments: departments.into_iter().map(str::to_string).collect(),
                systems: systems.len(),
                systems_with_cost: systems.iter().filter(|&&r| order.has_cost(r)).count(),
                already_on_component: on_component.into_iter().map(str::to_string).collect(),
                retiring: retiring.into_values().collect(),
                figures: sums.reported(),
                assumptions: assumptions.into_iter().collect(),
                after: Vec::new(),
                wave: 1,
                starts_after,
                starts_after_reason,
            };
            (programme, systems)
        })
        .unzip();

    // Dependencies: P after Q when P needs a kind Q serves and some of P's counted systems run it bespoke.
    let mut serves: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (q, p) in programmes.iter().enumerate() {
        for k in &p.kinds {
            serves.entry(k.as_str()).or_default().push(q);
        }
    }
    let mut edges: Vec<Vec<Dependency>> = vec![Vec::new(); programmes.len()];
    let mut preds: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); programmes.len()];
    for (i, p) in programmes.iter().enumerate() {
        let needs = saving.needs_of(&p.kinds);
        if needs.is_empty() {
            continue;
        }
        let mut running: BTreeMap<&str, usize> = BTreeMap::new();
        for &s in &counted_systems[i] {
            for k in bespoke_kinds(s) {
                *running.entry(k).or_default() += 1;
            }
        }
        for kind in needs {
            let Some(n) = running.get(kind).copied() else { continue };
            for &q in serves.get(kind).into_iter().flatten() {
                if q != i {
                    preds[i].insert(q);
                    edges[i].push(Dependency {
                        programme: programmes[q].id.clone(),
                        kind: kind.to_string(),
                        systems: n,
                    });
                }
            }
        }
    }
    let (waves, cycles) = waves(&preds);
    for (i, p) in programmes.iter_mut().enumerate() {
        p.after = std::mem::take(&mut edges[i]);
        p.after.sort_by(|a, b| a.programme.cmp(&b.programme).then_with(|| a.kind.cmp(&b.kind)));
        p.wave = waves[i];
    }
    let cycles: Vec<Cycle> = cycles
        .into_iter()
        .map(|members| {
            let mut ids: Vec<String> = members.iter().map(|&i| programmes[i].id.clone()).collect();
            ids.sort();
            Cycle { programmes: ids }
        })
        .collect();

    // Totals over every programme, each system once.
    let all = combine(candidates.iter().flat_map(|c| contributions(c, saving, &order)), cost);
    // Programmes per system rank.
    let mut membership = vec![0u32; order.first.len()];
    for set in &counted_systems {
        for &s in set {
            membership[s as usize] += 1;
        }
    }
    let totals = Totals {
        programmes: programmes.len(),
        systems: membership.iter().filter(|&&n| n > 0).count(),
        figures: all.reported(),
        programmes_saving_low_gbp: programmes.iter().map(|p| p.figures.saving_low_gbp).sum(),
        programmes_saving_high_gbp: programmes.iter().map(|p| p.figures.saving_high_gbp).sum(),
        systems_in_several_programmes: membership.iter().filter(|&&n| n > 1).count(),
        systems_with_cost: (0..membership.len()).filter(|&r| membership[r] > 0 && order.has_cost(r as u32)).count(),
        estate_systems_with_cost: estate
            .systems
            .iter()
            .filter(|s| s.lifecycle.value != Lifecycle::Retired && s.annual_cost_gbp.is_some())
            .count(),
        estate_systems: estate.systems.iter().filter(|s| s.lifecycle.value != Lifecycle::Retired).count(),
    };
    programmes.sort_by(|a, b| {
        a.wave
            .cmp(&b.wave)
            .then_with(|| b.figures.saving_high_gbp.cmp(&a.figures.saving_high_gbp))
            .then_with(|| a.id.cmp(&b.id))
    });
    Plan { programmes, cycles, totals, sequencing: SEQUENCING }
}

/// Waves from predecessor sets: the strongly connected components (Kosaraju), then each component one wave
/// after its latest predecessor component. Returns each node's wave (from 1) and the components of more than
/// one node (cycles), each sorted, in order of their first node.
pub fn waves(preds: &[BTreeSet<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let n = preds.len();
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ps) in preds.iter().enumerate() {
        for &p in ps {
            succs[p].push(i);
        }
    }
    // Kosaraju, iterative: finish order on the successor graph, then components on the predecessor graph.
    let mut seen = vec![false; n];
    let mut finish = Vec::with_capacity(n);
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((v, next)) = stack.pop() {
            if let Some(&w) = succs[v].get(next) {
                stack.push((v, next + 1));
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                finish.push(v);
            }
        }
    }
    let mut comp = vec![usize::MAX; n];
    let mut count = 0;
    for &start in finish.iter().rev() {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = count;
        let mut stack = vec![start];
        while let Some(v) = stack.pop() {
            for &w in &preds[v] {
                if comp[w] == usize::MAX {
                    comp[w] = count;
                    stack.push(w);
                }
            }
        }
        count += 1;
    }
    // Components come out in topological order of the successor graph: predecessors first.
    let mut comp_wave = vec![1usize; count];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for v in 0..n {
        members[comp[v]].push(v);
    }
    for c in 0..count {
        let mut wave = 1;
        for &v in &members[c] {
            for &p in &preds[v] {
                if comp[p] != c {
                    wave = wave.max(comp_wave[comp[p]] + 1);
                }
            }
        }
        comp_wave[c] = wave;
    }
    let mut cycles: Vec<Vec<usize>> = members.into_iter().filter(|m| m.len() > 1).collect();
    cycles.sort();
    ((0..n).map(|v| comp_wave[comp[v]]).collect(), cycles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preds(edges: &[(usize, usize)], n: usize) -> Vec<BTreeSet<usize>> {
        let mut p = vec![BTreeSet::new(); n];
        for &(after, before) in edges {
            p[after].insert(before);
        }
        p
    }

    #[test]
    fn waves_follow_dependencies() {
        // 0 hosting; 1 identity after hosting; 2 forms after identity and hosting; 3 independent.
        let (w, cycles) = waves(&preds(&[(1, 0), (2, 1), (2, 0)], 4));
        assert_eq!(w, [1, 2, 3, 1]);
        assert!(cycles.is_empty());
    }

    #[test]
    fn cycles_are_reported_and_share_a_wave() {
        // 1 and 2 need each other; both after 0; 3 after 2.
        let (w, cycles) = waves(&preds(&[(1, 0), (1, 2), (2, 1), (3, 2)], 4));
        assert_eq!(cycles, [vec![1, 2]]);
        assert_eq!(w, [1, 2, 2, 3]);
    }

    fn c(id: &str, counted: f64, rate: (f64, f64)) -> (&str, Contribution) {
        (
            id,
            Contribution {
                counted,
                saving_low: counted * rate.0,
                saving_high: counted * rate.1,
                transition_low: counted,
                transition_high: counted * 2.0,
            },
        )
    }

    #[test]
    fn a_system_in_two_candidates_counts_once() {
        // `a` costs 100: half in each of two capability candidates, plus its whole cost in an infrastructure
        // candidate: capped at 100, everything scaled by 100 / 200.
        let cost = |id: &str| if id == "a" { 100.0 } else { 50.0 };
        let s = combine([c("a", 50.0, (0.2, 0.4)), c("a", 50.0, (0.2, 0.4)), c("a", 100.0, (0.2, 0.4))], cost);
        assert_eq!(s.counted, 100.0);
        assert!((s.saving_low - 20.0).abs() < 1e-9 && (s.saving_high - 40.0).abs() < 1e-9);
        assert_eq!(s.transition_low, 100.0);
        // Two capability halves of one system add up to its cost: no cap.
        let s = combine([c("a", 50.0, (0.2, 0.4)), c("a", 50.0, (0.2, 0.4)), c("b", 50.0, (0.1, 0.1))], cost);
        assert_eq!(s.counted, 150.0);
        // A system with no declared cost counts nothing.
        let s = combine([c("z", 0.0, (0.2, 0.4))], |_| 0.0);
        assert_eq!(s, Sums::default());
    }

    #[test]
    fn payback_is_transition_over_saving() {
        assert_eq!(payback(3_000_000.0, 2_000_000.0), Some(1.5));
        assert_eq!(payback(1.0, 0.0), None);
        assert_eq!(payback(1_000_000.0, 3_000_000.0), Some(0.3));
    }
}
