//! The forward look of sourcing (`xgea sourcing`, the report's Sourcing page): contract expiries by quarter and
//! capability, joint-procurement windows across departments, supply-base figures (supplier shares, the SME
//! share, Herfindahl–Hirschman concentration per capability family) and the share of the estate that could be
//! re-competed. Read from the systems' `sourcing` blocks and the departments' `suppliers` lists.
//!
//! Every list is sorted, so the same estate on the same day gives byte-identical output. The work is one pass
//! over the systems and sorts by key: O(n log n), no pairs of systems compared.

mod format;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use format::{Format, write_look};

use crate::date::Date;
use crate::estate::{Estate, Lifecycle, System};
use crate::model::Model;

/// How far ahead the look goes.
#[derive(Debug, Clone, Copy)]
pub struct LookOptions {
    pub today: Date,
    /// Contracts ending within this many months of today are listed (expiries and windows).
    pub horizon_months: u32,
    /// Contracts for one shareable capability ending within this many months of each other, in two or more
    /// departments, form a joint-procurement window.
    pub window_months: u32,
}

impl LookOptions {
    pub const DEFAULT_HORIZON: u32 = 36;
    pub const DEFAULT_WINDOW: u32 = 18;
}

/// One declared contract of a system that is not retired.
#[derive(Debug, Clone, Serialize)]
pub struct Contract {
    pub system: String,
    pub department: String,
    pub supplier: String,
    pub supplier_name: String,
    pub sme: bool,
    /// The system's first capability (what the expiry table files the contract under).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// The capability family of its first capability that has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// `YYYY-Qn` of the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quarter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_value_gbp: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_value_gbp: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// No declared lock-in and every interface standard open.
    pub recompetable: bool,
    #[serde(skip)]
    shareable: Vec<String>,
}

/// Contracts ending in one quarter, for one capability.
#[derive(Debug, Clone, Serialize)]
pub struct Expiry {
    pub quarter: String,
    pub capability: String,
    pub capability_name: String,
    pub departments: Vec<String>,
    pub systems: Vec<String>,
    pub annual_value_gbp: u64,
}

/// One contract in a window.
#[derive(Debug, Clone, Serialize)]
pub struct WindowContract {
    pub system: String,
    pub department: String,
    pub supplier: String,
    pub end: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_value_gbp: Option<u64>,
}

/// Contracts for one shareable capability ending close together in two or more departments: one joint
/// procurement, or one move to a shared service, at their end.
#[derive(Debug, Clone, Serialize)]
pub struct Window {
    pub capability: String,
    pub capability_name: String,
    pub from: Date,
    pub to: Date,
    pub departments: Vec<String>,
    pub contracts: Vec<WindowContract>,
    pub annual_value_gbp: u64,
    pub total_value_gbp: u64,
    /// The common component the model recommends for the capability, when one serves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub common_component: Option<String>,
}

/// One supplier's part of the declared annual spend.
#[derive(Debug, Clone, Serialize)]
pub struct SupplierShare {
    pub supplier: String,
    pub name: String,
    pub sme: bool,
    pub contracts: usize,
    pub departments: usize,
    pub annual_value_gbp: u64,
    /// 0 to 1.
    pub share: f64,
}

/// Concentration of one capability family's declared spend.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyConcentration {
    pub family: String,
    pub suppliers: usize,
    pub annual_value_gbp: u64,
    /// Herfindahl–Hirschman index: the sum of the squared percentage shares, 0 to 10,000 (above 2,500 is
    /// highly concentrated in the competition authorities' usual reading).
    pub hhi: u32,
    pub largest_supplier: String,
    pub largest_share: f64,
}

/// The estate's whole look.
#[derive(Debug, Clone, Serialize)]
pub struct ForwardLook {
    pub today: Date,
    pub horizon_months: u32,
    pub window_months: u32,
    /// Every contract declared on a system that is not retired, by end date (undated last), then system id.
    pub contracts: Vec<Contract>,
    /// Contracts ending from today to the horizon, by quarter then capability.
    pub expiries: Vec<Expiry>,
    pub windows: Vec<Window>,
    /// Largest first.
    pub suppliers: Vec<SupplierShare>,
    /// Declared annual spend with SMEs, and in all.
    pub sme_annual_value_gbp: u64,
    pub annual_value_gbp: u64,
    pub families: Vec<FamilyConcentration>,
    /// Contracts that could be re-competed (no lock-in declared, every interface standard open), and their
    /// declared annual value.
    pub recompetable_contracts: usize,
    pub recompetable_annual_value_gbp: u64,
}

impl ForwardLook {
    pub fn sme_share(&self) -> f64 {
        ratio(self.sme_annual_value_gbp, self.annual_value_gbp)
    }
    pub fn recompetable_share(&self) -> f64 {
        ratio(self.recompetable_annual_value_gbp, self.annual_value_gbp)
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// `YYYY-Qn`.
pub fn quarter_of(date: Date) -> String {
    format!("{:04}-Q{}", date.year(), date.quarter())
}

/// Whether another supplier could take the system over: no declared lock-in, and no interface standard the
/// model marks as not open.
pub fn recompetable(system: &System, model: &Model) -> bool {
    let Some(sourcing) = system.sourcing.as_deref() else { return false };
    !sourcing.lock_in
        && system
            .interfaces
            .iter()
            .flat_map(|f| &f.standards)
            .all(|s| model.standard(s.value).is_none_or(|standard| standard.open))
}

/// The forward look of an estate.
pub fn look(model: &Model, estate: &Estate, options: LookOptions) -> ForwardLook {
    let suppliers = estate.supplier_index();
    let mut contracts: Vec<Contract> = estate
        .systems
        .iter()
        .filter(|s| s.lifecycle.value != Lifecycle::Retired)
        .filter_map(|s| {
            let sourcing = s.sourcing.as_deref()?;
            let supplier = suppliers.get(sourcing.supplier.as_str());
            let end = sourcing.usable_end();
            let capability = s.capabilities.first().map(|c| c.value.to_string());
            let family = s.capabilities.iter().find_map(|c| model.capability(c.value).and_then(|c| c.family.clone()));
            let mut shareable: Vec<String> = s
                .capabilities
                .iter()
                .filter(|c| model.capability(c.value).is_some_and(|c| c.shareable))
                .map(|c| c.value.to_string())
                .collect();
            shareable.sort();
            shareable.dedup();
            Some(Contract {
                system: s.id.value.to_string(),
                department: s.department.value.to_string(),
                supplier: sourcing.supplier.value.to_string(),
                supplier_name: supplier.map_or_else(String::new, |s| s.name.clone()),
                sme: supplier.is_some_and(|s| s.sme),
                capability,
                family,
                start: sourcing.start.as_ref().map(|d| d.value),
                end,
                quarter: end.map(quarter_of),
                annual_value_gbp: sourcing.annual_value(),
                total_value_gbp: sourcing.total_value(),
                route: sourcing.route.as_ref().map(|r| r.value.to_string()),
                recompetable: recompetable(s, model),
                shareable,
            })
        })
        .collect();
    contracts.sort_by(|a, b| {
        (a.end.is_none(), a.end, &a.system, &a.department).cmp(&(b.end.is_none(), b.end, &b.system, &b.department))
    });
    let horizon = options.today.add_months(i32::try_from(options.horizon_months).unwrap_or(i32::MAX));
    let ahead = |c: &&Contract| c.end.is_some_and(|e| e >= options.today && e <= horizon);

    let expiries = expiries(model, contracts.iter().filter(ahead));
    let windows = windows(model, contracts.iter().filter(ahead), options.window_months);

    let valued = || contracts.iter().filter_map(|c| Some((c, c.annual_value_gbp?)));
    let annual_value_gbp: u64 = valued().map(|(_, v)| v).fold(0, u64::saturating_add);
    let sme_annual_value_gbp: u64 = valued().filter(|(c, _)| c.sme).map(|(_, v)| v).fold(0, u64::saturating_add);
    let recompetable_annual_value_gbp =
        valued().filter(|(c, _)| c.recompetable).map(|(_, v)| v).fold(0, u64::saturating_add);
    let recompetable_contracts = contracts.iter().filter(|c| c.recompetable).count();

    // Supplier → (value, contracts, departments).
    let mut by_supplier: BTreeMap<&str, (u64, usize, BTreeSet<&str>, &Contract)> = BTreeMap::new();
    for (c, v) in valued() {
        let entry = by_supplier.entry(c.supplier.as_str()).or_insert((0, 0, BTreeSet::new(), c));
        entry.0 = entry.0.saturating_add(v);
        entry.1 += 1;
        entry.2.insert(c.department.as_str());
    }
    let mut shares: Vec<SupplierShare> = by_supplier
        .into_iter()
        .map(|(id, (value, count, departments, c))| SupplierShare {
            supplier: id.to_string(),
            name: c.supplier_name.clone(),
            sme: c.sme,
            contracts: count,
            departments: departments.len(),
            annual_value_gbp: value,
            share: ratio(value, annual_value_gbp),
        })
        .collect();
    shares.sort_by(|a, b| b.annual_value_gbp.cmp(&a.annual_value_gbp).then_with(|| a.supplier.cmp(&b.supplier)));

    // Family → supplier → value.
    let mut by_family: BTreeMap<&str, BTreeMap<&str, u64>> = BTreeMap::new();
    for (c, v) in valued() {
        let family = c.family.as_deref().unwrap_or("(none)");
        let held = by_family.entry(family).or_default().entry(c.supplier.as_str()).or_default();
        *held = held.saturating_add(v);
    }
    let families = by_family
        .into_iter()
        .filter_map(|(family, held)| {
            let total: u64 = held.values().copied().fold(0, u64::saturating_add);
            if total == 0 {
                return None;
            }
            let hhi: f64 = held.values().map(|&v| (100.0 * ratio(v, total)).powi(2)).sum();
            let (largest, value) = held.iter().rev().max_by_key(|&(_, v)| *v)?;
            Some(FamilyConcentration {
                family: family.to_string(),
                suppliers: held.len(),
                annual_value_gbp: total,
                hhi: hhi.round() as u32,
                largest_supplier: largest.to_string(),
                largest_share: ratio(*value, total),
            })
        })
        .collect();

    ForwardLook {
        today: options.today,
        horizon_months: options.horizon_months,
        window_months: options.window_months,
        contracts,
        expiries,
        windows,
        suppliers: shares,
        sme_annual_value_gbp,
        annual_value_gbp,
        families,
        recompetable_contracts,
        recompetable_annual_value_gbp,
    }
}

fn capability_name(model: &Model, id: &str) -> String {
    model.capability(id).map_or_else(String::new, |c| c.name.clone())
}

fn expiries<'a>(model: &Model, ahead: impl Iterator<Item = &'a Contract>) -> Vec<Expiry> {
    type Row<'a> = (BTreeSet<&'a str>, BTreeSet<&'a str>, u64);
    let mut rows: BTreeMap<(&str, &str), Row<'a>> = BTreeMap::new();
    for c in ahead {
        let (Some(quarter), Some(capability)) = (c.quarter.as_deref(), c.capability.as_deref()) else { continue };
        let row = rows.entry((quarter, capability)).or_default();
        row.0.insert(c.department.as_str());
        row.1.insert(c.system.as_str());
        row.2 = row.2.saturating_add(c.annual_value_gbp.unwrap_or(0));
    }
    rows.into_iter()
        .map(|((quarter, capability), (departments, systems, value))| Expiry {
            quarter: quarter.to_string(),
            capability: capability.to_string(),
            capability_name: capability_name(model, capability),
            departments: departments.into_iter().map(str::to_string).collect(),
            systems: systems.into_iter().map(str::to_string).collect(),
            annual_value_gbp: value,
        })
        .collect()
}

/// Per shareable capability, its contracts by end date, grouped greedily: from the earliest contract not yet
/// in a window, every contract ending within `window_months` of it; a group with two or more departments is
/// a window and its contracts are taken, otherwise the look moves on one contract. Two pointers over a
/// sorted list: linear after the sort.
fn windows<'a>(model: &Model, ahead: impl Iterator<Item = &'a Contract>, window_months: u32) -> Vec<Window> {
    let mut by_capability: BTreeMap<&str, Vec<&Contract>> = BTreeMap::new();
    for c in ahead {
        for capability in &c.shareable {
            by_capability.entry(capability.as_str()).or_default().push(c);
        }
    }
    let months = i32::try_from(window_months).unwrap_or(i32::MAX);
    let mut out = Vec::new();
    for (capability, mut list) in by_capability {
        list.sort_by(|a, b| (a.end, &a.system).cmp(&(b.end, &b.system)));
        let ends: Vec<Date> = list.iter().filter_map(|c| c.end).collect();
        let mut i = 0;
        let mut j = 0;
        while i < list.len() {
            let limit = ends[i].add_months(months);
            j = j.max(i);
            while j + 1 < list.len() && ends[j + 1] <= limit {
                j += 1;
            }
            let group = &list[i..=j];
            let departments: BTreeSet<&str> = group.iter().map(|c| c.department.as_str()).collect();
            if departments.len() < 2 {
                i += 1;
                continue;
            }
            let common = model
                .components
                .iter()
                .filter(|c| c.status.is_live() && c.capabilities.iter().any(|x| x == capability))
                .min_by_key(|c| (c.status.preference(), c.id.as_str()))
                .map(|c| c.id.clone());
            out.push(Window {
                capability: capability.to_string(),
                capability_name: capability_name(model, capability),
                from: ends[i],
                to: ends[j],
                departments: departments.into_iter().map(str::to_string).collect(),
                contracts: group
                    .iter()
                    .map(|c| WindowContract {
                        system: c.system.clone(),
                        department: c.department.clone(),
                        supplier: c.supplier.clone(),
                        end: c.end.unwrap_or(ends[i]),
                        annual_value_gbp: c.annual_value_gbp,
                    })
                    .collect(),
                annual_value_gbp: group.iter().filter_map(|c| c.annual_value_gbp).fold(0, u64::saturating_add),
                total_value_gbp: group.iter().filter_map(|c| c.total_value_gbp).fold(0, u64::saturating_add),
                common_component: common,
            });
            i = j + 1;
        }
    }
    out.sort_by(|a, b| (a.from, &a.capability).cmp(&(b.from, &b.capability)));
    out
}
