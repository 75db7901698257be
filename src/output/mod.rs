//! Everything users read: one module per output format, all fed the same sorted findings.

pub mod human;

use crate::estate::Estate;
use crate::finding::{Finding, Severity};

/// The numbers of a run, for the footer line of human formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub systems: usize,
    pub departments: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub model_version: String,
}

impl Summary {
    pub fn new(estate: &Estate, findings: &[Finding], model_version: &str) -> Summary {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let mut departments: Vec<&str> = estate
            .departments
            .iter()
            .map(|d| d.id.value.as_str())
            .chain(estate.systems.iter().map(|s| s.department.value.as_str()))
            .collect();
        departments.sort_unstable();
        departments.dedup();
        Summary {
            files: estate.files,
            systems: estate.systems.len(),
            departments: departments.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            model_version: model_version.to_string(),
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "checked {} ({} in {}) against model {}: {}, {}, {}",
            plural(self.files, "file", "files"),
            plural(self.systems, "system", "systems"),
            plural(self.departments, "department", "departments"),
            self.model_version,
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
        )
    }
}
