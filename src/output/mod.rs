//! Everything users read: one module per output format, all fed the same sorted findings.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
mod report;
pub mod sanitize;
pub mod sarif;

pub use report::{Format, Location, Report, emit, fingerprint, location, statistics, write_statistics};

use crate::diagnostic::{Finding, Severity};
use crate::estate::Estate;

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
    /// Findings hidden by a waiver in `xgea.toml` or an inline `# xgea: allow` comment.
    pub waived: usize,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
    /// Baseline entries that no finding matched any more (fixed since the baseline was written).
    pub baseline_gone: usize,
}

impl Summary {
    pub fn new(estate: &Estate, findings: &[Finding], model_version: &str) -> Summary {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        // Records from an estate snapshot are context, not what was checked.
        let mut departments: Vec<&str> = estate
            .local_departments()
            .map(|d| d.id.value.as_str())
            .chain(estate.local_systems().map(|s| s.department.value.as_str()))
            .collect();
        departments.sort_unstable();
        departments.dedup();
        Summary {
            files: estate.files,
            systems: estate.local_systems().count(),
            departments: departments.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            model_version: model_version.to_string(),
            waived: 0,
            baselined: 0,
            baseline_gone: 0,
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
        )?;
        if self.waived > 0 {
            write!(f, " ({} waived)", self.waived)?;
        }
        if self.baselined > 0 || self.baseline_gone > 0 {
            write!(f, "; baseline: {} still present, {} gone", self.baselined, self.baseline_gone)?;
        }
        Ok(())
    }
}
