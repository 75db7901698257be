//! The rules: metadata and documentation beside each check, one file per rule, one registry.
//!
//! A rule lives in `src/rules/<family>/xgNNN_<name>.rs`. It declares its metadata with [`declare_rule!`]
//! (the doc comment is what `xgea explain` prints) and, unless the loader emits it, a `check` over the
//! [`RuleContext`]. `registry.rs` is the only list of rules. To add one, copy a sibling, add one line to the
//! registry and a `tests/fixtures/rules/<CODE>/{fail,pass}` pair.

pub mod assurance;
pub mod duplication;
pub mod governance;
pub mod infrastructure;
pub mod input;
pub mod interfaces;
pub mod model;
pub mod options;
pub mod references;
mod registry;

use std::fmt;

pub use options::RuleOptions;
pub use registry::{ALL, by_code, lookup};

use crate::estate::Estate;
use crate::finding::{Finding, Severity};
use crate::graph::EstateGraph;
use crate::model::Model;
use crate::source::SourceDb;

/// A family of rules: the hundreds digit of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// XG0xx: the files themselves (YAML, schema).
    Input,
    /// XG1xx: ids that must resolve against the model or the estate.
    References,
    /// XG2xx: interface standards.
    Interfaces,
    /// XG3xx: duplication across the estate.
    Duplication,
    /// XG4xx: common infrastructure.
    Infrastructure,
    /// XG5xx: information assurance.
    Assurance,
    /// XG6xx: governance (waivers, pinned model versions).
    Governance,
    /// XG7xx: the reference model's own integrity (`xgea model check`).
    Model,
}

impl Family {
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Input => "XG0",
            Family::References => "XG1",
            Family::Interfaces => "XG2",
            Family::Duplication => "XG3",
            Family::Infrastructure => "XG4",
            Family::Assurance => "XG5",
            Family::Governance => "XG6",
            Family::Model => "XG7",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Family::Input => "input",
            Family::References => "references",
            Family::Interfaces => "interface standards",
            Family::Duplication => "duplication",
            Family::Infrastructure => "common infrastructure",
            Family::Assurance => "information assurance",
            Family::Governance => "governance",
            Family::Model => "model integrity",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a rule reads: the model, the estate and its sources. Rules never touch the file system.
pub struct RuleContext<'a> {
    pub model: &'a Model,
    pub estate: &'a Estate,
    pub sources: &'a SourceDb,
    /// The date sunset dates are compared with, `YYYY-MM-DD`.
    pub today: &'a str,
    /// The estate graph, built once per run; cross-estate rules query it.
    pub graph: &'a EstateGraph,
    /// Thresholds of the cross-estate rules (from `xgea.toml`, or the defaults).
    pub options: &'a RuleOptions,
}

pub type CheckFn = fn(&RuleContext<'_>, &mut Vec<Finding>);

/// A rule's identity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `XG101`.
    pub code: &'static str,
    /// Kebab-case name of what is flagged, e.g. `unknown-capability`.
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// One line for `xgea rules`.
    pub summary: &'static str,
    /// The full explanation, from the rule's doc comment.
    pub docs: &'static str,
    /// `None` for rules the loader emits while reading files.
    pub check: Option<CheckFn>,
    /// Where the rule is defined, for contributors.
    pub location: &'static str,
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl fmt::Debug for RuleContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleContext").finish_non_exhaustive()
    }
}

/// Runs every rule that has a check, in registry order.
pub fn run_checks(cx: &RuleContext<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in ALL {
        if let Some(check) = rule.check {
            check(cx, &mut out);
        }
    }
    out
}
