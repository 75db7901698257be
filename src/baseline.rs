//! Baselines: adopt xgea on an existing estate without fixing everything first.
//!
//! `xgea lint --write-baseline FILE` records today's findings; `xgea lint --baseline FILE` then reports only
//! findings that are not in it, and counts the recorded ones that are gone. A finding is keyed on its rule,
//! its subject (the system id, or the file when there is none) and the JSON pointer of the node — never on a
//! line number, so edits elsewhere in a file leave the baseline valid.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Finding;
use crate::source::SourceDb;

/// The version of the baseline file's shape.
pub const BASELINE_VERSION: u32 = 1;

/// One recorded finding. `count` is how many findings shared the key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    /// The system or department id; the file's path when the finding has no subject.
    pub subject: String,
    /// The JSON pointer of the node; the message when the finding has none.
    pub pointer: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
    /// The message when the baseline was written, for people reading the file; not part of the key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

fn one() -> usize {
    1
}
fn is_one(n: &usize) -> bool {
    *n == 1
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<Entry>,
}

type Key = (String, String, String);

/// A baseline entry's key: the finding's identity (rule, subject or file, pointer or message).
fn key(db: &SourceDb, f: &Finding) -> Key {
    let id = f.identity(&db.get(f.primary.span.file).path);
    (id.code.to_string(), id.subject.to_string(), id.place.to_string())
}

impl Baseline {
    /// The baseline of a run's findings, sorted by key.
    pub fn from_findings(db: &SourceDb, findings: &[Finding]) -> Baseline {
        let mut by_key: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        for f in findings {
            by_key.entry(key(db, f)).or_insert((0, f.message.clone())).0 += 1;
        }
        let findings = by_key
            .into_iter()
            .map(|((code, subject, pointer), (count, message))| Entry { code, subject, pointer, count, message })
            .collect();
        Baseline { version: BASELINE_VERSION, tool: format!("xgea {}", env!("CARGO_PKG_VERSION")), findings }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
        let baseline: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("`{}` is not an xgea baseline: {e}", path.display()))?;
        if baseline.version != BASELINE_VERSION {
            return Err(format!(
                "baseline `{}` has version {}, this xgea reads version {BASELINE_VERSION}",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Drops the findings the baseline records; returns (how many were dropped, how many recorded ones are gone).
    pub fn filter(&self, db: &SourceDb, findings: &mut Vec<Finding>) -> (usize, usize) {
        let mut left: BTreeMap<Key, usize> = BTreeMap::new();
        for e in &self.findings {
            *left.entry((e.code.clone(), e.subject.clone(), e.pointer.clone())).or_default() += e.count;
        }
        let mut dropped = 0;
        findings.retain(|f| match left.get_mut(&key(db, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                dropped += 1;
                false
            }
            _ => true,
        });
        (dropped, left.values().sum())
    }
}
