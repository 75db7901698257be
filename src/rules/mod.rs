//! The rules: one file per rule, its metadata, documentation, messages and check side by side; one registry.
//!
//! A rule lives in `src/rules/<family>/xgNNN_<name>.rs`. It declares its metadata with `declare_rule!` (the
//! doc comment is what `xgea explain` prints, `stage` says which step reports it) and either a `check` (over
//! the [`RuleContext`] for estate rules, over [`model::ModelCheckContext`] for XG7xx) or the constructors the
//! reporting step calls (XG0xx from the loader, XG60x from config, XG610 from the lint run). `registry.rs`
//! is the one list of rules. To add one, copy a sibling, add one line to the registry and a
//! `tests/fixtures/rules/<CODE>/{fail,pass}` pair.
//!
//! Each family sits at the layer of what it reads (see the module map in `lib.rs`): `input` beside the
//! loader (it needs only spans), `model` just above the model, the rest above the estate graph.

pub mod assurance;
pub mod duplication;
pub mod governance;
pub mod infrastructure;
pub mod input;
pub mod interfaces;
pub mod model;
pub mod options;
pub mod references;
pub mod registry;
mod runner;
pub mod sourcing;

use std::fmt;

pub use options::RuleOptions;
pub use registry::{ALL, CATALOGUE};
pub use runner::{ModelCheck, check_documents, check_model, run_checks, run_checks_into};

use crate::date::Date;
use crate::diagnostic::Finding;
use crate::estate::{Department, Estate, Lifecycle, System, is_snapshot_file};
use crate::graph::{Edge, EstateGraph, Node};
use crate::model::Model;
use crate::source::{SourceDb, Span};

/// What a rule reads: the model, the estate and its sources. Rules never touch the file system.
pub struct RuleContext<'a> {
    pub model: &'a Model,
    pub estate: &'a Estate,
    pub sources: &'a SourceDb,
    /// The day sunset dates are compared with.
    pub today: Date,
    /// The estate graph, built once per run; cross-estate rules query it.
    pub graph: &'a EstateGraph,
    /// Thresholds of the cross-estate rules (from `xgea.toml`, or the defaults).
    pub options: &'a RuleOptions,
}

impl fmt::Debug for RuleContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleContext").finish_non_exhaustive()
    }
}

impl<'a> RuleContext<'a> {
    /// Whether a finding with a label at `span` is reported. In a run against an estate snapshot only
    /// findings touching the linted files are (see `lint::localise`): a span in a snapshot record is not.
    /// Rules consult this (through the methods below) to skip work whose findings would all be dropped,
    /// while still computing every group, count and cluster over the whole union, so the findings that are
    /// reported are exactly those of a run over the whole estate.
    pub fn reports(&self, span: Span) -> bool {
        !is_snapshot_file(span.file)
    }
    /// Whether findings labelled in system `s`'s own record are reported.
    pub fn reports_system(&self, s: u32) -> bool {
        !self.estate.systems[s as usize].from_snapshot()
    }
    /// In a run against a snapshot, the capabilities (by model index) that a linted, unretired system
    /// implements; `None` in a run over a whole estate, where every system is linted. A rule whose findings
    /// on a capability need one of its implementers linted skips the others without walking their
    /// implementers.
    pub fn capabilities_of_reported_systems(&self) -> Option<Vec<bool>> {
        if self.estate.systems.iter().all(|s| !s.from_snapshot()) {
            return None;
        }
        let g = self.graph;
        let mut implemented = vec![false; self.model.capabilities.len()];
        for (s, system) in self.reported_systems() {
            if system.lifecycle.value == Lifecycle::Retired {
                continue;
            }
            for (node, edge) in g.outgoing(g.system_node(s)) {
                if let (Node::Capability(c), Edge::Implements { .. }) = (g.node(node), edge) {
                    implemented[c as usize] = true;
                }
            }
        }
        Some(implemented)
    }
    /// The systems whose own findings are reported, with their estate index: every system, except in a run
    /// against a snapshot, where the linted ones. For rules whose every label lies in one system's record.
    pub fn reported_systems(&self) -> impl Iterator<Item = (u32, &'a System)> + 'a {
        self.estate.systems.iter().enumerate().filter(|(_, s)| !s.from_snapshot()).map(|(i, s)| (i as u32, s))
    }
    /// The departments whose own findings are reported (as [`RuleContext::reported_systems`]).
    pub fn reported_departments(&self) -> impl Iterator<Item = &'a Department> + 'a {
        self.estate.departments.iter().filter(|d| !d.from_snapshot())
    }
}

/// An estate rule's check.
pub type CheckFn = fn(&RuleContext<'_>, &mut Vec<Finding>);
